# Mistake: a projection shortcut in every block, also where the identity fits
# Replaces: resnet
# Loses: test_resnet
def residual_block(x, filters, stride=1):
    y = keras.layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)(x)
    y = keras.layers.BatchNormalization()(y)
    y = keras.layers.ReLU()(y)
    y = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = keras.layers.BatchNormalization()(y)
    shortcut = keras.layers.Conv2D(filters, 1, strides=stride, use_bias=False)(x)
    shortcut = keras.layers.BatchNormalization()(shortcut)
    return keras.layers.ReLU()(keras.layers.Add()([y, shortcut]))


def build_resnet(stages, blocks_per_stage, base_filters=16, input_shape=(32, 32, 3), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Conv2D(base_filters, 3, padding="same", use_bias=False)(inputs)
    x = keras.layers.ReLU()(keras.layers.BatchNormalization()(x))
    for i in range(stages):
        for j in range(blocks_per_stage):
            x = residual_block(x, base_filters * 2**i, stride=2 if i > 0 and j == 0 else 1)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(num_classes)(x))
