# Mistake: PyTorch's momentum convention, moving = (1 - momentum) * moving + momentum * batch
# Replaces: batch_norm_forward
# Loses: test_batch_norm_forward
def batch_norm_forward(x, gamma, beta, moving_mean, moving_var, momentum, epsilon, training):
    if training:
        axes = tuple(range(x.ndim - 1))
        mean = x.mean(axis=axes)
        var = x.var(axis=axes)
        new_mean = (1.0 - momentum) * moving_mean + momentum * mean
        new_var = (1.0 - momentum) * moving_var + momentum * var
    else:
        mean, var = moving_mean, moving_var
        new_mean, new_var = moving_mean.copy(), moving_var.copy()
    out = gamma * (x - mean) / np.sqrt(var + epsilon) + beta
    return out, new_mean, new_var
