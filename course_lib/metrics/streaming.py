"""Streaming (stateful) Keras metrics for binary classifiers.

Each metric accumulates sufficient statistics batch by batch in
`update_state`, so the value reported by `fit`/`evaluate` is the metric on
the whole epoch, not an average of per-batch values. All are registered as
serializable under the `"course_lib"` package, so models compiled with them
save and load.

* `BinaryPrecision`, `BinaryRecall`, `BinaryF1`, `BinarySpecificity` keep the
  four confusion counts at one threshold (positive when `score > threshold`).
* `ROCAUC` and `PRAUC` keep a histogram of the scores of positives and of
  negatives over `num_bins` bins on [0, 1], narrow both in probability and
  in logit (see `score_bin_positions`). The AUC is then exact for the
  scores rounded to their bin (ties within a bin count one half), so the
  only error comes from positive/negative pairs that share a bin.
"""

import keras
from keras import ops

# Logits beyond +-LOGIT_LIMIT (probabilities within 4e-18 of 0 or 1) share
# the end bins. float32 probabilities stop below 1 at a logit of 16.6, and
# trained classifiers put few positives, or few negatives, past 40.
LOGIT_LIMIT = 40.0


def score_bin_positions(score):
    """Maps probabilities monotonically onto [0, 1] for binning.

    Equal-width bins in the probability `p` merge every confident score:
    with 10,000 bins, all of `p > 0.9999` is one bin, though a trained
    classifier puts many positives and negatives there, ranked by their
    logits. Equal-width bins in the logit `z = log(p / (1 - p))` would in
    turn be coarse in `p` near 0.5. The position is half of each,

        u = p / 2 + (clip(z, -L, L) + L) / (4 L),     L = LOGIT_LIMIT,

    so `num_bins` equal bins in `u` are at most `2 / num_bins` wide in
    probability and at most `4 L / num_bins` wide in logit.

    Args:
        score: Float tensor of probabilities; values outside [0, 1] are
            clipped to it.

    Returns:
        A tensor of the same shape and dtype, with values in [0, 1].
    """
    score = ops.clip(score, 0.0, 1.0)
    # -inf at p = 0 and +inf at p = 1, which the clip turns into -L and L.
    logit = ops.log(score) - ops.log1p(-score)
    logit = ops.clip(logit, -LOGIT_LIMIT, LOGIT_LIMIT)
    return 0.5 * score + 0.25 * (logit / LOGIT_LIMIT + 1.0)


class _ConfusionCountsMetric(keras.metrics.Metric):
    """Accumulates tp, fp, tn and fn of a binary classifier at a threshold.

    Subclasses implement `result()` from the four count variables.

    Args:
        threshold: A sample is predicted positive when its score is strictly
            greater than `threshold`.
        name: Name of the metric instance.
        dtype: Data type of the count variables.
    """

    def __init__(self, threshold=0.5, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(
                f"threshold must be in [0, 1] for probability scores; "
                f"got {threshold}."
            )
        self.threshold = float(threshold)
        self.true_positives = self._add_count("true_positives")
        self.false_positives = self._add_count("false_positives")
        self.true_negatives = self._add_count("true_negatives")
        self.false_negatives = self._add_count("false_negatives")

    def _add_count(self, name):
        return self.add_variable(shape=(), initializer="zeros", name=name)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds one batch's confusion counts.

        Args:
            y_true: Binary labels (0/1), shape `(batch,)` or `(batch, 1)`.
            y_pred: Predicted probabilities, same number of elements.
            sample_weight: Optional per-sample weights, shape `(batch,)` or
                `(batch, 1)`.
        """
        is_positive, score, weight = _flatten_batch(
            y_true, y_pred, sample_weight, self.dtype
        )
        predicted = ops.cast(ops.greater(score, self.threshold), self.dtype)
        is_negative = 1.0 - is_positive
        self.true_positives.assign_add(ops.sum(weight * is_positive * predicted))
        self.false_positives.assign_add(ops.sum(weight * is_negative * predicted))
        self.true_negatives.assign_add(
            ops.sum(weight * is_negative * (1.0 - predicted))
        )
        self.false_negatives.assign_add(
            ops.sum(weight * is_positive * (1.0 - predicted))
        )

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


@keras.saving.register_keras_serializable(package="course_lib")
class BinaryPrecision(_ConfusionCountsMetric):
    """Precision `tp / (tp + fp)` accumulated over batches.

    Returns 0 while nothing has been predicted positive.

    Args:
        threshold: Positive when the predicted probability is `> threshold`.
        name: Name of the metric instance.
        dtype: Data type of the state variables.

    Example:

    >>> metric = BinaryPrecision()
    >>> metric.update_state([0, 1, 1], [0.7, 0.9, 0.2])
    >>> float(metric.result())
    0.5
    """

    def __init__(self, threshold=0.5, name="precision", dtype=None):
        super().__init__(threshold=threshold, name=name, dtype=dtype)

    def result(self):
        return ops.divide_no_nan(
            self.true_positives, self.true_positives + self.false_positives
        )


@keras.saving.register_keras_serializable(package="course_lib")
class BinaryRecall(_ConfusionCountsMetric):
    """Recall (sensitivity) `tp / (tp + fn)` accumulated over batches.

    Returns 0 while no positive has been seen.

    Args:
        threshold: Positive when the predicted probability is `> threshold`.
        name: Name of the metric instance.
        dtype: Data type of the state variables.

    Example:

    >>> metric = BinaryRecall()
    >>> metric.update_state([0, 1, 1], [0.7, 0.9, 0.2])
    >>> float(metric.result())
    0.5
    """

    def __init__(self, threshold=0.5, name="recall", dtype=None):
        super().__init__(threshold=threshold, name=name, dtype=dtype)

    def result(self):
        return ops.divide_no_nan(
            self.true_positives, self.true_positives + self.false_negatives
        )


@keras.saving.register_keras_serializable(package="course_lib")
class BinarySpecificity(_ConfusionCountsMetric):
    """Specificity (true negative rate) `tn / (tn + fp)` over batches.

    Returns 0 while no negative has been seen.

    Args:
        threshold: Positive when the predicted probability is `> threshold`.
        name: Name of the metric instance.
        dtype: Data type of the state variables.

    Example:

    >>> metric = BinarySpecificity()
    >>> metric.update_state([0, 0, 1], [0.7, 0.1, 0.2])
    >>> float(metric.result())
    0.5
    """

    def __init__(self, threshold=0.5, name="specificity", dtype=None):
        super().__init__(threshold=threshold, name=name, dtype=dtype)

    def result(self):
        return ops.divide_no_nan(
            self.true_negatives, self.true_negatives + self.false_positives
        )


@keras.saving.register_keras_serializable(package="course_lib")
class BinaryF1(_ConfusionCountsMetric):
    """F1 score `2 tp / (2 tp + fp + fn)` accumulated over batches.

    Computed from the epoch's counts, so it is the F1 of the whole epoch,
    not a mean of per-batch F1 scores. Returns 0 for 0/0.

    Args:
        threshold: Positive when the predicted probability is `> threshold`.
        name: Name of the metric instance.
        dtype: Data type of the state variables.

    Example:

    >>> metric = BinaryF1()
    >>> metric.update_state([0, 1, 1], [0.7, 0.9, 0.2])
    >>> float(metric.result())
    0.5
    """

    def __init__(self, threshold=0.5, name="f1", dtype=None):
        super().__init__(threshold=threshold, name=name, dtype=dtype)

    def result(self):
        doubled_tp = 2.0 * self.true_positives
        return ops.divide_no_nan(
            doubled_tp, doubled_tp + self.false_positives + self.false_negatives
        )


class _ScoreHistogramMetric(keras.metrics.Metric):
    """Accumulates histograms of positive and negative scores on [0, 1].

    Bin `b` holds the scores whose `score_bin_positions` lies in
    `[b / num_bins, (b + 1) / num_bins)`: at most `2 / num_bins` wide in
    probability and `4 * LOGIT_LIMIT / num_bins` wide in logit. A score of
    exactly 1 goes to the last bin, and scores outside [0, 1] are clipped
    into the end bins, so pass probabilities, not logits.

    Args:
        num_bins: Number of bins. More bins, less error, at
            `2 * num_bins` floats of state.
        name: Name of the metric instance.
        dtype: Data type of the state variables.
    """

    def __init__(self, num_bins=10_000, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if int(num_bins) != num_bins or num_bins < 2:
            raise ValueError(f"num_bins must be an integer >= 2; got {num_bins}.")
        self.num_bins = int(num_bins)
        self.positives_per_bin = self.add_variable(
            shape=(self.num_bins,), initializer="zeros", name="positives_per_bin"
        )
        self.negatives_per_bin = self.add_variable(
            shape=(self.num_bins,), initializer="zeros", name="negatives_per_bin"
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds one batch's scores to the histograms.

        Args:
            y_true: Binary labels (0/1), shape `(batch,)` or `(batch, 1)`.
            y_pred: Predicted probabilities in [0, 1], same number of
                elements.
            sample_weight: Optional per-sample weights, shape `(batch,)` or
                `(batch, 1)`.
        """
        is_positive, score, weight = _flatten_batch(
            y_true, y_pred, sample_weight, self.dtype
        )
        positions = score_bin_positions(score)
        bins = ops.cast(ops.floor(positions * self.num_bins), "int32")
        bins = ops.clip(bins, 0, self.num_bins - 1)
        self.positives_per_bin.assign_add(
            ops.segment_sum(weight * is_positive, bins, num_segments=self.num_bins)
        )
        self.negatives_per_bin.assign_add(
            ops.segment_sum(
                weight * (1.0 - is_positive), bins, num_segments=self.num_bins
            )
        )

    def _cumulative_counts_from_top(self):
        """Positives and negatives scoring in bin `b` or above, top bin first."""
        true_positives = ops.cumsum(ops.flip(self.positives_per_bin, axis=0))
        false_positives = ops.cumsum(ops.flip(self.negatives_per_bin, axis=0))
        return true_positives, false_positives

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins}


@keras.saving.register_keras_serializable(package="course_lib")
class ROCAUC(_ScoreHistogramMetric):
    """Area under the ROC curve, from a fine histogram of scores.

    The ROC curve is traced bin by bin from the top score down and integrated
    with the trapezoid rule, which counts positive/negative pairs in the same
    bin as ties. With the default 10,000 bins this is within 1e-3 of the exact
    `sklearn.metrics.roc_auc_score` for typical classifiers, over-confident
    ones included (most scores within 1e-4 of 0 or 1), because the bins are
    narrow in logit as well as in probability. Returns 0 until both classes
    have been seen.

    Args:
        num_bins: Number of score bins on [0, 1].
        name: Name of the metric instance.
        dtype: Data type of the state variables.

    Example:

    >>> metric = ROCAUC()
    >>> metric.update_state([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> round(float(metric.result()), 4)
    0.75
    """

    def __init__(self, num_bins=10_000, name="roc_auc", dtype=None):
        super().__init__(num_bins=num_bins, name=name, dtype=dtype)

    def result(self):
        true_positives, false_positives = self._cumulative_counts_from_top()
        tp_before = ops.pad(true_positives[:-1], [[1, 0]])
        fp_before = ops.pad(false_positives[:-1], [[1, 0]])
        doubled_area = ops.sum(
            (false_positives - fp_before) * (true_positives + tp_before)
        )
        return ops.divide_no_nan(
            doubled_area, 2.0 * true_positives[-1] * false_positives[-1]
        )


@keras.saving.register_keras_serializable(package="course_lib")
class PRAUC(_ScoreHistogramMetric):
    """Area under the precision-recall curve, as average precision.

    Uses the same histogram as `ROCAUC` and the step-wise sum of
    `sklearn.metrics.average_precision_score`: `sum_b (R_b - R_{b-1}) P_b`
    over bins from the top score down. Each bin acts as one threshold.
    Returns 0 until a positive has been seen.

    Args:
        num_bins: Number of score bins on [0, 1], as in `ROCAUC`.
        name: Name of the metric instance.
        dtype: Data type of the state variables.

    Example:

    >>> metric = PRAUC()
    >>> metric.update_state([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> round(float(metric.result()), 4)
    0.8333
    """

    def __init__(self, num_bins=10_000, name="pr_auc", dtype=None):
        super().__init__(num_bins=num_bins, name=name, dtype=dtype)

    def result(self):
        true_positives, false_positives = self._cumulative_counts_from_top()
        # Empty bins add no recall, so their 0/0 precision never counts.
        bin_precision = ops.divide_no_nan(
            true_positives, true_positives + false_positives
        )
        recall_gain = ops.flip(self.positives_per_bin, axis=0)
        return ops.divide_no_nan(
            ops.sum(recall_gain * bin_precision), true_positives[-1]
        )


def _flatten_batch(y_true, y_pred, sample_weight, dtype):
    """Flattens a batch to 1-D labels, scores and weights of `dtype`.

    Scores are viewed as `(batch, outputs)`; a per-sample weight of shape
    `(batch,)` or `(batch, 1)` is repeated across the outputs.
    """
    score = ops.cast(y_pred, dtype)
    score = ops.reshape(score, (ops.shape(score)[0], -1))
    is_positive = ops.reshape(ops.cast(y_true, dtype), ops.shape(score))
    if sample_weight is None:
        weight = ops.ones_like(score)
    else:
        weight = ops.cast(sample_weight, dtype)
        weight = ops.reshape(weight, (ops.shape(score)[0], -1))
        weight = ops.broadcast_to(weight, ops.shape(score))
    return (
        ops.reshape(is_positive, (-1,)),
        ops.reshape(score, (-1,)),
        ops.reshape(weight, (-1,)),
    )
