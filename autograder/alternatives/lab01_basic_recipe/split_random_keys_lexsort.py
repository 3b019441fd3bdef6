# Alternative: one random key per sample, sorted within each class with np.lexsort; the first keys go to validation
# Replaces: split_train_val
def split_train_val(x, y, val_fraction=0.1, seed=0):
    x = np.asarray(x)
    y = np.asarray(y)
    labels = y.reshape(len(y))
    keys = np.random.default_rng(seed).random(len(labels))
    order = np.lexsort((keys, labels))            # by class, then by random key
    classes, starts, counts = np.unique(labels[order], return_index=True, return_counts=True)
    val_positions = []
    for start, count in zip(starts, counts):
        n_val = int(np.floor(val_fraction * count + 0.5))
        val_positions.extend(range(start, start + n_val))
    is_val = np.zeros(len(labels), dtype=bool)
    is_val[order[val_positions]] = True
    train_idx, val_idx = np.flatnonzero(~is_val), np.flatnonzero(is_val)
    return (x[train_idx], y[train_idx]), (x[val_idx], y[val_idx])
