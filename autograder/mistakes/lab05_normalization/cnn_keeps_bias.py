# Mistake: keeps the Conv2D and Dense biases in front of a normalization
# Replaces: build_cnn
# Loses: test_build_cnn
def build_cnn(norm=None, num_classes=10, input_shape=(32, 32, 3), widths=(16, 32, 64), hidden=64,
              groups=4, virtual_batch_size=8):
    def normalization(after_conv):
        if norm == "batch":
            return BatchNorm(momentum=0.9)
        if norm == "renorm":
            return BatchRenorm(momentum=0.9)
        if norm == "ghost":
            return GhostBatchNorm(virtual_batch_size, momentum=0.9)
        if norm == "group":
            return GroupNorm(groups=groups)
        return LayerNorm(axis=[1, 2, 3] if after_conv else -1)

    if norm not in (None, "batch", "renorm", "ghost", "group", "layer"):
        raise ValueError(f"unknown normalization {norm!r}")
    layers = [keras.Input(shape=input_shape)]
    for width in widths:
        layers.append(keras.layers.Conv2D(width, 3, padding="same", use_bias=True))
        if norm is not None:
            layers.append(normalization(after_conv=True))
        layers += [keras.layers.ReLU(), keras.layers.MaxPooling2D(2)]
    layers += [keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(hidden, use_bias=norm is None)]
    if norm is not None:
        layers.append(normalization(after_conv=False))
    layers += [keras.layers.ReLU(), keras.layers.Dense(num_classes, activation="softmax")]
    return keras.Sequential(layers)
