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
        centre_rows = self._draw_centres(batch_size, height)
        centre_cols = self._draw_centres(batch_size, width)
        return cut_squares(inputs, centre_rows, centre_cols, self.size)

    def _draw_centres(self, batch_size, length):
        """One centre per image, uniform over `{0, ..., length - 1}`."""
        return keras.random.randint(
            (batch_size,),
            minval=0,
            maxval=length,
            dtype="int32",
            seed=self.seed_generator,
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {"size": self.size, "seed": self.seed}
        return {**super().get_config(), **config}


def cut_squares(images, centre_rows, centre_cols, size):
    """Zeroes one `size x size` square per image, at given centres.

    The deterministic half of `Cutout`: image `n` loses the square of rows
    `[centre_rows[n] - size // 2, centre_rows[n] - size // 2 + size)` and the
    same span of columns around `centre_cols[n]`, clipped at the border, in
    every channel. `Cutout` draws the centres with its seed generator;
    `course_lib.pipelines` draws them with stateless random ops.

    Args:
        images: 4D tensor `(batch, height, width, channels)` with known
            height and width.
        centre_rows: Integer tensor `(batch,)`, row of each square's centre.
        centre_cols: Integer tensor `(batch,)`, column of each centre.
        size: Positive int, side of the square, in pixels.

    Returns:
        A tensor of the same shape and dtype as `images`.
    """
    height, width = images.shape[1], images.shape[2]
    inside = ops.logical_and(
        _inside_span(centre_rows, size, height, axis=1),
        _inside_span(centre_cols, size, width, axis=2),
    )
    return ops.where(inside, ops.zeros((), dtype=images.dtype), images)


def _inside_span(centres, size, length, axis):
    """Whether each pixel index along `axis` falls in the square's span.

    Returns a boolean tensor shaped to broadcast against the images:
    `(batch, length, 1, 1)` for rows, `(batch, 1, length, 1)` for columns.
    """
    broadcast_shape = [1, 1, 1, 1]
    broadcast_shape[axis] = length
    start = ops.reshape(ops.cast(centres, "int32"), (-1, 1, 1, 1)) - size // 2
    positions = ops.reshape(ops.arange(length, dtype="int32"), broadcast_shape)
    return ops.logical_and(
        ops.greater_equal(positions, start),
        ops.less(positions, start + size),
    )
