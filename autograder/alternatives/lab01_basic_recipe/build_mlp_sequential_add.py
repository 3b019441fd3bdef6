# Alternative: an empty Sequential filled with add(), activation given as a function
# Replaces: build_mlp
def build_mlp(input_dim, num_classes, hidden_units=(128, 64)):
    model = keras.Sequential(name="mlp")
    model.add(keras.Input(shape=(input_dim,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation=keras.activations.relu))
    model.add(keras.layers.Dense(num_classes, activation=keras.activations.softmax))
    return model
