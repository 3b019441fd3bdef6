import csv
import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_lib.callbacks import ActivationMonitor
from course_lib.callbacks import GradientNormMonitor
from course_lib.callbacks import WeightNormMonitor


def make_classification(samples=96, features=6, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, features)).astype("float32")
    y = rng.integers(0, classes, size=samples)
    return x, y


def reference_gradient_norms(model, x, y):
    """Per-variable gradient norms of cross-entropy + regularization."""
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        y_pred = model(x, training=False)
        loss = loss_fn(y, y_pred) + tf.add_n(model.losses)
    gradients = tape.gradient(loss, model.trainable_variables)
    return [float(tf.norm(gradient)) for gradient in gradients]


class ReferenceGradientNorms(keras.callbacks.Callback):
    """Computes, after every batch, the norms a GradientTape gives."""

    def __init__(self, x, y):
        super().__init__()
        self.x, self.y = x, y
        self.records = []

    def on_train_batch_end(self, batch, logs=None):
        self.records.append(reference_gradient_norms(self.model, self.x, self.y))


class KernelSpy(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.kernels = []

    def on_epoch_end(self, epoch, logs=None):
        self.kernels.append(
            {
                layer.name: np.array(layer.kernel.numpy(), copy=True)
                for layer in self.model.layers
                if hasattr(layer, "kernel")
            }
        )


# GradientNormMonitor ------------------------------------------------------


def test_gradient_norms_match_a_gradient_tape():
    x, y = make_classification()
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(
                16, activation="relu", kernel_regularizer="l2", name="hidden"
            ),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(3, activation="softmax", name="head"),
        ]
    )
    model.compile(keras.optimizers.Adam(1e-2), "sparse_categorical_crossentropy")
    probe_x, probe_y = x[:32], y[:32]
    monitor = GradientNormMonitor(probe_x, probe_y, every_n_batches=3)
    reference = ReferenceGradientNorms(probe_x, probe_y)
    # 6 batches per epoch, 2 epochs: records after batches 3, 6, 9 and 12.
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, callbacks=[monitor, reference])

    assert monitor.steps == [3, 6, 9, 12]
    keys = ["hidden/kernel", "hidden/bias", "head/kernel", "head/bias"]
    assert list(monitor.history) == keys
    for record, step in enumerate(monitor.steps):
        expected = reference.records[step - 1]
        measured = [monitor.history[key][record] for key in keys]
        np.testing.assert_allclose(measured, expected, rtol=1e-5)
    # The norms change as the weights train.
    assert monitor.history["hidden/kernel"][0] != monitor.history["hidden/kernel"][-1]
    # One trace for the whole run: the probe is a compiled function.
    assert monitor._norm_function.experimental_get_tracing_count() == 1


def test_gradient_history_read_mid_epoch_holds_every_record_so_far():
    # Norms stay on the device until read; reading must never lose or delay one.
    x, y = make_classification()
    model = keras.Sequential(
        [keras.Input((6,)), keras.layers.Dense(3, activation="softmax", name="head")]
    )
    model.compile("sgd", "sparse_categorical_crossentropy")
    monitor = GradientNormMonitor(x[:16], y[:16], every_n_batches=2)
    seen = []

    class ReadEveryBatch(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((list(monitor.steps), len(monitor.history.get("head/kernel", []))))

    model.fit(x, y, batch_size=16, epochs=1, verbose=0, callbacks=[monitor, ReadEveryBatch()])
    # Batch k's record is taken when batch k + 1 starts, so it shows from then on.
    assert seen == [([], 0), ([], 0), ([2], 1), ([2], 1), ([2, 4], 2), ([2, 4], 2)]
    assert monitor.steps == [2, 4, 6]


def test_keys_cover_every_trainable_weight_of_a_functional_model():
    inputs = keras.Input((8, 8, 1))
    hidden = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    hidden = keras.layers.BatchNormalization(name="norm")(hidden)
    hidden = keras.layers.GlobalAveragePooling2D()(hidden)
    outputs = keras.layers.Dense(1, name="head")(hidden)
    model = keras.Model(inputs, outputs)
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).normal(size=(16, 8, 8, 1)).astype("float32")
    y = np.zeros((16, 1), "float32")
    monitor = GradientNormMonitor(x[:4], y[:4])
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[monitor])

    assert list(monitor.history) == [
        "conv/kernel",
        "conv/bias",
        "norm/gamma",
        "norm/beta",
        "head/kernel",
        "head/bias",
    ]
    assert len(monitor.history) == len(model.trainable_variables)
    assert all(len(norms) == 2 for norms in monitor.history.values())


def test_a_deep_sigmoid_network_has_vanishing_gradients():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 10)).astype("float32")
    y = rng.integers(0, 2, size=64)
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [keras.Input((10,))]
        + [keras.layers.Dense(16, activation="sigmoid") for _ in range(7)]
        + [keras.layers.Dense(2, activation="softmax")]
    )
    model.compile("sgd", "sparse_categorical_crossentropy")
    monitor = GradientNormMonitor(x, y)
    model.fit(x, y, batch_size=32, epochs=1, verbose=0, callbacks=[monitor])

    kernels = [key for key in monitor.history if key.endswith("/kernel")]
    assert len(kernels) == 8
    first = monitor.history[kernels[0]][-1]
    last = monitor.history[kernels[-1]][-1]
    assert first * 10 <= last


def test_gradient_norms_export_to_json_and_csv(tmp_path):
    x, y = make_classification(samples=32)
    model = keras.Sequential(
        [keras.Input((6,)), keras.layers.Dense(3, activation="softmax")]
    )
    model.compile("sgd", "sparse_categorical_crossentropy")
    monitor = GradientNormMonitor(x[:8], y[:8])
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[monitor])

    monitor.to_json(tmp_path / "norms.json")
    with open(tmp_path / "norms.json") as file:
        records = json.load(file)
    assert records["step"] == [1, 2, 3, 4]
    assert records["history"] == dict(monitor.history)

    monitor.to_csv(tmp_path / "norms.csv")
    with open(tmp_path / "norms.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [int(row["step"]) for row in rows] == [1, 2, 3, 4]
    for key, norms in monitor.history.items():
        assert [float(row[key]) for row in rows] == norms


@pytest.mark.parametrize("every_n_batches", [0, -1, 2.5, True])
def test_gradient_monitor_validates_its_frequency(every_n_batches):
    with pytest.raises(ValueError, match="every_n_batches"):
        GradientNormMonitor(np.zeros((2, 3)), np.zeros(2), every_n_batches)


def test_gradient_monitor_rejects_mismatched_probe_batch():
    with pytest.raises(ValueError, match="same number of samples"):
        GradientNormMonitor(np.zeros((4, 3)), np.zeros(3))


# ActivationMonitor --------------------------------------------------------


def numpy_forward(x, layer):
    kernel, bias = (weight.numpy() for weight in layer.weights)
    return x @ kernel + bias


def test_activation_monitor_counts_dead_relu_units_exactly():
    rng = np.random.default_rng(2)
    x = rng.uniform(0.0, 1.0, size=(64, 5)).astype("float32")
    y = rng.normal(size=(64, 1)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((5,)),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dense(1, name="head"),
        ]
    )
    # Units 0-2 get a zero kernel column and a negative bias: they output 0
    # for every input and, with a zero gradient, stay dead. The others get
    # positive weights on positive inputs, so they stay alive.
    kernel = rng.uniform(0.1, 0.5, size=(5, 8)).astype("float32")
    kernel[:, :3] = 0.0
    bias = np.full(8, 0.5, "float32")
    bias[:3] = -1.0
    model.get_layer("hidden").set_weights([kernel, bias])
    model.compile(keras.optimizers.SGD(1e-3), "mse")

    monitor = ActivationMonitor(x[:32], every_n_epochs=2)
    model.fit(x, y, batch_size=16, epochs=4, verbose=0, callbacks=[monitor])

    assert monitor.epochs == [1, 3]
    hidden = monitor.history["hidden"]
    assert hidden["dead_fraction"] == [3 / 8, 3 / 8]
    assert hidden["saturated_fraction"] == [None, None]
    assert monitor.history["head"]["dead_fraction"] == [None, None]
    outputs = np.maximum(numpy_forward(x[:32], model.get_layer("hidden")), 0.0)
    assert np.all(outputs[:, :3] == 0) and np.all(outputs[:, 3:] > 0)
    assert hidden["mean"][-1] == pytest.approx(outputs.mean(), rel=1e-5)
    assert hidden["std"][-1] == pytest.approx(outputs.std(), rel=1e-5)


def test_activation_monitor_counts_saturated_units_by_majority():
    rng = np.random.default_rng(3)
    samples = 40
    x = rng.normal(scale=0.1, size=(samples, 4)).astype("float32")
    # Feature 2 is 1 for 60% of the samples and feature 3 for 40%.
    x[:, 2] = np.arange(samples) < 24
    x[:, 3] = np.arange(samples) < 16
    y = rng.normal(size=(samples, 1)).astype("float32")
    inputs = keras.Input((4,))
    sigmoid = keras.layers.Dense(6, activation="sigmoid", name="sigmoid")(inputs)
    tanh = keras.layers.Dense(4, name="linear")(inputs)
    tanh = keras.layers.Activation("tanh", name="tanh")(tanh)
    outputs = keras.layers.Dense(1, name="head")(
        keras.layers.Concatenate()([sigmoid, tanh])
    )
    model = keras.Model(inputs, outputs)

    kernel = np.zeros((4, 6), "float32")
    kernel[:2, 4:] = rng.normal(scale=0.1, size=(2, 2))
    bias = np.zeros(6, "float32")
    bias[0], bias[1] = 10.0, -10.0  # always near 1, always near 0
    kernel[2, 2] = 20.0  # near 1 for 60% of samples, 0.5 otherwise
    kernel[3, 3] = 20.0  # near 1 for 40% of samples only
    model.get_layer("sigmoid").set_weights([kernel, bias])
    linear_kernel = rng.normal(scale=0.1, size=(4, 4)).astype("float32")
    linear_bias = np.array([5.0, 0.0, 0.0, -5.0], "float32")
    model.get_layer("linear").set_weights([linear_kernel, linear_bias])
    model.compile(keras.optimizers.SGD(1e-4), "mse")

    monitor = ActivationMonitor(x)
    model.fit(x, y, batch_size=20, epochs=2, verbose=0, callbacks=[monitor])

    # Units 0, 1 and 2 of the sigmoid layer are saturated; 3 is not (40%).
    assert monitor.history["sigmoid"]["saturated_fraction"] == [3 / 6, 3 / 6]
    assert monitor.history["tanh"]["saturated_fraction"] == [2 / 4, 2 / 4]
    assert monitor.history["linear"]["saturated_fraction"] == [None, None]
    activations = 1 / (1 + np.exp(-numpy_forward(x, model.get_layer("sigmoid"))))
    near_bound = (activations <= 0.01) | (activations >= 0.99)
    np.testing.assert_array_equal(
        near_bound.mean(axis=0) > 0.5, [True, True, True, False, False, False]
    )
    assert monitor.history["sigmoid"]["mean"][-1] == pytest.approx(
        activations.mean(), rel=1e-5
    )


def test_activation_monitor_counts_dead_convolution_channels():
    rng = np.random.default_rng(4)
    x = rng.uniform(0.0, 1.0, size=(16, 6, 6, 1)).astype("float32")
    y = rng.normal(size=(16, 1)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((6, 6, 1)),
            keras.layers.Conv2D(4, 3, name="conv"),
            keras.layers.ReLU(name="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(1),
        ]
    )
    kernel = rng.uniform(0.1, 0.5, size=(3, 3, 1, 4)).astype("float32")
    kernel[..., 1] = 0.0
    bias = np.array([0.1, -1.0, 0.1, 0.1], "float32")
    model.get_layer("conv").set_weights([kernel, bias])
    model.compile(keras.optimizers.SGD(1e-4), "mse")
    monitor = ActivationMonitor(x)
    model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[monitor])

    assert monitor.history["relu"]["dead_fraction"] == [1 / 4]
    assert monitor.history["conv"]["dead_fraction"] == [None]


def test_activation_monitor_exports_with_missing_statistics_as_empty(tmp_path):
    x, y = make_classification(samples=32)
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(4, activation="relu", name="hidden"),
            keras.layers.Dense(3, activation="softmax", name="head"),
        ]
    )
    model.compile("sgd", "sparse_categorical_crossentropy")
    monitor = ActivationMonitor(x)
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, callbacks=[monitor])

    monitor.to_json(tmp_path / "activations.json")
    with open(tmp_path / "activations.json") as file:
        records = json.load(file)
    assert records["epoch"] == [0, 1]
    assert records["history"]["hidden"] == monitor.history["hidden"]
    assert records["history"]["head"]["dead_fraction"] == [None, None]

    monitor.to_csv(tmp_path / "activations.csv")
    with open(tmp_path / "activations.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    means = [float(row["hidden/mean"]) for row in rows]
    assert means == monitor.history["hidden"]["mean"]
    assert [row["head/dead_fraction"] for row in rows] == ["", ""]


def test_activation_monitor_needs_defined_inputs():
    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, inputs):
            return self.dense(inputs)

    model = Subclassed()
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="Functional or Sequential"):
        model.fit(
            np.zeros((4, 2)),
            np.zeros((4, 1)),
            epochs=1,
            verbose=0,
            callbacks=[ActivationMonitor(np.zeros((2, 2)))],
        )


# WeightNormMonitor --------------------------------------------------------


def test_weight_norms_equal_numpy_norms_of_the_kernels(tmp_path):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(32, 6, 6, 2)).astype("float32")
    y = rng.normal(size=(32, 1)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((6, 6, 2)),
            keras.layers.Conv2D(3, 3, name="conv"),
            keras.layers.Flatten(),
            keras.layers.Dense(4, name="dense"),
            keras.layers.Dense(1, name="head"),
        ]
    )
    model.compile(keras.optimizers.SGD(1e-2), "mse")
    monitor = WeightNormMonitor()
    spy = KernelSpy()
    model.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[monitor, spy])

    assert list(monitor.history) == ["conv", "dense", "head"]
    assert monitor.epochs == [0, 1, 2]
    for name, norms in monitor.history.items():
        expected = [np.linalg.norm(kernels[name]) for kernels in spy.kernels]
        np.testing.assert_allclose(norms, expected, rtol=1e-6)
    assert monitor.history["conv"][0] != monitor.history["conv"][-1]

    monitor.to_csv(tmp_path / "weights.csv")
    with open(tmp_path / "weights.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [float(row["dense"]) for row in rows] == monitor.history["dense"]


def test_weight_norm_monitor_starts_over_for_another_model():
    x = np.zeros((8, 3), "float32")
    y = np.zeros((8, 1), "float32")
    monitor = WeightNormMonitor()
    for name in ("first", "second"):
        model = keras.Sequential(
            [keras.Input((3,)), keras.layers.Dense(1, name=name)]
        )
        model.compile("sgd", "mse")
        model.fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[monitor])
    assert list(monitor.history) == ["second"]
    assert monitor.epochs == [0]
