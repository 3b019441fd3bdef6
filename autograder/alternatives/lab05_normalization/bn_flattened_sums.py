# Alternative: flattens to (values, C), computes the moments from sums, and builds new arrays with np.add
# Replaces: batch_norm_forward
def batch_norm_forward(x, gamma, beta, moving_mean, moving_var, momentum, epsilon, training):
    flat = np.reshape(x, (-1, x.shape[-1]))
    if training:
        count = flat.shape[0]
        mean = flat.sum(axis=0) / count
        var = ((flat - mean) ** 2).sum(axis=0) / count
        moving = (np.add(momentum * moving_mean, (1 - momentum) * mean),
                  np.add(momentum * moving_var, (1 - momentum) * var))
    else:
        mean, var = moving_mean, moving_var
        moving = (np.array(moving_mean, copy=True), np.array(moving_var, copy=True))
    scale = gamma / np.sqrt(var + epsilon)
    out = (flat * scale + (beta - mean * scale)).reshape(x.shape)
    return out, moving[0], moving[1]
