"""Unit-wise and channel-wise dropout.

Notation (as in the lectures): `x` is the input, `p` the drop rate and
`m ~ Bernoulli(1 - p)` the keep mask, drawn independently for every entry of
the mask (1 keeps the unit, 0 drops it).
"""

import keras
from keras import ops

from course_lib._validation import check_rate
from course_lib._validation import check_seed


def bernoulli_keep_mask(shape, rate, seed_generator):
    """Draws a boolean keep mask `m ~ Bernoulli(1 - rate)`.

    The uniform draw is made in float32 whatever the layer's dtype: a float16
    uniform only takes 1024 values in `[0, 1)`, which would bias the keep rate.

    Args:
        shape: Shape of the mask (ints, or scalar tensors for dynamic sizes).
        rate: Probability of a `False` entry, in `[0, 1)`.
        seed_generator: A `keras.random.SeedGenerator`; each call advances
            it, so each call gets a fresh mask.

    Returns:
        A boolean tensor of the given shape, `True` where the unit is kept.
    """
    uniform = keras.random.uniform(shape, dtype="float32", seed=seed_generator)
    return ops.greater_equal(uniform, rate)


class _BaseDropout(keras.layers.Layer):
    """Holds the rate and the seed generator common to the dropout layers."""

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate)
        self.seed = check_seed(seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.supports_masking = True
        # No weights to create, so built now, as Keras's dropout layers are
        # (a subclass that defines its own `build` stays unbuilt until then).
        self._build_at_init()

    def _noise_shape(self, inputs):
        """Shape of the keep mask; entries of size 1 are shared by broadcast."""
        return ops.shape(inputs)

    def _keep_mask(self, inputs):
        return bernoulli_keep_mask(
            self._noise_shape(inputs), self.rate, self.seed_generator
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {"rate": self.rate, "seed": self.seed}
        return {**super().get_config(), **config}


@keras.saving.register_keras_serializable(package="course_lib")
class InvertedDropout(_BaseDropout):
    """Dropout with inverted scaling, the form used by modern frameworks.

    Training (`training=True`), with a fresh mask at every call:

        m ~ Bernoulli(1 - p)        (one draw per unit)
        y = m * x / (1 - p)

    so that E[y] = x and nothing has to change at inference.

    Inference: y = x (identity). With `rate=0` the layer is the identity in
    both modes.

    Args:
        rate: Float in `[0, 1)`, the probability `p` of dropping a unit.
        seed: Optional int, seed of the layer's `keras.random.SeedGenerator`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor of any shape.
        training: Python bool; `True` applies dropout.

    Returns:
        A tensor of the same shape and dtype as `inputs`.

    Example:

    ```python
    layer = InvertedDropout(0.5, seed=0)
    x = np.ones((2, 4), dtype="float32")
    layer(x, training=True)   # entries are 0.0 or 2.0
    layer(x, training=False)  # x unchanged
    ```
    """

    def call(self, inputs, training=False):
        if not training or self.rate == 0.0:
            return inputs
        keep = self._keep_mask(inputs)
        return ops.where(keep, inputs * (1.0 / (1.0 - self.rate)), 0.0)


@keras.saving.register_keras_serializable(package="course_lib")
class ClassicDropout(_BaseDropout):
    """Dropout as first formulated (Srivastava et al., 2014), no rescaling.

    Training, with a fresh mask at every call:

        m ~ Bernoulli(1 - p)
        y = m * x

    Inference: the weights were trained seeing only a fraction `1 - p` of
    their inputs, so the expected activation is restored by scaling down:

        y = (1 - p) * x

    Both forms give E[y] the same value, `(1 - p) * x`, in both modes.

    Args:
        rate: Float in `[0, 1)`, the probability `p` of dropping a unit.
        seed: Optional int, seed of the layer's `keras.random.SeedGenerator`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor of any shape.
        training: Python bool; `True` applies dropout.

    Returns:
        A tensor of the same shape and dtype as `inputs`.

    Example:

    ```python
    layer = ClassicDropout(0.25, seed=0)
    x = np.ones((2, 4), dtype="float32")
    layer(x, training=True)   # entries are 0.0 or 1.0
    layer(x, training=False)  # every entry is 0.75
    ```
    """

    def call(self, inputs, training=False):
        if self.rate == 0.0:
            return inputs
        if training:
            return ops.where(self._keep_mask(inputs), inputs, 0.0)
        return inputs * (1.0 - self.rate)


@keras.saving.register_keras_serializable(package="course_lib")
class SpatialDropout1D(InvertedDropout):
    """Drops whole channels of a sequence (channels last), inverted scaling.

    For inputs of shape `(batch, steps, channels)`, training draws one mask
    entry per (sample, channel) and broadcasts it over the steps:

        m[n, c] ~ Bernoulli(1 - p)
        y[n, t, c] = m[n, c] * x[n, t, c] / (1 - p)

    Neighbouring steps are strongly correlated, so dropping single entries
    barely regularizes; dropping a channel everywhere does.

    Inference: y = x (identity).

    Args:
        rate: Float in `[0, 1)`, the probability `p` of dropping a channel.
        seed: Optional int, seed of the layer's `keras.random.SeedGenerator`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: 3D tensor `(batch, steps, channels)`.
        training: Python bool; `True` applies dropout.

    Returns:
        A tensor of the same shape and dtype as `inputs`.

    Example:

    ```python
    layer = SpatialDropout1D(0.5, seed=0)
    x = np.ones((2, 10, 3), dtype="float32")
    y = layer(x, training=True)  # each y[n, :, c] is all 0.0 or all 2.0
    ```
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.input_spec = keras.layers.InputSpec(ndim=3)

    def _noise_shape(self, inputs):
        shape = ops.shape(inputs)
        return (shape[0], 1, shape[2])


@keras.saving.register_keras_serializable(package="course_lib")
class SpatialDropout2D(InvertedDropout):
    """Drops whole feature maps of an image batch (channels last).

    For inputs of shape `(batch, height, width, channels)`, training draws
    one mask entry per (sample, channel) and broadcasts it over the map:

        m[n, c] ~ Bernoulli(1 - p)
        y[n, i, j, c] = m[n, c] * x[n, i, j, c] / (1 - p)

    Inference: y = x (identity).

    Args:
        rate: Float in `[0, 1)`, the probability `p` of dropping a map.
        seed: Optional int, seed of the layer's `keras.random.SeedGenerator`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: 4D tensor `(batch, height, width, channels)`.
        training: Python bool; `True` applies dropout.

    Returns:
        A tensor of the same shape and dtype as `inputs`.

    Example:

    ```python
    layer = SpatialDropout2D(0.5, seed=0)
    x = np.ones((2, 8, 8, 3), dtype="float32")
    y = layer(x, training=True)  # each y[n, :, :, c] is all 0.0 or all 2.0
    ```
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def _noise_shape(self, inputs):
        shape = ops.shape(inputs)
        return (shape[0], 1, 1, shape[3])
