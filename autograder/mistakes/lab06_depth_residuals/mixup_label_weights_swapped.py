# Mistake: mixes the labels with the weights swapped, (1 - lam) on the sample's own label
# Replaces: mixup
# Loses: test_mixup
def mixup(x, y, alpha, seed):
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha!r}")
    rng = np.random.default_rng(seed)
    lam = rng.beta(alpha, alpha)
    perm = rng.permutation(len(x))
    x, y = np.asarray(x, dtype="float32"), np.asarray(y, dtype="float32")
    return lam * x + (1 - lam) * x[perm], (1 - lam) * y + lam * y[perm]
