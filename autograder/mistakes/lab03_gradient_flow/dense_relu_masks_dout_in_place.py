# Mistake: zeroes the upstream gradient in place, modifying the caller's dout
# Replaces: dense_relu
# Loses: test_dense_relu
def dense_relu_forward(x, w, b):
    z = x @ w + b
    return np.maximum(z, 0.0), (x, w, z)


def dense_relu_backward(dout, cache):
    x, w, z = cache
    dout[z <= 0] = 0.0
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)
