# Alternative: loops over the groups with explicit channel slices and a float64 output buffer
# Replaces: group_norm_forward
def group_norm_forward(x, groups, gamma, beta, epsilon):
    channels = x.shape[-1]
    if int(groups) != groups or groups <= 0 or channels % groups != 0:
        raise ValueError(f"{groups} groups cannot split {channels} channels")
    size = channels // int(groups)
    out = np.empty_like(x, dtype=np.result_type(x, np.float64))
    for g in range(int(groups)):
        part = x[..., g * size:(g + 1) * size]
        axes = tuple(range(1, x.ndim))
        mean = part.mean(axis=axes, keepdims=True)
        var = ((part - mean) ** 2).mean(axis=axes, keepdims=True)
        out[..., g * size:(g + 1) * size] = (part - mean) / np.sqrt(var + epsilon)
    return out * gamma + beta
