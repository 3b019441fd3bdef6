"""course_lib.data: loaders against the on-disk formats, the split, standardization."""

import os
import pickle

import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler

from course_lib import data
from course_lib.data import (
    DatasetUnavailableError,
    Standardizer,
    load_cifar10,
    load_mnist,
    standardize,
    take_subset,
    train_val_split,
)


@pytest.fixture
def isolated_env(monkeypatch, tmp_path):
    """No COURSE_DATA_DIR, an empty Keras home, and no downloads."""
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    # The machine-wide Keras fallback cache must not leak into these tests.
    monkeypatch.setattr(data, "_READ_ONLY_HOME_CACHE", str(tmp_path / "tmp_keras"))
    return tmp_path


def _write_fake_mnist(directory, n_train=30, n_test=10, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    os.makedirs(directory, exist_ok=True)
    np.savez(os.path.join(directory, "mnist.npz"), **arrays)
    return arrays


def _write_fake_cifar(directory, per_batch=4, seed=0):
    rng = np.random.default_rng(seed)
    folder = os.path.join(directory, "cifar-10-batches-py")
    os.makedirs(folder, exist_ok=True)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name in names:
        batch = {
            b"data": rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8),
            b"labels": rng.integers(0, 10, per_batch).tolist(),
        }
        with open(os.path.join(folder, name), "wb") as handle:
            pickle.dump(batch, handle)
    return folder


# ---------------------------------------------------------------- loaders, small files


def test_load_mnist_reads_course_data_dir(isolated_env, monkeypatch):
    arrays = _write_fake_mnist(isolated_env / "course")
    monkeypatch.setenv("COURSE_DATA_DIR", str(isolated_env / "course"))
    (x_train, y_train), (x_test, y_test) = load_mnist()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_train, arrays["y_train"])
    np.testing.assert_array_equal(x_test, arrays["x_test"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8


def test_load_mnist_falls_back_to_keras_cache(isolated_env):
    arrays = _write_fake_mnist(isolated_env / "keras_home" / "datasets")
    (x_train, _), _ = load_mnist()
    np.testing.assert_array_equal(x_train, arrays["x_train"])


def test_course_data_dir_takes_precedence_over_keras_cache(isolated_env, monkeypatch):
    _write_fake_mnist(isolated_env / "keras_home" / "datasets", seed=1)
    wanted = _write_fake_mnist(isolated_env / "course", seed=2)
    monkeypatch.setenv("COURSE_DATA_DIR", str(isolated_env / "course"))
    (x_train, _), _ = load_mnist()
    np.testing.assert_array_equal(x_train, wanted["x_train"])


def test_missing_data_raises_one_clear_error(isolated_env, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(isolated_env / "nowhere"))
    with pytest.raises(DatasetUnavailableError) as info:
        load_mnist()
    message = str(info.value)
    assert os.path.join(str(isolated_env / "nowhere"), "mnist.npz") in message
    assert "not found" in message
    assert "COURSE_DATA_DIR" in message and "mnist.npz" in message
    assert "download: skipped" in message


def test_corrupt_file_is_named_and_next_place_is_tried(isolated_env, monkeypatch):
    course = isolated_env / "course"
    course.mkdir()
    (course / "mnist.npz").write_bytes(b"this is not a zip archive")
    arrays = _write_fake_mnist(isolated_env / "keras_home" / "datasets")
    monkeypatch.setenv("COURSE_DATA_DIR", str(course))
    (x_train, _), _ = load_mnist()
    np.testing.assert_array_equal(x_train, arrays["x_train"])

    os.remove(isolated_env / "keras_home" / "datasets" / "mnist.npz")
    with pytest.raises(DatasetUnavailableError, match=r"mnist\.npz: unreadable \(not a valid \.npz"):
        load_mnist()


def test_mnist_with_wrong_shape_is_rejected(isolated_env, monkeypatch):
    course = isolated_env / "course"
    course.mkdir()
    np.savez(
        course / "mnist.npz",
        x_train=np.zeros((4, 32, 32), np.uint8),
        y_train=np.zeros(4, np.uint8),
        x_test=np.zeros((2, 28, 28), np.uint8),
        y_test=np.zeros(2, np.uint8),
    )
    monkeypatch.setenv("COURSE_DATA_DIR", str(course))
    with pytest.raises(DatasetUnavailableError, match=r"x_train has shape \(4, 32, 32\)"):
        load_mnist()


def test_download_failure_offline_is_reported(isolated_env, monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setattr(data, "_can_connect", lambda host, port: False)
    with pytest.raises(DatasetUnavailableError, match="download: cannot reach"):
        load_cifar10()


def test_download_error_is_wrapped(isolated_env, monkeypatch):
    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setattr(data, "_can_connect", lambda host, port: True)

    def broken_download():
        raise OSError("connection reset")

    monkeypatch.setattr(data, "_download_mnist", broken_download)
    with pytest.raises(DatasetUnavailableError, match=r"download: failed \(OSError: connection reset\)"):
        load_mnist()


def test_load_cifar10_matches_keras_batch_reader(isolated_env, monkeypatch):
    from keras.src.datasets.cifar import load_batch

    folder = _write_fake_cifar(isolated_env / "course")
    monkeypatch.setenv("COURSE_DATA_DIR", str(isolated_env / "course"))
    (x_train, y_train), (x_test, y_test) = load_cifar10()
    assert x_train.shape == (20, 32, 32, 3) and y_train.shape == (20, 1)
    assert x_test.shape == (4, 32, 32, 3) and y_test.shape == (4, 1)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8

    keras_x, keras_y = load_batch(os.path.join(folder, "data_batch_2"))
    np.testing.assert_array_equal(x_train[4:8], keras_x.transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y_train[4:8, 0], keras_y)


def test_cifar10_missing_batch_is_named(isolated_env, monkeypatch):
    folder = _write_fake_cifar(isolated_env / "course")
    os.remove(os.path.join(folder, "data_batch_3"))
    monkeypatch.setenv("COURSE_DATA_DIR", str(isolated_env / "course"))
    with pytest.raises(DatasetUnavailableError, match="missing data_batch_3"):
        load_cifar10()


# ---------------------------------------------------------------- loaders, real data


def _real_data_or_skip(loader):
    try:
        return loader(download=False)
    except DatasetUnavailableError as error:
        if os.environ.get("COURSE_REQUIRE_DATA") == "1":
            raise
        pytest.skip(f"dataset not available (set COURSE_DATA_DIR): {error}")


def test_real_mnist_has_keras_layout_and_published_statistics():
    (x_train, y_train), (x_test, y_test) = _real_data_or_skip(load_mnist)
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert x_train.mean() == pytest.approx(33.318, abs=1e-3)
    assert x_train.std() == pytest.approx(78.567, abs=1e-3)
    np.testing.assert_array_equal(
        np.bincount(y_train), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    )


def test_real_cifar10_has_keras_layout():
    (x_train, y_train), (x_test, y_test) = _real_data_or_skip(load_cifar10)
    assert x_train.shape == (50000, 32, 32, 3) and x_test.shape == (10000, 32, 32, 3)
    assert y_train.shape == (50000, 1) and y_test.shape == (10000, 1)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    np.testing.assert_array_equal(np.bincount(y_train[:, 0]), [5000] * 10)
    np.testing.assert_array_equal(np.bincount(y_test[:, 0]), [1000] * 10)


# ---------------------------------------------------------------- split


def test_train_val_split_is_stratified_disjoint_and_complete():
    y = np.array([0] * 90 + [1] * 10 + [2] * 50)
    x = np.arange(len(y))
    (x_tr, y_tr), (x_val, y_val) = train_val_split(x, y, val_fraction=0.1, seed=3)
    np.testing.assert_array_equal(np.bincount(y_val), [9, 1, 5])
    np.testing.assert_array_equal(np.bincount(y_tr), [81, 9, 45])
    np.testing.assert_array_equal(np.sort(np.concatenate([x_tr, x_val])), x)
    np.testing.assert_array_equal(y[x_tr], y_tr)
    np.testing.assert_array_equal(y[x_val], y_val)


def test_train_val_split_is_reproducible_and_seed_dependent():
    y = np.repeat(np.arange(5), 40)
    x = np.arange(len(y))
    first = train_val_split(x, y, seed=0)
    again = train_val_split(x, y, seed=0)
    other = train_val_split(x, y, seed=1)
    np.testing.assert_array_equal(first[1][0], again[1][0])
    assert not np.array_equal(np.sort(first[1][0]), np.sort(other[1][0]))


def test_train_val_split_keeps_column_labels():
    y = np.repeat(np.arange(10), 10).reshape(-1, 1)
    (_, y_tr), (_, y_val) = train_val_split(np.zeros((100, 2)), y, val_fraction=0.2)
    assert y_tr.shape == (80, 1) and y_val.shape == (20, 1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"val_fraction": 0.0}, "strictly between 0 and 1"),
        ({"val_fraction": 1.5}, "strictly between 0 and 1"),
    ],
)
def test_train_val_split_rejects_bad_fraction(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_val_split(np.zeros((10, 1)), np.zeros(10), **kwargs)


def test_train_val_split_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same number of samples, got 10 and 9"):
        train_val_split(np.zeros((10, 1)), np.zeros(9))


def test_take_subset_is_stratified():
    y = np.repeat(np.arange(4), 100)
    x_sub, y_sub = take_subset(np.arange(400), y, 40, seed=0)
    np.testing.assert_array_equal(np.bincount(y_sub), [10, 10, 10, 10])
    np.testing.assert_array_equal(y[x_sub], y_sub)
    x_all, _ = take_subset(np.arange(400), y, None)
    assert len(x_all) == 400


# ---------------------------------------------------------------- standardization


def test_standardize_matches_sklearn_scalar_statistics():
    rng = np.random.default_rng(0)
    x_train = rng.integers(0, 256, (50, 28, 28)).astype(np.uint8)
    x_test = rng.integers(0, 256, (20, 28, 28)).astype(np.uint8)
    scaler = StandardScaler().fit(x_train.reshape(-1, 1).astype(np.float64))
    train_std, test_std = standardize(x_train, x_test)
    expected = scaler.transform(x_test.reshape(-1, 1)).reshape(x_test.shape)
    np.testing.assert_allclose(test_std, expected, rtol=1e-5, atol=1e-5)
    assert train_std.dtype == np.float32 and test_std.dtype == np.float32


def test_standardize_per_channel_matches_sklearn():
    rng = np.random.default_rng(1)
    x_train = rng.normal([10, -5, 100], [1, 3, 20], size=(30, 4, 4, 3))
    x_val = rng.normal(size=(7, 4, 4, 3))
    scaler = StandardScaler().fit(x_train.reshape(-1, 3))
    _, val_std = standardize(x_train, x_val, per_channel=True)
    expected = scaler.transform(x_val.reshape(-1, 3)).reshape(x_val.shape)
    np.testing.assert_allclose(val_std, expected, rtol=1e-4, atol=1e-4)


def test_standardizer_uses_training_statistics_only():
    scaler = Standardizer().fit(np.array([0.0, 2.0]))
    np.testing.assert_allclose(scaler.transform(np.array([10.0, 12.0])), [9.0, 11.0], rtol=1e-6)


def test_standardizer_errors():
    with pytest.raises(ValueError, match="not fitted yet"):
        Standardizer().transform(np.zeros(3))
    with pytest.raises(ValueError, match="NaN or infinite"):
        Standardizer().fit(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="empty"):
        Standardizer().fit(np.array([]))


def test_take_subset_has_exactly_n_samples_with_class_shares():
    y = np.array([0] * 55 + [1] * 30 + [2] * 15)
    for n in (1, 7, 33, 99):
        x_sub, y_sub = take_subset(np.arange(100), y, n, seed=n)
        assert len(x_sub) == n and len(np.unique(x_sub)) == n
        np.testing.assert_array_equal(y[x_sub], y_sub)
        shares = np.bincount(y_sub, minlength=3)
        assert np.all(np.abs(shares - np.array([55, 30, 15]) * n / 100) < 1)
