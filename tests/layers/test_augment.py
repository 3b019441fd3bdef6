"""Augment: the pipeline's augmentations as a layer, identity at inference."""

import numpy as np
import pytest
import tensorflow as tf

from course_lib.layers import Augment
from course_lib.pipelines import RandomPadCrop


def images(n=32, size=8, channels=3):
    rng = np.random.default_rng(0)
    return rng.uniform(1.0, 2.0, (n, size, size, channels)).astype("float32")


@pytest.mark.parametrize("jit_compile", [None, True])
def test_training_flips_each_image_or_not(jit_compile):
    x = images()
    layer = Augment("flip", seed=0)
    step = tf.function(lambda t: layer(t, training=True), jit_compile=jit_compile)
    out = np.asarray(step(x))
    mirrored = [np.array_equal(o, i[:, ::-1]) for i, o in zip(x, out)]
    for i, o, flipped in zip(x, out, mirrored):
        assert flipped or np.array_equal(o, i)
    assert 0 < sum(mirrored) < len(x)


def test_new_augmentation_every_call_and_reproducible_under_a_seed():
    x = images()
    first, second = Augment(["crop", "cutout"], seed=1), Augment(
        ["crop", "cutout"], seed=1
    )
    a1, a2 = first(x, training=True), first(x, training=True)
    b1 = second(x, training=True)
    np.testing.assert_array_equal(a1, b1)
    assert not np.array_equal(a1, a2)


def test_inference_is_identity():
    x = images()
    np.testing.assert_array_equal(Augment(["crop", "flip"])(x), x)


def test_config_round_trip():
    layer = Augment([RandomPadCrop(2, "zero"), "flip"], seed=3)
    clone = Augment.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert layer.get_config()["augment"][0] == {
        "name": "crop",
        "padding": 2,
        "mode": "zero",
    }


def test_invalid_arguments_raise():
    with pytest.raises(ValueError, match="at least one augmentation"):
        Augment(None)
    with pytest.raises(ValueError, match="get_config"):
        Augment(lambda images, seed: images)
    with pytest.raises(ValueError, match="Reflect padding needs"):
        Augment(RandomPadCrop(8, "reflect")).build((None, 8, 8, 1))
