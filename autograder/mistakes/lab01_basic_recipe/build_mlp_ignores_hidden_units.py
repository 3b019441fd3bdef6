# Mistake: the hidden layers are hard-coded and ignore the hidden_units argument
# Replaces: build_mlp
# Loses: test_build_mlp
def build_mlp(input_dim, num_classes, hidden_units=(128, 64)):
    return keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
