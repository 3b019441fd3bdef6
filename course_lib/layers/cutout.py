"""Cutout: masking a random square of every training image."""

import keras
from keras import ops

from course_lib._validation import check_positive_int
from course_lib._validation import check_seed


@keras.saving.register_keras_serializable(package="course_lib")
class Cutout(keras.layers.Layer):
    """Zeroes a random `size x size` square per image (DeVries & Taylor, 2017).

    Training, for an image batch `x` of shape `(batch, H, W, channels)`: for
    each image `n`, draw a centre uniformly over the pixels,

        (r_n, c_n) ~ Uniform({0, ..., H - 1} x {0, ..., W - 1})

    and zero every channel of the square of rows
    `[r_n - size // 2, r_n - size // 2 + size)` and columns
    `[c_n - size // 2, c_n - size // 2 + size)`:

        m[n, i, j] = 0 if (i, j) lies in that square, else 1
        y[n, i, j, k] = m[n, i, j] * x[n, i, j, k]

    Because the centre may lie near an edge, the square is clipped at the
    border and can cover fewer than `size * size` pixels. Inputs are not
    rescaled, as in the paper.

    Inference: y = x (identity).

    Args:
        size: Positive int, side of the square, in pixels.
        seed: Optional int, seed of the layer's `keras.random.SeedGenerator`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: 4D tensor `(batch, height, width, channels)`, channels last,
            with known height and width.
        training: Python bool; `True` cuts the squares out.

    Returns:
        A tensor of the same shape and dtype as `inputs`.

    Example:

    ```python
    layer = Cutout(size=8, seed=0)
    images = np.ones((4, 28, 28, 1), dtype="float32")
    y = layer(images, training=True)  # each image has a zeroed square
    ```
    """

    def __init__(self, size, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.size = check_positive_int(size, "size")
        self.seed = check_seed(seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.supports_masking = True
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def build(self, input_shape):
        height, width = input_shape[1], input_shape[2]
        if height is None or width is None:
            raise ValueError(
                "Cutout needs images of known height and width. Received "
                f"input_shape={input_shape}"
            )

    def call(self, inputs, training=False):
        if not training:
            return inputs
        height, width = inputs.shape[1], inputs.shape[2]
        batch_size = ops.shape(inputs)[0]
        inside_rows = self._inside_square(batch_size, height, axis=1)
        inside_cols = self._inside_square(batch_size, width, axis=2)
        inside = ops.logical_and(inside_rows, inside_cols)
        return ops.where(inside, 0.0, inputs)

    def _inside_square(self, batch_size, length, axis):
        """Whether each pixel index along `axis` falls in the square's span.

        Returns a boolean tensor shaped to broadcast against the images:
        `(batch, length, 1, 1)` for rows, `(batch, 1, length, 1)` for columns.
        """
        broadcast_shape = [1, 1, 1, 1]
        broadcast_shape[axis] = length
        centres = keras.random.randint(
            (batch_size, 1, 1, 1),
            minval=0,
            maxval=length,
            dtype="int32",
            seed=self.seed_generator,
        )
        start = centres - self.size // 2
        positions = ops.reshape(
            ops.arange(length, dtype="int32"), broadcast_shape
        )
        return ops.logical_and(
            ops.greater_equal(positions, start),
            ops.less(positions, start + self.size),
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {"size": self.size, "seed": self.seed}
        return {**super().get_config(), **config}
