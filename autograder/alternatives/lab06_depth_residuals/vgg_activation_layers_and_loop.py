# Alternative: separate ReLU layers, filters computed by doubling, checks by value
# Replaces: vgg
def vgg_block(x, filters, convs):
    h = x
    for index in range(convs):
        h = keras.layers.Conv2D(filters=filters, kernel_size=(3, 3), padding="same", name=None)(h)
        h = keras.layers.Activation("relu")(h)
    return keras.layers.MaxPooling2D(pool_size=(2, 2))(h)


def build_vgg(blocks, convs_per_block, base_filters=16, input_shape=(32, 32, 3), num_classes=10):
    for value in (blocks, convs_per_block, base_filters):
        if isinstance(value, (bool, float)) or int(value) != value or int(value) <= 0:
            raise ValueError(f"expected a positive integer, got {value}")
    image = keras.Input(input_shape)
    features, filters = image, int(base_filters)
    for _ in range(int(blocks)):
        features = vgg_block(features, filters, int(convs_per_block))
        filters *= 2
    pooled = keras.layers.GlobalAveragePooling2D()(features)
    logits = keras.layers.Dense(num_classes, activation=None)(pooled)
    return keras.Model(inputs=image, outputs=logits)
