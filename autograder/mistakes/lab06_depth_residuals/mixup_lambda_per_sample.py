# Mistake: one lambda per sample, but the labels mixed with the batch's first one
# Replaces: mixup
# Loses: test_mixup
def mixup(x, y, alpha, seed):
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha!r}")
    rng = np.random.default_rng(seed)
    lam = rng.beta(alpha, alpha, size=len(x))
    perm = rng.permutation(len(x))
    x, y = np.asarray(x, dtype="float32"), np.asarray(y, dtype="float32")
    per_sample = (len(x),) + (1,) * (x.ndim - 1)
    lam_x = np.reshape(lam, per_sample)
    return lam_x * x + (1 - lam_x) * x[perm], lam[0] * y + (1 - lam[0]) * y[perm]
