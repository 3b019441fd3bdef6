# Alternative: LeakyReLU layers, He-uniform weights and a ClipGradientNorm layer after each block
# Replaces: rescue_deep_mlp
def rescue_deep_mlp(input_dim, num_classes, depth=20, width=64):
    layers = [keras.Input(shape=(input_dim,))]
    for _ in range(depth):
        layers += [keras.layers.Dense(width, kernel_initializer="he_uniform"),
                   keras.layers.LeakyReLU(negative_slope=0.1),
                   ClipGradientNorm(5.0)]
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    return keras.Sequential(layers), keras.optimizers.Adam(learning_rate=1e-3, clipvalue=1.0)
