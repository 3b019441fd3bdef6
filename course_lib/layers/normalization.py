"""Normalization layers: batch, batch-renorm, ghost batch, layer and group.

Notation (as in the lectures): the input `x`, the statistics `mu` and
`sigma^2` of the set of values being normalized (`mu_B`, `sigma_B^2` for a
mini-batch), the normalized value `x_hat`, a learned scale `gamma` and
offset `beta` (one per channel), and a small `epsilon` for stability.

Statistics are always computed in (at least) float32, because float16 sums
of squares overflow, and the result is cast back to the layer's compute
dtype. This is what makes the layers usable under `mixed_float16`.
"""

import math

import keras
from keras import ops

from course_lib._validation import check_in_range
from course_lib._validation import check_non_negative_number
from course_lib._validation import check_positive_int
from course_lib._validation import check_positive_number
from course_lib.layers._validation import check_axis_argument
from course_lib.layers._validation import resolve_axis


def affine_normalize(x, mean, variance, gamma, beta, epsilon):
    """Computes `gamma * (x - mean) / sqrt(variance + epsilon) + beta`.

    Folded into one multiply-add per element,
    `x * s + (beta - mean * s)` with `s = gamma / sqrt(variance + epsilon)`,
    so the per-channel work is done on the small statistics tensors.

    Args:
        x: Input tensor.
        mean, variance: Statistics, broadcastable to `x`.
        gamma, beta: Scale and offset broadcastable to `x`, or `None` to
            leave them out.
        epsilon: Small positive float.

    Returns:
        The normalized tensor, same shape as `x`.
    """
    scale = ops.rsqrt(variance + epsilon)
    if gamma is not None:
        scale = scale * gamma
    shift = -mean * scale
    if beta is not None:
        shift = shift + beta
    return x * scale + shift


def _statistics_dtype(dtype):
    return keras.backend.result_type(dtype, "float32")


def _cast_and_reshape(weight, dtype, shape):
    """`weight` cast to `dtype` and reshaped to broadcast; `None` stays `None`."""
    if weight is None:
        return None
    return ops.reshape(ops.cast(weight, dtype), shape)


def check_mask_rank(mask, inputs, layer_name):
    """Checks a Keras mask covers every input axis but the last (features)."""
    if mask is not None and len(mask.shape) != len(inputs.shape) - 1:
        raise ValueError(
            f"{layer_name} expects a mask with one dimension less than its "
            "inputs (one entry per step, shared by the features). Received: "
            f"mask.shape={mask.shape}, inputs.shape={inputs.shape}"
        )


def broadcast_mask(mask, inputs):
    """A `(batch, steps)`-style Keras mask as a boolean of `inputs`' shape.

    Keras masks have one entry per position and leave out the last
    (features) axis, whichever axis a layer normalizes over.
    """
    mask = ops.expand_dims(ops.cast(mask, "bool"), axis=-1)
    return ops.broadcast_to(mask, ops.shape(inputs))


def masked_moments(inputs, mask, axes, keepdims=False):
    """Mean and biased variance over `axes` of the entries where `mask` holds.

    Computed as `keras.layers.BatchNormalization` computes its masked
    moments, so that the two agree: `sum / (count + keras.config.epsilon())`
    for both. A channel with no unmasked entry gets 0 and 0.

    Args:
        inputs: Float tensor.
        mask: Boolean tensor of the shape of `inputs`.
        axes: Axes to reduce.
        keepdims: Whether to keep the reduced axes, with size 1.

    Returns:
        `(mean, variance, count)`, `count` being the number of unmasked
        entries in each reduction, in the dtype of `inputs`.
    """
    count = ops.sum(ops.cast(mask, inputs.dtype), axes, keepdims=True)
    denominator = count + keras.config.epsilon()
    mean = ops.sum(ops.where(mask, inputs, 0.0), axes, keepdims=True)
    mean = mean / denominator
    deviation = ops.where(mask, inputs - mean, 0.0)
    variance = ops.sum(ops.square(deviation), axes, keepdims=True)
    variance = variance / denominator
    if not keepdims:
        mean, variance, count = (
            ops.squeeze(t, axis=tuple(axes)) for t in (mean, variance, count)
        )
    return mean, variance, count


@keras.saving.register_keras_serializable(package="course_lib")
class BatchNorm(keras.layers.Layer):
    """Batch normalization (Ioffe & Szegedy, 2015), written from the algorithm.

    Training (`training=True` and the layer trainable), per channel `c`, with
    statistics over every axis except `axis` (the batch, and for conv maps
    also the spatial positions):

        mu_B      = mean(x[..., c])
        sigma_B^2 = mean((x[..., c] - mu_B)^2)            (biased)
        x_hat     = (x - mu_B) / sqrt(sigma_B^2 + epsilon)
        y         = gamma * x_hat + beta

    and the moving statistics are updated with momentum `rho`:

        moving_mean     <- rho * moving_mean     + (1 - rho) * mu_B
        moving_variance <- rho * moving_variance + (1 - rho) * sigma_B^2

    Inference: the same formula with `moving_mean` and `moving_variance` in
    place of `mu_B` and `sigma_B^2`. As in Keras, a non-trainable layer
    (`layer.trainable = False`) always runs in inference mode.

    Masking: with a Keras mask (from `keras.layers.Masking` or
    `Embedding(mask_zero=True)`), `mu_B` and `sigma_B^2` are taken over the
    unmasked positions only, so padding never reaches the moving statistics;
    every position is still normalized, and the mask is passed on to the
    next layer.

    Matches `keras.layers.BatchNormalization` given the same arguments,
    masks included.

    Args:
        axis: Int, the channel axis (kept; all others are reduced).
        momentum: Float in `[0, 1]`, the momentum `rho` of the moving
            averages.
        epsilon: Positive float added to the variance.
        center: If `True`, learn the offset `beta`; otherwise `beta = 0`.
        scale: If `True`, learn the scale `gamma`; otherwise `gamma = 1`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor of any rank with a known size along `axis`.
        training: Python bool; `True` uses and updates batch statistics.
        mask: Optional boolean tensor of the shape of `inputs` without its
            last axis, `True` at the positions the batch statistics count.
            Set by Keras from the previous layer's mask.

    Returns:
        A tensor of the same shape as `inputs`, in the compute dtype.

    Example:

    ```python
    layer = BatchNorm()
    x = np.random.rand(32, 28, 28, 16).astype("float32")
    y = layer(x, training=True)  # per-channel mean ~0, variance ~1
    y = layer(x)                 # uses the moving statistics
    ```
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.axis = check_axis_argument(axis)
        self.momentum = check_in_range(momentum, "momentum", 0.0, 1.0)
        self.epsilon = check_positive_number(epsilon, "epsilon")
        self.center = bool(center)
        self.scale = bool(scale)
        self.supports_masking = True

    def build(self, input_shape):
        ndim = len(input_shape)
        channel_axis = resolve_axis(self.axis, ndim, type(self).__name__)
        channels = input_shape[channel_axis]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} needs a known size along axis="
                f"{self.axis}. Received input_shape={input_shape}"
            )
        self._channel_axis = channel_axis
        self._reduction_axes = [i for i in range(ndim) if i != channel_axis]
        # Per-channel vectors are reshaped to this shape to broadcast against
        # the inputs; for a trailing channel axis no reshape is needed.
        self._broadcast_shape = None
        if channel_axis != ndim - 1:
            self._broadcast_shape = [1] * ndim
            self._broadcast_shape[channel_axis] = channels

        self.gamma = self._add_channel_weight(
            "gamma", channels, "ones", trainable=True, enabled=self.scale
        )
        self.beta = self._add_channel_weight(
            "beta", channels, "zeros", trainable=True, enabled=self.center
        )
        self.moving_mean = self._add_channel_weight(
            "moving_mean", channels, "zeros", trainable=False
        )
        self.moving_variance = self._add_channel_weight(
            "moving_variance", channels, "ones", trainable=False
        )
        self.input_spec = keras.layers.InputSpec(
            ndim=ndim, axes={channel_axis: channels}
        )

    def _add_channel_weight(
        self, name, channels, initializer, trainable, enabled=True
    ):
        if not enabled:
            return None
        return self.add_weight(
            name=name,
            shape=(channels,),
            initializer=initializer,
            trainable=trainable,
            autocast=False,
        )

    def call(self, inputs, training=False, mask=None):
        check_mask_rank(mask, inputs, type(self).__name__)
        inputs = ops.cast(inputs, _statistics_dtype(inputs.dtype))
        gamma = self._as(self.gamma, inputs.dtype)
        beta = self._as(self.beta, inputs.dtype)
        if training and self.trainable:
            outputs = self._normalize_training_batch(inputs, gamma, beta, mask)
        else:
            outputs = self._normalize_per_channel(
                inputs,
                ops.cast(self.moving_mean, inputs.dtype),
                ops.cast(self.moving_variance, inputs.dtype),
                gamma,
                beta,
            )
        return ops.cast(outputs, self.compute_dtype)

    def _normalize_training_batch(self, inputs, gamma, beta, mask):
        """Normalizes with batch statistics and updates the moving ones."""
        mean, variance = self._batch_moments(inputs, mask)
        self._update_moving_statistics(mean, variance)
        return self._normalize_per_channel(inputs, mean, variance, gamma, beta)

    def _batch_moments(self, inputs, mask):
        """Per-channel `mu_B` and `sigma_B^2`, over unmasked positions only."""
        if mask is None:
            return ops.moments(inputs, axes=self._reduction_axes)
        mean, variance, _ = masked_moments(
            inputs, broadcast_mask(mask, inputs), self._reduction_axes
        )
        return mean, variance

    def _update_moving_statistics(self, mean, variance):
        rho = self.momentum
        self.moving_mean.assign(self.moving_mean * rho + mean * (1.0 - rho))
        self.moving_variance.assign(
            self.moving_variance * rho + variance * (1.0 - rho)
        )

    def _normalize_per_channel(self, inputs, mean, variance, gamma, beta):
        """Applies `affine_normalize` with `(channels,)`-shaped arguments."""
        return affine_normalize(
            inputs,
            self._broadcast(mean),
            self._broadcast(variance),
            self._broadcast(gamma),
            self._broadcast(beta),
            self.epsilon,
        )

    def _broadcast(self, vector):
        if vector is None or self._broadcast_shape is None:
            return vector
        return ops.reshape(vector, self._broadcast_shape)

    @staticmethod
    def _as(variable, dtype):
        return None if variable is None else ops.cast(variable, dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
        }
        return {**super().get_config(), **config}


@keras.saving.register_keras_serializable(package="course_lib")
class BatchRenorm(BatchNorm):
    """Batch renormalization (Ioffe, 2017).

    Batch norm makes each training output depend on the other samples of
    the batch, and trains a network that differs from the one used at
    inference. Batch renorm corrects the batch-normalized value towards what
    running statistics `mu`, `sigma` would give, with corrections treated as
    constants (no gradient flows through `r` and `d`):

        sigma_B = sqrt(sigma_B^2 + epsilon)
        r = clip(sigma_B / sigma, 1 / rmax, rmax)
        d = clip((mu_B - mu) / sigma, -dmax, dmax)
        x_hat = (x - mu_B) / sigma_B * r + d
        y = gamma * x_hat + beta

    where `sigma` is `max(renorm_stddev, sqrt(epsilon))`. After each training
    step the running statistics are updated:

        renorm_mean   <- rho_r * renorm_mean   + (1 - rho_r) * mu_B
        renorm_stddev <- rho_r * renorm_stddev + (1 - rho_r) * sigma_B
        moving_mean   <- rho * moving_mean     + (1 - rho) * mu_B
        moving_stddev <- rho * moving_stddev   + (1 - rho) * sigma_B
        moving_variance = max(moving_stddev^2 - epsilon, 0)

    Inference: as batch norm, with `moving_mean` and `moving_variance`.
    With a mask, `mu_B` and `sigma_B` count unmasked positions only, as in
    `BatchNorm`.

    These are the semantics of `keras.layers.BatchNormalization(renorm=True,
    renorm_momentum=rho_r, renorm_clipping={"rmax": rmax, "rmin": 1 / rmax,
    "dmax": dmax})`, which this layer matches, masks included. Keras's
    `renorm_clipping` defaults to no clipping at all; this layer clips by
    default (`rmax=3`, `dmax=5`, where the paper's schedule ends).

    Args:
        axis: Int, the channel axis.
        momentum: Float in `[0, 1]`, momentum `rho` of the inference
            statistics.
        renorm_momentum: Float in `[0, 1]`, momentum `rho_r` of the
            statistics `mu`, `sigma` used for the corrections in training.
        rmax: Float `>= 1`; `r` is clipped to `[1 / rmax, rmax]`.
        dmax: Float `>= 0`; `d` is clipped to `[-dmax, dmax]`.
        epsilon: Positive float added to the variance.
        center: If `True`, learn the offset `beta`.
        scale: If `True`, learn the scale `gamma`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor of any rank with a known size along `axis`.
        training: Python bool; `True` uses the renormalized batch statistics.
        mask: Optional boolean tensor of the shape of `inputs` without its
            last axis, `True` at the positions the batch statistics count.

    Returns:
        A tensor of the same shape as `inputs`, in the compute dtype.

    Example:

    ```python
    layer = BatchRenorm(rmax=3.0, dmax=5.0)
    x = np.random.rand(8, 28, 28, 16).astype("float32")
    y = layer(x, training=True)
    ```
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        renorm_momentum=0.99,
        rmax=3.0,
        dmax=5.0,
        epsilon=1e-3,
        center=True,
        scale=True,
        **kwargs,
    ):
        super().__init__(
            axis=axis,
            momentum=momentum,
            epsilon=epsilon,
            center=center,
            scale=scale,
            **kwargs,
        )
        self.renorm_momentum = check_in_range(
            renorm_momentum, "renorm_momentum", 0.0, 1.0
        )
        self.rmax = check_positive_number(rmax, "rmax")
        if self.rmax < 1.0:
            raise ValueError(
                "`rmax` must be >= 1, so that the clipping interval "
                f"[1 / rmax, rmax] is not empty. Received: rmax={rmax!r}"
            )
        self.dmax = check_non_negative_number(dmax, "dmax")

    def build(self, input_shape):
        super().build(input_shape)
        channels = input_shape[self._channel_axis]
        self.moving_stddev = self._add_channel_weight(
            "moving_stddev", channels, "ones", trainable=False
        )
        self.renorm_mean = self._add_channel_weight(
            "renorm_mean", channels, "zeros", trainable=False
        )
        self.renorm_stddev = self._add_channel_weight(
            "renorm_stddev", channels, "ones", trainable=False
        )

    def _normalize_training_batch(self, inputs, gamma, beta, mask):
        mean, variance = self._batch_moments(inputs, mask)
        stddev = ops.sqrt(variance + self.epsilon)
        r, d = self._corrections(mean, stddev)
        # Fold the corrections into the affine transform:
        # gamma * (x_hat * r + d) + beta = x_hat * (gamma r) + (gamma d + beta)
        if gamma is not None:
            r, d = gamma * r, gamma * d
        if beta is not None:
            d = d + beta
        self._update_running_statistics(mean, stddev)
        return self._normalize_per_channel(inputs, mean, variance, r, d)

    def _corrections(self, mean, stddev):
        """The clipped corrections `r` and `d`, as constants for autodiff."""
        renorm_stddev = ops.maximum(self.renorm_stddev, math.sqrt(self.epsilon))
        r = ops.clip(stddev / renorm_stddev, 1.0 / self.rmax, self.rmax)
        d = ops.clip(
            (mean - self.renorm_mean) / renorm_stddev, -self.dmax, self.dmax
        )
        return ops.stop_gradient(r), ops.stop_gradient(d)

    def _update_running_statistics(self, mean, stddev):
        rho_r, rho = self.renorm_momentum, self.momentum
        self.renorm_mean.assign(self.renorm_mean * rho_r + mean * (1.0 - rho_r))
        self.renorm_stddev.assign(
            self.renorm_stddev * rho_r + stddev * (1.0 - rho_r)
        )
        self.moving_mean.assign(self.moving_mean * rho + mean * (1.0 - rho))
        moving_stddev = self.moving_stddev * rho + stddev * (1.0 - rho)
        self.moving_stddev.assign(moving_stddev)
        # Rounding can push stddev^2 slightly below epsilon; clamp at zero.
        self.moving_variance.assign(
            ops.relu(moving_stddev * moving_stddev - self.epsilon)
        )

    def get_config(self):
        config = {
            "renorm_momentum": self.renorm_momentum,
            "rmax": self.rmax,
            "dmax": self.dmax,
        }
        return {**super().get_config(), **config}


@keras.saving.register_keras_serializable(package="course_lib")
class GhostBatchNorm(BatchNorm):
    """Ghost batch normalization (Hoffer et al., 2017).

    Training splits the batch of `B` samples into `B / v` consecutive
    "virtual" batches of `v = virtual_batch_size` samples, and normalizes
    each virtual batch `k` with its own statistics:

        mu_k, sigma_k^2 = mean and variance of x over virtual batch k
                          (and every other axis except `axis`)
        x_hat = (x - mu_k) / sqrt(sigma_k^2 + epsilon)
        y = gamma * x_hat + beta

    The moving statistics get one update per step, from the averages of the
    virtual-batch statistics (the convention of the `virtual_batch_size`
    option of Keras 2):

        moving_mean     <- rho * moving_mean     + (1 - rho) * mean_k(mu_k)
        moving_variance <- rho * moving_variance + (1 - rho) * mean_k(sigma_k^2)

    Inference: as batch norm, with the moving statistics. Large-batch
    training with small virtual batches keeps the regularizing noise of
    small-batch statistics.

    During training the batch size must be a multiple of
    `virtual_batch_size` (choose the dataset size and batch size so that
    the last batch is full, or drop it).

    Masking (Keras has no ghost batch norm to follow, so this is a choice):
    `mu_k` and `sigma_k^2` are taken over the unmasked positions of virtual
    batch `k`, computed as `BatchNorm` computes its masked statistics, and
    the moving statistics average them weighted by each virtual batch's
    number of unmasked positions `n_k`:

        moving_mean <- rho * moving_mean
                       + (1 - rho) * sum_k(n_k mu_k) / sum_k(n_k)

    (the same for `sigma_k^2`). So a virtual batch that is all padding
    counts for nothing, and with a single virtual batch the layer is
    exactly `BatchNorm` with the same mask.

    Args:
        virtual_batch_size: Positive int, samples per virtual batch.
        axis: Int, the channel axis; it cannot be the batch axis 0.
        momentum: Float in `[0, 1]`, the momentum `rho` of the moving
            averages.
        epsilon: Positive float added to the variance.
        center: If `True`, learn the offset `beta`.
        scale: If `True`, learn the scale `gamma`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor `(batch, ...)` with a known size along `axis`.
        training: Python bool; `True` uses virtual-batch statistics.
        mask: Optional boolean tensor of the shape of `inputs` without its
            last axis, `True` at the positions the statistics count.

    Returns:
        A tensor of the same shape as `inputs`, in the compute dtype.

    Example:

    ```python
    layer = GhostBatchNorm(virtual_batch_size=8)
    x = np.random.rand(64, 10).astype("float32")
    y = layer(x, training=True)  # each block of 8 rows normalized alone
    ```
    """

    def __init__(
        self,
        virtual_batch_size,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        **kwargs,
    ):
        super().__init__(
            axis=axis,
            momentum=momentum,
            epsilon=epsilon,
            center=center,
            scale=scale,
            **kwargs,
        )
        self.virtual_batch_size = check_positive_int(
            virtual_batch_size, "virtual_batch_size"
        )

    def build(self, input_shape):
        super().build(input_shape)
        if self._channel_axis == 0:
            raise ValueError(
                "GhostBatchNorm splits the batch axis 0 into virtual "
                "batches, so it cannot be the channel axis. Received "
                f"axis={self.axis}"
            )
        batch_size = input_shape[0]
        if batch_size is not None and batch_size % self.virtual_batch_size:
            raise ValueError(
                f"The batch size ({batch_size}) must be a multiple of "
                f"virtual_batch_size ({self.virtual_batch_size})."
            )
        # Axes of the (ghosts, virtual_batch_size, ...) view that are
        # reduced: everything but the ghost index and the channel axis.
        self._ghost_reduction_axes = [
            i + 1 for i in range(len(input_shape)) if i != self._channel_axis
        ]

    def _normalize_training_batch(self, inputs, gamma, beta, mask):
        shape = ops.shape(inputs)
        ghost_shape = (-1, self.virtual_batch_size) + tuple(shape[1:])
        ghosts = ops.reshape(inputs, ghost_shape)
        if mask is None:
            mean, variance = ops.moments(
                ghosts, axes=self._ghost_reduction_axes, keepdims=True
            )
            moving_mean = ops.mean(mean, axis=0)
            moving_variance = ops.mean(variance, axis=0)
        else:
            ghost_mask = ops.reshape(broadcast_mask(mask, inputs), ghost_shape)
            mean, variance, count = masked_moments(
                ghosts, ghost_mask, self._ghost_reduction_axes, keepdims=True
            )
            # An all-padding batch gets zero weights, hence zero statistics,
            # as Keras's batch norm gives it.
            weight = ops.divide_no_nan(count, ops.sum(count, axis=0))
            moving_mean = ops.sum(weight * mean, axis=0)
            moving_variance = ops.sum(weight * variance, axis=0)
        # Per-channel vectors broadcast against the extra leading ghost axis.
        outputs = affine_normalize(
            ghosts,
            mean,
            variance,
            self._broadcast(gamma),
            self._broadcast(beta),
            self.epsilon,
        )
        self._update_moving_statistics(
            ops.reshape(moving_mean, (-1,)),
            ops.reshape(moving_variance, (-1,)),
        )
        return ops.reshape(outputs, shape)

    def get_config(self):
        config = {"virtual_batch_size": self.virtual_batch_size}
        return {**super().get_config(), **config}


@keras.saving.register_keras_serializable(package="course_lib")
class LayerNorm(keras.layers.Layer):
    """Layer normalization (Ba et al., 2016).

    Each sample is normalized on its own, over the axes in `axis` (by
    default its features), so training and inference are identical and the
    batch size does not matter:

        mu      = mean of x over `axis`, per sample
        sigma^2 = mean((x - mu)^2) over `axis`, per sample
        y       = gamma * (x - mu) / sqrt(sigma^2 + epsilon) + beta

    `gamma` and `beta` have the shape of the normalized axes.

    A Keras mask is passed on to the next layer unchanged. It does not
    enter the statistics: with the default `axis=-1` each position is
    normalized on its own, so padding cannot leak into real positions.

    Matches `keras.layers.LayerNormalization` for the same `axis`, masks
    included.

    Args:
        axis: Int or list of ints, the axes to normalize over.
        epsilon: Positive float added to the variance.
        center: If `True`, learn the offset `beta`.
        scale: If `True`, learn the scale `gamma`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor with known sizes along `axis`.

    Returns:
        A tensor of the same shape as `inputs`, in the compute dtype.

    Example:

    ```python
    layer = LayerNorm(axis=[1, 2, 3])  # normalize each image as a whole
    x = np.random.rand(4, 8, 8, 3).astype("float32")
    y = layer(x)
    ```
    """

    def __init__(
        self, axis=-1, epsilon=1e-3, center=True, scale=True, **kwargs
    ):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            if not axis:
                raise ValueError("`axis` must name at least one axis.")
            self.axis = [check_axis_argument(a) for a in axis]
        else:
            self.axis = check_axis_argument(axis)
        self.epsilon = check_positive_number(epsilon, "epsilon")
        self.center = bool(center)
        self.scale = bool(scale)
        self.supports_masking = True
        # Inputs keep their dtype: they are upcast for the statistics anyway.
        self.autocast = False

    def build(self, input_shape):
        ndim = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        axes = sorted(resolve_axis(a, ndim, "LayerNorm") for a in axes)
        if len(set(axes)) != len(axes):
            raise ValueError(
                f"LayerNorm received a repeated axis: axis={self.axis}"
            )
        param_shape = tuple(input_shape[a] for a in axes)
        if None in param_shape:
            raise ValueError(
                f"LayerNorm needs known sizes along axis={self.axis}. "
                f"Received input_shape={input_shape}"
            )
        self._axes = axes
        self._broadcast_shape = [1] * ndim
        for a in axes:
            self._broadcast_shape[a] = input_shape[a]

        self.gamma = None
        self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=param_shape,
                initializer="ones",
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta",
                shape=param_shape,
                initializer="zeros",
                autocast=False,
            )

    def call(self, inputs):
        inputs = ops.cast(inputs, _statistics_dtype(inputs.dtype))
        mean, variance = ops.moments(inputs, axes=self._axes, keepdims=True)
        outputs = affine_normalize(
            inputs,
            mean,
            variance,
            _cast_and_reshape(self.gamma, inputs.dtype, self._broadcast_shape),
            _cast_and_reshape(self.beta, inputs.dtype, self._broadcast_shape),
            self.epsilon,
        )
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
        }
        return {**super().get_config(), **config}


@keras.saving.register_keras_serializable(package="course_lib")
class GroupNorm(keras.layers.Layer):
    """Group normalization (Wu & He, 2018).

    The `C` channels are split into `G = groups` groups of `C / G`
    consecutive channels; each sample is normalized per group, over the
    group's channels and all spatial positions:

        mu_g      = mean of x over (positions, channels of group g), per sample
        sigma_g^2 = mean((x - mu_g)^2) over the same values
        y         = gamma * (x - mu_g) / sqrt(sigma_g^2 + epsilon) + beta

    with per-channel `gamma` and `beta`. Training and inference are
    identical. `groups = 1` gives layer norm over positions and channels;
    `groups = C` gives instance normalization.

    A Keras mask is passed on to the next layer unchanged but, as in Keras,
    does not enter the statistics: padded positions of a sequence count in
    `mu_g` and `sigma_g^2`.

    Matches `keras.layers.GroupNormalization`, masks included.

    Args:
        groups: Positive int that divides the number of channels.
        axis: Int, the channel axis; it cannot be the batch axis 0.
        epsilon: Positive float added to the variance.
        center: If `True`, learn the offset `beta`.
        scale: If `True`, learn the scale `gamma`.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Tensor `(batch, ..., channels)` (for `axis=-1`), with known
            non-batch sizes.

    Returns:
        A tensor of the same shape as `inputs`, in the compute dtype.

    Example:

    ```python
    layer = GroupNorm(groups=4)
    x = np.random.rand(2, 8, 8, 16).astype("float32")
    y = layer(x)  # 4 groups of 4 channels, each normalized per image
    ```
    """

    def __init__(
        self,
        groups=32,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.groups = check_positive_int(groups, "groups")
        self.axis = check_axis_argument(axis)
        self.epsilon = check_positive_number(epsilon, "epsilon")
        self.center = bool(center)
        self.scale = bool(scale)
        self.supports_masking = True
        # Inputs keep their dtype: they are upcast for the statistics anyway.
        self.autocast = False

    def build(self, input_shape):
        ndim = len(input_shape)
        channel_axis = resolve_axis(self.axis, ndim, "GroupNorm")
        if channel_axis == 0:
            raise ValueError(
                "GroupNorm normalizes each sample separately, so the channel "
                f"axis cannot be the batch axis 0. Received axis={self.axis}"
            )
        channels = input_shape[channel_axis]
        if channels is None:
            raise ValueError(
                f"GroupNorm needs a known number of channels along axis="
                f"{self.axis}. Received input_shape={input_shape}"
            )
        if channels % self.groups:
            raise ValueError(
                f"groups={self.groups} does not divide the {channels} "
                f"channels along axis={self.axis}; choose a divisor of "
                f"{channels}."
            )
        self._channel_axis = channel_axis
        # In the grouped view (..., groups, channels // groups, ...), reduce
        # everything but the batch and the group axes.
        self._reduction_axes = [
            i for i in range(1, ndim + 1) if i != channel_axis
        ]
        self._broadcast_shape = [1] * (ndim + 1)
        self._broadcast_shape[channel_axis] = self.groups
        self._broadcast_shape[channel_axis + 1] = channels // self.groups

        self.gamma = None
        self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=(channels,),
                initializer="ones",
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta",
                shape=(channels,),
                initializer="zeros",
                autocast=False,
            )
        self.input_spec = keras.layers.InputSpec(
            ndim=ndim, axes={channel_axis: channels}
        )

    def call(self, inputs):
        inputs = ops.cast(inputs, _statistics_dtype(inputs.dtype))
        shape = ops.shape(inputs)
        axis = self._channel_axis
        grouped_shape = (
            tuple(shape[:axis])
            + (self.groups, shape[axis] // self.groups)
            + tuple(shape[axis + 1 :])
        )
        grouped = ops.reshape(inputs, grouped_shape)
        mean, variance = ops.moments(
            grouped, axes=self._reduction_axes, keepdims=True
        )
        outputs = affine_normalize(
            grouped,
            mean,
            variance,
            _cast_and_reshape(self.gamma, inputs.dtype, self._broadcast_shape),
            _cast_and_reshape(self.beta, inputs.dtype, self._broadcast_shape),
            self.epsilon,
        )
        return ops.cast(ops.reshape(outputs, shape), self.compute_dtype)


    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
        }
        return {**super().get_config(), **config}
