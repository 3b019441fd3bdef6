# Mistake: also raises Adam's learning rate, which the task fixes at 1e-3
# Replaces: rescue_deep_mlp
# Loses: test_rescue_deep_mlp
def rescue_deep_mlp(input_dim, num_classes, depth=20, width=64):
    layers = [keras.Input(shape=(input_dim,))]
    for _ in range(depth):
        layers.append(keras.layers.Dense(width, activation="relu", kernel_initializer="he_normal"))
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    return keras.Sequential(layers), keras.optimizers.Adam(learning_rate=3e-3, global_clipnorm=1.0)
