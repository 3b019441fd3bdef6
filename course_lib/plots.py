"""Matplotlib plots for evaluating classifiers and inspecting training.

Every function draws into the Axes (or Figure) it is given, or into a new
figure, and returns what it drew on, so plots compose and can be styled
further. Nothing here selects a backend or calls `plt.show()`: figures
appear inline in Jupyter and save headless with the Agg backend.
"""

from collections.abc import Mapping

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
import numpy as np

from course_lib.metrics import classification

WRONG_PREDICTION_COLOR = "tab:red"


def plot_roc_curve(y_true, y_score, name="Model", show_chance=True, ax=None):
    """Plots the ROC curve, with its AUC in the legend.

    Args:
        y_true: Binary labels (0/1 or bool) with both classes present.
        y_score: Scores or probabilities, same length as `y_true`.
        name: Legend name of the curve; call again on the same `ax` with
            another name to compare models.
        show_chance: Whether to draw the diagonal of a random classifier.
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> ax.get_legend().get_texts()[0].get_text()
    'Model (AUC = 0.750)'
    """
    fpr, tpr, _ = classification.roc_curve(y_true, y_score)
    auc = classification.roc_auc(y_true, y_score)
    ax = _axes_or_new(ax)
    ax.plot(fpr, tpr, label=f"{name} (AUC = {auc:.3f})")
    if show_chance:
        ax.plot(
            [0, 1], [0, 1], linestyle="--", color="grey", label="Chance (AUC = 0.5)"
        )
    ax.set(
        xlabel="False positive rate",
        ylabel="True positive rate",
        xlim=(0, 1),
        ylim=(0, 1.01),
        title="ROC curve",
    )
    ax.set_aspect("equal")
    ax.legend(loc="lower right")
    return ax


def plot_pr_curve(y_true, y_score, name="Model", show_baseline=True, ax=None):
    """Plots the precision-recall curve, with average precision in the legend.

    The baseline is the precision of a classifier that calls everything
    positive: the fraction of positives. On imbalanced data it is far below
    0.5, which is why PR curves are read against it.

    Args:
        y_true: Binary labels (0/1 or bool) with at least one positive.
        y_score: Scores or probabilities, same length as `y_true`.
        name: Legend name of the curve.
        show_baseline: Whether to draw the positive-class baseline.
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_pr_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['Model (AP = 0.833)', 'Baseline (positive rate = 0.500)']
    """
    precision, recall, _ = classification.precision_recall_curve(y_true, y_score)
    average_precision = classification.average_precision(y_true, y_score)
    ax = _axes_or_new(ax)
    # Average precision is the area under this step function.
    ax.plot(
        recall,
        precision,
        drawstyle="steps-post",
        label=f"{name} (AP = {average_precision:.3f})",
    )
    if show_baseline:
        positive_rate = float(np.mean(np.asarray(y_true, dtype=np.float64)))
        ax.axhline(
            positive_rate,
            linestyle="--",
            color="grey",
            label=f"Baseline (positive rate = {positive_rate:.3f})",
        )
    ax.set(
        xlabel="Recall",
        ylabel="Precision",
        xlim=(0, 1),
        ylim=(0, 1.01),
        title="Precision-recall curve",
    )
    ax.legend(loc="lower left")
    return ax


def plot_confusion_matrix(
    y_true, y_pred, class_names=None, threshold=0.5, colorbar=True, ax=None
):
    """Plots a confusion matrix with counts and row-normalised rates.

    Cell (i, j) shows how many samples of true class i were predicted as
    class j, and that count as a fraction of class i: the diagonal holds
    each class's recall. Colours follow the rates, so rare classes are as
    visible as common ones.

    Args:
        y_true: Integer class labels `(n,)` or one-hot labels `(n, k)`.
        y_pred: Predicted labels `(n,)` (integer or bool); class
            probabilities `(n, k)`, whose argmax is taken; or binary scores
            of float dtype `(n,)` or `(n, 1)`, positive when `> threshold`.
        class_names: Names for the classes, in label order.
        threshold: Decision threshold for binary float scores.
        colorbar: Whether to add a colour bar for the rates.
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_confusion_matrix([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.7])
    >>> [text.get_text() for text in ax.texts]
    ['1\\n50.0%', '1\\n50.0%', '1\\n50.0%', '1\\n50.0%']
    """
    true_labels = _as_class_labels(y_true, "y_true")
    predicted_labels = _as_class_labels(y_pred, "y_pred", threshold=threshold)
    if true_labels.shape != predicted_labels.shape:
        raise ValueError(
            "y_true and y_pred have different lengths: "
            f"{len(true_labels)} and {len(predicted_labels)}."
        )
    n_classes = int(max(true_labels.max(), predicted_labels.max())) + 1
    if class_names is not None:
        if len(class_names) < n_classes:
            raise ValueError(
                f"class_names has {len(class_names)} names but the labels "
                f"go up to {n_classes - 1}."
            )
        n_classes = len(class_names)
    else:
        class_names = [str(label) for label in range(n_classes)]

    counts = np.bincount(
        true_labels * n_classes + predicted_labels, minlength=n_classes**2
    ).reshape(n_classes, n_classes)
    class_sizes = counts.sum(axis=1, keepdims=True)
    rates = np.divide(
        counts, class_sizes, out=np.zeros(counts.shape), where=class_sizes > 0
    )

    ax = _axes_or_new(ax)
    image = ax.imshow(rates, cmap="Blues", vmin=0.0, vmax=1.0)
    for true_class in range(n_classes):
        for predicted_class in range(n_classes):
            rate = rates[true_class, predicted_class]
            ax.text(
                predicted_class,
                true_class,
                f"{counts[true_class, predicted_class]}\n{rate:.1%}",
                ha="center",
                va="center",
                color="white" if rate > 0.5 else "black",
            )
    ticks = np.arange(n_classes)
    ax.set(
        xticks=ticks,
        yticks=ticks,
        xticklabels=class_names,
        yticklabels=class_names,
        xlabel="Predicted label",
        ylabel="True label",
        title="Confusion matrix",
    )
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="Fraction of true class")
    return ax


def plot_threshold_sweep(y_true, y_score, threshold=0.5, thresholds=None, ax=None):
    """Plots precision, recall and F1 against the decision threshold.

    Shows the trade-off behind picking a threshold: raising it usually buys
    precision with recall. The chosen `threshold` is marked with a vertical
    line, and the legend gives each metric's value there.

    Args:
        y_true: Binary labels (0/1 or bool).
        y_score: Scores or probabilities, same length as `y_true`.
        threshold: The threshold to mark.
        thresholds: Thresholds to sweep; by default 201 evenly spaced values
            over [0, 1], widened to the range of the scores if they leave it.
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_threshold_sweep([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.7])
    >>> ax.get_legend().get_texts()[-1].get_text()
    'Threshold = 0.50'
    """
    if thresholds is None:
        scores = np.asarray(y_score, dtype=np.float64)
        low, high = min(0.0, np.min(scores)), max(1.0, np.max(scores))
        thresholds = np.linspace(low, high, 201)
    thresholds = np.asarray(thresholds, dtype=np.float64)
    curves = {
        "Precision": classification.precision,
        "Recall": classification.recall,
        "F1": classification.f1,
    }
    ax = _axes_or_new(ax)
    for label, metric in curves.items():
        at_chosen = metric(y_true, y_score, threshold)
        ax.plot(
            thresholds,
            metric(y_true, y_score, thresholds),
            label=f"{label} ({at_chosen:.2f} at threshold)",
        )
    ax.axvline(
        threshold, linestyle="--", color="grey", label=f"Threshold = {threshold:.2f}"
    )
    ax.set(
        xlabel="Threshold (positive when score > threshold)",
        ylabel="Metric value",
        ylim=(0, 1.01),
        title="Threshold sweep",
    )
    ax.legend(loc="best")
    return ax


def plot_calibration_curve(
    y_true,
    y_prob,
    n_bins=10,
    strategy="uniform",
    name="Model",
    show_diagonal=True,
    show_histogram=True,
    ax=None,
):
    """Plots a reliability diagram: observed frequency against mean prediction.

    The predicted probabilities are cut into bins; each non-empty bin gives
    one point, its mean predicted probability (x) against the fraction of
    its samples that are positive (y). A calibrated model lies on the
    diagonal; an over-confident one falls below it at high probabilities
    and above it at low ones. The points are those of
    `sklearn.calibration.calibration_curve(y_true, y_prob, n_bins=n_bins,
    strategy=strategy)`. A histogram of the predictions is drawn along the
    bottom, because a bin with few samples is a noisy point.

    Args:
        y_true: Binary labels (0/1 or bool).
        y_prob: Predicted probabilities of the positive class, in `[0, 1]`,
            same length as `y_true`.
        n_bins: Number of bins, at least 1.
        strategy: `"uniform"` for bins of equal width on `[0, 1]`, or
            `"quantile"` for bins holding equal numbers of predictions.
        name: Legend name of the curve; call again on the same `ax` with
            another name (and `show_diagonal=False`) to compare models.
        show_diagonal: Whether to draw the diagonal of a calibrated model.
        show_histogram: Whether to draw the histogram of the predictions.
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Raises:
        ValueError: If the labels are not binary, the probabilities leave
            `[0, 1]`, the lengths differ, `n_bins` is below 1 or `strategy`
            is unknown.

    Example:

    >>> ax = plot_calibration_curve([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], n_bins=2)
    >>> line = ax.get_lines()[0]
    >>> line.get_xdata().tolist(), line.get_ydata().tolist()
    ([0.2, 0.75], [0.0, 1.0])
    """
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be an integer of at least 1; got {n_bins!r}.")
    if strategy not in ("uniform", "quantile"):
        raise ValueError(
            f"strategy must be 'uniform' or 'quantile'; got {strategy!r}."
        )
    y_true, y_prob = classification._check_binary_inputs(y_true, y_prob)
    y_prob = y_prob.astype(np.float64)
    if y_prob.min() < 0.0 or y_prob.max() > 1.0:
        raise ValueError(
            "y_prob must hold probabilities in [0, 1]; got values from "
            f"{y_prob.min()} to {y_prob.max()}."
        )
    if strategy == "quantile":
        edges = np.percentile(y_prob, np.linspace(0.0, 100.0, n_bins + 1))
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    # A prediction on an inner edge belongs to the bin below it, as in scikit-learn.
    bins = np.searchsorted(edges[1:-1], y_prob)
    totals = np.bincount(bins, minlength=n_bins)
    positives = np.bincount(bins, weights=y_true.astype(np.float64), minlength=n_bins)
    sums = np.bincount(bins, weights=y_prob, minlength=n_bins)
    filled = totals > 0
    mean_predicted = sums[filled] / totals[filled]
    fraction_positive = positives[filled] / totals[filled]

    ax = _axes_or_new(ax)
    (line,) = ax.plot(mean_predicted, fraction_positive, marker="o", label=name)
    if show_diagonal:
        ax.plot(
            [0, 1], [0, 1], linestyle="--", color="grey", label="Perfectly calibrated"
        )
    if show_histogram:
        counts, hist_edges = np.histogram(y_prob, bins=np.linspace(0.0, 1.0, 21))
        # Bar heights are a fraction of the largest bin, drawn in the bottom fifth.
        ax.bar(
            hist_edges[:-1],
            0.2 * counts / max(counts.max(), 1),
            width=np.diff(hist_edges),
            align="edge",
            color=line.get_color(),
            alpha=0.25,
            label=f"{name}: predictions (histogram)",
        )
    ax.set(
        xlabel="Mean predicted probability",
        ylabel="Fraction of positives",
        xlim=(0, 1),
        ylim=(0, 1.01),
        title="Calibration (reliability diagram)",
    )
    ax.set_aspect("equal")
    ax.legend(loc="upper left")
    return ax


def plot_learning_curves(history, metrics=None, ax=None):
    """Plots training against validation curves, one panel per metric.

    Args:
        history: The `History` returned by `model.fit`, or its `.history`
            dict mapping names such as `"loss"` and `"val_loss"` to lists of
            per-epoch values.
        metrics: Names of the metrics to plot, e.g. `["loss", "accuracy"]`;
            by default every logged name without the `val_` prefix. Each
            panel shows `name` and, when logged, `val_name`.
        ax: A sequence of Axes, one per metric, to draw on; a new figure
            with one row of panels is created if `None`.

    Returns:
        A NumPy array of the Axes, one per metric.

    Example:

    >>> logs = {"loss": [0.9, 0.5], "val_loss": [1.0, 0.7],
    ...         "accuracy": [0.6, 0.8], "val_accuracy": [0.5, 0.7]}
    >>> [axis.get_title() for axis in plot_learning_curves(logs)]
    ['loss', 'accuracy']
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping) or not logs:
        raise ValueError(
            "history must be a Keras History or a non-empty dict of per-epoch "
            f"values; got {type(history).__name__}."
        )
    if metrics is None:
        metrics = [name for name in logs if not name.startswith("val_")]
    missing = [name for name in metrics if name not in logs]
    if missing:
        raise ValueError(
            f"Metrics {missing} are not in the history; it has {list(logs)}."
        )

    if ax is None:
        _, axes = plt.subplots(
            1,
            len(metrics),
            figsize=(4.5 * len(metrics), 3.5),
            squeeze=False,
            layout="constrained",
        )
        axes = axes[0]
    else:
        axes = np.ravel(np.asarray(ax, dtype=object))
        if len(axes) != len(metrics):
            raise ValueError(
                f"ax has {len(axes)} Axes but there are {len(metrics)} metrics "
                f"to plot: {list(metrics)}."
            )

    for axis, name in zip(axes, metrics):
        epochs = np.arange(1, len(logs[name]) + 1)
        axis.plot(epochs, logs[name], marker=".", label="train")
        if f"val_{name}" in logs:
            axis.plot(epochs, logs[f"val_{name}"], marker=".", label="validation")
        axis.set(title=name, xlabel="Epoch", ylabel=name)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.legend()
    return axes


def plot_gradient_norms(history, label=None, variables="kernel", ax=None):
    """Plots the gradient norm of each layer against its depth, on a log scale.

    Reads the records of a `GradientNormMonitor` and draws, for each selected
    variable from input to output, the mean of its recorded norms. Call it
    again on the same `ax` with another `label` to compare networks: vanishing
    gradients show as a line that falls steeply towards the input (the left).

    Args:
        history: A `GradientNormMonitor`, or its `history` mapping variable
            keys such as `"dense/kernel"` to lists of norms.
        label: Legend entry of the line.
        variables: `"kernel"` to plot the variables whose key ends with
            `"/kernel"` (or is `"kernel"`), `"all"` to plot every variable.
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Example:

    >>> ax = plot_gradient_norms({"dense/kernel": [1e-6, 2e-6], "dense/bias": [1e-7],
    ...                           "dense_1/kernel": [0.1, 0.3]}, label="sigmoid")
    >>> ax.get_lines()[0].get_ydata().tolist()
    [1.5e-06, 0.2]
    """
    records = _monitor_records(history, "GradientNormMonitor")
    if variables not in ("kernel", "all"):
        raise ValueError(f'variables must be "kernel" or "all", got {variables!r}.')
    keys = [
        key
        for key in records
        if variables == "all" or key == "kernel" or key.endswith("/kernel")
    ]
    if not keys:
        raise ValueError(f"No {variables} variables in the history; it has {list(records)}.")
    empty = [key for key in keys if len(records[key]) == 0]
    if empty:
        raise ValueError(f"No records yet for {empty}: train with the monitor first.")
    norms = [float(np.mean(np.asarray(records[key], dtype=np.float64))) for key in keys]
    ax = _axes_or_new(ax)
    ax.plot(np.arange(1, len(keys) + 1), norms, marker="o", label=label)
    ax.set_yscale("log")
    ax.set(
        xlabel="Layer (1 = closest to the input)",
        ylabel="Gradient norm (mean over records)",
        title="Gradient norm per layer",
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if label is not None:
        ax.legend()
    return ax


def plot_activation_statistics(history, statistic="std", record=-1, label=None, ax=None):
    """Plots one activation statistic of each layer against its depth.

    Reads the records of an `ActivationMonitor` (a mapping from layer name to
    `{"mean": [...], "std": [...], "dead_fraction": [...],
    "saturated_fraction": [...]}`) and draws the chosen statistic of every
    layer at one record. Layers where the statistic does not apply (`None`,
    such as the dead fraction of a softmax layer) are left out. Call it again
    on the same `ax` with another `label` to compare networks.

    Args:
        history: An `ActivationMonitor`, or its `history` mapping.
        statistic: `"mean"`, `"std"`, `"dead_fraction"` or
            `"saturated_fraction"`.
        record: Index of the record to plot (`-1`, the default, is the last).
        label: Legend entry of the line.
        ax: Axes to draw on; a new figure is created if `None`.

    Returns:
        The Axes.

    Example:

    >>> stats = {"dense": {"mean": [0.5], "std": [0.2], "dead_fraction": [0.25],
    ...                    "saturated_fraction": [None]},
    ...          "output": {"mean": [0.1], "std": [0.1], "dead_fraction": [None],
    ...                     "saturated_fraction": [None]}}
    >>> ax = plot_activation_statistics(stats, "dead_fraction")
    >>> ax.get_lines()[0].get_ydata().tolist()
    [0.25]
    """
    records = _monitor_records(history, "ActivationMonitor")
    statistics = ("mean", "std", "dead_fraction", "saturated_fraction")
    if statistic not in statistics:
        raise ValueError(f"statistic must be one of {statistics}, got {statistic!r}.")
    depths, values = [], []
    for depth, (name, table) in enumerate(records.items(), start=1):
        series = table[statistic]
        if not series:
            raise ValueError(f"No records yet for layer {name!r}: train with the monitor first.")
        value = series[record]
        if value is not None:
            depths.append(depth)
            values.append(float(value))
    if not values:
        raise ValueError(f"No layer in the history has a {statistic!r} value.")
    ax = _axes_or_new(ax)
    ax.plot(depths, values, marker="o", label=label)
    ax.set(
        xlabel="Layer (1 = closest to the input)",
        ylabel=statistic.replace("_", " "),
        title=f"Activation {statistic.replace('_', ' ')} per layer",
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if label is not None:
        ax.legend()
    return ax


def plot_image_grid(
    images, labels=None, class_names=None, predictions=None, n=16, fig=None
):
    """Shows the first `n` images in a grid, titled by label or prediction.

    When both `labels` and `predictions` are given, each title is the
    prediction, and wrong ones are drawn in red with the true label in
    brackets and a red frame.

    Args:
        images: Array of shape `(N, H, W)`, `(N, H, W, 1)` (grayscale, e.g.
            MNIST) or `(N, H, W, 3)` (RGB, e.g. CIFAR-10); `uint8` in
            [0, 255] or floats. Floats in [0, 1] are shown as is, floats in
            [0, 255] are divided by 255, and any other range is min-max
            scaled.
        labels: True labels: integers `(N,)` or one-hot `(N, k)`.
        class_names: Names for the labels, e.g. `["airplane", ...]`.
        predictions: Predicted labels `(N,)` or class probabilities
            `(N, k)`, whose argmax is taken.
        n: How many images to show, at most `N`.
        fig: Figure to draw into; a new one is created if `None`.

    Returns:
        A NumPy array of the `n` Axes, one per image, in order.

    Example:

    >>> images = np.zeros((4, 28, 28), dtype="uint8")
    >>> axes = plot_image_grid(images, labels=[0, 1, 2, 3],
    ...                        predictions=[0, 1, 2, 0])
    >>> [axis.title.get_text() for axis in axes]
    ['0', '1', '2', '0 (true: 3)']
    """
    images = _as_displayable_images(images)
    n = min(int(n), len(images))
    if n < 1:
        raise ValueError(f"n must be at least 1; got {n}.")
    images = images[:n]
    true_labels = _optional_labels(labels, "labels", n)
    predicted_labels = _optional_labels(predictions, "predictions", n)
    if class_names is None:
        class_names = _IdentityNames()
    else:
        _check_names_cover_labels(class_names, true_labels, predicted_labels)

    n_cols = int(np.ceil(np.sqrt(n)))
    n_rows = int(np.ceil(n / n_cols))
    if fig is None:
        fig = plt.figure(figsize=(1.7 * n_cols, 1.9 * n_rows))
    axes = fig.subplots(n_rows, n_cols, squeeze=False).ravel()
    for unused in axes[n:]:
        unused.remove()
    axes = axes[:n]

    grayscale = images.ndim == 3
    for index, axis in enumerate(axes):
        axis.imshow(
            images[index],
            cmap="gray" if grayscale else None,
            vmin=0.0 if grayscale else None,
            vmax=1.0 if grayscale else None,
        )
        axis.set_xticks([])
        axis.set_yticks([])
        title, wrong = _image_title(index, true_labels, predicted_labels, class_names)
        color = WRONG_PREDICTION_COLOR if wrong else "black"
        axis.set_title(title, color=color, fontsize=9)
        if wrong:
            for spine in axis.spines.values():
                spine.set_color(WRONG_PREDICTION_COLOR)
                spine.set_linewidth(2)
    return axes


# Colour maps that are dark at their low end, where cell labels need light text.
_DARK_LOW_CMAPS = {"viridis", "magma", "inferno", "plasma", "cividis"}


def plot_grid_heatmap(
    values,
    row_labels,
    col_labels,
    fmt="{:.2f}",
    cmap="viridis",
    title=None,
    xlabel=None,
    ylabel=None,
    colorbar_label=None,
    ax=None,
    vmin=None,
    vmax=None,
):
    """Shows a table of results over a two-parameter grid as an annotated heat map.

    Each cell is coloured by its value and labelled with it, so an experiment
    over, say, the number of blocks (rows) and convolutions per block
    (columns) reads at a glance. Cells that are NaN (runs that were not
    made) are left blank.

    Args:
        values: 2D array-like of shape `(len(row_labels), len(col_labels))`.
        row_labels: Labels of the rows, top to bottom.
        col_labels: Labels of the columns, left to right.
        fmt: Format string for the cell labels, e.g. `"{:.2f}"` or
            `"{:,.0f}"`; `None` leaves the cells unlabelled.
        cmap: Matplotlib colour map name.
        title, xlabel, ylabel: Texts for the Axes.
        colorbar_label: Label of the colour bar; `None` draws no colour bar.
        ax: Axes to draw on; a new figure is created if `None`.
        vmin, vmax: The values at the two ends of the colour map (default:
            the table's smallest and largest). Give two maps the same ones
            to compare their colours, e.g. `vmin=0.1` for chance accuracy.

    Returns:
        The Axes.

    Raises:
        ValueError: If `values` is not 2D, the labels do not match its
            shape, or `vmin` is not below `vmax`.

    Example:

    >>> ax = plot_grid_heatmap([[0.5, 0.6], [0.7, float("nan")]],
    ...                        row_labels=[1, 2], col_labels=[1, 2])
    >>> [text.get_text() for text in ax.texts]
    ['0.50', '0.60', '0.70']
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ValueError(
            f"values must be a 2D table (rows x columns); got shape {values.shape}."
        )
    row_labels, col_labels = list(row_labels), list(col_labels)
    if values.shape != (len(row_labels), len(col_labels)):
        raise ValueError(
            f"values has shape {values.shape} but there are {len(row_labels)} "
            f"row labels and {len(col_labels)} column labels."
        )
    if vmin is not None and vmax is not None and not vmin < vmax:
        raise ValueError(f"vmin must be below vmax; got vmin={vmin} and vmax={vmax}.")
    ax = _axes_or_new(ax)
    masked = np.ma.masked_invalid(values)
    image = ax.imshow(masked, cmap=cmap, aspect="auto", vmin=vmin, vmax=vmax)
    ax.set_xticks(np.arange(len(col_labels)), [str(label) for label in col_labels])
    ax.set_yticks(np.arange(len(row_labels)), [str(label) for label in row_labels])
    ax.grid(False)
    if fmt is not None and masked.count():
        low, high = image.get_clim()
        middle = (low + high) / 2.0
        for (row, col), value in np.ndenumerate(values):
            if np.isnan(value):
                continue
            # Light text on the dark end of the colour map, dark on the light end.
            dark_cell = cmap in _DARK_LOW_CMAPS and value < middle
            ax.text(
                col,
                row,
                fmt.format(value),
                ha="center",
                va="center",
                color="white" if dark_cell else "black",
            )
    if colorbar_label is not None:
        ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    ax.set(title=title or "", xlabel=xlabel or "", ylabel=ylabel or "")
    return ax


def _monitor_records(history, monitor_name):
    """The `history` mapping of a monitor, or the mapping itself."""
    records = getattr(history, "history", history)
    if not isinstance(records, Mapping) or not records:
        raise ValueError(
            f"history must be a {monitor_name} or its non-empty history mapping; "
            f"got {type(history).__name__}."
        )
    return records


def _axes_or_new(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _as_class_labels(values, name, threshold=None):
    """Integer class labels from labels, one-hot rows, probabilities or scores."""
    values = np.asarray(values)
    if values.size == 0:
        raise ValueError(f"{name} is empty; a confusion matrix needs samples.")
    if values.ndim == 2 and values.shape[1] > 1:
        return np.argmax(values, axis=1)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(f"{name} must be 1-D or 2-D; got shape {values.shape}.")
    if threshold is not None and np.issubdtype(values.dtype, np.floating):
        return (values > threshold).astype(np.int64)
    if values.dtype == bool:
        return values.astype(np.int64)
    # Float labels such as 0.0/1.0 are common after a cast to float32.
    if not (
        np.issubdtype(values.dtype, np.number)
        and np.all(values == np.round(values))
        and values.min() >= 0
    ):
        raise ValueError(
            f"{name} must hold non-negative integer class labels; got "
            f"{np.unique(values)[:10]}."
        )
    return values.astype(np.int64)


def _optional_labels(values, name, n):
    """Class labels for the first `n` images, or `None` when not given."""
    if values is None:
        return None
    values = np.asarray(values)
    if len(values) < n:
        raise ValueError(
            f"{name} has {len(values)} entries but {n} images are shown."
        )
    return _as_class_labels(values[:n], name)


def _check_names_cover_labels(class_names, *label_arrays):
    for labels in label_arrays:
        if labels is not None and labels.max() >= len(class_names):
            raise ValueError(
                f"class_names has {len(class_names)} names but a label is "
                f"{labels.max()}."
            )


def _as_displayable_images(images):
    """Images as `(N, H, W)` or `(N, H, W, 3)` floats in [0, 1]."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if not (images.ndim == 3 or (images.ndim == 4 and images.shape[-1] == 3)):
        raise ValueError(
            "images must have shape (N, H, W), (N, H, W, 1) or (N, H, W, 3); "
            f"got {images.shape}."
        )
    if np.issubdtype(images.dtype, np.integer):
        return images.astype(np.float64) / 255.0
    images = images.astype(np.float64)
    low, high = images.min(), images.max()
    if low >= 0.0 and high <= 1.0:
        return images
    if low >= 0.0 and high <= 255.0:
        return images / 255.0
    # Standardised images (e.g. zero mean) have no fixed range.
    return (images - low) / max(high - low, np.finfo(np.float64).tiny)


def _image_title(index, true_labels, predicted_labels, class_names):
    """The title of image `index`, and whether its prediction is wrong."""
    if predicted_labels is None:
        if true_labels is None:
            return "", False
        return str(class_names[true_labels[index]]), False
    predicted = class_names[predicted_labels[index]]
    if true_labels is None or true_labels[index] == predicted_labels[index]:
        return str(predicted), False
    return f"{predicted} (true: {class_names[true_labels[index]]})", True


class _IdentityNames:
    """Stands in for `class_names`: label `k` is named `"k"`."""

    def __getitem__(self, label):
        return str(label)


def __getattr__(name):
    # plot_schedule lives with the schedules; importing it here eagerly would
    # start TensorFlow for every plot, so it is looked up on first use.
    if name == "plot_schedule":
        from course_lib.schedules import plot_schedule

        return plot_schedule
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
