# Mistake: groups strided channels together (channel c in group c % groups) instead of consecutive ones
# Replaces: group_norm_forward
# Loses: test_group_norm_forward
def group_norm_forward(x, groups, gamma, beta, epsilon):
    channels = x.shape[-1]
    if groups < 1 or channels % groups:
        raise ValueError("groups must divide the channels")
    grouped = x.reshape(x.shape[0], -1, channels // groups, groups)
    mean = grouped.mean(axis=(1, 2), keepdims=True)
    var = grouped.var(axis=(1, 2), keepdims=True)
    return gamma * ((grouped - mean) / np.sqrt(var + epsilon)).reshape(x.shape) + beta
