"""Exact classifier metrics on NumPy arrays.

Every function here takes array-likes (lists, NumPy arrays, tensors that
convert with ``np.asarray``) and returns Python floats or NumPy arrays. They
follow two conventions:

* Thresholded metrics predict the positive class when ``score > threshold``,
  strictly greater, as Keras's ``Precision``/``Recall`` do.
* Ranking metrics (ROC and precision-recall curves, AUC, average precision)
  agree with scikit-learn's, ties included, and cost one sort plus cumulative
  sums.

Inputs are validated up front: mismatched lengths, empty inputs, NaN,
infinite or complex scores, non-binary labels (``None`` in an object array
included), and a missing class where a curve is undefined all raise
``ValueError`` with a message that names the problem. Integer scores are
never cast to float, so those beyond 2**53 are ranked and thresholded
exactly.
"""

from typing import NamedTuple

import numpy as np


class ConfusionCounts(NamedTuple):
    """Counts of a binary confusion matrix.

    Attributes:
        tp: Positives predicted positive.
        fp: Negatives predicted positive.
        tn: Negatives predicted negative.
        fn: Positives predicted negative.
    """

    tp: int
    fp: int
    tn: int
    fn: int


def confusion_counts(y_true, y_score, threshold=0.5):
    """Counts true/false positives/negatives at a threshold.

    Args:
        y_true: Binary labels (0/1 or bool), shape `(n,)` or `(n, 1)`.
        y_score: Scores or probabilities, same length as `y_true`.
        threshold: A sample is predicted positive when its score is strictly
            greater than `threshold`. A 1-D array of thresholds gives the
            counts at each of them, from a single sort.

    Returns:
        A `ConfusionCounts` named tuple `(tp, fp, tn, fn)`: Python ints for
        a scalar threshold, integer arrays for an array of thresholds.

    Example:

    >>> confusion_counts([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.7])
    ConfusionCounts(tp=1, fp=1, tn=1, fn=1)
    >>> confusion_counts([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.7], [0.3, 0.8]).tp
    array([2, 1])
    """
    y_true, y_score = _check_binary_inputs(y_true, y_score)
    threshold = _check_threshold(threshold)
    is_positive = y_true.astype(bool)
    positives = int(np.count_nonzero(is_positive))
    negatives = is_positive.size - positives
    if np.ndim(threshold) == 0:
        predicted_positive = _scores_above(y_score, threshold)
        tp = int(np.count_nonzero(predicted_positive & is_positive))
        fp = int(np.count_nonzero(predicted_positive & ~is_positive))
    else:
        # Scores above t = all scores minus those <= t, found by bisection.
        positive_scores = np.sort(y_score[is_positive])
        negative_scores = np.sort(y_score[~is_positive])
        tp = positives - _count_at_most(positive_scores, threshold)
        fp = negatives - _count_at_most(negative_scores, threshold)
    return ConfusionCounts(tp=tp, fp=fp, tn=negatives - fp, fn=positives - tp)


def accuracy(y_true, y_score, threshold=0.5):
    """Fraction of samples classified correctly at a threshold.

    Args:
        y_true: Binary labels (0/1 or bool).
        y_score: Scores or probabilities, same length as `y_true`.
        threshold: Positive when `score > threshold`; a 1-D array gives
            one value per threshold.

    Returns:
        `(tp + tn) / n`.

    Example:

    >>> accuracy([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.7])
    0.5
    """
    counts = confusion_counts(y_true, y_score, threshold)
    return (counts.tp + counts.tn) / sum(counts)


def precision(y_true, y_score, threshold=0.5):
    """Fraction of predicted positives that are positive.

    Args:
        y_true: Binary labels (0/1 or bool).
        y_score: Scores or probabilities, same length as `y_true`.
        threshold: Positive when `score > threshold`; a 1-D array gives
            one value per threshold.

    Returns:
        `tp / (tp + fp)`, or 0.0 when nothing is predicted positive
        (scikit-learn's `zero_division=0`).

    Example:

    >>> precision([0, 1, 1, 0], [0.2, 0.9, 0.8, 0.7])
    0.6666666666666666
    """
    counts = confusion_counts(y_true, y_score, threshold)
    return _safe_ratio(counts.tp, counts.tp + counts.fp)


def recall(y_true, y_score, threshold=0.5):
    """Fraction of positives predicted positive (sensitivity, TPR).

    Args:
        y_true: Binary labels (0/1 or bool).
        y_score: Scores or probabilities, same length as `y_true`.
        threshold: Positive when `score > threshold`; a 1-D array gives
            one value per threshold.

    Returns:
        `tp / (tp + fn)`, or 0.0 when there are no positives.

    Example:

    >>> recall([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.7])
    0.5
    """
    counts = confusion_counts(y_true, y_score, threshold)
    return _safe_ratio(counts.tp, counts.tp + counts.fn)


def specificity(y_true, y_score, threshold=0.5):
    """Fraction of negatives predicted negative (TNR, recall of class 0).

    Args:
        y_true: Binary labels (0/1 or bool).
        y_score: Scores or probabilities, same length as `y_true`.
        threshold: Positive when `score > threshold`; a 1-D array gives
            one value per threshold.

    Returns:
        `tn / (tn + fp)`, or 0.0 when there are no negatives.

    Example:

    >>> specificity([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.1])
    1.0
    """
    counts = confusion_counts(y_true, y_score, threshold)
    return _safe_ratio(counts.tn, counts.tn + counts.fp)


def f1(y_true, y_score, threshold=0.5):
    """Harmonic mean of precision and recall.

    Args:
        y_true: Binary labels (0/1 or bool).
        y_score: Scores or probabilities, same length as `y_true`.
        threshold: Positive when `score > threshold`; a 1-D array gives
            one value per threshold.

    Returns:
        `2 tp / (2 tp + fp + fn)`, or 0.0 when that is 0/0 (no positives
        and nothing predicted positive).

    Example:

    >>> f1([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.7])
    0.5
    """
    counts = confusion_counts(y_true, y_score, threshold)
    return _safe_ratio(2 * counts.tp, 2 * counts.tp + counts.fp + counts.fn)


def roc_curve(y_true, y_score):
    """Receiver operating characteristic curve, one point per distinct score.

    Point `i` is the classifier "positive when `score >= thresholds[i]`";
    the first point, at `thresholds[0] = inf`, predicts nothing positive so
    the curve starts at (0, 0). Identical to
    `sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=False)`.

    Args:
        y_true: Binary labels (0/1 or bool) with both classes present.
        y_score: Scores or probabilities, same length as `y_true`.

    Returns:
        `(fpr, tpr, thresholds)`: float arrays of equal length, `fpr` and
        `tpr` non-decreasing, `thresholds` decreasing.

    Example:

    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr
    array([0. , 0. , 0.5, 0.5, 1. ])
    >>> tpr
    array([0. , 0.5, 0.5, 1. , 1. ])
    """
    y_true, y_score = _check_binary_inputs(y_true, y_score)
    _check_both_classes_present(y_true, "ROC curve")
    fps, tps, thresholds = _cumulative_counts(y_true, y_score)
    fpr = np.concatenate(([0.0], fps / fps[-1]))
    tpr = np.concatenate(([0.0], tps / tps[-1]))
    return fpr, tpr, np.concatenate(([np.inf], thresholds))


def roc_auc(y_true, y_score, average="macro"):
    """Area under the ROC curve, binary or one-vs-rest multiclass.

    The binary AUC is the probability that a random positive scores higher
    than a random negative, ties counting one half. It equals
    `sklearn.metrics.roc_auc_score`.

    For multiclass, pass scores of shape `(n, k)` (e.g. softmax outputs) and
    either integer labels in `[0, k)` or a one-hot matrix of shape `(n, k)`.
    Each class is scored one-vs-rest and the AUCs are averaged, as
    `roc_auc_score(..., multi_class="ovr")` does.

    Args:
        y_true: Binary labels `(n,)`; integer class labels `(n,)`; or a
            one-hot / indicator matrix `(n, k)`.
        y_score: Scores `(n,)` or `(n, 1)` for binary, `(n, k)` otherwise.
        average: Multiclass only: `"macro"` (unweighted mean over classes),
            `"weighted"` (weighted by each class's number of samples), or
            `None` (return the per-class AUCs).

    Returns:
        The AUC as a float; per-class AUCs as an array with `average=None`.

    Example:

    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    if average not in ("macro", "weighted", None):
        raise ValueError(
            f"average must be 'macro', 'weighted' or None; got {average!r}."
        )
    y_score = _as_score_array(y_score)
    if y_score.ndim == 2 and y_score.shape[1] > 1:
        return _one_vs_rest_auc(y_true, y_score, average)
    y_true, y_score = _check_binary_inputs(y_true, y_score)
    return _binary_roc_auc(y_true, y_score)


def precision_recall_curve(y_true, y_score):
    """Precision and recall for every distinct score threshold.

    Point `i` is the classifier "positive when `score >= thresholds[i]`".
    `thresholds` increase, so recall decreases; a final point with
    precision 1 and recall 0 is appended and has no threshold. Identical to
    `sklearn.metrics.precision_recall_curve(..., drop_intermediate=False)`.

    Args:
        y_true: Binary labels (0/1 or bool) with at least one positive.
        y_score: Scores or probabilities, same length as `y_true`.

    Returns:
        `(precision, recall, thresholds)`; `precision` and `recall` have one
        more element than `thresholds`.

    Example:

    >>> precision, recall, thresholds = precision_recall_curve(
    ...     [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision
    array([0.5       , 0.66666667, 0.5       , 1.        , 1.        ])
    >>> recall
    array([1. , 1. , 0.5, 0.5, 0. ])
    """
    y_true, y_score = _check_binary_inputs(y_true, y_score)
    _check_has_positives(y_true, "Precision-recall curve")
    fps, tps, thresholds = _cumulative_counts(y_true, y_score)
    # tps + fps >= 1 at every threshold: each one admits at least one sample.
    precision_values = tps / (tps + fps)
    recall_values = tps / tps[-1]
    return (
        np.concatenate((precision_values[::-1], [1.0])),
        np.concatenate((recall_values[::-1], [0.0])),
        thresholds[::-1],
    )


def average_precision(y_true, y_score):
    """Average precision: the step-wise area under the PR curve.

    `AP = sum_i (R_i - R_{i-1}) P_i` over thresholds in decreasing order,
    without interpolation. Equals `sklearn.metrics.average_precision_score`.

    Args:
        y_true: Binary labels (0/1 or bool) with at least one positive.
        y_score: Scores or probabilities, same length as `y_true`.

    Returns:
        The average precision as a float in `[0, 1]`.

    Example:

    >>> round(average_precision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 4)
    0.8333
    """
    y_true, y_score = _check_binary_inputs(y_true, y_score)
    _check_has_positives(y_true, "Average precision")
    fps, tps, _ = _cumulative_counts(y_true, y_score)
    recall_steps = np.diff(tps, prepend=0.0) / tps[-1]
    return float(np.sum(recall_steps * tps / (tps + fps)))


def _cumulative_counts(y_true, y_score):
    """False and true positive counts at each distinct score, descending.

    Entry `i` counts the samples with `score >= thresholds[i]`. Ties are
    grouped, so the sort need not be stable: only the count at the end of
    each run of equal scores is kept.
    """
    order = np.argsort(y_score)[::-1]
    sorted_scores = y_score[order]
    # A comparison, not `np.diff`, which wraps around for unsigned integers.
    changes = sorted_scores[1:] != sorted_scores[:-1]
    last_of_each_score = np.flatnonzero(changes)
    threshold_idxs = np.append(last_of_each_score, sorted_scores.size - 1)
    tps = np.cumsum(y_true[order], dtype=np.float64)[threshold_idxs]
    fps = (threshold_idxs + 1) - tps
    return fps, tps, sorted_scores[threshold_idxs]


def _binary_roc_auc(y_true, y_score, name="y_true"):
    _check_both_classes_present(y_true, "ROC AUC", name=name)
    fps, tps, _ = _cumulative_counts(y_true, y_score)
    # Trapezoids on raw counts, normalised once: the same area as on rates.
    area = np.sum(np.diff(fps, prepend=0.0) * (tps + np.append(0.0, tps[:-1])))
    return float(area / (2.0 * fps[-1] * tps[-1]))


def _one_vs_rest_auc(y_true, y_score, average):
    n_samples, n_classes = y_score.shape
    if n_samples == 0:
        raise ValueError(
            "y_true and y_score are empty: y_score has shape "
            f"{y_score.shape}, so there are no samples to rank."
        )
    indicator = _class_indicator(y_true, n_classes, len(y_score))
    _check_finite(y_score)
    aucs = np.array(
        [
            _binary_roc_auc(
                indicator[:, k], y_score[:, k], name=f"y_true (class {k})"
            )
            for k in range(n_classes)
        ]
    )
    if average is None:
        return aucs
    if average == "weighted":
        return float(np.average(aucs, weights=indicator.sum(axis=0)))
    return float(aucs.mean())


def _class_indicator(y_true, n_classes, n_samples):
    """One-hot matrix from integer labels, or a validated indicator matrix."""
    y_true = np.asarray(y_true)
    if len(y_true) != n_samples:
        raise ValueError(
            "y_true and y_score have different lengths: "
            f"{len(y_true)} and {n_samples}."
        )
    if y_true.ndim == 2 and y_true.shape[1] > 1:
        if y_true.shape[1] != n_classes:
            raise ValueError(
                f"y_true has {y_true.shape[1]} columns but y_score has "
                f"{n_classes}; a one-hot y_true needs one column per class."
            )
        _check_binary_labels(y_true)
        return y_true.astype(np.int64)
    labels = _as_column_or_1d(y_true, "y_true")
    if not np.issubdtype(labels.dtype, np.number) or not (
        np.all(labels == np.round(labels))
        and labels.min() >= 0
        and labels.max() < n_classes
    ):
        raise ValueError(
            f"y_true must hold integer class labels in [0, {n_classes}) to "
            f"match the {n_classes} columns of y_score; got labels "
            f"{_describe_labels(labels)}."
        )
    return np.eye(n_classes, dtype=np.int64)[labels.astype(np.int64)]


def _check_binary_inputs(y_true, y_score):
    """Validates binary labels and 1-D scores; returns float64 arrays."""
    y_true = _as_column_or_1d(y_true, "y_true")
    y_score = _as_column_or_1d(_as_score_array(y_score), "y_score")
    if y_true.shape[0] != y_score.shape[0]:
        raise ValueError(
            "y_true and y_score have different lengths: "
            f"{y_true.shape[0]} and {y_score.shape[0]}."
        )
    if y_true.size == 0:
        raise ValueError("y_true and y_score are empty.")
    _check_finite(y_score)
    _check_binary_labels(y_true)
    return y_true.astype(np.float64), y_score


def _as_score_array(y_score):
    """Scores as a float64 array, or an integer array kept exact.

    Integer scores keep their dtype: float64 holds integers exactly only up
    to 2**53, and rounding larger ones would turn distinct scores into ties
    and change the ranking metrics. scikit-learn ranks them exactly too.
    """
    try:
        values = np.asarray(y_score)
    except (TypeError, ValueError) as error:
        raise ValueError(f"y_score must be numeric: {error}") from None
    if np.iscomplexobj(values):
        raise ValueError(
            "y_score must be real; got complex scores (dtype "
            f"{values.dtype}). Pass the real part, or the magnitude, "
            "explicitly."
        )
    if np.issubdtype(values.dtype, np.integer):
        return values
    try:
        return values.astype(np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"y_score must be numeric: {error}") from None


def _as_column_or_1d(values, name):
    values = np.asarray(values)
    if values.ndim == 2 and values.shape[1] == 1:
        return values[:, 0]
    if values.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D or a single column for a binary metric; "
            f"got shape {values.shape}."
        )
    return values


def _check_finite(y_score):
    if not np.isfinite(y_score).all():
        n_bad = int(np.count_nonzero(~np.isfinite(y_score)))
        raise ValueError(
            f"y_score contains NaN or infinite values ({n_bad} of "
            f"{y_score.size})."
        )


def _check_binary_labels(y_true):
    if y_true.dtype == bool:
        return
    if not np.issubdtype(y_true.dtype, np.number) or not np.all(
        (y_true == 0) | (y_true == 1)
    ):
        raise ValueError(
            "y_true must be binary (0/1 or bool) for a binary metric; "
            f"got labels {_describe_labels(y_true)}."
        )


def _describe_labels(labels, limit=10):
    """The first `limit` distinct labels, for an error message.

    Never fails: object arrays may mix types that do not sort (`None` and
    ints), where `np.unique` would raise a `TypeError` of its own.
    """
    try:
        distinct = np.unique(labels)
    except TypeError:
        distinct = list(dict.fromkeys(_hashable(v) for v in labels.ravel()))
    shown = ", ".join(repr(_plain(v)) for v in distinct[:limit])
    more = ", ..." if len(distinct) > limit else ""
    kind = (
        " in an object array (pass a numeric or bool array)"
        if labels.dtype == object
        else ""
    )
    return f"[{shown}{more}]{kind}"


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _plain(value):
    """A NumPy scalar as the Python value it holds, for a readable repr."""
    return value.item() if isinstance(value, np.generic) else value


def _check_both_classes_present(y_true, what, name="y_true"):
    n_positive = np.count_nonzero(y_true)
    if n_positive == 0 or n_positive == y_true.size:
        only = "positive" if n_positive else "negative"
        raise ValueError(
            f"Only one class present in {name} (all {only}): {what} is "
            "undefined without both positives and negatives."
        )


def _check_has_positives(y_true, what):
    if not np.any(y_true):
        raise ValueError(
            f"No positive samples in y_true: {what} is undefined without "
            "positives."
        )


def _check_threshold(threshold):
    try:
        thresholds = np.asarray(threshold, dtype=np.float64)
    except (TypeError, ValueError):
        thresholds = None
    if thresholds is None or thresholds.ndim > 1 or not np.all(
        np.isfinite(thresholds)
    ):
        raise ValueError(
            "threshold must be a finite number or a 1-D array of finite "
            f"numbers; got {threshold!r}."
        )
    return float(thresholds) if thresholds.ndim == 0 else thresholds


def _scores_above(y_score, threshold):
    """`y_score > threshold`, exact for integer scores of any size."""
    return ~_at_most(y_score, threshold)


def _count_at_most(sorted_scores, thresholds):
    """How many of `sorted_scores` are `<= t`, for each `t` in `thresholds`."""
    if not np.issubdtype(sorted_scores.dtype, np.integer):
        return np.searchsorted(sorted_scores, thresholds, "right")
    low, high, integer_thresholds = _integer_thresholds(
        thresholds, sorted_scores.dtype
    )
    counts = np.searchsorted(sorted_scores, integer_thresholds, "right")
    return np.where(low, 0, np.where(high, sorted_scores.size, counts))


def _at_most(y_score, threshold):
    if not np.issubdtype(y_score.dtype, np.integer):
        return y_score <= threshold
    low, high, integer_threshold = _integer_thresholds(
        threshold, y_score.dtype
    )
    if low:
        return np.zeros(y_score.shape, dtype=bool)
    if high:
        return np.ones(y_score.shape, dtype=bool)
    return y_score <= integer_threshold


def _integer_thresholds(thresholds, dtype):
    """Float thresholds as integers of `dtype` that compare the same way.

    NumPy compares integers with floats in float64, which rounds integers
    beyond 2**53. For an integer score `s`, `s <= t` is `s <= floor(t)`, and
    `floor(t)` converts exactly once it is known to lie in the dtype's
    range. Returns `(below_range, above_range, floor(t) as dtype)`.
    """
    info = np.iinfo(dtype)
    floors = np.floor(thresholds)
    below = floors < info.min  # then no score is <= t
    above = floors >= float(info.max)  # then every score is (2**63 rounds up)
    inside = np.where(below | above, 0.0, floors).astype(dtype)
    return below, above, inside


def _safe_ratio(numerator, denominator):
    """`numerator / denominator`, with 0 where the denominator is 0."""
    if np.ndim(denominator) == 0:
        return numerator / denominator if denominator else 0.0
    ratio = np.zeros(np.shape(denominator))
    np.divide(numerator, denominator, out=ratio, where=denominator > 0)
    return ratio
