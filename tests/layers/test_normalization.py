"""Normalization layers against Keras (GhostBatchNorm: a NumPy reference).

Each comparison runs several training steps on batches whose statistics
drift, so the moving statistics (and, for renorm, the clipping) matter.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_lib.layers import BatchNorm
from course_lib.layers import BatchRenorm
from course_lib.layers import GhostBatchNorm
from course_lib.layers import GroupNorm
from course_lib.layers import LayerNorm

TOL = {"rtol": 1e-4, "atol": 1e-4}


def drifting_batches(shape, steps=5, seed=0):
    """Batches with a per-step shift and scale, so statistics keep moving."""
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(size=shape) * (1.0 + step) + 2.0 * step).astype("float32")
        for step in range(steps)
    ]


def set_same_affine(ours, theirs, seed=0):
    """Gives both layers the same random gamma and beta."""
    rng = np.random.default_rng(seed)
    gamma = rng.uniform(0.5, 1.5, size=ours.gamma.shape).astype("float32")
    beta = rng.normal(size=ours.beta.shape).astype("float32")
    for layer in (ours, theirs):
        layer.gamma.assign(gamma)
        layer.beta.assign(beta)


# ----------------------------------------------------------------- BatchNorm


@pytest.mark.parametrize(
    "shape, axis",
    [((16, 5, 5, 6), -1), ((16, 6, 5, 5), 1), ((32, 7), -1), ((8, 4, 6), 1)],
)
def test_batch_norm_matches_keras_over_training_steps(shape, axis):
    ours = BatchNorm(axis=axis, momentum=0.8, epsilon=1e-3)
    keras_bn = keras.layers.BatchNormalization(
        axis=axis, momentum=0.8, epsilon=1e-3
    )
    ours.build(shape)
    keras_bn.build(shape)
    set_same_affine(ours, keras_bn)

    for batch in drifting_batches(shape):
        np.testing.assert_allclose(
            ours(batch, training=True), keras_bn(batch, training=True), **TOL
        )
        np.testing.assert_allclose(
            ours.moving_mean, keras_bn.moving_mean, **TOL
        )
        np.testing.assert_allclose(
            ours.moving_variance, keras_bn.moving_variance, **TOL
        )
    test_batch = drifting_batches(shape, steps=1, seed=1)[0]
    np.testing.assert_allclose(
        ours(test_batch, training=False),
        keras_bn(test_batch, training=False),
        **TOL,
    )


@pytest.mark.parametrize(
    "center, scale", [(False, True), (True, False), (False, False)]
)
def test_batch_norm_without_affine_parts_matches_keras(center, scale):
    shape = (16, 3, 3, 4)
    ours = BatchNorm(center=center, scale=scale)
    keras_bn = keras.layers.BatchNormalization(center=center, scale=scale)
    batch = drifting_batches(shape, steps=1)[0]
    np.testing.assert_allclose(
        ours(batch, training=True), keras_bn(batch, training=True), **TOL
    )
    assert len(ours.trainable_weights) == len(keras_bn.trainable_weights)


def test_batch_norm_statistics_are_per_channel_formula():
    x = drifting_batches((32, 4, 4, 3), steps=1, seed=3)[0]
    y = np.asarray(BatchNorm(epsilon=1e-3)(x, training=True))
    mu = x.mean(axis=(0, 1, 2))
    var = x.var(axis=(0, 1, 2))
    np.testing.assert_allclose(y, (x - mu) / np.sqrt(var + 1e-3), **TOL)


def gradients(layer, x, upstream):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x, training=True) * upstream)
    return tape.gradient(loss, [x, layer.gamma.value, layer.beta.value])


@pytest.mark.parametrize(
    "shape, axis", [((16, 4, 4, 6), -1), ((12, 5), -1), ((8, 6, 3, 3), 1)]
)
def test_batch_norm_gradients_match_keras(shape, axis):
    ours = BatchNorm(axis=axis)
    keras_bn = keras.layers.BatchNormalization(axis=axis)
    ours.build(shape)
    keras_bn.build(shape)
    set_same_affine(ours, keras_bn, seed=1)
    x = drifting_batches(shape, steps=2, seed=2)[1]
    upstream = np.random.default_rng(3).normal(size=shape).astype("float32")

    for ours_grad, keras_grad, name in zip(
        gradients(ours, x, upstream),
        gradients(keras_bn, x, upstream),
        ("inputs", "gamma", "beta"),
    ):
        np.testing.assert_allclose(ours_grad, keras_grad, **TOL, err_msg=name)


def test_frozen_batch_norm_runs_in_inference_mode_like_keras():
    shape = (8, 5)
    ours, keras_bn = BatchNorm(), keras.layers.BatchNormalization()
    batches = drifting_batches(shape, steps=3)
    for batch in batches[:2]:
        ours(batch, training=True)
        keras_bn(batch, training=True)
    ours.trainable = keras_bn.trainable = False
    moving_mean = np.asarray(ours.moving_mean)
    np.testing.assert_allclose(
        ours(batches[2], training=True),
        keras_bn(batches[2], training=True),
        **TOL,
    )
    np.testing.assert_array_equal(ours.moving_mean, moving_mean)


# --------------------------------------------------------------- BatchRenorm


def keras_renorm(rmax, dmax, **kwargs):
    return keras.layers.BatchNormalization(
        renorm=True,
        renorm_clipping={"rmax": rmax, "rmin": 1.0 / rmax, "dmax": dmax},
        **kwargs,
    )


@pytest.mark.parametrize("rmax, dmax", [(3.0, 5.0), (1.5, 0.5)])
def test_batch_renorm_matches_keras_over_training_steps(rmax, dmax):
    shape = (16, 4, 4, 5)
    kwargs = {"momentum": 0.9, "renorm_momentum": 0.7, "epsilon": 1e-3}
    ours = BatchRenorm(rmax=rmax, dmax=dmax, **kwargs)
    keras_bn = keras_renorm(rmax, dmax, **kwargs)
    ours.build(shape)
    keras_bn.build(shape)
    set_same_affine(ours, keras_bn)
    plain_bn = BatchNorm(momentum=0.9)
    plain_bn.build(shape)
    set_same_affine(plain_bn, keras_bn)

    renorm_differs_from_batch_norm = False
    for batch in drifting_batches(shape, steps=6):
        y = np.asarray(ours(batch, training=True))
        np.testing.assert_allclose(y, keras_bn(batch, training=True), **TOL)
        renorm_differs_from_batch_norm |= not np.allclose(
            y, plain_bn(batch, training=True), atol=1e-2
        )
        for name in (
            "moving_mean",
            "moving_variance",
            "moving_stddev",
            "renorm_mean",
            "renorm_stddev",
        ):
            np.testing.assert_allclose(
                getattr(ours, name),
                getattr(keras_bn, name),
                **TOL,
                err_msg=name,
            )
    assert renorm_differs_from_batch_norm, "the corrections were never active"

    test_batch = drifting_batches(shape, steps=1, seed=5)[0]
    np.testing.assert_allclose(
        ours(test_batch, training=False),
        keras_bn(test_batch, training=False),
        **TOL,
    )


@pytest.mark.parametrize("rmax, dmax", [(1.5, 0.5), (100.0, 100.0)])
def test_batch_renorm_gradients_match_keras(rmax, dmax):
    # With (100, 100) the corrections are not clipped, so the test checks
    # that no gradient flows through r and d.
    shape = (16, 6)
    ours = BatchRenorm(rmax=rmax, dmax=dmax, renorm_momentum=0.5)
    keras_bn = keras_renorm(rmax, dmax, renorm_momentum=0.5)
    ours.build(shape)
    keras_bn.build(shape)
    set_same_affine(ours, keras_bn)
    batches = drifting_batches(shape, steps=3)
    for batch in batches[:2]:
        ours(batch, training=True)
        keras_bn(batch, training=True)
    upstream = np.random.default_rng(4).normal(size=shape).astype("float32")
    for ours_grad, keras_grad in zip(
        gradients(ours, batches[2], upstream),
        gradients(keras_bn, batches[2], upstream),
    ):
        np.testing.assert_allclose(ours_grad, keras_grad, **TOL)


# ------------------------------------------------------------ GhostBatchNorm


def ghost_batch_norm_reference(x, virtual_batch_size, moving, momentum, eps):
    """NumPy ghost batch norm (channels last), gamma = 1 and beta = 0."""
    ghosts = x.reshape((-1, virtual_batch_size) + x.shape[1:])
    axes = tuple(range(1, ghosts.ndim - 1))
    mu = ghosts.mean(axis=axes, keepdims=True)
    var = ghosts.var(axis=axes, keepdims=True)
    y = ((ghosts - mu) / np.sqrt(var + eps)).reshape(x.shape)
    channels = x.shape[-1]
    moving_mean, moving_var = moving
    moving_mean = momentum * moving_mean + (1 - momentum) * mu.reshape(
        -1, channels
    ).mean(axis=0)
    moving_var = momentum * moving_var + (1 - momentum) * var.reshape(
        -1, channels
    ).mean(axis=0)
    return y, (moving_mean, moving_var)


@pytest.mark.parametrize("shape", [(24, 5), (16, 3, 3, 4)])
def test_ghost_batch_norm_matches_numpy_reference(shape):
    virtual_batch_size, momentum, eps = 4, 0.8, 1e-3
    layer = GhostBatchNorm(virtual_batch_size, momentum=momentum, epsilon=eps)
    channels = shape[-1]
    moving = (np.zeros(channels), np.ones(channels))

    for batch in drifting_batches(shape, steps=4):
        expected, moving = ghost_batch_norm_reference(
            batch.astype("float64"), virtual_batch_size, moving, momentum, eps
        )
        np.testing.assert_allclose(layer(batch, training=True), expected, **TOL)
        np.testing.assert_allclose(layer.moving_mean, moving[0], **TOL)
        np.testing.assert_allclose(layer.moving_variance, moving[1], **TOL)

    test_batch = drifting_batches(shape, steps=1, seed=9)[0]
    expected = (test_batch - moving[0]) / np.sqrt(moving[1] + eps)
    np.testing.assert_allclose(
        layer(test_batch, training=False), expected, **TOL
    )


def test_ghost_batch_norm_with_one_virtual_batch_is_batch_norm():
    shape = (8, 2, 2, 3)
    ghost, plain = GhostBatchNorm(8, axis=1), BatchNorm(axis=1)
    for batch in drifting_batches(shape, steps=3):
        np.testing.assert_allclose(
            ghost(batch, training=True), plain(batch, training=True), **TOL
        )
    np.testing.assert_allclose(
        ghost.moving_variance, plain.moving_variance, **TOL
    )


def test_ghost_batch_norm_with_one_virtual_batch_is_keras_with_a_mask():
    shape = (8, 6, 3)
    ghost = GhostBatchNorm(8, momentum=0.5)
    keras_bn = keras.layers.BatchNormalization(momentum=0.5)
    for batch in drifting_batches(shape, steps=3):
        batch, mask = padded(batch)
        np.testing.assert_allclose(
            ghost(batch, training=True, mask=mask),
            keras_bn(batch, training=True, mask=mask),
            **TOL,
        )
        np.testing.assert_allclose(
            ghost.moving_mean, keras_bn.moving_mean, **TOL
        )
        np.testing.assert_allclose(
            ghost.moving_variance, keras_bn.moving_variance, **TOL
        )


def masked_ghost_reference(x, mask, virtual_batch_size, moving, momentum, eps):
    """NumPy masked ghost batch norm (channels last), gamma = 1, beta = 0.

    Each virtual batch's statistics cover its unmasked steps; the moving
    statistics average them weighted by their numbers of unmasked steps.
    """
    channels = x.shape[-1]
    ghosts = x.reshape((-1, virtual_batch_size) + x.shape[1:])
    ghost_masks = mask.reshape((-1, virtual_batch_size) + mask.shape[1:])
    y = np.empty_like(ghosts)
    means, variances, counts = [], [], []
    for k, (ghost, keep) in enumerate(zip(ghosts, ghost_masks)):
        values = ghost[keep].reshape(-1, channels)
        mu = values.mean(axis=0) if len(values) else np.zeros(channels)
        var = values.var(axis=0) if len(values) else np.zeros(channels)
        y[k] = (ghost - mu) / np.sqrt(var + eps)
        means.append(mu)
        variances.append(var)
        counts.append(len(values))
    weights = np.array(counts)[:, None] / np.sum(counts)
    moving_mean, moving_var = moving
    moving_mean = momentum * moving_mean + (1 - momentum) * np.sum(
        weights * means, axis=0
    )
    moving_var = momentum * moving_var + (1 - momentum) * np.sum(
        weights * variances, axis=0
    )
    return y.reshape(x.shape), (moving_mean, moving_var)


def test_masked_ghost_batch_norm_matches_numpy_reference():
    shape, virtual_batch_size, momentum, eps = (12, 6, 3), 4, 0.8, 1e-3
    layer = GhostBatchNorm(virtual_batch_size, momentum=momentum, epsilon=eps)
    moving = (np.zeros(3), np.ones(3))
    unmasked = GhostBatchNorm(virtual_batch_size, momentum=momentum)

    for step, batch in enumerate(drifting_batches(shape, steps=3)):
        batch, mask = padded(batch, seed=step)
        if step == 1:
            mask[4:8] = False  # a whole virtual batch of padding
            batch[4:8] = 0.0
        expected, moving = masked_ghost_reference(
            batch.astype("float64"),
            mask,
            virtual_batch_size,
            moving,
            momentum,
            eps,
        )
        y = layer(batch, training=True, mask=mask)
        np.testing.assert_allclose(y, expected, **TOL)
        np.testing.assert_allclose(layer.moving_mean, moving[0], **TOL)
        np.testing.assert_allclose(layer.moving_variance, moving[1], **TOL)
        unmasked(batch, training=True)
    assert not np.allclose(unmasked.moving_mean, layer.moving_mean, atol=0.1)


# --------------------------------------------------------------------- masks


def padded(batch, seed=0):
    """Zeroes a random tail of each sequence; returns it and its mask.

    The mask is the one `keras.layers.Masking(0.0)` computes, and every
    sequence keeps at least one step.
    """
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, batch.shape[1] + 1, size=batch.shape[0])
    lengths[0] = max(1, batch.shape[1] // 2)  # at least one padded step
    mask = np.arange(batch.shape[1])[None, :] < lengths[:, None]
    batch = np.where(mask[..., None], batch, 0.0).astype("float32")
    np.testing.assert_array_equal(
        keras.layers.Masking(0.0).compute_mask(batch), mask
    )
    return batch, mask


@pytest.mark.parametrize(
    "make_ours, make_keras",
    [
        (
            lambda: BatchNorm(momentum=0.7),
            lambda: keras.layers.BatchNormalization(momentum=0.7),
        ),
        (
            lambda: BatchRenorm(momentum=0.7, renorm_momentum=0.6, rmax=1.5),
            lambda: keras_renorm(1.5, 5.0, momentum=0.7, renorm_momentum=0.6),
        ),
    ],
    ids=["BatchNorm", "BatchRenorm"],
)
def test_masked_batch_statistics_match_keras(make_ours, make_keras):
    shape = (8, 10, 4)
    ours, keras_bn, unmasked = make_ours(), make_keras(), make_ours()
    for layer in (ours, keras_bn, unmasked):
        layer.build(shape)
    set_same_affine(ours, keras_bn)
    set_same_affine(unmasked, keras_bn)

    for step, batch in enumerate(drifting_batches(shape, steps=4)):
        batch, mask = padded(batch, seed=step)
        np.testing.assert_allclose(
            ours(batch, training=True, mask=mask),
            keras_bn(batch, training=True, mask=mask),
            **TOL,
        )
        unmasked(batch, training=True)
        for name in ("moving_mean", "moving_variance"):
            np.testing.assert_allclose(
                getattr(ours, name),
                getattr(keras_bn, name),
                **TOL,
                err_msg=name,
            )
    # The padding really moved the unmasked statistics: the mask mattered.
    assert not np.allclose(unmasked.moving_mean, ours.moving_mean, atol=0.1)

    test_batch, mask = padded(drifting_batches(shape, steps=1, seed=9)[0])
    np.testing.assert_allclose(
        ours(test_batch, training=False, mask=mask),
        keras_bn(test_batch, training=False, mask=mask),
        **TOL,
    )


def test_masked_batch_norm_statistics_are_the_unmasked_steps():
    batch, mask = padded(drifting_batches((6, 5, 3), steps=1, seed=4)[0])
    y = np.asarray(BatchNorm(epsilon=1e-3)(batch, training=True, mask=mask))
    mu = batch[mask].mean(axis=0)
    var = batch[mask].var(axis=0)
    np.testing.assert_allclose(y, (batch - mu) / np.sqrt(var + 1e-3), **TOL)


def test_mask_of_wrong_rank_raises():
    x = np.ones((2, 3, 4), "float32")
    with pytest.raises(ValueError, match="one dimension less than its inputs"):
        BatchNorm()(x, training=True, mask=np.ones((2, 3, 4), bool))


SEQUENCE_LAYERS = [
    (lambda: BatchNorm(), keras.layers.BatchNormalization),
    (
        lambda: BatchRenorm(),
        lambda: keras.layers.BatchNormalization(renorm=True),
    ),
    (lambda: GhostBatchNorm(2), keras.layers.BatchNormalization),
    (lambda: LayerNorm(), keras.layers.LayerNormalization),
    (
        lambda: GroupNorm(groups=2),
        lambda: keras.layers.GroupNormalization(groups=2),
    ),
]


@pytest.mark.parametrize(
    "make_ours, make_keras",
    SEQUENCE_LAYERS,
    ids=["BatchNorm", "BatchRenorm", "GhostBatchNorm", "LayerNorm", "GroupNorm"],
)
def test_mask_reaches_global_average_pooling_as_in_keras(
    make_ours, make_keras
):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 6, 4)).astype("float32") + 3.0
    x[:, 3:] = 0.0  # every sequence half padding

    def pooled(layer):
        inputs = keras.Input((6, 4))
        masked = keras.layers.Masking(0.0)(inputs)
        normalized = layer(masked)
        assert normalized._keras_mask is not None
        outputs = keras.layers.GlobalAveragePooling1D()(normalized)
        model = keras.Model(inputs, outputs)
        np.testing.assert_array_equal(
            layer.compute_mask(x, np.any(x != 0, axis=-1)),
            np.any(x != 0, axis=-1),
        )
        return np.asarray(model(x)), np.asarray(layer(x))

    ours, normalized = pooled(make_ours())
    theirs, _ = pooled(make_keras())
    np.testing.assert_allclose(ours, theirs, **TOL)
    # GlobalAveragePooling1D averaged the 3 real steps only.
    np.testing.assert_allclose(ours, normalized[:, :3].mean(axis=1), **TOL)


# ------------------------------------------------------ LayerNorm, GroupNorm


@pytest.mark.parametrize(
    "shape, axis",
    [
        ((6, 10), -1),
        ((4, 5, 6, 3), -1),
        ((4, 5, 6, 3), [1, 2, 3]),
        ((4, 5, 6, 3), [-3, -1]),
        ((4, 5, 6, 3), 1),
    ],
)
def test_layer_norm_matches_keras(shape, axis):
    ours = LayerNorm(axis=axis, epsilon=1e-3)
    keras_ln = keras.layers.LayerNormalization(axis=axis, epsilon=1e-3)
    ours.build(shape)
    keras_ln.build(shape)
    set_same_affine(ours, keras_ln)
    x = drifting_batches(shape, steps=2)[1]
    for training in (True, False):
        np.testing.assert_allclose(
            ours(x, training=training), keras_ln(x, training=training), **TOL
        )


@pytest.mark.parametrize(
    "shape, groups, axis",
    [
        ((4, 5, 5, 8), 1, -1),
        ((4, 5, 5, 8), 2, -1),
        ((4, 5, 5, 8), 8, -1),
        ((4, 6, 3, 3), 3, 1),
        ((4, 7, 6), 3, -1),
    ],
)
def test_group_norm_matches_keras(shape, groups, axis):
    ours = GroupNorm(groups=groups, axis=axis, epsilon=1e-3)
    keras_gn = keras.layers.GroupNormalization(
        groups=groups, axis=axis, epsilon=1e-3
    )
    ours.build(shape)
    keras_gn.build(shape)
    set_same_affine(ours, keras_gn)
    x = drifting_batches(shape, steps=2)[1]
    np.testing.assert_allclose(ours(x), keras_gn(x), **TOL)


def test_group_norm_with_one_group_per_channel_is_instance_norm():
    x = drifting_batches((3, 5, 4, 6), steps=2, seed=7)[1]
    y = GroupNorm(groups=6, epsilon=1e-3)(x)
    mu = x.mean(axis=(1, 2), keepdims=True)
    var = x.var(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(y, (x - mu) / np.sqrt(var + 1e-3), **TOL)


# ------------------------------------------------------- invalid arguments


@pytest.mark.parametrize(
    "make_layer, message",
    [
        (
            lambda: BatchNorm(momentum=1.5),
            r"`momentum` must be a number in \[0, 1\]",
        ),
        (lambda: BatchNorm(epsilon=0.0), "`epsilon` must be a finite positive number"),
        (lambda: BatchNorm(axis="last"), "`axis` must be an integer"),
        (lambda: BatchRenorm(rmax=0.5), "`rmax` must be >= 1"),
        (
            lambda: BatchRenorm(dmax=-1.0),
            "`dmax` must be a finite non-negative number",
        ),
        (lambda: BatchRenorm(renorm_momentum=-0.1), "`renorm_momentum`"),
        (lambda: GhostBatchNorm(0), "`virtual_batch_size` must be a positive"),
        (lambda: LayerNorm(axis=1.5), "`axis` must be an integer"),
        (lambda: LayerNorm(axis=[]), "at least one axis"),
        (lambda: LayerNorm(epsilon=-1e-3), "`epsilon` must be a finite positive"),
        (lambda: GroupNorm(groups=0), "`groups` must be a positive integer"),
    ],
)
def test_invalid_arguments_raise(make_layer, message):
    with pytest.raises(ValueError, match=message):
        make_layer()


@pytest.mark.parametrize(
    "layer, input_shape, message",
    [
        (BatchNorm(axis=4), (2, 3, 3, 4), "out of range for inputs of rank 4"),
        (BatchNorm(), (2, None), "needs a known size along axis=-1"),
        (GhostBatchNorm(4), (6, 3), r"batch size \(6\) must be a multiple"),
        (GhostBatchNorm(4, axis=0), (8, 3), "cannot be the channel axis"),
        (LayerNorm(axis=[1, -2]), (2, 3, 4), "repeated axis"),
        (LayerNorm(axis=-3), (2, 3), "out of range"),
        (GroupNorm(groups=3), (2, 4, 4, 16), "groups=3 does not divide the 16"),
        (GroupNorm(groups=32), (2, 4, 4, 16), "groups=32 does not divide"),
        (GroupNorm(axis=0), (32, 4), "cannot be the batch axis"),
    ],
)
def test_invalid_inputs_raise_at_build(layer, input_shape, message):
    with pytest.raises(ValueError, match=message):
        layer.build(input_shape)


@pytest.mark.parametrize(
    "layer",
    [
        BatchNorm(axis=1, momentum=0.9, epsilon=1e-2, center=False),
        BatchRenorm(momentum=0.5, renorm_momentum=0.8, rmax=2.0, dmax=1.0),
        GhostBatchNorm(16, scale=False),
        LayerNorm(axis=[1, 2], epsilon=1e-5),
        GroupNorm(groups=4, axis=1),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_config_round_trip(layer):
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
