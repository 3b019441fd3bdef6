# Mistake: draws lambda uniformly from [0, 1] instead of from Beta(alpha, alpha)
# Replaces: mixup
# Loses: test_mixup
def mixup(x, y, alpha, seed):
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha!r}")
    rng = np.random.default_rng(seed)
    lam = rng.uniform(0.0, 1.0)
    perm = rng.permutation(len(x))
    x, y = np.asarray(x, dtype="float32"), np.asarray(y, dtype="float32")
    return lam * x + (1 - lam) * x[perm], lam * y + (1 - lam) * y[perm]
