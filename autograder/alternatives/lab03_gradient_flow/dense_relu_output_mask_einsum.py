# Alternative: the cache keeps the output, the mask is out > 0, and the products are einsums
# Replaces: dense_relu
def dense_relu_forward(x, w, b):
    out = x @ w + b
    out = out * (out > 0)
    return out, {"x": x, "w": w, "out": out}


def dense_relu_backward(dout, cache):
    passes = (cache["out"] > 0).astype(dout.dtype)
    dz = dout * passes
    dx = np.einsum("nm,dm->nd", dz, cache["w"])
    dw = np.einsum("nd,nm->dm", cache["x"], dz)
    db = np.ones(dz.shape[0]) @ dz
    return dx, dw, db
