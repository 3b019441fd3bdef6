"""`tf.data` input pipelines: from in-memory arrays to batches for `fit`.

`make_dataset` turns arrays into a `tf.data.Dataset` in the order the
TensorFlow performance guide recommends:

    from_tensor_slices -> cache -> shuffle -> batch -> augment -> prefetch

- **cache** keeps the elements in memory after the first epoch;
- **shuffle** reshuffles every epoch, reproducibly under a `seed`;
- **batch** groups samples before augmenting, so each augmentation is one
  vectorized op per batch instead of one small op per image;
- **augment** applies small composable pieces (`RandomPadCrop`,
  `RandomFlip`, `RandomCutout`) with stateless random ops, so the same seed
  gives the same augmented batches whatever the parallelism;
- **prefetch** prepares the next batches while the model trains on this one.

Augmentation in a `tf.data` pipeline runs on the CPU. On a GPU, feed an
unaugmented dataset and put `course_lib.layers.Augment` (the same pieces as a
Keras layer) first in the model: it then runs on the accelerator, inside the
compiled training step.

Images: `uint8` arrays (as the MNIST and CIFAR-10 loaders return them) come
out as `float32` scaled to `[0, 1]`; floating-point arrays (for example
standardized ones) come out as `float32` with unchanged values. Labels come
out unchanged, always aligned with their images.
"""

import warnings

import numpy as np

from course_lib._validation import check_positive_int
from course_lib._validation import check_seed

PADDING_MODES = ("reflect", "zero")


def _quiet_fit_shuffle_warning():
    """Silence `fit`'s warning that `shuffle=True` is ignored for a dataset.

    A dataset from `make_dataset` shuffles itself, every epoch, from its
    seed, so the warning would only be a red box in every lab that trains
    from one. Installed on import and again by every `make_dataset` call (the
    filter is inserted once; test runners and `catch_warnings` may reset the
    filters in between).
    """
    warnings.filterwarnings(
        "ignore",
        message=r"`shuffle=True` was passed, but will be ignored since the data `x` "
        r"was provided as a tf\.data\.Dataset",
        category=UserWarning,
    )


_quiet_fit_shuffle_warning()


class RandomPadCrop:
    """Pads each image, then crops a random window of the original size.

    For a batch of images `(batch, H, W, channels)`: pad every image by
    `padding` pixels on each side, draw per image an offset

        (dy_n, dx_n) ~ Uniform({0, ..., 2 * padding} ** 2)

    and keep rows `[dy_n, dy_n + H)` and columns `[dx_n, dx_n + W)` of the
    padded image. The result is the image shifted by up to `padding` pixels
    in each direction, with the uncovered border filled by `mode`.

    Args:
        padding: Int `>= 0`, pixels added on each side (0 is the identity).
        mode: `"reflect"` mirrors the image at its border (without repeating
            the edge pixel, as `tf.pad(mode="REFLECT")`; needs `padding`
            smaller than the height and width), `"zero"` pads with zeros.

    Example:

    ```python
    crop = RandomPadCrop(padding=4, mode="reflect")
    shifted = crop(images, seed=tf.constant([1, 2]))  # same shape as images
    ```
    """

    name = "crop"

    def __init__(self, padding=4, mode="reflect"):
        self.padding = check_positive_int(padding, "padding", minimum=0)
        if mode not in PADDING_MODES:
            raise ValueError(
                f"`mode` must be one of {PADDING_MODES}. Received: mode={mode!r}"
            )
        self.mode = mode

    def check_image_shape(self, height, width):
        """Raises a ValueError if the images are too small for reflection."""
        if self.mode == "reflect" and self.padding >= min(height, width):
            raise ValueError(
                "Reflect padding needs `padding` smaller than the image height "
                f"and width. Received: padding={self.padding} for images of "
                f"size {height}x{width}; use mode='zero' or a smaller padding."
            )

    def __call__(self, images, seed):
        import tensorflow as tf

        if self.padding == 0:
            return images
        pad = self.padding
        height, width = images.shape[1], images.shape[2]
        self.check_image_shape(height, width)
        padded = tf.pad(
            images,
            [[0, 0], [pad, pad], [pad, pad], [0, 0]],
            mode="REFLECT" if self.mode == "reflect" else "CONSTANT",
        )
        offsets = tf.random.stateless_uniform(
            (tf.shape(images)[0], 2), seed, minval=0, maxval=2 * pad + 1,
            dtype=tf.int32,
        )
        rows = offsets[:, :1] + tf.range(height)[tf.newaxis, :]  # (batch, H)
        cols = offsets[:, 1:] + tf.range(width)[tf.newaxis, :]  # (batch, W)
        window = tf.gather(padded, rows, axis=1, batch_dims=1)
        return tf.gather(window, cols, axis=2, batch_dims=1)

    def get_config(self):
        return {"name": self.name, "padding": self.padding, "mode": self.mode}


class RandomFlip:
    """Mirrors each image left to right with probability 1/2.

    Each image comes out either unchanged or exactly mirrored (its columns
    reversed), independently of the other images in the batch.

    Example:

    ```python
    flip = RandomFlip()
    maybe_mirrored = flip(images, seed=tf.constant([1, 2]))
    ```
    """

    name = "flip"

    def __call__(self, images, seed):
        import tensorflow as tf

        coins = tf.random.stateless_uniform((tf.shape(images)[0],), seed)
        columns = tf.range(images.shape[2])
        # Reading the columns in reverse order is a gather: faster than
        # choosing between two whole images with `tf.where`.
        columns = tf.where(
            coins[:, tf.newaxis] < 0.5,
            columns[tf.newaxis, ::-1],
            columns[tf.newaxis, :],
        )  # (batch, W)
        return tf.gather(images, columns, axis=2, batch_dims=1)

    def get_config(self):
        return {"name": self.name}


class RandomCutout:
    """Zeroes a random `size x size` square per image (Cutout).

    The same operation as the `course_lib.layers.Cutout` layer, with the
    centres drawn by stateless random ops: each square is centred on a
    pixel drawn uniformly over the image, clipped at the border (so it can
    cover fewer than `size * size` pixels) and zeroes every channel.

    Args:
        size: Positive int, side of the square, in pixels.

    Example:

    ```python
    cutout = RandomCutout(size=8)
    masked = cutout(images, seed=tf.constant([1, 2]))
    ```
    """

    name = "cutout"

    def __init__(self, size=8):
        self.size = check_positive_int(size, "size")

    def __call__(self, images, seed):
        import tensorflow as tf

        from course_lib.layers.cutout import cut_squares

        height, width = images.shape[1], images.shape[2]
        row_seed, col_seed = tf.unstack(tf.random.split(seed, 2))
        batch_size = tf.shape(images)[0]
        centre_rows = tf.random.stateless_uniform(
            (batch_size,), row_seed, minval=0, maxval=height, dtype=tf.int32
        )
        centre_cols = tf.random.stateless_uniform(
            (batch_size,), col_seed, minval=0, maxval=width, dtype=tf.int32
        )
        return cut_squares(images, centre_rows, centre_cols, self.size)

    def get_config(self):
        return {"name": self.name, "size": self.size}


AUGMENTATIONS = {
    piece.name: piece for piece in (RandomPadCrop, RandomFlip, RandomCutout)
}


def get_augmentations(augment):
    """Turns an `augment` argument into a tuple of augmentation pieces.

    Args:
        augment: `None` (no augmentation); a name (`"crop"`, `"flip"`,
            `"cutout"`, each with its default settings); a piece such as
            `RandomPadCrop(padding=2, mode="zero")`; a config dictionary
            from a piece's `get_config()`; or a list of any of these,
            applied in order.

    Returns:
        A tuple of pieces, each a callable `piece(images, seed)`.

    Example:

    ```python
    get_augmentations(["crop", RandomCutout(size=12)])
    ```
    """
    if augment is None:
        return ()
    if isinstance(augment, (str, dict)) or callable(augment):
        augment = [augment]
    if not isinstance(augment, (list, tuple)):
        raise ValueError(
            "`augment` must be None, a name, an augmentation or a list of "
            f"them. Received: augment={augment!r}"
        )
    pieces = []
    for item in augment:
        if isinstance(item, str):
            pieces.append(_piece_class(item)())
        elif isinstance(item, dict):
            config = dict(item)
            pieces.append(_piece_class(config.pop("name", None))(**config))
        elif callable(item):
            pieces.append(item)
        else:
            raise ValueError(
                "Each augmentation must be a name, a config dictionary or a "
                f"callable `piece(images, seed)`. Received: {item!r}"
            )
    return tuple(pieces)


def apply_augmentations(images, pieces, seed):
    """Applies augmentation pieces in order to a batch of images.

    Args:
        images: Float tensor `(batch, height, width, channels)`.
        pieces: Pieces as returned by `get_augmentations`.
        seed: Int32 or int64 tensor of shape `(2,)`, a stateless random
            seed; each piece gets its own seed split from it.

    Returns:
        The augmented images, same shape and dtype as `images`.
    """
    import tensorflow as tf

    if not pieces:
        return images
    seeds = tf.random.split(seed, len(pieces))
    for index, piece in enumerate(pieces):
        images = piece(images, seeds[index])
    return images


def make_dataset(
    x,
    y=None,
    batch_size=32,
    training=False,
    seed=None,
    augment=None,
    cache=True,
    shuffle_buffer=None,
    drop_remainder=False,
    prefetch=True,
):
    """Builds a `tf.data.Dataset` of batches from in-memory arrays.

    With `training=True`, the samples are shuffled anew every epoch and the
    batches augmented on the fly; with `training=False` (validation, test,
    prediction), the batches keep the input order and are never augmented.
    Every sample appears exactly once per epoch, and labels always stay
    with their images.

    Images that are `uint8` come out as `float32` divided by 255; floating
    point images come out as `float32` with unchanged values. The conversion
    happens per batch, so the cache holds the compact input dtype. Labels
    come out unchanged.

    Under a fixed `seed`, the order of every epoch and every augmentation is
    the same each time the dataset is built, whatever the parallelism;
    successive epochs differ from each other.

    Args:
        x: Array of images (or any samples), first axis indexes samples.
            Augmentation needs images as `(N, height, width, channels)`.
        y: Optional array of labels, `len(y) == len(x)`. Without labels the
            dataset yields images only.
        batch_size: Positive int, samples per batch.
        training: Whether the dataset feeds training: shuffles and augments.
        seed: Optional int, seeds the shuffle and the augmentations. `None`
            draws from TensorFlow's global seed (set by
            `course_lib.set_seed`), so that a seeded program stays
            reproducible.
        augment: Augmentations applied to training batches only: `None`, a
            name (`"crop"`, `"flip"`, `"cutout"`), a piece such as
            `RandomPadCrop(padding=4, mode="zero")`, or a list of these,
            applied in order (see `get_augmentations`).
        cache: Whether to keep the elements in memory after the first epoch.
        shuffle_buffer: Size of the shuffle buffer; `None` (the default)
            uses the whole dataset, a uniform shuffle. Smaller buffers save
            memory but only shuffle locally.
        drop_remainder: Whether to drop the last batch when it is smaller
            than `batch_size` (then every batch has a static size).
        prefetch: Whether to prepare batches in the background while the
            model trains (`tf.data.AUTOTUNE` of them).

    Returns:
        A `tf.data.Dataset` of `(images, labels)` batches, or of image
        batches if `y` is None; pass it to `model.fit`, `evaluate` or
        `predict` without `batch_size`.

    Raises:
        ValueError: If an argument is invalid: `x` and `y` of different
            lengths, a non-positive `batch_size`, an unknown augmentation,
            images that are not `(N, H, W, C)` while augmenting, an image
            dtype other than `uint8` or floating point, and so on.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = load_cifar10()
    train = make_dataset(
        x_train, y_train, batch_size=256, training=True, seed=0,
        augment=[RandomPadCrop(4, "reflect"), "flip", RandomCutout(8)],
    )
    test = make_dataset(x_test, y_test, batch_size=1024)
    model.fit(train, validation_data=test, epochs=10)
    ```
    """
    _quiet_fit_shuffle_warning()
    x = np.asarray(x)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(
            f"`x` must hold at least one sample. Received shape: {x.shape}"
        )
    if x.dtype != np.uint8 and not np.issubdtype(x.dtype, np.floating):
        raise ValueError(
            "`x` must be uint8 images (scaled to [0, 1]) or floating point "
            f"(kept as is). Received dtype: {x.dtype}; convert it first, "
            "e.g. x.astype('float32')."
        )
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 0 or len(y) != len(x):
            raise ValueError(
                "`x` and `y` must have the same number of samples. Received: "
                f"len(x)={len(x)}, y of shape {y.shape}"
            )
    batch_size = check_positive_int(batch_size, "batch_size")
    for name, value in (
        ("training", training),
        ("cache", cache),
        ("drop_remainder", drop_remainder),
        ("prefetch", prefetch),
    ):
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(
                f"`{name}` must be True or False. Received: {name}={value!r}"
            )
    seed = check_seed(seed)
    if shuffle_buffer is not None:
        shuffle_buffer = check_positive_int(shuffle_buffer, "shuffle_buffer")
    if drop_remainder and batch_size > len(x):
        raise ValueError(
            f"`drop_remainder=True` with batch_size={batch_size} larger than "
            f"the {len(x)} samples would give an empty dataset."
        )
    pieces = get_augmentations(augment)
    if pieces and training:
        _check_images(x, pieces)

    import tensorflow as tf

    scale = x.dtype == np.uint8
    has_labels = y is not None
    dataset = tf.data.Dataset.from_tensor_slices((x, y) if has_labels else x)
    if cache:
        dataset = dataset.cache()
    if training:
        dataset = dataset.shuffle(
            shuffle_buffer or len(x), seed=seed, reshuffle_each_iteration=True
        )
    dataset = dataset.batch(
        batch_size,
        drop_remainder=drop_remainder,
        num_parallel_calls=tf.data.AUTOTUNE,
        deterministic=True,
    )
    augmenting = bool(pieces) and training
    if augmenting:
        # One stateless seed pair per batch, new every epoch, reproducible.
        seeds = tf.data.Dataset.random(
            seed=seed, rerandomize_each_iteration=True
        ).batch(2)
        dataset = tf.data.Dataset.zip(dataset, seeds)

    def convert(images):
        images = tf.cast(images, tf.float32)
        return images / 255.0 if scale else images

    def augment_batch(images, batch_seed):
        return apply_augmentations(convert(images), pieces, batch_seed)

    if augmenting and has_labels:
        prepare = lambda batch, s: (augment_batch(batch[0], s), batch[1])  # noqa: E731
    elif augmenting:
        prepare = augment_batch
    elif has_labels:
        prepare = lambda images, labels: (convert(images), labels)  # noqa: E731
    else:
        prepare = convert
    dataset = dataset.map(
        prepare, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True
    )
    if prefetch:
        dataset = dataset.prefetch(tf.data.AUTOTUNE)
    return dataset


def _piece_class(name):
    if name not in AUGMENTATIONS:
        raise ValueError(
            f"Unknown augmentation {name!r}. Known names: "
            f"{sorted(AUGMENTATIONS)}."
        )
    return AUGMENTATIONS[name]


def _check_images(x, pieces):
    if x.ndim != 4:
        raise ValueError(
            "Augmentation needs images of shape (N, height, width, channels). "
            f"Received x of shape {x.shape}"
            + ("; add a channel axis with x[..., None]." if x.ndim == 3 else ".")
        )
    for piece in pieces:
        check = getattr(piece, "check_image_shape", None)
        if check is not None:
            check(x.shape[1], x.shape[2])

