# Mistake: adds batch normalization, a layer with weights of its own that the task does not allow
# Replaces: regularized_model
# Loses: test_regularized_model
def regularized_model(input_dim, num_classes):
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.Dropout(0.1),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.Dropout(0.1),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    return model, 0.1
