# Alternative: tanh units with Glorot-normal weights, each activation its own layer, no clipping
# Replaces: rescue_deep_mlp
def rescue_deep_mlp(input_dim, num_classes, depth=20, width=64):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for _ in range(depth):
        model.add(keras.layers.Dense(width, kernel_initializer=keras.initializers.GlorotNormal()))
        model.add(keras.layers.Activation("tanh"))
    model.add(keras.layers.Dense(num_classes, activation="softmax"))
    return model, keras.optimizers.Adam(1e-3)
