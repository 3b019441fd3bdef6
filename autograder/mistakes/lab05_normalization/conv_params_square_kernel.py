# Mistake: reads only the first side of a rectangular kernel, as if every kernel were square
# Replaces: conv_shapes
# Loses: test_conv_param_count
def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid", dilation_rate=1):
    pair = lambda value: (int(value), int(value)) if np.ndim(value) == 0 else tuple(int(v) for v in value)
    kernel, stride, dilation = pair(kernel_size), pair(strides), pair(dilation_rate)
    if padding not in ("valid", "same"):
        raise ValueError(padding)
    if max(stride) > 1 and max(dilation) > 1:
        raise ValueError("strides and dilation")
    sizes = []
    for n, k, s, d in zip(input_shape[:2], kernel, stride, dilation):
        size = -(-int(n) // s) if padding == "same" else (int(n) - (d * (k - 1) + 1)) // s + 1
        if size < 1:
            raise ValueError("empty output")
        sizes.append(size)
    return (sizes[0], sizes[1], int(filters))


def conv_param_count(input_channels, filters, kernel_size, use_bias=True):
    side = kernel_size if np.ndim(kernel_size) == 0 else kernel_size[0]
    return int(side * side * input_channels * filters + (filters if use_bias else 0))
