# Mistake: validates on a slice of the training data (validation_split) instead of the data given
# Replaces: train_model
# Loses: test_train_model
def train_model(model, x_train, y_train, x_val, y_val, epochs, batch_size=128):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(x_train, y_train, validation_split=0.1, epochs=epochs,
                     batch_size=batch_size, verbose=2)
