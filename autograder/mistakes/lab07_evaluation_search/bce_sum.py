# Mistake: sums the losses of the entries instead of averaging them
# Replaces: bce
# Loses: test_bce
def binary_cross_entropy(y, p, epsilon=1e-7):
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), epsilon, 1.0 - epsilon)
    return float(np.sum(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))))


def binary_cross_entropy_from_logits(y, z):
    y = np.asarray(y, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    return float(np.sum(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))
