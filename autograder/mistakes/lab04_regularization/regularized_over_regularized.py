# Mistake: piles on heavy dropout and a strong L2 penalty, and the model underfits
# Replaces: regularized_model
# Loses: test_regularized_model
def regularized_model(input_dim, num_classes):
    penalty = keras.regularizers.L2(1e-2)
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(256, activation="relu", kernel_regularizer=penalty),
        keras.layers.Dropout(0.7),
        keras.layers.Dense(256, activation="relu", kernel_regularizer=penalty),
        keras.layers.Dropout(0.7),
        keras.layers.Dense(num_classes, activation="softmax"),
    ])
    return model, 0.3
