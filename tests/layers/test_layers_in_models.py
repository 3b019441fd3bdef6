"""Each layer in a tiny real model: .keras round trip, XLA fit, float16."""

import keras
import numpy as np
import pytest

from course_lib import layers

IMAGE, SEQUENCE, VECTOR = (6, 6, 3), (8, 3), (10,)

# (id, layer factory, input shape of the model). The layer sits after a
# first trainable layer, so it sees learned features, as in practice.
LAYERS = [
    ("InvertedDropout", lambda: layers.InvertedDropout(0.3, seed=1), IMAGE),
    ("ClassicDropout", lambda: layers.ClassicDropout(0.3, seed=1), IMAGE),
    (
        "SpatialDropout1D",
        lambda: layers.SpatialDropout1D(0.3, seed=1),
        SEQUENCE,
    ),
    ("SpatialDropout2D", lambda: layers.SpatialDropout2D(0.3, seed=1), IMAGE),
    (
        "DropConnectDense",
        lambda: layers.DropConnectDense(8, 0.3, seed=1),
        VECTOR,
    ),
    ("Cutout", lambda: layers.Cutout(3, seed=1), IMAGE),
    ("BatchNorm", lambda: layers.BatchNorm(momentum=0.8), IMAGE),
    (
        "BatchRenorm",
        lambda: layers.BatchRenorm(momentum=0.8, renorm_momentum=0.8),
        IMAGE,
    ),
    ("GhostBatchNorm", lambda: layers.GhostBatchNorm(4, momentum=0.8), IMAGE),
    ("LayerNorm", lambda: layers.LayerNorm(axis=[1, 2, 3]), IMAGE),
    ("GroupNorm", lambda: layers.GroupNorm(groups=2), IMAGE),
]
DETERMINISTIC = {
    "BatchNorm",
    "BatchRenorm",
    "GhostBatchNorm",
    "LayerNorm",
    "GroupNorm",
}
BATCH_SIZE = 8  # a multiple of GhostBatchNorm's virtual batch size


def layer_cases():
    return pytest.mark.parametrize(
        "make_layer, input_shape",
        [case[1:] for case in LAYERS],
        ids=[case[0] for case in LAYERS],
    )


def build_model(make_layer, input_shape):
    keras.utils.set_random_seed(0)
    inputs = keras.Input(input_shape)
    # No bias before the layer: a normalization layer cancels it, leaving it
    # only a round-off gradient that Adam would blow up into real steps.
    first = {
        IMAGE: keras.layers.Conv2D(4, 3, padding="same", use_bias=False),
        SEQUENCE: keras.layers.Conv1D(4, 3, padding="same", use_bias=False),
        VECTOR: keras.layers.Dense(8, use_bias=False),
    }[input_shape]
    layer = make_layer()
    x = layer(first(inputs))
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(3, dtype="float32")(x)
    return keras.Model(inputs, outputs), layer


def toy_data(input_shape, n=32):
    """A learnable task: the class is the largest of the first three inputs."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n,) + input_shape).astype("float32")
    y = np.argmax(x.reshape(n, -1)[:, :3], axis=1)
    x.reshape(n, -1)[np.arange(n), y] += 2.0
    return x, y


def compile_model(model, jit_compile):
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        jit_compile=jit_compile,
    )


@layer_cases()
def test_keras_file_round_trip_gives_same_predictions(
    make_layer, input_shape, tmp_path
):
    model, layer = build_model(make_layer, input_shape)
    compile_model(model, jit_compile=False)
    x, y = toy_data(input_shape)
    model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)

    path = tmp_path / "model.keras"
    model.save(path)
    restored = keras.models.load_model(path)

    restored_layer = restored.get_layer(layer.name)
    assert type(restored_layer) is type(layer)
    assert restored_layer.get_config() == layer.get_config()
    for ours, theirs in zip(layer.weights, restored_layer.weights):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    np.testing.assert_array_equal(
        restored.predict(x, verbose=0), model.predict(x, verbose=0)
    )


@layer_cases()
def test_fit_with_jit_compile_trains_the_model(make_layer, input_shape):
    model, layer = build_model(make_layer, input_shape)
    compile_model(model, jit_compile=True)
    x, y = toy_data(input_shape)
    initial = [w.numpy() for w in model.trainable_weights]
    history = model.fit(
        x, y, batch_size=BATCH_SIZE, epochs=3, shuffle=False, verbose=0
    )

    losses = history.history["loss"]
    assert np.all(np.isfinite(losses)) and losses[-1] < losses[0]
    for before, weight in zip(initial, model.trainable_weights):
        assert not np.array_equal(before, weight.numpy()), weight.path

    if type(layer).__name__ in DETERMINISTIC:
        # No randomness: the XLA-compiled fit must equal the graph-mode fit.
        reference, _ = build_model(make_layer, input_shape)
        compile_model(reference, jit_compile=False)
        reference.fit(
            x, y, batch_size=BATCH_SIZE, epochs=3, shuffle=False, verbose=0
        )
        for ours, theirs in zip(model.weights, reference.weights):
            np.testing.assert_allclose(
                ours.numpy(), theirs.numpy(), rtol=1e-3, atol=1e-4
            )


@pytest.fixture
def mixed_float16():
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_float16")
    yield
    keras.config.set_dtype_policy(previous)


@layer_cases()
def test_mixed_float16(make_layer, input_shape, mixed_float16):
    model, layer = build_model(make_layer, input_shape)
    assert layer.compute_dtype == "float16"
    compile_model(model, jit_compile=False)
    x, y = toy_data(input_shape)
    history = model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][-1])
    # Variables stay float32 (the seed generator's state is an integer).
    assert all(
        w.dtype == "float32" for w in layer.weights if "float" in w.dtype
    )

    # The float16 layer computes what a float32 twin with the same weights
    # computes, to half precision.
    first_layer = model.layers[1]  # model.layers[0] is the input layer
    hidden = first_layer(x)
    assert hidden.dtype == "float16"
    half = np.asarray(layer(hidden))
    assert half.dtype == np.float16
    twin = type(layer).from_config({**layer.get_config(), "dtype": "float32"})
    twin.build(hidden.shape)
    twin.set_weights(layer.get_weights())
    np.testing.assert_allclose(
        half, twin(np.asarray(hidden, "float32")), rtol=1e-2, atol=1e-2
    )
