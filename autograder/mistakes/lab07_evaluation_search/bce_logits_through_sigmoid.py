# Mistake: computes the logits form as the sigmoid followed by the probability form, which overflows and loses everything beyond the clipping for large logits
# Replaces: bce
# Loses: test_bce
def binary_cross_entropy(y, p, epsilon=1e-7):
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), epsilon, 1.0 - epsilon)
    return float(np.mean(-(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))))


def binary_cross_entropy_from_logits(y, z):
    p = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))
    return binary_cross_entropy(y, p)
