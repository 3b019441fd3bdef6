# Alternative: hp.Choice for all three (log-spaced learning rates), a functional model and a loss object
# Replaces: build_model
def build_model(hp):
    learning_rate = hp.Choice("learning_rate", values=[1e-4, 1e-3, 1e-2])
    units = hp.Choice("units", values=[32, 64, 128, 256])
    dropout = hp.Choice("dropout", values=[0.0, 0.25, 0.5])
    inputs = keras.Input(shape=(784,))
    hidden = keras.layers.Dense(units, activation="relu")(inputs)
    hidden = keras.layers.Dropout(rate=dropout)(hidden)
    outputs = keras.layers.Dense(10, activation="softmax")(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
    return model
