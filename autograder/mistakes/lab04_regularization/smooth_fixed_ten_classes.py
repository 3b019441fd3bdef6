# Mistake: divides alpha by 10, MNIST's number of classes, instead of the number of columns
# Replaces: smooth_labels
# Loses: test_smooth_labels
def smooth_labels(one_hot, alpha):
    return (1.0 - alpha) * one_hot + alpha / 10
