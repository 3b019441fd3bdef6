"""Datasets for the labs: MNIST and CIFAR-10 loaders, a stratified split, standardization.

The loaders return exactly what ``keras.datasets`` returns, but they look for
the data in three places, in order:

1. the directory named by the ``COURSE_DATA_DIR`` environment variable (or the
   ``data_dir`` argument), holding ``mnist.npz`` (Keras layout) and/or
   ``cifar-10-batches-py/`` (the standard CIFAR-10 python layout);
2. the Keras cache (``$KERAS_HOME/datasets``, by default ``~/.keras/datasets``);
3. a download through ``keras.datasets``.

Staging the files once in a shared directory and pointing ``COURSE_DATA_DIR``
at it is how a JupyterHub without internet serves the whole class.
"""

import os
import pickle
import socket
import zipfile

import numpy as np

from course_lib.pipelines import make_dataset

__all__ = [
    "CIFAR10_CLASS_NAMES",
    "DatasetUnavailableError",
    "MNIST_CLASS_NAMES",
    "Standardizer",
    "load_cifar10",
    "load_mnist",
    "make_dataset",
    "standardize",
    "take_subset",
    "train_val_split",
]

MNIST_CLASS_NAMES = tuple(str(digit) for digit in range(10))
CIFAR10_CLASS_NAMES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)

_DOWNLOAD_HOSTS = {
    "mnist": ("storage.googleapis.com", 443),
    "cifar10": ("www.cs.toronto.edu", 443),
}
_CONNECT_TIMEOUT_SECONDS = 3.0
# Where Keras caches downloads when the home directory is read-only.
_READ_ONLY_HOME_CACHE = os.path.join("/tmp", ".keras", "datasets")


class DatasetUnavailableError(RuntimeError):
    """Raised when a dataset cannot be found, read or downloaded.

    The message lists every place that was tried and how to fix the problem.
    """


def load_mnist(data_dir=None, download=True):
    """Load MNIST as ``keras.datasets.mnist.load_data()`` does.

    Args:
        data_dir: Directory holding ``mnist.npz``. Defaults to the
            ``COURSE_DATA_DIR`` environment variable.
        download: Whether to fall back to a download through
            ``keras.datasets`` when no local copy exists. Setting the
            environment variable ``COURSE_OFFLINE=1`` has the same effect as
            ``download=False``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape
        ``(N, 28, 28)`` and uint8 labels of shape ``(N,)``.

    Raises:
        DatasetUnavailableError: when no readable copy can be found or fetched.

    Example:

    >>> (x_train, y_train), (x_test, y_test) = load_mnist()  # doctest: +SKIP
    >>> x_train.shape, y_train[:5]  # doctest: +SKIP
    ((60000, 28, 28), array([5, 0, 4, 1, 9], dtype=uint8))
    """
    candidates = [
        os.path.join(directory, "mnist.npz")
        for directory in _candidate_dirs(data_dir)
    ]
    return _load(
        name="mnist",
        candidates=candidates,
        reader=_read_mnist_npz,
        downloader=_download_mnist,
        download=download,
        fix=(
            "put the Keras-layout file mnist.npz (arrays x_train, y_train, "
            "x_test, y_test) in a directory and set COURSE_DATA_DIR to it"
        ),
    )


def load_cifar10(data_dir=None, download=True):
    """Load CIFAR-10 as ``keras.datasets.cifar10.load_data()`` does.

    Args:
        data_dir: Directory holding ``cifar-10-batches-py/``. Defaults to the
            ``COURSE_DATA_DIR`` environment variable.
        download: Whether to fall back to a download through
            ``keras.datasets`` (see ``load_mnist``).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 images of shape
        ``(N, 32, 32, 3)`` (channels last) and uint8 labels of shape ``(N, 1)``.

    Raises:
        DatasetUnavailableError: when no readable copy can be found or fetched.

    Example:

    >>> (x_train, y_train), _ = load_cifar10()  # doctest: +SKIP
    >>> x_train.shape, y_train.shape  # doctest: +SKIP
    ((50000, 32, 32, 3), (50000, 1))
    """
    candidates = []
    for directory in _candidate_dirs(data_dir):
        candidates.append(os.path.join(directory, "cifar-10-batches-py"))
        # Keras 3 extracts its download one level deeper.
        candidates.append(
            os.path.join(
                directory, "cifar-10-batches-py-target", "cifar-10-batches-py"
            )
        )
    return _load(
        name="cifar10",
        candidates=candidates,
        reader=_read_cifar10_dir,
        downloader=_download_cifar10,
        download=download,
        fix=(
            "put the standard python-layout folder cifar-10-batches-py/ "
            "(data_batch_1..5, test_batch) in a directory and set "
            "COURSE_DATA_DIR to it"
        ),
    )


def train_val_split(x, y, val_fraction=0.1, seed=0):
    """Split off a validation set, stratified by label and reproducible.

    Every class keeps (to rounding) the same share in both parts, and the
    same ``seed`` always gives the same split.

    Args:
        x: Array of samples, first axis indexes samples.
        y: Integer labels of shape ``(N,)`` or ``(N, 1)``; returned in the
            shape they came in.
        val_fraction: Share of each class that goes to validation, in (0, 1).
        seed: Seed for the shuffle.

    Returns:
        ``(x_train, y_train), (x_val, y_val)``, each part in shuffled order.

    Example:

    >>> x, y = np.arange(20).reshape(10, 2), np.array([0, 1] * 5)
    >>> (x_tr, y_tr), (x_val, y_val) = train_val_split(x, y, val_fraction=0.2)
    >>> sorted(y_val.tolist())
    [0, 1]
    """
    x = np.asarray(x)
    y = np.asarray(y)
    if len(x) != len(y):
        raise ValueError(
            f"x and y must have the same number of samples, got {len(x)} "
            f"and {len(y)}."
        )
    if not 0.0 < float(val_fraction) < 1.0:
        raise ValueError(
            f"val_fraction must be strictly between 0 and 1, got {val_fraction}."
        )
    labels = y.reshape(len(y), -1)
    if labels.shape[1] != 1:
        raise ValueError(
            "y must hold one integer label per sample (shape (N,) or (N, 1)), "
            f"got shape {y.shape}."
        )
    labels = labels[:, 0]

    rng = np.random.default_rng(seed)
    val_parts = []
    train_parts = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        members = members[rng.permutation(len(members))]
        n_val = int(round(val_fraction * len(members)))
        val_parts.append(members[:n_val])
        train_parts.append(members[n_val:])
    train_idx = np.concatenate(train_parts)
    val_idx = np.concatenate(val_parts)
    # Shuffle across classes too, so that minibatches are not sorted by label.
    train_idx = train_idx[rng.permutation(len(train_idx))]
    val_idx = val_idx[rng.permutation(len(val_idx))]
    return (x[train_idx], y[train_idx]), (x[val_idx], y[val_idx])


class Standardizer:
    """Zero-mean, unit-variance scaling with statistics from training data only.

    ``x_std = (x - mean) / (std + epsilon)``, where ``mean`` and ``std`` are
    computed once by ``fit`` on the training set and then applied unchanged to
    validation and test data: fitting on those would leak them into training.

    Args:
        per_channel: If True, one mean and std per channel (last axis), as is
            usual for colour images. If False, one scalar mean and std.
        epsilon: Added to the standard deviation so constant inputs do not
            divide by zero.

    Example:

    >>> scaler = Standardizer().fit(np.array([[0.0], [2.0]]))
    >>> scaler.transform(np.array([[4.0]])).round(4)
    array([[3.]], dtype=float32)
    """

    def __init__(self, per_channel=False, epsilon=1e-7):
        if epsilon < 0:
            raise ValueError(f"epsilon must be non-negative, got {epsilon}.")
        self.per_channel = per_channel
        self.epsilon = epsilon
        self.mean_ = None
        self.std_ = None

    def fit(self, x_train):
        """Compute the mean and standard deviation of ``x_train``."""
        x_train = np.asarray(x_train, dtype=np.float64)
        if x_train.size == 0:
            raise ValueError("Cannot fit a Standardizer on an empty array.")
        if not np.all(np.isfinite(x_train)):
            raise ValueError("x_train contains NaN or infinite values.")
        axes = tuple(range(x_train.ndim - 1)) if self.per_channel else None
        self.mean_ = x_train.mean(axis=axes)
        self.std_ = x_train.std(axis=axes)
        return self

    def transform(self, x):
        """Scale ``x`` with the statistics found by ``fit``; returns float32."""
        if self.mean_ is None:
            raise ValueError("This Standardizer is not fitted yet: call fit first.")
        x = np.asarray(x, dtype=np.float64)
        return ((x - self.mean_) / (self.std_ + self.epsilon)).astype(np.float32)

    def fit_transform(self, x_train):
        return self.fit(x_train).transform(x_train)


def standardize(x_train, *x_others, per_channel=False, epsilon=1e-7):
    """Standardize arrays with statistics fitted on ``x_train`` alone.

    Args:
        x_train: Training samples; the only data the statistics come from.
        *x_others: Validation, test or any other arrays to scale the same way.
        per_channel: One mean/std per channel (last axis) instead of one scalar.
        epsilon: Added to the standard deviation.

    Returns:
        A tuple of float32 arrays, ``x_train`` first, then ``x_others`` in order.

    Example:

    >>> x_tr, x_te = standardize(np.array([0.0, 2.0]), np.array([4.0]))
    >>> x_tr.round(4).tolist(), x_te.round(4).tolist()
    ([-1.0, 1.0], [3.0])
    """
    scaler = Standardizer(per_channel=per_channel, epsilon=epsilon).fit(x_train)
    return tuple(scaler.transform(x) for x in (x_train, *x_others))


def take_subset(x, y, n, seed=0):
    """Return ``n`` samples drawn without replacement, stratified by label.

    Used to shrink a training set to a time budget while keeping its class
    balance. ``n=None`` or ``n >= len(x)`` returns the data unchanged.
    """
    if n is None or n >= len(x):
        return x, y
    if n < 1:
        raise ValueError(f"n must be a positive number of samples, got {n}.")
    x = np.asarray(x)
    y = np.asarray(y)
    labels = y.reshape(len(y), -1)[:, 0]
    classes, counts = np.unique(labels, return_counts=True)
    # Largest-remainder rounding, so the shares add up to exactly n.
    quotas = counts * (n / len(labels))
    per_class = np.floor(quotas).astype(int)
    shortfall = n - per_class.sum()
    per_class[np.argsort(per_class - quotas, kind="stable")[:shortfall]] += 1
    rng = np.random.default_rng(seed)
    chosen = np.concatenate(
        [
            rng.permutation(np.flatnonzero(labels == label))[:count]
            for label, count in zip(classes, per_class)
        ]
    )
    chosen = chosen[rng.permutation(len(chosen))]
    return x[chosen], y[chosen]


def _candidate_dirs(data_dir):
    dirs = []
    explicit = data_dir if data_dir is not None else os.environ.get("COURSE_DATA_DIR")
    if explicit:
        dirs.append(os.path.expanduser(explicit))
    keras_home = os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"
    )
    dirs.append(os.path.join(keras_home, "datasets"))
    dirs.append(_READ_ONLY_HOME_CACHE)
    return dirs


def _load(name, candidates, reader, downloader, download, fix):
    tried = []
    for path in candidates:
        if not os.path.exists(path):
            tried.append(f"{path}: not found")
            continue
        try:
            return reader(path)
        except _CorruptData as error:
            tried.append(f"{path}: unreadable ({error})")
    if not os.environ.get("COURSE_DATA_DIR"):
        tried.insert(0, "COURSE_DATA_DIR: not set")

    offline = os.environ.get("COURSE_OFFLINE", "").strip() not in ("", "0")
    if not download or offline:
        tried.append("download: skipped (offline mode)")
    else:
        host, port = _DOWNLOAD_HOSTS[name]
        if not _can_connect(host, port):
            tried.append(f"download: cannot reach {host} (no internet?)")
        else:
            try:
                return downloader()
            except Exception as error:  # the download path has many failure types
                tried.append(f"download: failed ({type(error).__name__}: {error})")

    lines = "\n".join(f"  - {entry}" for entry in tried)
    raise DatasetUnavailableError(
        f"Could not load {name}. Tried, in order:\n{lines}\n"
        f"To fix: {fix}, e.g.\n"
        f"  export COURSE_DATA_DIR=/path/to/course-data\n"
        "(see the README section on datasets)."
    )


class _CorruptData(Exception):
    pass


def _can_connect(host, port):
    try:
        with socket.create_connection((host, port), timeout=_CONNECT_TIMEOUT_SECONDS):
            return True
    except OSError:
        return False


def _read_mnist_npz(path):
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {
                key: np.asarray(archive[key])
                for key in ("x_train", "y_train", "x_test", "y_test")
            }
    except KeyError as error:
        raise _CorruptData(f"missing array {error}") from None
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise _CorruptData(f"not a valid .npz file: {error}") from None
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise _CorruptData(
                f"x_{split} has shape {images.shape}, expected (N, 28, 28)"
            )
        if labels.shape != (len(images),):
            raise _CorruptData(
                f"y_{split} has shape {labels.shape}, expected ({len(images)},)"
            )
    return (
        (arrays["x_train"].astype(np.uint8), arrays["y_train"].astype(np.uint8)),
        (arrays["x_test"].astype(np.uint8), arrays["y_test"].astype(np.uint8)),
    )


def _read_cifar_batch(path):
    try:
        with open(path, "rb") as handle:
            batch = pickle.load(handle, encoding="bytes")
        data = np.asarray(batch[b"data"], dtype=np.uint8)
        labels = np.asarray(batch[b"labels"], dtype=np.uint8)
    except FileNotFoundError:
        raise _CorruptData(f"missing {os.path.basename(path)}") from None
    except (pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError) as error:
        raise _CorruptData(
            f"{os.path.basename(path)} is not a CIFAR-10 batch ({error!r})"
        ) from None
    if data.ndim != 2 or data.shape[1] != 3072 or len(labels) != len(data):
        raise _CorruptData(
            f"{os.path.basename(path)} has data of shape {data.shape} and "
            f"{len(labels)} labels, expected (N, 3072) and N labels"
        )
    # Rows are stored as three 32x32 planes (R, G, B); Keras returns channels last.
    images = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return images, labels


def _read_cifar10_dir(path):
    train = [_read_cifar_batch(os.path.join(path, f"data_batch_{i}")) for i in range(1, 6)]
    x_test, y_test = _read_cifar_batch(os.path.join(path, "test_batch"))
    x_train = np.concatenate([images for images, _ in train])
    y_train = np.concatenate([labels for _, labels in train])
    return (x_train, y_train.reshape(-1, 1)), (x_test, y_test.reshape(-1, 1))


def _download_mnist():
    import keras

    return keras.datasets.mnist.load_data()


def _download_cifar10():
    import keras

    return keras.datasets.cifar10.load_data()
