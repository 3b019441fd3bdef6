# Alternative: math.ceil formulas for both paddings and a dict of per-axis settings
# Replaces: conv_shapes
def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid", dilation_rate=1):
    def two(value):
        return list(value) if isinstance(value, (tuple, list)) else [value, value]

    if padding == "same":
        pad = 0
    elif padding == "valid":
        pad = None
    else:
        raise ValueError("unknown padding " + repr(padding))
    k, s, d = two(kernel_size), two(strides), two(dilation_rate)
    if any(v > 1 for v in s) and any(v > 1 for v in d):
        raise ValueError("Keras does not combine strides > 1 with dilation_rate > 1")
    out = []
    for axis in range(2):
        n = int(input_shape[axis])
        if pad is None:
            span = int(d[axis]) * (int(k[axis]) - 1) + 1
            size = math.ceil((n - span + 1) / int(s[axis]))
        else:
            size = math.ceil(n / int(s[axis]))
        if size <= 0:
            raise ValueError("output would be empty")
        out.append(int(size))
    return tuple(out) + (int(filters),)


def conv_param_count(input_channels, filters, kernel_size, use_bias=True):
    taps = int(np.prod(kernel_size)) if isinstance(kernel_size, (tuple, list)) else int(kernel_size) ** 2
    weights = taps * int(input_channels) * int(filters)
    return weights + int(filters) * int(bool(use_bias))
