"""DropConnect: dropout applied to the weights of a dense layer."""

import keras
from keras import ops

from course_lib._validation import check_positive_int
from course_lib._validation import check_rate
from course_lib._validation import check_seed
from course_lib.layers.dropout import bernoulli_keep_mask


@keras.saving.register_keras_serializable(package="course_lib")
class DropConnectDense(keras.layers.Layer):
    """Dense layer whose weights are dropped during training (Wan et al., 2013).

    Training, with a fresh mask at every call (every training step):

        M ~ Bernoulli(1 - p)        (one draw per entry of the kernel W)
        y = activation(x @ (M * W / (1 - p)) + b)

    Inference: y = activation(x @ W + b), a plain dense layer, because the
    inverted scaling already makes E[M * W / (1 - p)] = W.

    Design choice: one mask `M` per step, shared by every sample of the
    batch. Per-sample masks (as in the paper) cost a `(batch, d_in, units)`
    tensor and a batched matmul; the shared mask costs one `(d_in, units)`
    draw, and still decorrelates the weights from one step to the next. The
    bias is never dropped.

    Args:
        units: Positive int, dimensionality of the output.
        rate: Float in `[0, 1)`, the probability `p` of dropping a weight.
        activation: Activation function, or its name. `None` means linear.
        use_bias: Whether the layer adds a bias vector `b`.
        kernel_initializer: Initializer for `W`.
        bias_initializer: Initializer for `b`.
        seed: Optional int, seed of the layer's `keras.random.SeedGenerator`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor of shape `(..., d_in)`.
        training: Python bool; `True` drops weights.

    Returns:
        A tensor of shape `(..., units)`.

    Example:

    ```python
    layer = DropConnectDense(16, rate=0.5, activation="relu", seed=0)
    x = np.random.rand(8, 32).astype("float32")
    y_train = layer(x, training=True)   # a random thinned network
    y_infer = layer(x, training=False)  # relu(x @ W + b)
    ```
    """

    def __init__(
        self,
        units,
        rate,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = check_positive_int(units, "units")
        self.rate = check_rate(rate)
        self.activation = keras.activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.seed = check_seed(seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)
        # As `keras.layers.Dense`: a sequence mask passes through unchanged.
        self.supports_masking = True
        self.input_spec = keras.layers.InputSpec(min_ndim=2)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                "DropConnectDense needs a known last dimension. Received "
                f"input_shape={input_shape}"
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
            )
        else:
            self.bias = None
        self.input_spec = keras.layers.InputSpec(
            min_ndim=2, axes={-1: input_dim}
        )

    def call(self, inputs, training=False):
        kernel = self.kernel
        if training and self.rate > 0.0:
            keep = bernoulli_keep_mask(
                ops.shape(kernel), self.rate, self.seed_generator
            )
            kernel = ops.where(keep, kernel * (1.0 / (1.0 - self.rate)), 0.0)
        outputs = ops.matmul(inputs, kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, self.bias)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = {
            "units": self.units,
            "rate": self.rate,
            "activation": keras.activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": keras.initializers.serialize(
                self.kernel_initializer
            ),
            "bias_initializer": keras.initializers.serialize(
                self.bias_initializer
            ),
            "seed": self.seed,
        }
        return {**super().get_config(), **config}
