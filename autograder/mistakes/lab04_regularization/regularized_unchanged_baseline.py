# Mistake: returns the unregularized baseline, which does not generalize better
# Replaces: regularized_model
# Loses: test_regularized_model
def regularized_model(input_dim, num_classes):
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    return model, 0.0
