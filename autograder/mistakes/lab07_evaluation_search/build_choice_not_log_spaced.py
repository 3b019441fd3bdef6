# Mistake: offers learning rates 1e-4, 5e-4, 1e-3, 5e-3, 1e-2, which are not evenly spaced on a log scale
# Replaces: build_model
# Loses: test_build_model
def build_model(hp):
    units = hp.Int("units", min_value=32, max_value=256, step=32)
    dropout = hp.Float("dropout", min_value=0.0, max_value=0.5)
    learning_rate = hp.Choice("learning_rate", [1e-4, 5e-4, 1e-3, 5e-3, 1e-2])
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
