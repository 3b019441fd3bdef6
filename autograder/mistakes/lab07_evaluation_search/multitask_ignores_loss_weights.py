# Mistake: never passes loss_weights to compile, so both losses always weigh 1
# Replaces: multitask_model
# Loses: test_multitask_model
def multitask_model(input_dim, loss_weights):
    inputs = keras.Input(shape=(input_dim,))
    hidden = keras.layers.Dense(128, activation="relu")(inputs)
    digit = keras.layers.Dense(10, activation="softmax", name="digit")(hidden)
    even = keras.layers.Dense(1, activation="sigmoid", name="even")(hidden)
    model = keras.Model(inputs, [digit, even])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss={"digit": "sparse_categorical_crossentropy", "even": "binary_crossentropy"},
                  metrics={"digit": ["accuracy"], "even": ["accuracy"]})
    return model
