# Mistake: gives each head its own hidden layers, two networks in one model with nothing shared
# Replaces: multitask_model
# Loses: test_multitask_model
def multitask_model(input_dim, loss_weights):
    inputs = keras.Input(shape=(input_dim,))
    digit_hidden = keras.layers.Dense(128, activation="relu")(inputs)
    even_hidden = keras.layers.Dense(128, activation="relu")(inputs)
    digit = keras.layers.Dense(10, activation="softmax", name="digit")(digit_hidden)
    even = keras.layers.Dense(1, activation="sigmoid", name="even")(even_hidden)
    model = keras.Model(inputs, [digit, even])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss={"digit": "sparse_categorical_crossentropy", "even": "binary_crossentropy"},
                  loss_weights=loss_weights,
                  metrics={"digit": ["accuracy"], "even": ["accuracy"]})
    return model
