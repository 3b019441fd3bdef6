# Mistake: spreads alpha over the K - 1 other classes only, a different smoothing from Keras's
# Replaces: smooth_labels
# Loses: test_smooth_labels
def smooth_labels(one_hot, alpha):
    num_classes = one_hot.shape[-1]
    return one_hot * (1.0 - alpha) + (1.0 - one_hot) * alpha / (num_classes - 1)
