"""WeightNoiseDense: Gaussian kernel noise in training, keras.layers.Dense otherwise."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_lib.layers import WeightNoiseDense


def make_layer(stddev, d_in=64, units=96, seed=0, **kwargs):
    layer = WeightNoiseDense(units, stddev, seed=seed, **kwargs)
    layer.build((None, d_in))
    rng = np.random.default_rng(seed)
    kernel = rng.normal(size=(d_in, units)).astype("float32")
    bias = rng.normal(size=units).astype("float32")
    layer.set_weights([kernel, bias])
    return layer, kernel, bias


def effective_kernels(layer, d_in, call=None):
    """The kernel used in one training call, read off by feeding in I twice."""
    eye = np.eye(d_in, dtype="float32")
    call = call or (lambda t: layer(t, training=True))
    y = np.asarray(call(np.concatenate([eye, eye])))
    bias = layer.get_weights()[1]
    return y[:d_in] - bias, y[d_in:] - bias


def test_inference_is_keras_dense():
    layer, kernel, bias = make_layer(0.5, activation="tanh")
    reference = keras.layers.Dense(96, activation="tanh")
    reference.build((None, 64))
    reference.set_weights([kernel, bias])
    x = np.random.default_rng(1).normal(size=(8, 64)).astype("float32")
    np.testing.assert_allclose(layer(x), reference(x), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(layer(x, training=False), reference(x), rtol=1e-6, atol=1e-6)


def test_training_noise_has_the_stated_mean_and_spread():
    stddev = 0.1
    layer, kernel, _ = make_layer(stddev)
    first, second = effective_kernels(layer, 64)
    np.testing.assert_allclose(first, second, atol=1e-5, err_msg="one draw per batch")
    noise = first - kernel
    # 6,144 independent draws: mean within 5 standard errors, spread within 5%.
    assert abs(noise.mean()) < 5 * stddev / np.sqrt(noise.size)
    assert noise.std() == pytest.approx(stddev, rel=0.05)


def test_every_call_draws_new_noise_and_seeds_reproduce():
    layer, kernel, _ = make_layer(0.1, seed=3)
    a, _ = effective_kernels(layer, 64)
    b, _ = effective_kernels(layer, 64)
    assert not np.allclose(a, b)
    again, _, _ = make_layer(0.1, seed=3)
    np.testing.assert_allclose(effective_kernels(again, 64)[0], a, atol=1e-6)


def test_noise_is_fresh_inside_a_compiled_step():
    layer, _, _ = make_layer(0.1)
    step = tf.function(lambda t: layer(t, training=True))
    a, _ = effective_kernels(layer, 64, step)
    b, _ = effective_kernels(layer, 64, step)
    assert not np.allclose(a, b)


def test_zero_stddev_trains_as_dense():
    layer, kernel, _ = make_layer(0.0)
    first, _ = effective_kernels(layer, 64)
    np.testing.assert_allclose(first, kernel, atol=1e-5)


def test_gradient_reaches_the_kernel_as_for_dense():
    # y = x @ (W + N) + b is linear in W, so dL/dW = x^T dL/dy at any noise.
    layer, _, _ = make_layer(0.3, d_in=4, units=3)
    x = tf.constant(np.random.default_rng(2).normal(size=(5, 4)).astype("float32"))
    with tf.GradientTape() as tape:
        y = layer(x, training=True)
        loss = tf.reduce_sum(y)
    grad = tape.gradient(loss, layer.kernel)
    np.testing.assert_allclose(grad, x.numpy().T @ np.ones((5, 3), "float32"), rtol=1e-5)


def test_round_trips_through_a_keras_file(tmp_path):
    model = keras.Sequential([keras.Input((6,)), WeightNoiseDense(3, 0.05, seed=7, activation="relu")])
    path = tmp_path / "noisy.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    layer = loaded.layers[0]
    assert isinstance(layer, WeightNoiseDense)
    assert (layer.stddev, layer.seed, layer.units) == (0.05, 7, 3)
    x = np.ones((2, 6), "float32")
    np.testing.assert_allclose(loaded(x), model(x), rtol=1e-6)


def test_trains_inside_fit():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 8)).astype("float32")
    y = (x @ rng.normal(size=(8, 1))).astype("float32")
    model = keras.Sequential([keras.Input((8,)), WeightNoiseDense(1, 0.01, seed=0)])
    model.compile(keras.optimizers.Adam(0.05), "mse")
    history = model.fit(x, y, epochs=20, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]


@pytest.mark.parametrize("stddev", [-0.1, float("nan"), "0.1", None])
def test_rejects_a_bad_stddev(stddev):
    with pytest.raises(ValueError, match="stddev"):
        WeightNoiseDense(4, stddev)


def test_rejects_a_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        WeightNoiseDense(4, 0.1, seed=1.5)
