# Mistake: takes the logarithm of p as it is, so a probability of exactly 0 or 1 gives an infinite loss
# Replaces: bce
# Loses: test_bce
def binary_cross_entropy(y, p, epsilon=1e-7):
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    return float(np.mean(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))))

def binary_cross_entropy_from_logits(y, z):
    y = np.asarray(y, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))
