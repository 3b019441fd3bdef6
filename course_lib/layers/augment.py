"""Augment: the input pipeline's augmentations as a layer, on the model's device."""

import keras
from keras import ops

from course_lib._validation import check_seed
from course_lib.pipelines import apply_augmentations
from course_lib.pipelines import get_augmentations


@keras.saving.register_keras_serializable(package="course_lib")
class Augment(keras.layers.Layer):
    """Applies `course_lib.pipelines` augmentations inside a model.

    A `tf.data` pipeline augments on the CPU. Placed first in a model, this
    layer applies the same pieces (`RandomPadCrop`, `RandomFlip`,
    `RandomCutout`, ...) inside the training step, so they run on the GPU
    when there is one, compiled with the rest of the step under XLA. Feed
    the model an unaugmented `make_dataset(..., augment=None)`.

    Training: each call draws a fresh stateless seed from the layer's
    `keras.random.SeedGenerator` and applies the pieces in order.
    Inference: identity.

    Uses TensorFlow ops, so it needs the TensorFlow backend.

    Args:
        augment: A name (`"crop"`, `"flip"`, `"cutout"`), a piece, a config
            dictionary or a list of these (see
            `course_lib.pipelines.get_augmentations`).
        seed: Optional int, seed of the layer's seed generator.
        **kwargs: Base layer keyword arguments, such as `name`.

    Call arguments:
        inputs: 4D tensor `(batch, height, width, channels)` with known
            height and width.
        training: Python bool; `True` augments.

    Returns:
        A tensor of the same shape and dtype as `inputs`.

    Example:

    ```python
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        Augment(["crop", "flip"], seed=0),
        keras.layers.Conv2D(32, 3, activation="relu"),
        ...
    ])
    model.fit(make_dataset(x, y, 256, training=True, seed=0), epochs=10)
    ```
    """

    def __init__(self, augment, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.pieces = get_augmentations(augment)
        if not self.pieces:
            raise ValueError(
                "`augment` must name at least one augmentation. "
                f"Received: augment={augment!r}"
            )
        for piece in self.pieces:
            if not hasattr(piece, "get_config"):
                raise ValueError(
                    "Augment needs pieces with a `get_config()` method, so "
                    f"that the layer can be saved. Received: {piece!r}"
                )
        self.seed = check_seed(seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)
        self.input_spec = keras.layers.InputSpec(ndim=4)

    def build(self, input_shape):
        height, width = input_shape[1], input_shape[2]
        if height is None or width is None:
            raise ValueError(
                "Augment needs images of known height and width. Received "
                f"input_shape={input_shape}"
            )
        for piece in self.pieces:
            check = getattr(piece, "check_image_shape", None)
            if check is not None:
                check(height, width)

    def call(self, inputs, training=False):
        if not training:
            return inputs
        seed = ops.cast(self.seed_generator.next(), "int64")
        return apply_augmentations(inputs, self.pieces, seed)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {
            "augment": [piece.get_config() for piece in self.pieces],
            "seed": self.seed,
        }
        return {**super().get_config(), **config}
