# Alternative: units on a log scale with hp.Int(step=2, sampling='log'), learning rate and dropout as Floats with other arguments order
# Replaces: build_model
def build_model(hp):
    lr = hp.Float(name="learning_rate", min_value=0.0001, max_value=0.01, sampling="log", default=0.001)
    model = keras.Sequential()
    model.add(keras.Input(shape=(784,)))
    model.add(keras.layers.Dense(hp.Int("units", 32, 256, step=2, sampling="log"), activation="relu"))
    model.add(keras.layers.Dropout(hp.Float("dropout", 0.0, 0.5, step=0.1)))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
