"""DropConnectDense: weight masks in training, a plain dense layer otherwise."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_lib.layers import DropConnectDense

Z = 5.0


def make_layer(rate, d_in=64, units=96, seed=0, **kwargs):
    layer = DropConnectDense(units, rate, seed=seed, **kwargs)
    layer.build((None, d_in))
    rng = np.random.default_rng(seed)
    kernel = rng.uniform(0.5, 2.0, size=(d_in, units)).astype("float32")
    bias = rng.normal(size=units).astype("float32")
    layer.set_weights([kernel, bias])
    return layer, kernel, bias


def effective_kernel(layer, d_in, jit_compile=None):
    """Reads the kernel used in one training step, by feeding in I (no bias).

    The identity is stacked twice, so both halves of the batch show whether
    the mask is shared across samples.
    """
    eye = np.eye(d_in, dtype="float32")
    batch = np.concatenate([eye, eye])
    if jit_compile:
        step = tf.function(lambda t: layer(t, training=True), jit_compile=True)
        y = np.asarray(step(batch))
    else:
        y = np.asarray(layer(batch, training=True))
    bias = layer.get_weights()[1]
    return y[:d_in] - bias, y[d_in:] - bias


def test_inference_is_a_dense_layer():
    layer, kernel, bias = make_layer(0.5, activation="relu")
    x = np.random.default_rng(1).normal(size=(16, 64)).astype("float32")
    expected = np.maximum(x @ kernel + bias, 0.0)
    np.testing.assert_allclose(layer(x, training=False), expected, rtol=1e-5)
    np.testing.assert_allclose(layer(x), expected, rtol=1e-5)


@pytest.mark.parametrize("jit_compile", [None, True])
@pytest.mark.parametrize("rate", [0.2, 0.6])
def test_training_drops_weights_with_inverted_scaling(rate, jit_compile):
    layer, kernel, _ = make_layer(rate)
    first_half, second_half = effective_kernel(layer, 64, jit_compile)

    np.testing.assert_allclose(first_half, second_half, atol=1e-6)
    kept = np.abs(first_half) > 1e-6
    tolerance = Z * np.sqrt(rate * (1 - rate) / kernel.size)
    assert abs(kept.mean() - (1 - rate)) < tolerance
    np.testing.assert_allclose(
        first_half[kept], kernel[kept] / (1 - rate), rtol=1e-5
    )


def test_new_mask_every_step_and_unbiased_on_average():
    rate = 0.5
    layer, kernel, _ = make_layer(rate, d_in=16, units=16)
    draws = np.stack([effective_kernel(layer, 16)[0] for _ in range(64)])

    masks = np.abs(draws) > 1e-6
    assert not np.array_equal(masks[0], masks[1])
    # Each entry of the mean of 64 draws has standard deviation
    # W * sqrt(p / (1 - p) / 64).
    s = kernel * np.sqrt(rate / (1 - rate) / len(draws))
    assert np.all(np.abs(draws.mean(axis=0) - kernel) < Z * s)


def test_gradient_reaches_only_the_kept_weights():
    layer, _, _ = make_layer(0.5, d_in=8, units=4)
    with tf.GradientTape() as tape:
        y = layer(np.eye(8, dtype="float32"), training=True)
        loss = tf.reduce_sum(y)
    kernel_grad = tape.gradient(loss, layer.kernel.value)
    kept = np.abs(np.asarray(y) - layer.get_weights()[1]) > 1e-6
    np.testing.assert_allclose(np.asarray(kernel_grad), kept / 0.5, rtol=1e-6)


def test_rate_zero_matches_keras_dense_in_training():
    layer, kernel, bias = make_layer(0.0)
    dense = keras.layers.Dense(96)
    dense.build((None, 64))
    dense.set_weights([kernel, bias])
    x = np.random.default_rng(2).normal(size=(4, 64)).astype("float32")
    np.testing.assert_allclose(
        layer(x, training=True), dense(x, training=True), rtol=1e-6
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"units": 0, "rate": 0.5}, "`units` must be a positive integer"),
        ({"units": 4.5, "rate": 0.5}, "`units` must be a positive integer"),
        ({"units": 4, "rate": 1.0}, r"`rate` must be a number in \[0, 1\)"),
        ({"units": 4, "rate": -0.5}, r"`rate` must be a number in \[0, 1\)"),
    ],
)
def test_invalid_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DropConnectDense(**kwargs)


def test_config_round_trip():
    layer = DropConnectDense(5, 0.3, activation="tanh", use_bias=False, seed=1)
    clone = DropConnectDense.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert clone.activation is keras.activations.tanh


def test_mask_passes_through_like_keras_dense():
    x = np.random.default_rng(0).uniform(1.0, 2.0, size=(2, 5, 3))
    x[0, 2:] = 0.0
    x = x.astype("float32")
    masked = keras.layers.Masking(0.0)(x)
    ours = DropConnectDense(4, 0.5, seed=0)(masked, training=True)
    theirs = keras.layers.Dense(4)(masked)
    np.testing.assert_array_equal(ours._keras_mask, theirs._keras_mask)
    np.testing.assert_array_equal(
        ours._keras_mask, [[True] * 2 + [False] * 3, [True] * 5]
    )
