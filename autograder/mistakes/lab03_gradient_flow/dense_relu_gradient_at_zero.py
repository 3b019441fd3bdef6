# Mistake: ReLU's gradient passes where z is exactly 0 (z >= 0), unlike TensorFlow and the spec
# Replaces: dense_relu
# Loses: test_dense_relu
def dense_relu_forward(x, w, b):
    z = x @ w + b
    return np.maximum(z, 0.0), (x, w, z)


def dense_relu_backward(dout, cache):
    x, w, z = cache
    dz = dout * (z >= 0)
    return dz @ w.T, x.T @ dz, dz.sum(axis=0)
