# Alternative: the two target values written out with np.where, cast back to the input's dtype
# Replaces: smooth_labels
def smooth_labels(one_hot, alpha):
    k = one_hot.shape[1]
    off = alpha / k
    on = 1.0 - alpha + off
    return np.where(one_hot > 0.5, on, off).astype(one_hot.dtype)
