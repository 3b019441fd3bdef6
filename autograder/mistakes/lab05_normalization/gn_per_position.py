# Mistake: normalizes each position on its own, over the group's channels only
# Replaces: group_norm_forward
# Loses: test_group_norm_forward
def group_norm_forward(x, groups, gamma, beta, epsilon):
    channels = x.shape[-1]
    if groups < 1 or channels % groups:
        raise ValueError("groups must divide the channels")
    grouped = x.reshape(*x.shape[:-1], groups, channels // groups)
    mean = grouped.mean(axis=-1, keepdims=True)
    var = grouped.var(axis=-1, keepdims=True)
    return gamma * ((grouped - mean) / np.sqrt(var + epsilon)).reshape(x.shape) + beta
