# Mistake: pools the whole batch into each group's statistics, as batch norm would
# Replaces: group_norm_forward
# Loses: test_group_norm_forward
def group_norm_forward(x, groups, gamma, beta, epsilon):
    channels = x.shape[-1]
    if groups < 1 or channels % groups:
        raise ValueError("groups must divide the channels")
    grouped = x.reshape(x.shape[0], -1, groups, channels // groups)
    mean = grouped.mean(axis=(0, 1, 3), keepdims=True)
    var = grouped.var(axis=(0, 1, 3), keepdims=True)
    return gamma * ((grouped - mean) / np.sqrt(var + epsilon)).reshape(x.shape) + beta
