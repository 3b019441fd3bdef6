# Mistake: normalizes with the unbiased variance (ddof=1) and averages it into the moving variance
# Replaces: batch_norm_forward
# Loses: test_batch_norm_forward
def batch_norm_forward(x, gamma, beta, moving_mean, moving_var, momentum, epsilon, training):
    if training:
        axes = tuple(range(x.ndim - 1))
        mean = x.mean(axis=axes)
        var = x.var(axis=axes, ddof=1)
        new_mean = momentum * moving_mean + (1.0 - momentum) * mean
        new_var = momentum * moving_var + (1.0 - momentum) * var
    else:
        mean, var = moving_mean, moving_var
        new_mean, new_var = moving_mean.copy(), moving_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + epsilon) + beta
    return out, new_mean, new_var
