# Alternative: model.add one layer at a time, Activation("relu") layers and a lookup table of factories
# Replaces: build_cnn
def build_cnn(norm=None, num_classes=10, input_shape=(32, 32, 3), widths=(16, 32, 64), hidden=64,
              groups=4, virtual_batch_size=8):
    factories = {
        "batch": lambda conv: BatchNorm(momentum=0.9),
        "renorm": lambda conv: BatchRenorm(momentum=0.9),
        "ghost": lambda conv: GhostBatchNorm(virtual_batch_size=virtual_batch_size, momentum=0.9),
        "group": lambda conv: GroupNorm(groups),
        "layer": lambda conv: LayerNorm(axis=[1, 2, 3]) if conv else LayerNorm(),
    }
    if norm is not None and norm not in factories:
        raise ValueError("norm must be None or one of " + ", ".join(factories))
    model = keras.Sequential()
    model.add(keras.Input(shape=input_shape))
    for filters in widths:
        model.add(keras.layers.Conv2D(filters, (3, 3), padding="same", use_bias=not norm))
        if norm:
            model.add(factories[norm](True))
        model.add(keras.layers.Activation("relu"))
        model.add(keras.layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(keras.layers.GlobalAveragePooling2D())
    model.add(keras.layers.Dense(hidden, use_bias=not norm))
    if norm:
        model.add(factories[norm](False))
    model.add(keras.layers.Activation("relu"))
    model.add(keras.layers.Dense(num_classes, activation="softmax"))
    return model
