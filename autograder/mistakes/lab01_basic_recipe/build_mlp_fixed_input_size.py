# Mistake: the input size is hard-coded to MNIST's 784 pixels and ignores input_dim
# Replaces: build_mlp
# Loses: test_build_mlp
def build_mlp(input_dim, num_classes, hidden_units=(128, 64)):
    layers = [keras.Input(shape=(784,))]
    layers += [keras.layers.Dense(units, activation="relu") for units in hidden_units]
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    return keras.Sequential(layers)
