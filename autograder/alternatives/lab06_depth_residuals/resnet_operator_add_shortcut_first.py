# Alternative: shortcut built first, added with the + operator, ReLU as Activation layers
# Replaces: resnet
def residual_block(x, filters, stride=1):
    needs_projection = stride > 1 or x.shape[-1] != filters
    if needs_projection:
        shortcut = keras.layers.BatchNormalization()(
            keras.layers.Conv2D(filters, (1, 1), strides=(stride, stride), padding="same", use_bias=False)(x))
    else:
        shortcut = x
    branch = x
    for index, step in enumerate((stride, 1)):
        branch = keras.layers.Conv2D(filters, (3, 3), strides=step, padding="same", use_bias=False)(branch)
        branch = keras.layers.BatchNormalization()(branch)
        if index == 0:
            branch = keras.layers.Activation("relu")(branch)
    return keras.layers.Activation("relu")(branch + shortcut)


def build_resnet(stages, blocks_per_stage, base_filters=16, input_shape=(32, 32, 3), num_classes=10):
    image = keras.Input(shape=input_shape)
    h = keras.layers.Conv2D(base_filters, 3, padding="same", use_bias=False)(image)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.Activation("relu")(h)
    filters = base_filters
    for stage in range(stages):
        strides = [2 if stage else 1] + [1] * (blocks_per_stage - 1)
        for stride in strides:
            h = residual_block(h, filters, stride)
        filters *= 2
    return keras.Model(image, keras.layers.Dense(num_classes)(keras.layers.GlobalAveragePooling2D()(h)))
