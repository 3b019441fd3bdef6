# Mistake: samples the learning rate uniformly between 1e-4 and 1e-2, so nine trials in ten land above 1e-3
# Replaces: build_model
# Loses: test_build_model
def build_model(hp):
    units = hp.Int("units", min_value=32, max_value=256, step=32)
    dropout = hp.Float("dropout", min_value=0.0, max_value=0.5)
    learning_rate = hp.Float("learning_rate", min_value=1e-4, max_value=1e-2)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
