# Mistake: a random split of the right size that ignores the classes
# Replaces: split_train_val
# Loses: test_split_train_val
def split_train_val(x, y, val_fraction=0.1, seed=0):
    x, y = np.asarray(x), np.asarray(y)
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = int(round(val_fraction * len(x)))
    val_idx, train_idx = order[:n_val], order[n_val:]
    return (x[train_idx], y[train_idx]), (x[val_idx], y[val_idx])
