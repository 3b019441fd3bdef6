# Mistake: smooths the caller's array in place and returns it
# Replaces: smooth_labels
# Loses: test_smooth_labels
def smooth_labels(one_hot, alpha):
    one_hot *= 1.0 - alpha
    one_hot += alpha / one_hot.shape[-1]
    return one_hot
