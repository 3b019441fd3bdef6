# Alternative: Keras's own rounding, (n + s - 1) // s and (n - span) // s + 1, with np.broadcast_to for the pairs
# Replaces: conv_shapes
def conv_output_shape(input_shape, filters, kernel_size, strides=1, padding="valid", dilation_rate=1):
    if padding != "valid" and padding != "same":
        raise ValueError(f"unknown padding {padding!r}")
    kernel = [int(v) for v in np.broadcast_to(kernel_size, (2,))]
    stride = [int(v) for v in np.broadcast_to(strides, (2,))]
    dilation = [int(v) for v in np.broadcast_to(dilation_rate, (2,))]
    if max(stride) > 1 and max(dilation) > 1:
        raise ValueError("strides and dilation_rate cannot both exceed 1")
    height, width = int(input_shape[0]), int(input_shape[1])
    result = []
    for n, k, s, d in ((height, kernel[0], stride[0], dilation[0]), (width, kernel[1], stride[1], dilation[1])):
        span = (k - 1) * d + 1
        out = (n + s - 1) // s if padding == "same" else (n - span) // s + 1
        if out <= 0:
            raise ValueError("empty output")
        result.append(out)
    return tuple(result) + (int(filters),)


def conv_param_count(input_channels, filters, kernel_size, use_bias=True):
    kernel_area = int(np.prod(np.broadcast_to(kernel_size, (2,))))
    count = kernel_area * int(input_channels) * int(filters)
    if use_bias:
        count += int(filters)
    return count
