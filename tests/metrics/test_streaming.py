"""Streaming Keras metrics against scikit-learn on whole-epoch predictions."""

import keras
import numpy as np
import pytest
from sklearn import metrics as sk

from course_lib.metrics import streaming

THRESHOLD_METRICS = {
    streaming.BinaryPrecision: lambda y, p: sk.precision_score(y, p, zero_division=0),
    streaming.BinaryRecall: lambda y, p: sk.recall_score(y, p, zero_division=0),
    streaming.BinaryF1: lambda y, p: sk.f1_score(y, p, zero_division=0),
    streaming.BinarySpecificity: lambda y, p: sk.recall_score(
        y, p, pos_label=0, zero_division=0
    ),
}
ALL_METRICS = [*THRESHOLD_METRICS, streaming.ROCAUC, streaming.PRAUC]


def make_scores(n, seed, positive_rate=0.3, decimals=None):
    rng = np.random.default_rng(seed)
    y_true = (rng.random(n) < positive_rate).astype("float32")
    logits = rng.normal(size=n) + 1.5 * y_true - 0.5
    y_score = (1.0 / (1.0 + np.exp(-logits))).astype("float32")
    if decimals is not None:
        y_score = np.round(y_score, decimals)
    return y_true, y_score


def accumulate(metric, y_true, y_score, batch_size, sample_weight=None):
    for start in range(0, len(y_true), batch_size):
        batch = slice(start, start + batch_size)
        weight = None if sample_weight is None else sample_weight[batch]
        # Column vectors, as a Dense(1, "sigmoid") model produces them.
        metric.update_state(y_true[batch, None], y_score[batch, None], weight)
    return float(metric.result())


@pytest.mark.parametrize("metric_class", list(THRESHOLD_METRICS))
@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_threshold_metrics_match_sklearn_over_batches(metric_class, threshold):
    # Scores rounded to 0.1 put many samples exactly on the threshold.
    y_true, y_score = make_scores(1000, seed=0, decimals=1)
    result = accumulate(metric_class(threshold=threshold), y_true, y_score, 64)
    expected = THRESHOLD_METRICS[metric_class](y_true, y_score > threshold)
    assert result == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("n", [1_000, 10_000, 100_000])
@pytest.mark.parametrize("positive_rate", [0.5, 0.1])
def test_roc_auc_within_1e3_of_sklearn(n, positive_rate):
    y_true, y_score = make_scores(n, seed=n, positive_rate=positive_rate)
    result = accumulate(streaming.ROCAUC(), y_true, y_score, batch_size=n // 10)
    assert result == pytest.approx(sk.roc_auc_score(y_true, y_score), abs=1e-3)


def make_over_confident_scores(n, seed, positive_rate, logit_scale):
    """Scores of a trained, over-confident classifier: large logits.

    With `logit_scale=8`, about a third of the scores lie within 1e-4 of 0
    or 1; with 12, about half.
    """
    rng = np.random.default_rng(seed)
    y_true = (rng.random(n) < positive_rate).astype("float32")
    logits = logit_scale * (rng.normal(size=n) + 1.5 * y_true - 0.5)
    y_score = (1.0 / (1.0 + np.exp(-logits))).astype("float32")
    return y_true, y_score


@pytest.mark.parametrize("n", [10_000, 100_000])
@pytest.mark.parametrize("logit_scale", [8.0, 12.0])
def test_roc_auc_within_1e3_of_sklearn_for_over_confident_scores(
    n, logit_scale
):
    y_true, y_score = make_over_confident_scores(n, n, 0.3, logit_scale)
    confident = (y_score < 1e-4) | (y_score > 1.0 - 1e-4)
    assert confident.mean() > 0.3
    # Equal-width bins on the probability were off by 4e-3 to 1.5e-2 here.
    result = accumulate(streaming.ROCAUC(), y_true, y_score, batch_size=n // 10)
    assert result == pytest.approx(sk.roc_auc_score(y_true, y_score), abs=1e-3)
    pr = accumulate(streaming.PRAUC(), y_true, y_score, batch_size=n // 10)
    expected = sk.average_precision_score(y_true, y_score)
    assert pr == pytest.approx(expected, abs=1e-2)


def test_bins_are_narrow_in_probability_and_in_logit():
    num_bins = 10_000
    # float32 probabilities, as the metric bins them, up to where float32
    # still tells them apart from 1; their logits are taken exactly.
    grid = np.linspace(-16.0, 16.0, 100_001)
    probabilities = (1.0 / (1.0 + np.exp(-grid))).astype("float32")
    p = probabilities.astype("float64")
    logits = np.log(p) - np.log1p(-p)
    bins = np.floor(
        np.asarray(streaming.score_bin_positions(probabilities)) * num_bins
    )
    assert np.all(np.diff(bins) >= 0), "binning must keep the score order"
    # Scores in the same bin are at most 2 / num_bins apart in probability
    # and 4 * LOGIT_LIMIT / num_bins apart in logit.
    starts = np.flatnonzero(np.diff(bins, prepend=-1))
    ends = np.append(starts[1:], bins.size) - 1  # bins are sorted
    widths = {
        "probability": (p[ends] - p[starts], 2.0 / num_bins),
        "logit": (
            logits[ends] - logits[starts],
            4 * streaming.LOGIT_LIMIT / num_bins,
        ),
    }
    for name, (width, bound) in widths.items():
        assert width.max() <= bound * 1.001, name


@pytest.mark.parametrize("n", [1_000, 10_000, 100_000])
@pytest.mark.parametrize("positive_rate", [0.5, 0.1])
def test_pr_auc_within_1e2_of_average_precision(n, positive_rate):
    y_true, y_score = make_scores(n, seed=n + 1, positive_rate=positive_rate)
    result = accumulate(streaming.PRAUC(), y_true, y_score, batch_size=n // 10)
    expected = sk.average_precision_score(y_true, y_score)
    assert result == pytest.approx(expected, abs=1e-2)


def test_histogram_metrics_are_exact_when_each_bin_holds_one_score():
    # Scores rounded to 0.1 are two bins of 0.05 apart, so float32 rounding
    # cannot merge two of them into one bin, and the histogram loses nothing.
    y_true, y_score = make_scores(500, seed=3, decimals=1)
    roc = accumulate(streaming.ROCAUC(num_bins=20), y_true, y_score, 50)
    pr = accumulate(streaming.PRAUC(num_bins=20), y_true, y_score, 50)
    assert roc == pytest.approx(sk.roc_auc_score(y_true, y_score), abs=1e-6)
    assert pr == pytest.approx(sk.average_precision_score(y_true, y_score), abs=1e-6)


def test_sample_weight_matches_sklearn():
    y_true, y_score = make_scores(600, seed=4)
    weight = np.random.default_rng(4).uniform(0.1, 2.0, size=600).astype("float32")
    precision = accumulate(
        streaming.BinaryPrecision(), y_true, y_score, 100, sample_weight=weight
    )
    roc = accumulate(streaming.ROCAUC(), y_true, y_score, 100, sample_weight=weight)
    assert precision == pytest.approx(
        sk.precision_score(y_true, y_score > 0.5, sample_weight=weight), abs=1e-5
    )
    assert roc == pytest.approx(
        sk.roc_auc_score(y_true, y_score, sample_weight=weight), abs=1e-3
    )


@pytest.mark.parametrize("metric_class", ALL_METRICS)
def test_reset_state_starts_over(metric_class):
    first_true, first_score = make_scores(300, seed=5)
    second_true, second_score = make_scores(300, seed=6)
    metric = metric_class()
    accumulate(metric, first_true, first_score, 100)
    metric.reset_state()
    assert all(np.all(variable.numpy() == 0) for variable in metric.variables)
    fresh = accumulate(metric_class(), second_true, second_score, 100)
    assert accumulate(metric, second_true, second_score, 100) == pytest.approx(fresh)


@pytest.mark.parametrize("metric_class", ALL_METRICS)
def test_empty_state_gives_zero(metric_class):
    assert float(metric_class().result()) == 0.0


@pytest.mark.parametrize(
    "metric",
    [
        streaming.BinaryPrecision(threshold=0.3, name="precision_at_0_3"),
        streaming.BinaryRecall(threshold=0.7),
        streaming.BinaryF1(),
        streaming.BinarySpecificity(threshold=0.6),
        streaming.ROCAUC(num_bins=2000),
        streaming.PRAUC(num_bins=3000, name="average_precision"),
    ],
    ids=lambda metric: type(metric).__name__,
)
def test_config_round_trip(metric):
    config = metric.get_config()
    assert type(metric).from_config(config).get_config() == config

    serialized = keras.saving.serialize_keras_object(metric)
    assert serialized["registered_name"] == f"course_lib>{type(metric).__name__}"
    restored = keras.saving.deserialize_keras_object(serialized)
    assert type(restored) is type(metric)
    assert restored.get_config() == config


def test_invalid_arguments_raise():
    with pytest.raises(ValueError, match=r"threshold must be in \[0, 1\]"):
        streaming.BinaryF1(threshold=1.5)
    with pytest.raises(ValueError, match="num_bins must be an integer >= 2"):
        streaming.ROCAUC(num_bins=1)


@pytest.mark.slow
def test_compile_fit_evaluate_reports_whole_dataset_metrics(tmp_path):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    features = rng.normal(size=(512, 8)).astype("float32")
    labels = (features[:, 0] + 0.5 * rng.normal(size=512) > 0.3).astype("float32")
    model = keras.Sequential(
        [keras.Input(shape=(8,)), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss="binary_crossentropy",
        metrics=[
            streaming.BinaryPrecision(),
            streaming.BinaryRecall(),
            streaming.BinaryF1(),
            streaming.BinarySpecificity(),
            streaming.ROCAUC(),
            streaming.PRAUC(),
        ],
    )
    history = model.fit(features, labels, batch_size=64, epochs=2, verbose=0)
    assert {"precision", "recall", "f1", "specificity", "roc_auc", "pr_auc"} <= set(
        history.history
    )

    # Batches of 50 do not divide 512: the last, short batch must count too.
    results = model.evaluate(
        features, labels, batch_size=50, verbose=0, return_dict=True
    )
    scores = model.predict(features, batch_size=512, verbose=0)[:, 0]
    predicted = scores > 0.5
    expected = {
        "precision": sk.precision_score(labels, predicted, zero_division=0),
        "recall": sk.recall_score(labels, predicted),
        "f1": sk.f1_score(labels, predicted),
        "specificity": sk.recall_score(labels, predicted, pos_label=0),
        "roc_auc": sk.roc_auc_score(labels, scores),
    }
    for name, value in expected.items():
        assert results[name] == pytest.approx(value, abs=1e-3), name
    assert results["pr_auc"] == pytest.approx(
        sk.average_precision_score(labels, scores), abs=1e-2
    )

    path = tmp_path / "model.keras"
    model.save(path)
    reloaded = keras.saving.load_model(path)
    reloaded_results = reloaded.evaluate(
        features, labels, batch_size=50, verbose=0, return_dict=True
    )
    for name in expected:
        assert reloaded_results[name] == pytest.approx(results[name], abs=1e-6)
