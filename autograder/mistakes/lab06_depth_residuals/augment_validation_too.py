# Mistake: augments the validation batches too (training=False only skips the shuffle)
# Replaces: augment
# Loses: test_augment
def augment_dataset(x, y, batch_size, training, seed, padding=4, cutout_size=8):
    x = np.asarray(x, dtype="float32")
    data = tf.data.Dataset.from_tensor_slices((x, np.asarray(y)))
    if training:
        data = data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    height, width, channels = x.shape[1:]
    seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)

    def augment(example, pair):
        image, label = example
        crop_seed, flip_seed, row_seed, col_seed = tf.unstack(tf.random.split(pair, 4))
        image = tf.pad(image, [[padding, padding], [padding, padding], [0, 0]])
        image = tf.image.stateless_random_crop(image, (height, width, channels), seed=crop_seed)
        image = tf.image.stateless_random_flip_left_right(image, seed=flip_seed)
        if cutout_size > 0:
            top = tf.random.stateless_uniform((), row_seed, 0, height, dtype=tf.int32) - cutout_size // 2
            left = tf.random.stateless_uniform((), col_seed, 0, width, dtype=tf.int32) - cutout_size // 2
            rows = tf.range(height)[:, tf.newaxis, tf.newaxis]
            cols = tf.range(width)[tf.newaxis, :, tf.newaxis]
            inside = (rows >= top) & (rows < top + cutout_size) & (cols >= left) & (cols < left + cutout_size)
            image = tf.where(inside, tf.zeros_like(image), image)
        return image, label

    return tf.data.Dataset.zip((data, seeds)).map(augment).batch(batch_size)
