# Mistake: one coin per batch: every image of a batch is mirrored, or none
# Replaces: augment
# Loses: test_augment
def augment_dataset(x, y, batch_size, training, seed, padding=4, cutout_size=8):
    x = np.asarray(x, dtype="float32")
    data = tf.data.Dataset.from_tensor_slices((x, np.asarray(y)))
    if not training:
        return data.batch(batch_size)
    height, width, channels = x.shape[1:]
    data = data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)

    def augment(example, pair):
        image, label = example
        crop_seed, row_seed, col_seed = tf.unstack(tf.random.split(pair, 3))
        image = tf.pad(image, [[padding, padding], [padding, padding], [0, 0]])
        image = tf.image.stateless_random_crop(image, (height, width, channels), seed=crop_seed)
        if cutout_size > 0:
            top = tf.random.stateless_uniform((), row_seed, 0, height, dtype=tf.int32) - cutout_size // 2
            left = tf.random.stateless_uniform((), col_seed, 0, width, dtype=tf.int32) - cutout_size // 2
            rows = tf.range(height)[:, tf.newaxis, tf.newaxis]
            cols = tf.range(width)[tf.newaxis, :, tf.newaxis]
            inside = (rows >= top) & (rows < top + cutout_size) & (cols >= left) & (cols < left + cutout_size)
            image = tf.where(inside, tf.zeros_like(image), image)
        return image, label

    def flip_batch(images, labels, pair):
        coin = tf.random.stateless_uniform((), pair)
        return tf.cond(coin < 0.5, lambda: images[:, :, ::-1], lambda: images), labels

    batches = tf.data.Dataset.zip((data, seeds)).map(augment).batch(batch_size)
    batch_seeds = tf.data.Dataset.random(seed=seed + 1, rerandomize_each_iteration=True).batch(2)
    return tf.data.Dataset.zip((batches, batch_seeds)).map(lambda batch, pair: flip_batch(*batch, pair))
