"""Cutout: one clipped square per image in training, identity at inference."""

import numpy as np
import pytest
import tensorflow as tf

from course_lib.layers import Cutout

Z = 5.0


def cut_regions(layer, shape, jit_compile=None):
    """Boolean `(batch, H, W)` map of the pixels zeroed in every channel."""
    images = np.ones(shape, dtype="float32")
    if jit_compile:
        step = tf.function(lambda t: layer(t, training=True), jit_compile=True)
        y = np.asarray(step(images))
    else:
        y = np.asarray(layer(images, training=True))
    zero = y == 0
    np.testing.assert_array_equal(
        zero.all(axis=-1), zero.any(axis=-1), err_msg="channels cut unequally"
    )
    return zero[..., 0]


def exact_cut_probability(length, size):
    """P(index i is in the span) for a centre uniform over range(length)."""
    probability = np.zeros(length)
    for centre in range(length):
        start = centre - size // 2
        probability[max(start, 0) : min(start + size, length)] += 1 / length
    return probability


@pytest.mark.parametrize("jit_compile", [None, True])
@pytest.mark.parametrize("size", [3, 4])
def test_each_image_loses_one_clipped_square(size, jit_compile):
    height, width = 10, 12
    regions = cut_regions(
        Cutout(size, seed=1), (300, height, width, 2), jit_compile
    )

    for region in regions:
        rows = np.flatnonzero(region.any(axis=1))
        cols = np.flatnonzero(region.any(axis=0))
        # A single filled rectangle.
        assert region.sum() == len(rows) * len(cols) > 0
        assert np.array_equal(rows, np.arange(rows[0], rows[-1] + 1))
        assert np.array_equal(cols, np.arange(cols[0], cols[-1] + 1))
        # Full side unless clipped by a border.
        for span, length in ((rows, height), (cols, width)):
            touches_border = span[0] == 0 or span[-1] == length - 1
            assert len(span) == size or (touches_border and len(span) < size)


def test_centre_is_uniform_over_the_image():
    height, width, size, n = 8, 6, 3, 4000
    regions = cut_regions(Cutout(size, seed=2), (n, height, width, 1))

    # Rows and columns are independent: P(pixel cut) = P(row) * P(col).
    expected = np.outer(
        exact_cut_probability(height, size), exact_cut_probability(width, size)
    )
    observed = regions.mean(axis=0)
    tolerance = Z * np.sqrt(expected * (1 - expected) / n)
    assert np.all(np.abs(observed - expected) <= tolerance)


def test_square_changes_between_calls():
    layer = Cutout(4, seed=3)
    first = cut_regions(layer, (16, 12, 12, 1))
    second = cut_regions(layer, (16, 12, 12, 1))
    assert not np.array_equal(first, second)


def test_training_leaves_other_pixels_untouched():
    images = np.random.default_rng(0).uniform(1, 2, size=(8, 9, 9, 3))
    images = images.astype("float32")
    y = np.asarray(Cutout(4, seed=4)(images, training=True))
    kept = y != 0
    np.testing.assert_array_equal(y[kept], images[kept])


def test_inference_is_identity():
    images = np.random.default_rng(0).normal(size=(4, 9, 9, 3))
    images = images.astype("float32")
    np.testing.assert_array_equal(Cutout(4)(images, training=False), images)
    np.testing.assert_array_equal(Cutout(4)(images), images)


@pytest.mark.parametrize("size", [0, -2, 2.5, "4", None])
def test_invalid_size_raises(size):
    with pytest.raises(ValueError, match="`size` must be a positive integer"):
        Cutout(size)


def test_unknown_image_size_raises():
    layer = Cutout(4)
    with pytest.raises(ValueError, match="known height and width"):
        layer.build((None, None, None, 3))


def test_config_round_trip():
    layer = Cutout(6, seed=5)
    clone = Cutout.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_unbuilt_until_called_like_a_keras_layer_with_build():
    # Cutout defines `build` (to check the image size), and Keras marks
    # such layers built only once they see an input shape.
    layer = Cutout(3, seed=0)
    assert not layer.built
    layer(np.ones((1, 6, 6, 1), "float32"))
    assert layer.built
