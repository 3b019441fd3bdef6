# Alternative: NumPy augmentation with slicing in a generator, one NumPy generator per dataset
# Replaces: augment
def augment_dataset(x, y, batch_size, training, seed, padding=4, cutout_size=8):
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y)
    if not training:
        return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)
    n, height, width, channels = x.shape
    rng = np.random.default_rng(seed)

    def batches():
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            padded = np.zeros((len(index), height + 2 * padding, width + 2 * padding, channels), np.float32)
            padded[:, padding:padding + height, padding:padding + width] = x[index]
            out = np.empty((len(index), height, width, channels), np.float32)
            for k in range(len(index)):
                top, left = rng.integers(0, 2 * padding + 1, size=2)
                image = padded[k, top:top + height, left:left + width]
                if rng.random() < 0.5:
                    image = image[:, ::-1]
                image = image.copy()
                if cutout_size:
                    r, c = rng.integers(0, height), rng.integers(0, width)
                    r0, c0 = r - cutout_size // 2, c - cutout_size // 2
                    image[max(r0, 0):max(r0 + cutout_size, 0), max(c0, 0):max(c0 + cutout_size, 0)] = 0.0
                out[k] = image
            yield out, y[index]

    signature = (tf.TensorSpec((None, height, width, channels), tf.float32),
                 tf.TensorSpec((None,), tf.as_dtype(y.dtype)))
    return tf.data.Dataset.from_generator(batches, output_signature=signature)
