"""The exact metric functions against scikit-learn and hand computations."""

import numpy as np
import pytest
from sklearn import metrics as sk

from course_lib.metrics import classification as cm

TINY_CASES = [
    ([0, 1], [0.3, 0.7]),
    ([1, 0], [0.3, 0.7]),
    ([0, 1], [0.5, 0.5]),
    ([0, 1, 1], [0.2, 0.2, 0.9]),
    ([1, 0, 0], [0.6, 0.6, 0.1]),
    ([1, 0, 1], [0.5, 0.7, 0.5]),
]


def make_binary_problem(kind, seed):
    """Labels and sigmoid scores of an informative but imperfect classifier."""
    rng = np.random.default_rng(seed)
    n = 300
    positive_rate = 0.1 if kind == "imbalanced" else 0.5
    y_true = (rng.random(n) < positive_rate).astype(int)
    y_true[:2] = [0, 1]  # both classes, whatever the draw
    y_score = 1.0 / (1.0 + np.exp(-(rng.normal(size=n) + 1.5 * y_true - 0.5)))
    if kind == "tied":
        y_score = np.round(y_score, 1)
    return y_true, y_score


def all_problems():
    for kind in ("balanced", "imbalanced", "tied"):
        for seed in range(3):
            yield pytest.param(*make_binary_problem(kind, seed), id=f"{kind}-{seed}")
    for index, (y_true, y_score) in enumerate(TINY_CASES):
        yield pytest.param(np.array(y_true), np.array(y_score), id=f"tiny-{index}")


PROBLEMS = list(all_problems())


@pytest.mark.parametrize("y_true, y_score", PROBLEMS)
@pytest.mark.parametrize("threshold", [0.5, 0.3, 0.7])
def test_thresholded_metrics_match_sklearn(y_true, y_score, threshold):
    y_pred = (y_score > threshold).astype(int)
    tn, fp, fn, tp = sk.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()

    assert cm.confusion_counts(y_true, y_score, threshold) == (tp, fp, tn, fn)
    assert cm.accuracy(y_true, y_score, threshold) == pytest.approx(
        sk.accuracy_score(y_true, y_pred)
    )
    assert cm.precision(y_true, y_score, threshold) == pytest.approx(
        sk.precision_score(y_true, y_pred, zero_division=0)
    )
    assert cm.recall(y_true, y_score, threshold) == pytest.approx(
        sk.recall_score(y_true, y_pred, zero_division=0)
    )
    assert cm.specificity(y_true, y_score, threshold) == pytest.approx(
        sk.recall_score(y_true, y_pred, pos_label=0, zero_division=0)
    )
    assert cm.f1(y_true, y_score, threshold) == pytest.approx(
        sk.f1_score(y_true, y_pred, zero_division=0)
    )


@pytest.mark.parametrize("y_true, y_score", PROBLEMS)
def test_ranking_metrics_match_sklearn(y_true, y_score):
    fpr, tpr, thresholds = cm.roc_curve(y_true, y_score)
    sk_fpr, sk_tpr, sk_thresholds = sk.roc_curve(
        y_true, y_score, drop_intermediate=False
    )
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    np.testing.assert_array_equal(thresholds, sk_thresholds)
    assert cm.roc_auc(y_true, y_score) == pytest.approx(
        sk.roc_auc_score(y_true, y_score), abs=1e-12
    )

    precision, recall, thresholds = cm.precision_recall_curve(y_true, y_score)
    sk_precision, sk_recall, sk_thresholds = sk.precision_recall_curve(
        y_true, y_score, drop_intermediate=False
    )
    np.testing.assert_allclose(precision, sk_precision)
    np.testing.assert_allclose(recall, sk_recall)
    np.testing.assert_array_equal(thresholds, sk_thresholds)
    assert cm.average_precision(y_true, y_score) == pytest.approx(
        sk.average_precision_score(y_true, y_score), abs=1e-12
    )


def test_positive_means_strictly_above_threshold():
    # Both samples sit exactly on the threshold, so neither is positive.
    counts = cm.confusion_counts([1, 0], [0.5, 0.5], threshold=0.5)
    assert counts == cm.ConfusionCounts(tp=0, fp=0, tn=1, fn=1)


def test_hand_computed_example():
    y_true = [1, 1, 1, 0, 0, 0, 0, 0]
    y_score = [0.9, 0.8, 0.3, 0.7, 0.2, 0.1, 0.1, 0.4]
    # Positive: 0.9, 0.8, 0.7 -> tp=2, fp=1, fn=1, tn=4.
    assert cm.confusion_counts(y_true, y_score) == (2, 1, 4, 1)
    assert cm.precision(y_true, y_score) == pytest.approx(2 / 3)
    assert cm.recall(y_true, y_score) == pytest.approx(2 / 3)
    assert cm.specificity(y_true, y_score) == pytest.approx(4 / 5)
    assert cm.f1(y_true, y_score) == pytest.approx(2 / 3)
    # Pairs (positive, negative) ranked correctly: 0.9 and 0.8 beat all 5
    # negatives, 0.3 beats 0.2, 0.1, 0.1: (5 + 5 + 3) / 15.
    assert cm.roc_auc(y_true, y_score) == pytest.approx(13 / 15)


def test_zero_division_gives_zero():
    y_true, y_score = [0, 1, 0], [0.1, 0.2, 0.3]
    assert cm.precision(y_true, y_score) == 0.0
    assert cm.f1(y_true, y_score) == 0.0
    assert cm.recall([0, 0], [0.9, 0.1]) == 0.0
    assert cm.specificity([1, 1], [0.9, 0.1]) == 0.0


def test_array_of_thresholds_matches_one_at_a_time():
    y_true, y_score = make_binary_problem("tied", seed=7)
    thresholds = np.linspace(0, 1, 21)  # hits the tied score values exactly
    counts = cm.confusion_counts(y_true, y_score, thresholds)
    for field, values in counts._asdict().items():
        expected = [
            getattr(cm.confusion_counts(y_true, y_score, t), field) for t in thresholds
        ]
        np.testing.assert_array_equal(values, expected, err_msg=field)
    for metric in (cm.accuracy, cm.precision, cm.recall, cm.specificity, cm.f1):
        np.testing.assert_allclose(
            metric(y_true, y_score, thresholds),
            [metric(y_true, y_score, t) for t in thresholds],
        )


def test_accepts_column_vectors_and_bool_labels():
    y_true, y_score = make_binary_problem("balanced", seed=3)
    expected = sk.roc_auc_score(y_true, y_score)
    assert cm.roc_auc(y_true[:, None].astype(bool), y_score[:, None]) == (
        pytest.approx(expected)
    )
    assert cm.roc_auc(list(y_true), list(y_score)) == pytest.approx(expected)


def make_multiclass_problem(seed, n_classes=4, n=400):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, n_classes, n)
    logits = rng.normal(size=(n, n_classes)) + 1.2 * np.eye(n_classes)[y_true]
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y_true, probabilities


@pytest.mark.parametrize("average", ["macro", "weighted"])
@pytest.mark.parametrize("seed", [0, 1])
def test_one_vs_rest_auc_matches_sklearn(average, seed):
    y_true, y_score = make_multiclass_problem(seed)
    expected = sk.roc_auc_score(y_true, y_score, multi_class="ovr", average=average)
    assert cm.roc_auc(y_true, y_score, average=average) == pytest.approx(expected)
    one_hot = np.eye(y_score.shape[1])[y_true]
    assert cm.roc_auc(one_hot, y_score, average=average) == pytest.approx(expected)


def test_one_vs_rest_auc_per_class():
    y_true, y_score = make_multiclass_problem(seed=2, n_classes=3)
    expected = [sk.roc_auc_score(y_true == k, y_score[:, k]) for k in range(3)]
    np.testing.assert_allclose(cm.roc_auc(y_true, y_score, average=None), expected)


@pytest.mark.parametrize(
    "function",
    [cm.confusion_counts, cm.precision, cm.roc_curve, cm.roc_auc, cm.average_precision],
)
def test_mismatched_lengths_raise(function):
    with pytest.raises(ValueError, match="different lengths: 3 and 2"):
        function([0, 1, 1], [0.2, 0.8])


@pytest.mark.parametrize("bad_score", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("function", [cm.f1, cm.roc_auc, cm.precision_recall_curve])
def test_non_finite_scores_raise(function, bad_score):
    with pytest.raises(ValueError, match="NaN or infinite"):
        function([0, 1, 1], [0.2, bad_score, 0.9])


@pytest.mark.parametrize("labels", [[0, 1, 2], [-1, 1, 1], ["a", "b", "a"]])
@pytest.mark.parametrize("function", [cm.accuracy, cm.roc_auc, cm.average_precision])
def test_non_binary_labels_raise(function, labels):
    with pytest.raises(ValueError, match="y_true must be binary"):
        function(labels, [0.2, 0.5, 0.9])


@pytest.mark.parametrize("function", [cm.roc_auc, cm.roc_curve])
@pytest.mark.parametrize(
    "labels, only", [([1, 1, 1], "positive"), ([0, 0, 0], "negative")]
)
def test_single_class_raises_where_roc_undefined(function, labels, only):
    with pytest.raises(ValueError, match=f"Only one class present.*all {only}"):
        function(labels, [0.2, 0.5, 0.9])


@pytest.mark.parametrize("function", [cm.average_precision, cm.precision_recall_curve])
def test_no_positives_raises_where_pr_undefined(function):
    with pytest.raises(ValueError, match="No positive samples"):
        function([0, 0, 0], [0.2, 0.5, 0.9])


def test_precision_recall_curve_defined_with_only_positives():
    assert cm.average_precision([1, 1], [0.2, 0.9]) == 1.0


def test_multiclass_errors_name_the_problem():
    y_true, y_score = make_multiclass_problem(seed=0, n_classes=3, n=30)
    with pytest.raises(ValueError, match=r"integer class labels in \[0, 3\)"):
        cm.roc_auc(np.where(y_true == 2, 5, y_true), y_score)
    with pytest.raises(ValueError, match=r"Only one class present in y_true \(class 2"):
        cm.roc_auc(np.where(y_true == 2, 0, y_true), y_score)
    with pytest.raises(ValueError, match="average must be"):
        cm.roc_auc(y_true, y_score, average="micro")
    with pytest.raises(ValueError, match="1-D or a single column"):
        cm.precision(y_true, y_score)


def test_bad_threshold_raises():
    with pytest.raises(ValueError, match="threshold must be a finite number"):
        cm.precision([0, 1], [0.2, 0.8], threshold=np.nan)


def test_empty_input_raises():
    with pytest.raises(ValueError, match="empty"):
        cm.accuracy([], [])


ALL_BINARY_FUNCTIONS = [
    cm.confusion_counts,
    cm.accuracy,
    cm.precision,
    cm.recall,
    cm.specificity,
    cm.f1,
    cm.roc_curve,
    cm.roc_auc,
    cm.precision_recall_curve,
    cm.average_precision,
]


@pytest.mark.parametrize("function", ALL_BINARY_FUNCTIONS)
def test_object_labels_holding_none_raise_value_error(function):
    labels = np.array([0, None, 1], dtype=object)
    with pytest.raises(
        ValueError, match=r"y_true must be binary.*\[0, None, 1\] in an object"
    ):
        function(labels, [0.2, 0.5, 0.9])


def test_multiclass_object_labels_holding_none_raise_value_error():
    with pytest.raises(ValueError, match=r"class labels in \[0, 3\).*None"):
        cm.roc_auc(np.array([0, None, 2], dtype=object), np.eye(3))


def test_empty_multiclass_input_raises():
    with pytest.raises(ValueError, match=r"empty.*shape \(0, 3\)"):
        cm.roc_auc([], np.zeros((0, 3)))
    with pytest.raises(ValueError, match="empty"):
        cm.roc_auc(np.zeros((0, 3)), np.zeros((0, 3)))


@pytest.mark.parametrize(
    "function", [cm.accuracy, cm.roc_curve, cm.roc_auc, cm.average_precision]
)
def test_complex_scores_raise(function, recwarn):
    # scikit-learn rejects them; casting would drop the imaginary part.
    with pytest.raises(ValueError, match="y_score must be real; got complex"):
        function([0, 1, 1], np.array([0.2, 0.5, 0.9]) + 0.1j)
    assert not recwarn.list


def test_complex_multiclass_scores_raise():
    with pytest.raises(ValueError, match="must be real"):
        cm.roc_auc([0, 1, 2], np.eye(3) + 0j)


@pytest.mark.parametrize("dtype", [np.int64, np.uint64])
def test_integer_scores_beyond_2_53_are_ranked_exactly(dtype):
    # float64 rounds 2**60 + k to a multiple of 256: all ties if cast.
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, 200)
    y_true[:2] = [0, 1]
    y_score = (2**60 + rng.permutation(200)).astype(dtype)
    assert len(np.unique(y_score.astype(np.float64))) < 10

    assert cm.roc_auc(y_true, y_score) == pytest.approx(
        sk.roc_auc_score(y_true, y_score), abs=1e-12
    )
    assert cm.roc_auc(y_true, y_score) != pytest.approx(0.5, abs=0.02)
    assert cm.average_precision(y_true, y_score) == pytest.approx(
        sk.average_precision_score(y_true, y_score), abs=1e-12
    )
    fpr, tpr, _ = cm.roc_curve(y_true, y_score)
    sk_fpr, sk_tpr, _ = sk.roc_curve(y_true, y_score, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)


def test_thresholds_compare_exactly_with_large_integer_scores():
    y_true = np.array([0, 1, 0, 1, 1, 0])
    y_score = 2**60 + np.array([0, 300, 100, 600, 255, 900], dtype=np.int64)
    thresholds = np.array([2.0**60 + 256, 2.0**60, -1e30, 1e30, 2.0**64])
    for t in thresholds:
        # Python compares int and float exactly: the reference.
        predicted = np.array([int(s) > float(t) for s in y_score])
        expected = (
            int(np.sum(predicted & (y_true == 1))),
            int(np.sum(predicted & (y_true == 0))),
        )
        assert cm.confusion_counts(y_true, y_score, t)[:2] == expected
    counts = cm.confusion_counts(y_true, y_score, thresholds)
    np.testing.assert_array_equal(
        counts.tp, [cm.confusion_counts(y_true, y_score, t).tp for t in thresholds]
    )
    np.testing.assert_array_equal(counts.tp, [2, 3, 3, 0, 0])
