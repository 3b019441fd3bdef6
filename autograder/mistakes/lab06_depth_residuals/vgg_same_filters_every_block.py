# Mistake: keeps base_filters in every block instead of doubling them
# Replaces: vgg
# Loses: test_vgg
def vgg_block(x, filters, convs):
    for _ in range(convs):
        x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return keras.layers.MaxPooling2D(2)(x)


def build_vgg(blocks, convs_per_block, base_filters=16, input_shape=(32, 32, 3), num_classes=10):
    for name, value in (("blocks", blocks), ("convs_per_block", convs_per_block), ("base_filters", base_filters)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for i in range(blocks):
        x = vgg_block(x, base_filters, convs_per_block)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(num_classes)(x))
