# Alternative: boolean masks per class and rng.choice without replacement, labels as (n, 1) internally
# Replaces: split_train_val
def split_train_val(x, y, val_fraction=0.1, seed=0):
    rng = np.random.default_rng(seed)
    flat = np.asarray(y).reshape(-1)
    in_val = np.zeros(len(flat), dtype=bool)
    for label in sorted(set(flat.tolist())):
        where = np.nonzero(flat == label)[0]
        k = round(val_fraction * where.size)
        if k:
            in_val[rng.choice(where, size=k, replace=False)] = True
    return (x[~in_val], y[~in_val]), (x[in_val], y[in_val])
