"""course_lib.pipelines: tf.data datasets from arrays, and their augmentations."""

import numpy as np
import pytest
import tensorflow as tf

import course_lib
from course_lib import data
from course_lib import pipelines
from course_lib.pipelines import (
    RandomCutout,
    RandomFlip,
    RandomPadCrop,
    apply_augmentations,
    get_augmentations,
    make_dataset,
)

ALL_AUGMENTATIONS = [RandomPadCrop(2, "reflect"), RandomFlip(), RandomCutout(3)]


def labelled_images(n=40, size=8, channels=2):
    """Image `i` is filled with the value `i + 1` and has label `i + 1`.

    Crop with reflection and flips only move pixels, and Cutout only zeroes
    them, so after augmentation every non-zero pixel still names the label.
    """
    labels = np.arange(1, n + 1)
    images = np.ones((n, size, size, channels), "float32")
    return images * labels[:, None, None, None].astype("float32"), labels


def random_images(n=64, size=8, channels=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(1.0, 2.0, (n, size, size, channels)).astype("float32")


def epoch(dataset):
    """One pass over a dataset of (images, labels), as NumPy arrays."""
    images, labels = zip(*((np.asarray(a), np.asarray(b)) for a, b in dataset))
    return np.concatenate(images), np.concatenate(labels)


def augment_once(piece, images, seed=(1, 2)):
    return np.asarray(piece(tf.constant(images), tf.constant(seed, tf.int64)))


def test_reexported_from_data_and_package():
    assert data.make_dataset is make_dataset
    assert "make_dataset" in data.__all__
    assert course_lib.pipelines is pipelines


def test_fit_from_a_pipeline_shows_no_shuffle_warning():
    # Keras warns that fit's shuffle=True is ignored for a dataset; the
    # pipeline shuffles itself, so a lab training from it must not show that.
    import warnings

    import keras

    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = np.arange(32) % 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        train = make_dataset(x, y, batch_size=8, training=True, seed=0)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        model.fit(train, epochs=1, verbose=0)
    messages = [str(warning.message) for warning in caught]
    assert not [m for m in messages if "shuffle=True" in m], messages


def test_labels_stay_with_their_images_after_shuffle_and_augmentation():
    x, y = labelled_images()
    dataset = make_dataset(
        x, y, batch_size=8, training=True, seed=0, augment=ALL_AUGMENTATIONS
    )
    for _ in range(2):
        images, labels = epoch(dataset)
        for image, label in zip(images, labels):
            assert set(np.unique(image)) <= {0.0, float(label)}
            assert (image == label).any()


def test_every_sample_once_per_epoch_and_reshuffled_each_epoch():
    x, y = labelled_images(n=37)
    dataset = make_dataset(x, y, batch_size=5, training=True, seed=3)
    first = epoch(dataset)[1]
    second = epoch(dataset)[1]
    np.testing.assert_array_equal(np.sort(first), y)
    np.testing.assert_array_equal(np.sort(second), y)
    assert not np.array_equal(first, y)
    assert not np.array_equal(first, second)


def test_same_seed_same_epochs_other_seed_other_order():
    x, y = labelled_images()

    def two_epochs(seed):
        dataset = make_dataset(
            x, y, 8, training=True, seed=seed, augment=ALL_AUGMENTATIONS
        )
        return [epoch(dataset) for _ in range(2)]

    runs = two_epochs(7), two_epochs(7), two_epochs(8)
    for (images_a, labels_a), (images_b, labels_b) in zip(runs[0], runs[1]):
        np.testing.assert_array_equal(labels_a, labels_b)
        np.testing.assert_array_equal(images_a, images_b)
    assert not np.array_equal(runs[0][0][1], runs[2][0][1])


def test_not_training_means_input_order_and_no_augmentation():
    x = random_images(n=21)
    y = np.arange(21)
    dataset = make_dataset(x, y, 4, training=False, augment=ALL_AUGMENTATIONS)
    images, labels = epoch(dataset)
    np.testing.assert_array_equal(images, x)
    np.testing.assert_array_equal(labels, y)
    assert images.dtype == np.float32


def test_without_labels_yields_images_only():
    x = random_images(n=10)
    batches = [np.asarray(b) for b in make_dataset(x, batch_size=4)]
    np.testing.assert_array_equal(np.concatenate(batches), x)


def test_uint8_scaled_to_unit_float32_and_float64_cast():
    x = np.random.default_rng(0).integers(0, 256, (6, 4, 4, 1), dtype=np.uint8)
    images, _ = epoch(make_dataset(x, np.zeros(6), 3))
    assert images.dtype == np.float32
    np.testing.assert_array_equal(images, x.astype("float32") / np.float32(255))
    x64 = x.astype("float64") * 1.5
    images, _ = epoch(make_dataset(x64, np.zeros(6), 3))
    np.testing.assert_array_equal(images, x64.astype("float32"))


def test_drop_remainder():
    x, y = labelled_images(n=10)
    kept = [len(b) for b, _ in make_dataset(x, y, 4)]
    dropped = make_dataset(x, y, 4, training=True, drop_remainder=True)
    assert kept == [4, 4, 2]
    assert [len(b) for b, _ in dropped] == [4, 4]
    assert dropped.element_spec[0].shape[0] == 4


@pytest.mark.parametrize("mode", ["reflect", "zero"])
def test_crop_is_a_window_of_the_padded_image(mode):
    images, padding = random_images(n=64), 2
    out = augment_once(RandomPadCrop(padding, mode), images)
    assert out.shape == images.shape
    np_mode = "reflect" if mode == "reflect" else "constant"
    offsets = set()
    for image, result in zip(images, out):
        padded = np.pad(image, [(padding, padding)] * 2 + [(0, 0)], mode=np_mode)
        matches = [
            (dy, dx)
            for dy in range(2 * padding + 1)
            for dx in range(2 * padding + 1)
            if np.array_equal(padded[dy : dy + 8, dx : dx + 8], result)
        ]
        assert len(matches) == 1
        offsets.update(matches)
    assert len(offsets) > 10  # offsets vary across images (25 possible)


def test_flip_is_exact_mirror_or_identity():
    images = random_images(n=64)
    out = augment_once(RandomFlip(), images)
    mirrored = [
        np.array_equal(result, image[:, ::-1])
        for image, result in zip(images, out)
    ]
    for image, result, flipped in zip(images, out, mirrored):
        assert flipped or np.array_equal(result, image)
    assert 10 < sum(mirrored) < 54


@pytest.mark.parametrize("size", [3, 4])
def test_cutout_zeroes_one_square_of_the_stated_size(size):
    images = random_images(n=200, size=10, channels=2)
    out = augment_once(RandomCutout(size), images)
    zero = out == 0
    np.testing.assert_array_equal(zero.all(axis=-1), zero.any(axis=-1))
    np.testing.assert_array_equal(out[~zero], images[~zero])
    full_squares = 0
    for region in zero[..., 0]:
        rows = np.flatnonzero(region.any(axis=1))
        cols = np.flatnonzero(region.any(axis=0))
        assert region.sum() == len(rows) * len(cols) > 0
        for span in (rows, cols):
            assert np.array_equal(span, np.arange(span[0], span[-1] + 1))
            touches_border = span[0] == 0 or span[-1] == 9
            assert len(span) == size or (touches_border and len(span) < size)
        full_squares += len(rows) == len(cols) == size
    assert full_squares > 50


def test_augmentations_compose_in_order_under_one_seed():
    images = random_images(n=16)
    seed = tf.constant([4, 5], tf.int64)
    pieces = get_augmentations(["flip", "cutout"])
    first = apply_augmentations(tf.constant(images), pieces, seed)
    again = apply_augmentations(tf.constant(images), pieces, seed)
    np.testing.assert_array_equal(first, again)
    assert apply_augmentations(images, (), seed) is images


def test_get_augmentations_accepts_names_pieces_and_configs():
    crop = RandomPadCrop(3, "zero")
    pieces = get_augmentations(["flip", crop, {"name": "cutout", "size": 5}])
    assert isinstance(pieces[0], RandomFlip)
    assert pieces[1] is crop
    assert pieces[2].get_config() == {"name": "cutout", "size": 5}
    assert get_augmentations(None) == ()
    assert len(get_augmentations("crop")) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"y": np.zeros(5)}, "same number of samples"),
        ({"batch_size": 0}, "`batch_size` must be a positive integer"),
        ({"batch_size": 2.5}, "`batch_size` must be a positive integer"),
        ({"batch_size": True}, "`batch_size` must be a positive integer"),
        ({"augment": "rotate"}, "Unknown augmentation 'rotate'"),
        ({"augment": ["crop", 3]}, "Each augmentation must be"),
        ({"training": "yes"}, "`training` must be True or False"),
        ({"seed": 1.5}, "`seed` must be None or an integer"),
        ({"shuffle_buffer": 0}, "`shuffle_buffer` must be a positive integer"),
        ({"drop_remainder": True, "batch_size": 11}, "empty dataset"),
    ],
)
def test_invalid_arguments_raise(kwargs, message):
    arguments = {
        "x": random_images(n=10),
        "y": np.zeros(10),
        "batch_size": 2,
        "training": True,
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        make_dataset(**arguments)


def test_augmenting_needs_nhwc_images():
    x = np.zeros((10, 28, 28), "float32")
    with pytest.raises(ValueError, match=r"add a channel axis with x\[\.\.\., None\]"):
        make_dataset(x, np.zeros(10), 2, training=True, augment="flip")
    # Without augmentation, or when not training, any shape is fine.
    make_dataset(x, np.zeros(10), 2, training=True)
    make_dataset(x, np.zeros(10), 2, training=False, augment="flip")


@pytest.mark.parametrize(
    "x, message",
    [
        (np.zeros((0, 4, 4, 1), "float32"), "at least one sample"),
        (np.zeros((4, 4, 4, 1), "int32"), "uint8 images"),
    ],
)
def test_invalid_images_raise(x, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(x, None, 2)


def test_invalid_pieces_raise():
    with pytest.raises(ValueError, match="`mode` must be one of"):
        RandomPadCrop(4, "wrap")
    with pytest.raises(ValueError, match="`padding` must be an integer >= 0"):
        RandomPadCrop(-1)
    with pytest.raises(ValueError, match="`size` must be a positive integer"):
        RandomCutout(0)
    with pytest.raises(ValueError, match="Reflect padding needs"):
        make_dataset(
            np.zeros((4, 4, 4, 1), "float32"),
            np.zeros(4),
            2,
            training=True,
            augment=RandomPadCrop(4, "reflect"),
        )
