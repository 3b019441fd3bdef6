import random

import keras
import numpy as np
import pytest
import tensorflow as tf
from tensorflow.python.framework import config as tf_config

from course_lib import set_seed


@pytest.fixture(autouse=True)
def restore_op_determinism():
    """Op determinism is process-wide; give other tests back the setting."""
    was_enabled = tf_config.is_op_determinism_enabled()
    yield
    if was_enabled:
        tf.config.experimental.enable_op_determinism()
    else:
        tf_config.disable_op_determinism()


def draw_from_every_generator():
    return (
        random.random(),
        np.random.rand(),
        float(tf.random.uniform(())),
        float(keras.random.uniform(())),
        keras.initializers.GlorotUniform()((3, 2)).numpy(),
    )


def assert_same_draws(first, second):
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_same_seed_gives_the_same_draws_everywhere():
    set_seed(7, deterministic=False)
    first = draw_from_every_generator()
    set_seed(7, deterministic=False)
    second = draw_from_every_generator()
    set_seed(8, deterministic=False)
    other = draw_from_every_generator()

    assert_same_draws(first, second)
    for a, b in zip(first, other):
        assert not np.array_equal(a, b)


def train_once(seed):
    set_seed(seed)
    x = np.random.normal(size=(64, 5)).astype("float32")
    y = np.random.normal(size=(64, 1)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((5,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(1),
        ]
    )
    model.compile(keras.optimizers.Adam(1e-2), "mse")
    model.fit(x, y, batch_size=16, epochs=2, verbose=0, shuffle=True)
    return [weight.numpy() for weight in model.weights]


def test_training_twice_with_the_same_seed_gives_identical_weights():
    first, second = train_once(3), train_once(3)
    assert tf_config.is_op_determinism_enabled()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not all(np.array_equal(a, b) for a, b in zip(first, train_once(4)))


def test_determinism_is_left_alone_when_not_asked():
    tf_config.disable_op_determinism()
    set_seed(0, deterministic=False)
    assert not tf_config.is_op_determinism_enabled()


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "1", True, None])
def test_validates_the_seed(seed):
    with pytest.raises(ValueError, match="seed"):
        set_seed(seed)


def test_validates_deterministic():
    with pytest.raises(ValueError, match="deterministic"):
        set_seed(0, deterministic="yes")
