"""The normalization-axes diagram: which cells share statistics, and what is drawn."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from course_lib import diagrams


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _pooled_axes(norm, x, groups=1, virtual_batch_size=1):
    """Reference: per-cell means of the statistics each layer computes on (N, H, W, C)."""
    n, _, _, c = x.shape
    if norm == "batch":
        return np.broadcast_to(x.mean(axis=(0, 1, 2)), (n, c))
    if norm == "ghost":
        blocks = x.reshape(n // virtual_batch_size, virtual_batch_size, -1, c).mean(axis=(1, 2))
        return np.repeat(blocks, virtual_batch_size, axis=0)
    if norm == "layer":
        return np.broadcast_to(x.mean(axis=(1, 2, 3))[:, None], (n, c))
    if norm == "group":
        means = x.reshape(n, -1, groups, c // groups).mean(axis=(1, 3))
        return np.repeat(means, c // groups, axis=1)
    return x.mean(axis=(1, 2))


@pytest.mark.parametrize("norm, kwargs", [
    ("batch", {}), ("ghost", {"virtual_batch_size": 2}), ("layer", {}),
    ("group", {"groups": 3}), ("group", {"groups": 1}), ("group", {"groups": 6}), ("instance", {}),
])
def test_sets_are_the_cells_that_share_a_mean(norm, kwargs):
    x = np.random.default_rng(0).normal(size=(4, 3, 3, 6))
    sets = diagrams.normalization_sets(norm, batch_size=4, channels=6, **kwargs)
    means = _pooled_axes(norm, x, **kwargs)
    assert sets.shape == (4, 6) and sets.dtype.kind == "i"
    # Two cells share a label exactly when the layer gives them the same mean.
    same_label = sets.ravel()[:, None] == sets.ravel()[None, :]
    same_mean = np.isclose(means.ravel()[:, None], means.ravel()[None, :])
    np.testing.assert_array_equal(same_label, same_mean)
    # Labels count up in the order the sets are first met.
    _, first = np.unique(sets.ravel(), return_index=True)
    assert list(sets.ravel()[np.sort(first)]) == list(range(sets.max() + 1))


def test_group_norm_extremes_are_layer_and_instance_norm():
    layer = diagrams.normalization_sets("layer", 3, 8)
    instance = diagrams.normalization_sets("instance", 3, 8)
    np.testing.assert_array_equal(diagrams.normalization_sets("group", 3, 8, groups=1), layer)
    np.testing.assert_array_equal(diagrams.normalization_sets("group", 3, 8, groups=8), instance)
    np.testing.assert_array_equal(
        diagrams.normalization_sets("ghost", 4, 5, virtual_batch_size=4),
        diagrams.normalization_sets("batch", 4, 5))


@pytest.mark.parametrize("args, kwargs, match", [
    (("renorm",), {}, "norm must be one of"),
    (("group",), {"channels": 6, "groups": 4}, "groups=4 must divide channels=6"),
    (("ghost",), {"batch_size": 6, "virtual_batch_size": 4}, "must divide batch_size=6"),
    (("batch",), {"batch_size": 0}, "batch_size"),
    (("layer",), {"channels": 2.5}, "channels"),
    (("group",), {"groups": True}, "groups"),
])
def test_bad_arguments_raise_value_errors(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        diagrams.normalization_sets(*args, **kwargs)
    with pytest.raises(ValueError, match=match):
        diagrams.plot_normalization_axes(*args, **kwargs)


def test_plot_colours_cells_by_set_and_outlines_one():
    fig, ax = plt.subplots()
    returned = diagrams.plot_normalization_axes("group", batch_size=2, channels=4, groups=2, ax=ax)
    assert returned is ax
    cells = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_fill()]
    assert len(cells) == 8
    colour = {(int(p.get_x()), int(p.get_y())): to_rgba(p.get_facecolor()) for p in cells}
    sets = diagrams.normalization_sets("group", 2, 4, groups=2)
    for (c, n), rgba in colour.items():
        for (c2, n2), rgba2 in colour.items():
            assert (rgba == rgba2) == (sets[n, c] == sets[n2, c2])
    [outline] = [p for p in ax.patches if not p.get_fill()]
    assert (outline.get_x(), outline.get_y(), outline.get_width(), outline.get_height()) == (0, 0, 2, 1)
    assert ax.get_title() == "Group norm\nper sample, per group of channels"
    assert ax.get_ylim() == (2.0, 0.0), "sample 0 is drawn at the top"


def test_plot_makes_its_own_axes():
    ax = diagrams.plot_normalization_axes("batch")
    assert ax.figure is not None and "Batch norm" in ax.get_title()
    outline = [p for p in ax.patches if not p.get_fill()][0]
    assert (outline.get_width(), outline.get_height()) == (1, 4), "batch norm pools a whole column"


def test_every_set_gets_its_own_colour_even_when_there_are_many():
    ax = diagrams.plot_normalization_axes("instance", batch_size=5, channels=6)
    colours = {to_rgba(p.get_facecolor()) for p in ax.patches if p.get_fill()}
    assert len(colours) == 30
