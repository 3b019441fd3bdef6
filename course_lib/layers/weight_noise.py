"""Weight noise: Gaussian noise added to a dense layer's kernel while training."""

import keras
from keras import ops

from course_lib._validation import check_non_negative_number
from course_lib._validation import check_seed


@keras.saving.register_keras_serializable(package="course_lib")
class WeightNoiseDense(keras.layers.Dense):
    """Dense layer whose kernel gets fresh Gaussian noise at every training step.

    Training, with a fresh draw at every call (every training step):

        N ~ Normal(0, stddev**2)    (one draw per entry of the kernel W)
        y = activation(x @ (W + N) + b)

    Inference: y = activation(x @ W + b), a plain dense layer: the noise has
    zero mean, so no rescaling is needed. The gradient with respect to `W` is
    the one at the perturbed weights, which is what makes the network prefer
    flat regions of the loss (Graves, 2011). One draw is shared by every
    sample of the batch; the bias is never perturbed.

    Args:
        units: Positive int, dimensionality of the output.
        stddev: Non-negative float, standard deviation of the weight noise.
            `0` makes the layer a plain `keras.layers.Dense`.
        seed: Optional int, seed of the layer's `keras.random.SeedGenerator`.
        **kwargs: Every other `keras.layers.Dense` argument (`activation`,
            `use_bias`, initializers, regularizers, `name`, ...).

    Call arguments:
        inputs: Tensor of shape `(..., d_in)`.
        training: Python bool; `True` perturbs the kernel.

    Returns:
        A tensor of shape `(..., units)`.

    Example:

    ```python
    layer = WeightNoiseDense(16, stddev=0.01, activation="relu", seed=0)
    x = np.random.rand(8, 32).astype("float32")
    y_train = layer(x, training=True)   # relu(x @ (W + N) + b), N fresh each call
    y_infer = layer(x)                  # relu(x @ W + b)
    ```
    """

    def __init__(self, units, stddev, seed=None, **kwargs):
        super().__init__(units, **kwargs)
        self.stddev = check_non_negative_number(stddev, "stddev")
        self.seed = check_seed(seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)

    def call(self, inputs, training=False):
        if not training or self.stddev == 0.0:
            return super().call(inputs)
        kernel = ops.cast(self.kernel, self.compute_dtype)
        noise = keras.random.normal(
            ops.shape(kernel),
            stddev=self.stddev,
            dtype=self.compute_dtype,
            seed=self.seed_generator,
        )
        outputs = ops.matmul(inputs, kernel + noise)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        return self.activation(outputs)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
