# Alternative: scipy's xlogy for the probabilities, np.logaddexp(0, z) - y z for the logits
# Replaces: bce
from scipy.special import xlogy


def binary_cross_entropy(y, p, epsilon=1e-7):
    y = np.array(y, dtype=np.float64)
    p = np.minimum(np.maximum(np.array(p, dtype=np.float64), epsilon), 1.0 - epsilon)
    losses = -(xlogy(y, p) + xlogy(1.0 - y, 1.0 - p))
    return losses.sum().item() / losses.size


def binary_cross_entropy_from_logits(y, z):
    y = np.array(y, dtype=np.float64)
    z = np.array(z, dtype=np.float64)
    return float((np.logaddexp(0.0, z) - y * z).mean())
