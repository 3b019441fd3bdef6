# Mistake: int() truncates the validation count of each class instead of rounding it
# Replaces: split_train_val
# Loses: test_split_train_val
def split_train_val(x, y, val_fraction=0.1, seed=0):
    x, y = np.asarray(x), np.asarray(y)
    labels = y.reshape(len(y))
    rng = np.random.default_rng(seed)
    train_idx, val_idx = [], []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        n_val = int(val_fraction * len(members))
        val_idx.extend(members[:n_val])
        train_idx.extend(members[n_val:])
    return (x[train_idx], y[train_idx]), (x[val_idx], y[val_idx])
