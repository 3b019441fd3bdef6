"""InvertedDropout, ClassicDropout, SpatialDropout1D and SpatialDropout2D.

Masks are checked statistically (binomial tolerances at 5 standard
deviations, fixed seeds), both eagerly and inside an XLA-compiled function,
because XLA draws its random numbers with a different generator.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_lib.layers import ClassicDropout
from course_lib.layers import InvertedDropout
from course_lib.layers import SpatialDropout1D
from course_lib.layers import SpatialDropout2D

Z = 5.0  # tolerance, in standard deviations


def call_training(layer, x, jit_compile):
    """Runs `layer(x, training=True)`, eagerly or XLA-compiled."""
    if jit_compile is None:
        return np.asarray(layer(x, training=True))
    step = tf.function(
        lambda t: layer(t, training=True), jit_compile=jit_compile
    )
    return np.asarray(step(x))


def binomial_tolerance(p, n):
    return Z * np.sqrt(p * (1.0 - p) / n)


@pytest.fixture
def x():
    rng = np.random.default_rng(0)
    # Away from zero, so that a zero in the output can only come from the mask.
    return (rng.uniform(0.5, 2.0, size=(256, 400))).astype("float32")


@pytest.mark.parametrize("jit_compile", [None, True])
@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_inverted_dropout_keep_rate_and_scaling(x, rate, jit_compile):
    y = call_training(InvertedDropout(rate, seed=3), x, jit_compile)

    kept = y != 0
    assert abs(kept.mean() - (1 - rate)) < binomial_tolerance(1 - rate, x.size)
    np.testing.assert_allclose(y[kept], x[kept] / (1 - rate), rtol=1e-6)


@pytest.mark.parametrize("jit_compile", [None, True])
def test_inverted_dropout_is_unbiased(x, jit_compile):
    rate = 0.4
    y = call_training(InvertedDropout(rate, seed=5), x, jit_compile)

    # Per entry, y = m x / (1 - p) has mean x and variance x^2 p / (1 - p);
    # averaged over the 256 rows, the error of each column mean is ~N(0, s^2).
    column_error = y.mean(axis=0) - x.mean(axis=0)
    s = np.sqrt((x**2).mean(axis=0) * rate / (1 - rate) / x.shape[0])
    assert np.all(np.abs(column_error) < Z * s)
    total_s = np.sqrt((x**2).sum() * rate / (1 - rate)) / x.size
    assert abs(y.mean() - x.mean()) < Z * total_s


def test_inverted_dropout_inference_is_identity(x):
    y = InvertedDropout(0.5, seed=0)(x, training=False)
    np.testing.assert_array_equal(y, x)
    np.testing.assert_array_equal(InvertedDropout(0.5)(x), x)


@pytest.mark.parametrize("training", [True, False])
def test_zero_rate_is_identity_in_both_modes(x, training):
    np.testing.assert_array_equal(InvertedDropout(0.0)(x, training=training), x)
    np.testing.assert_array_equal(ClassicDropout(0.0)(x, training=training), x)


def test_fresh_mask_at_every_call_and_reproducible_seed(x):
    layer = InvertedDropout(0.5, seed=11)
    first = np.asarray(layer(x, training=True)) != 0
    second = np.asarray(layer(x, training=True)) != 0
    # Independent masks agree on a fraction p^2 + (1 - p)^2 = 0.5 of entries.
    agreement = (first == second).mean()
    assert abs(agreement - 0.5) < binomial_tolerance(0.5, x.size)

    twin = InvertedDropout(0.5, seed=11)
    np.testing.assert_array_equal(
        np.asarray(twin(x, training=True)) != 0, first
    )


@pytest.mark.parametrize("jit_compile", [None, True])
def test_classic_dropout_training_does_not_rescale(x, jit_compile):
    rate = 0.3
    y = call_training(ClassicDropout(rate, seed=2), x, jit_compile)

    kept = y != 0
    assert abs(kept.mean() - (1 - rate)) < binomial_tolerance(1 - rate, x.size)
    np.testing.assert_array_equal(y[kept], x[kept])


def test_classic_dropout_inference_scales_by_keep_probability(x):
    rate = 0.3
    y = ClassicDropout(rate)(x, training=False)
    np.testing.assert_array_equal(y, x * np.float32(1 - rate))


def test_classic_dropout_has_same_mean_in_both_modes(x):
    rate = 0.3
    y_train = np.asarray(ClassicDropout(rate, seed=4)(x, training=True))
    y_infer = np.asarray(ClassicDropout(rate)(x, training=False))
    total_s = np.sqrt((x**2).sum() * rate * (1 - rate)) / x.size
    assert abs(y_train.mean() - y_infer.mean()) < Z * total_s


@pytest.mark.parametrize("jit_compile", [None, True])
@pytest.mark.parametrize(
    "layer_class, shape, map_axes",
    [
        (SpatialDropout1D, (64, 12, 128), (1,)),
        (SpatialDropout2D, (64, 6, 5, 128), (1, 2)),
    ],
)
def test_spatial_dropout_drops_whole_channels(
    layer_class, shape, map_axes, jit_compile
):
    rate = 0.5
    x = np.random.default_rng(1).uniform(0.5, 2.0, size=shape)
    x = x.astype("float32")
    y = call_training(layer_class(rate, seed=7), x, jit_compile)

    kept = y != 0
    channel_kept = kept.all(axis=map_axes)
    channel_dropped = (~kept).all(axis=map_axes)
    assert np.all(channel_kept | channel_dropped), "a feature map was split"
    n_channels = shape[0] * shape[-1]
    assert abs(channel_kept.mean() - (1 - rate)) < binomial_tolerance(
        1 - rate, n_channels
    )
    np.testing.assert_allclose(y[kept], x[kept] / (1 - rate), rtol=1e-6)


@pytest.mark.parametrize("layer_class", [SpatialDropout1D, SpatialDropout2D])
def test_spatial_dropout_inference_is_identity(layer_class):
    shape = (2, 4, 3) if layer_class is SpatialDropout1D else (2, 4, 4, 3)
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    np.testing.assert_array_equal(layer_class(0.5)(x, training=False), x)


@pytest.mark.parametrize(
    "layer_class, bad_shape",
    [(SpatialDropout1D, (2, 4)), (SpatialDropout2D, (2, 4, 3))],
)
def test_spatial_dropout_rejects_wrong_rank(layer_class, bad_shape):
    with pytest.raises(ValueError, match="ndim"):
        layer_class(0.5)(np.zeros(bad_shape, "float32"), training=True)


@pytest.mark.parametrize(
    "layer_class",
    [InvertedDropout, ClassicDropout, SpatialDropout1D, SpatialDropout2D],
)
@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, "0.5", None, True])
def test_invalid_rate_raises(layer_class, rate):
    with pytest.raises(
        ValueError, match=r"`rate` must be a number in \[0, 1\)"
    ):
        layer_class(rate)


def test_invalid_seed_raises():
    with pytest.raises(ValueError, match="`seed` must be None or an integer"):
        InvertedDropout(0.5, seed="42")


@pytest.mark.parametrize(
    "layer_class",
    [InvertedDropout, ClassicDropout, SpatialDropout1D, SpatialDropout2D],
)
def test_config_round_trip(layer_class):
    layer = layer_class(0.25, seed=9, name="drop")
    clone = layer_class.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert (clone.rate, clone.seed) == (0.25, 9)


@pytest.mark.parametrize(
    "layer_class, keras_class",
    [
        (InvertedDropout, keras.layers.Dropout),
        (ClassicDropout, keras.layers.Dropout),
        (SpatialDropout1D, keras.layers.SpatialDropout1D),
        (SpatialDropout2D, keras.layers.SpatialDropout2D),
    ],
)
def test_built_at_construction_like_keras(layer_class, keras_class):
    # Stateless apart from the seed, like Keras's dropout layers, which Keras
    # marks built at once (so `summary()` and weight loading need no call).
    layer = layer_class(0.5, seed=1)
    assert layer.built is keras_class(0.5, seed=1).built is True
    assert [v.name for v in layer.variables] == ["seed_generator_state"]


@pytest.mark.parametrize(
    "layer_class, keras_class, shape",
    [
        (InvertedDropout, keras.layers.Dropout, (2, 5, 3)),
        (ClassicDropout, keras.layers.Dropout, (2, 5, 3)),
        (SpatialDropout1D, keras.layers.SpatialDropout1D, (2, 5, 3)),
    ],
)
def test_mask_passes_through_like_keras(layer_class, keras_class, shape):
    x = np.random.default_rng(0).uniform(1.0, 2.0, size=shape)
    x[:, 3:] = 0.0
    x = x.astype("float32")
    masks = []
    for layer in (layer_class(0.5, seed=1), keras_class(0.5, seed=1)):
        masked = keras.layers.Masking(0.0)(x)
        masks.append(np.asarray(layer(masked, training=True)._keras_mask))
    np.testing.assert_array_equal(masks[0], masks[1])
    np.testing.assert_array_equal(masks[0], [[True] * 3 + [False] * 2] * 2)
