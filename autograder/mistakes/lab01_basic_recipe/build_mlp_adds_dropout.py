# Mistake: adds a Dropout layer after each hidden layer, which the task did not ask for
# Replaces: build_mlp
# Loses: test_build_mlp
def build_mlp(input_dim, num_classes, hidden_units=(128, 64)):
    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
        model.add(keras.layers.Dropout(0.2))
    model.add(keras.layers.Dense(num_classes, activation="softmax"))
    return model
