# Mistake: the hidden layers are hard-coded to 20 x 64 and ignore depth and width
# Replaces: rescue_deep_mlp
# Loses: test_rescue_deep_mlp
def rescue_deep_mlp(input_dim, num_classes, depth=20, width=64):
    layers = [keras.Input(shape=(input_dim,))]
    layers += [keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal") for _ in range(20)]
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    return keras.Sequential(layers), keras.optimizers.Adam(learning_rate=1e-3)
