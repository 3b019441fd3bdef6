import csv
import json
import math

import keras
import numpy as np
import pytest

from course_lib.callbacks import LRFinder


def make_regression(samples=64, features=4, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, features)).astype("float32")
    y = (x @ rng.normal(size=(features, 1)) + 0.1).astype("float32")
    return x, y


def make_model(optimizer, features=4, batch_norm=True, seed=0):
    keras.utils.set_random_seed(seed)
    layers = [keras.Input((features,)), keras.layers.Dense(8, activation="relu")]
    if batch_norm:
        layers.append(keras.layers.BatchNormalization())
    model = keras.Sequential([*layers, keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    return model


def snapshot(variables):
    return [np.array(variable.numpy(), copy=True) for variable in variables]


class WeightSpy(keras.callbacks.Callback):
    """Keeps the weights as they are at the last batch of training."""

    def on_train_batch_end(self, batch, logs=None):
        self.last_weights = snapshot(self.model.weights)


class BatchCounter(keras.callbacks.Callback):
    """Counts training batches and reads the learning rate each one used."""

    def __init__(self):
        super().__init__()
        self.learning_rates = []

    def on_train_batch_end(self, batch, logs=None):
        self.learning_rates.append(float(self.model.optimizer.learning_rate))


def test_learning_rates_are_exponential_and_training_stops_at_num_steps():
    x, y = make_regression()
    model = make_model(keras.optimizers.SGD(1e-3))
    finder = LRFinder(min_lr=1e-4, max_lr=1e-1, num_steps=12, stop_factor=1e6)
    counter = BatchCounter()
    # 8 batches per epoch over 3 epochs: 24 available, 12 used.
    model.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[finder, counter])

    expected = 1e-4 * (1e-1 / 1e-4) ** (np.arange(12) / 11)
    np.testing.assert_allclose(finder.lrs, expected, rtol=1e-12)
    assert finder.lrs[0] == pytest.approx(1e-4)
    assert finder.lrs[-1] == pytest.approx(1e-1)
    # The optimizer really trained with those rates, and only for num_steps.
    assert len(counter.learning_rates) == 12
    np.testing.assert_allclose(counter.learning_rates, expected, rtol=1e-6)


def test_restores_weights_and_optimizer_state_bit_for_bit():
    x, y = make_regression()
    model = make_model(keras.optimizers.Adam(learning_rate=2e-3))
    # Train first, so the Adam moments, the iteration count and the
    # batch-norm statistics hold values the range test would change.
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    weights_before = snapshot(model.weights)
    optimizer_before = snapshot(model.optimizer.variables)

    finder = LRFinder(min_lr=1e-3, max_lr=1.0, num_steps=10)
    spy = WeightSpy()
    model.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[finder, spy])

    assert len(finder.lrs) > 1
    trained = zip(spy.last_weights, weights_before)
    changed = [not np.array_equal(during, before) for during, before in trained]
    assert any(changed), "the range test should have trained the model"
    assert len(model.weights) == len(weights_before)
    for variable, before in zip(model.weights, weights_before):
        np.testing.assert_array_equal(variable.numpy(), before, variable.path)
    assert len(model.optimizer.variables) == len(optimizer_before)
    for variable, before in zip(model.optimizer.variables, optimizer_before):
        np.testing.assert_array_equal(variable.numpy(), before, variable.path)
    assert int(model.optimizer.iterations) == 8
    assert float(model.optimizer.learning_rate) == np.float32(2e-3)


def test_restores_an_optimizer_that_had_not_been_built():
    x, y = make_regression()
    model = make_model(keras.optimizers.Adam(learning_rate=1e-3))
    weights_before = snapshot(model.weights)

    finder = LRFinder(num_steps=5)
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[finder])

    for variable, before in zip(model.weights, weights_before):
        np.testing.assert_array_equal(variable.numpy(), before)
    assert int(model.optimizer.iterations) == 0
    assert float(model.optimizer.learning_rate) == np.float32(1e-3)
    slots = [v for v in model.optimizer.variables if "iteration" not in v.path]
    slots = [v for v in slots if "learning_rate" not in v.path]
    assert slots, "Adam's moments should exist after the range test"
    for slot in slots:
        np.testing.assert_array_equal(slot.numpy(), 0.0)


def test_records_each_batch_loss_and_its_bias_corrected_average():
    x, y = make_regression()
    model = make_model(keras.optimizers.SGD(1e-3), batch_norm=False)
    first_batch_loss = np.mean((model.predict(x[:8], verbose=0) - y[:8]) ** 2)
    finder = LRFinder(min_lr=1e-4, max_lr=1e-2, num_steps=8, smoothing=0.9)
    model.fit(
        x, y, batch_size=8, epochs=1, shuffle=False, verbose=0, callbacks=[finder]
    )

    # Keras' logs["loss"] averages over the epoch; the finder must not.
    assert finder.raw_losses[0] == pytest.approx(first_batch_loss, rel=1e-5)
    average = 0.0
    for step, (raw, smoothed) in enumerate(zip(finder.raw_losses, finder.losses)):
        average = 0.9 * average + 0.1 * raw
        assert smoothed == pytest.approx(average / (1 - 0.9 ** (step + 1)))


def test_stops_when_the_loss_diverges():
    x, y = make_regression(samples=256)
    model = make_model(keras.optimizers.SGD(1e-3))
    finder = LRFinder(min_lr=1e-3, max_lr=1e3, num_steps=64, stop_factor=4.0)
    model.fit(x, y, batch_size=4, epochs=1, verbose=0, callbacks=[finder])

    losses = finder.losses
    assert len(losses) < 64
    best_before_last = min(losses[:-1])
    assert not math.isfinite(losses[-1]) or losses[-1] > 4.0 * best_before_last
    # No earlier step met the stopping rule.
    for step in range(1, len(losses) - 1):
        assert losses[step] <= 4.0 * min(losses[:step])


def test_suggestion_is_the_steepest_descent_before_the_minimum():
    finder = LRFinder(min_lr=1e-4, max_lr=100.0, num_steps=7)
    finder.lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]
    # One step is a decade, so the half-decade window is one step. Slopes per
    # decade up to the minimum (index 4): -0.05, -0.45, -0.9, -0.1. The
    # steeper fall from 3.0 to 0.6 comes after the minimum, where the rule
    # does not look.
    finder.losses = [2.0, 1.95, 1.5, 0.6, 0.5, 3.0, 0.6]
    assert finder.suggestion == pytest.approx(1e-2)

    finder.lrs, finder.losses = [1e-4, 1e-3, 1e-2], [1.0, 2.0, 3.0]
    assert finder.suggestion == pytest.approx(1e-4)
    finder.lrs, finder.losses = [1e-4], [1.0]
    assert finder.suggestion is None


def test_suggestion_ignores_a_noisy_dip_among_the_first_batches():
    finder = LRFinder(min_lr=1e-5, max_lr=10.0, num_steps=100)
    finder.lrs = np.logspace(-5, 1, 100).tolist()
    log_lrs = np.log10(finder.lrs)
    # Flat until 1e-2, a fall to 2.1 by 3e-1, divergence after 1; one noisy
    # blip at the second batch is steeper, point to point, than the real fall.
    losses = 2.8 - 0.7 * np.clip((log_lrs + 2) / 1.5, 0, 1)
    losses = np.where(log_lrs > 0, 2.1 + 5 * log_lrs, losses)
    losses[1] -= 0.1
    finder.losses = losses.tolist()
    assert 1e-2 < finder.suggestion < 3e-1


def test_plot_uses_a_log_axis_and_marks_the_suggestion():
    x, y = make_regression()
    model = make_model(keras.optimizers.SGD(1e-3))
    finder = LRFinder(min_lr=1e-4, max_lr=1.0, num_steps=8)
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[finder])

    ax = finder.plot()
    assert ax.get_xscale() == "log"
    curve = ax.get_lines()[0]
    np.testing.assert_allclose(curve.get_xdata(), finder.lrs)
    np.testing.assert_allclose(curve.get_ydata(), finder.losses)
    marker = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert marker and marker[0].get_xdata()[0] == finder.suggestion


def test_exports_to_json_and_csv(tmp_path):
    x, y = make_regression()
    model = make_model(keras.optimizers.SGD(1e-3))
    finder = LRFinder(min_lr=1e-4, max_lr=1.0, num_steps=5)
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[finder])

    finder.to_json(tmp_path / "finder.json")
    with open(tmp_path / "finder.json") as file:
        records = json.load(file)
    assert records["step"] == [0, 1, 2, 3, 4]
    assert records["history"]["lr"] == finder.lrs
    assert records["history"]["loss"] == finder.losses

    finder.to_csv(tmp_path / "finder.csv")
    with open(tmp_path / "finder.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [float(row["raw_loss"]) for row in rows] == finder.raw_losses


def test_rejects_a_learning_rate_schedule():
    x, y = make_regression()
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-2, 10, 0.9)
    model = make_model(keras.optimizers.SGD(schedule))
    with pytest.raises(ValueError, match="LearningRateSchedule"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[LRFinder(num_steps=3)])


def test_rejects_a_model_without_weights_yet():
    x, y = make_regression()
    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="built model"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[LRFinder(num_steps=3)])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min_lr": 0.0}, "min_lr"),
        ({"min_lr": 1.0, "max_lr": 0.1}, "greater than `min_lr`"),
        ({"num_steps": 1}, "num_steps"),
        ({"num_steps": 10.5}, "num_steps"),
        ({"smoothing": 1.0}, "smoothing"),
        ({"stop_factor": 1.0}, "stop_factor"),
    ],
)
def test_validates_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LRFinder(**kwargs)
