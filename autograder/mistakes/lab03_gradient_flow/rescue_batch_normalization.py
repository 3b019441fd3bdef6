# Mistake: adds batch normalization, which the task rules out (that is Lab 5)
# Replaces: rescue_deep_mlp
# Loses: test_rescue_deep_mlp
def rescue_deep_mlp(input_dim, num_classes, depth=20, width=64):
    layers = [keras.Input(shape=(input_dim,))]
    for _ in range(depth):
        layers.append(keras.layers.Dense(width, kernel_initializer="he_normal"))
        layers.append(keras.layers.BatchNormalization())
        layers.append(keras.layers.ReLU())
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    return keras.Sequential(layers), keras.optimizers.Adam(learning_rate=1e-3)
