"""Diagrams that explain a layer rather than plot a measurement.

`plot_normalization_axes` draws which values a normalization layer pools
into one mean and variance. A feature map of a batch has four axes, `(N, H,
W, C)`; the diagram lays the batch `N` down the rows and the channels `C`
across the columns, and lets each cell stand for the `H x W` positions of
one sample's channel (every layer here pools the positions of a cell
together). Cells of one colour share their statistics, so the picture shows
at a glance that batch norm pools down a column, layer norm along a row,
group norm along part of a row, instance norm within a cell, and ghost batch
norm down part of a column.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle
import numpy as np

from course_lib._validation import check_positive_int

NORMALIZATIONS = ("batch", "ghost", "layer", "group", "instance")

_TITLES = {
    "batch": "Batch norm\nper channel, over the batch",
    "ghost": "Ghost batch norm\nper channel, per virtual batch",
    "layer": "Layer norm\nper sample, over all channels",
    "group": "Group norm\nper sample, per group of channels",
    "instance": "Instance norm\nper sample and channel",
}


def normalization_sets(norm, batch_size=4, channels=6, groups=2, virtual_batch_size=2):
    """Labels each (sample, channel) cell with the set it is normalized with.

    Every normalization layer here pools the spatial positions `H x W` of a
    sample's channel; what differs is which (sample, channel) cells are
    pooled together. Cells with the same label share one mean and variance.

    Args:
        norm: One of `"batch"`, `"ghost"`, `"layer"`, `"group"` and
            `"instance"`.
        batch_size: Positive int, the number of samples `N`.
        channels: Positive int, the number of channels `C`.
        groups: Positive int dividing `channels`, used by `"group"`: the
            channels are split into `groups` groups of consecutive channels.
        virtual_batch_size: Positive int dividing `batch_size`, used by
            `"ghost"`: the batch is split into consecutive virtual batches of
            this many samples.

    Returns:
        An int array of shape `(batch_size, channels)`; the labels are
        `0, 1, ...` in the order the sets are first met, row by row.

    Raises:
        ValueError: for an unknown `norm`, a non-positive size, or a
            `groups` (`virtual_batch_size`) that does not divide `channels`
            (`batch_size`) when that normalization is asked for.

    Example:

    >>> normalization_sets("group", batch_size=2, channels=4, groups=2).tolist()
    [[0, 0, 1, 1], [2, 2, 3, 3]]
    >>> normalization_sets("batch", batch_size=2, channels=3).tolist()
    [[0, 1, 2], [0, 1, 2]]
    """
    if norm not in NORMALIZATIONS:
        raise ValueError(f"norm must be one of {NORMALIZATIONS}, got {norm!r}.")
    batch_size = check_positive_int(batch_size, "batch_size")
    channels = check_positive_int(channels, "channels")
    groups = check_positive_int(groups, "groups")
    virtual_batch_size = check_positive_int(virtual_batch_size, "virtual_batch_size")
    samples = np.arange(batch_size)[:, None]
    channel = np.arange(channels)[None, :]
    if norm == "batch":
        keys = np.broadcast_to(channel, (batch_size, channels))
    elif norm == "ghost":
        if batch_size % virtual_batch_size:
            raise ValueError(
                f"virtual_batch_size={virtual_batch_size} must divide batch_size={batch_size}."
            )
        keys = (samples // virtual_batch_size) * channels + channel
    elif norm == "layer":
        keys = np.broadcast_to(samples, (batch_size, channels))
    elif norm == "group":
        if channels % groups:
            raise ValueError(f"groups={groups} must divide channels={channels}.")
        keys = samples * groups + channel // (channels // groups)
    else:
        keys = samples * channels + channel
    _, first_seen = np.unique(keys.ravel(), return_index=True)
    order = np.argsort(np.argsort(first_seen))
    _, inverse = np.unique(keys.ravel(), return_inverse=True)
    return order[inverse].reshape(batch_size, channels)


def plot_normalization_axes(
    norm, batch_size=4, channels=6, groups=2, virtual_batch_size=2, ax=None
):
    """Draws which values a normalization layer pools into one set of statistics.

    Rows are the samples of the batch, columns the channels, and each cell
    stands for the `H x W` positions of one sample's channel. Cells of one
    colour share a mean and a variance (see `normalization_sets`). One set
    is outlined in black, to read the picture as "this is one
    normalization".

    Args:
        norm: One of `"batch"`, `"ghost"`, `"layer"`, `"group"` and
            `"instance"`.
        batch_size: Positive int, the number of samples drawn.
        channels: Positive int, the number of channels drawn.
        groups: Groups of channels for `"group"` (must divide `channels`).
        virtual_batch_size: Samples per virtual batch for `"ghost"` (must
            divide `batch_size`).
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Example:

    >>> fig, axes = plt.subplots(1, 4, figsize=(12, 3))
    >>> for norm, ax in zip(["batch", "layer", "group", "instance"], axes):
    ...     _ = plot_normalization_axes(norm, groups=3, ax=ax)
    >>> axes[2].get_title().splitlines()[0]
    'Group norm'
    """
    sets = normalization_sets(norm, batch_size, channels, groups, virtual_batch_size)
    ax = ax if ax is not None else plt.figure().add_subplot()
    n_sets = int(sets.max()) + 1
    if n_sets <= 10:
        colours = plt.get_cmap("tab10").colors
    elif n_sets <= 20:
        colours = plt.get_cmap("tab20").colors
    else:  # more sets than a qualitative palette holds: spread them over a continuous one
        colours = plt.get_cmap("turbo")(np.linspace(0.05, 0.95, n_sets))
    for row in range(batch_size):
        for column in range(channels):
            ax.add_patch(
                Rectangle(
                    (column, row), 1, 1,
                    facecolor=colours[sets[row, column]],
                    edgecolor="white", linewidth=1.5, alpha=0.85,
                )
            )
    rows, columns = np.nonzero(sets == 0)
    ax.add_patch(
        Rectangle(
            (columns.min(), rows.min()),
            columns.max() - columns.min() + 1,
            rows.max() - rows.min() + 1,
            fill=False, edgecolor="black", linewidth=2.5,
        )
    )
    ax.set_xlim(0, channels)
    ax.set_ylim(batch_size, 0)
    ax.set_aspect("equal")
    ax.set_xticks(np.arange(channels) + 0.5, [str(c) for c in range(channels)])
    ax.set_yticks(np.arange(batch_size) + 0.5, [str(n) for n in range(batch_size)])
    ax.tick_params(length=0)
    ax.grid(False)
    ax.set_xlabel("channel C\n(each cell: all H x W positions)")
    ax.set_ylabel("sample N")
    ax.set_title(_TITLES[norm], fontsize="medium")
    return ax
