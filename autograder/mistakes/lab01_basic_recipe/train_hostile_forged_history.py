# Mistake: hostile, skips training and returns a forged History with perfect numbers
# Replaces: train_model
# Loses: test_train_model
def train_model(model, x_train, y_train, x_val, y_val, epochs, batch_size=128):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    forged = keras.callbacks.History()
    forged.set_model(model)
    forged.epoch = list(range(epochs))
    forged.history = {name: [value] * epochs for name, value in
                      [("loss", 0.01), ("accuracy", 0.99), ("val_loss", 0.02), ("val_accuracy", 0.99)]}
    return forged
