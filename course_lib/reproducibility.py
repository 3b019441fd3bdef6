"""One call that makes a training run repeatable."""

import numbers
import os

import keras

_MAX_SEED = 2**32 - 1


def set_seed(seed, deterministic=True):
    """Seeds every random number generator a Keras/TensorFlow run uses.

    Seeds Python's `random`, NumPy's global generator, TensorFlow's global
    seed and Keras' global seed generator (through
    `keras.utils.set_random_seed`), and sets `PYTHONHASHSEED` for any worker
    processes started afterwards. With `deterministic=True` it also turns on
    TensorFlow's op determinism, so that ops with a nondeterministic kernel
    (mostly on GPU) pick a deterministic one or raise an error; training can
    then be slower, and the setting lasts for the rest of the process.

    Args:
        seed: An integer in `[0, 2**32 - 1]`.
        deterministic: Whether to enable op determinism as well.

    Example:

    ```python
    set_seed(42)
    model = make_model()  # same initial weights on every run
    model.fit(x, y, epochs=5)  # same weights after training on every run
    ```
    """
    if (
        isinstance(seed, bool)
        or not isinstance(seed, numbers.Integral)
        or not 0 <= seed <= _MAX_SEED
    ):
        raise ValueError(
            f"`seed` must be an integer in [0, {_MAX_SEED}]. Received: seed={seed!r}"
        )
    if not isinstance(deterministic, bool):
        raise ValueError(
            "`deterministic` must be True or False. "
            f"Received: deterministic={deterministic!r}"
        )
    seed = int(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    # Seeds Python's `random`, NumPy's global generator and, under the
    # TensorFlow backend, TensorFlow's global seed, as well as Keras' own.
    keras.utils.set_random_seed(seed)
    if deterministic and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
