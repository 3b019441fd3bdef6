# Mistake: normalizes image batches over the batch axis only, one statistic per position and channel
# Replaces: batch_norm_forward
# Loses: test_batch_norm_forward
def batch_norm_forward(x, gamma, beta, moving_mean, moving_var, momentum, epsilon, training):
    if training:
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        channel_axes = tuple(range(mean.ndim - 1))
        new_mean = momentum * moving_mean + (1.0 - momentum) * mean.mean(axis=channel_axes)
        new_var = momentum * moving_var + (1.0 - momentum) * var.mean(axis=channel_axes)
    else:
        mean, var = moving_mean, moving_var
        new_mean, new_var = moving_mean.copy(), moving_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + epsilon) + beta
    return out, new_mean, new_var
