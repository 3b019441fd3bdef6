# Mistake: tanh hidden layers instead of ReLU
# Replaces: build_mlp
# Loses: test_build_mlp
def build_mlp(input_dim, num_classes, hidden_units=(128, 64)):
    layers = [keras.Input(shape=(input_dim,))]
    layers += [keras.layers.Dense(units, activation="tanh") for units in hidden_units]
    layers.append(keras.layers.Dense(num_classes, activation="softmax"))
    return keras.Sequential(layers)
