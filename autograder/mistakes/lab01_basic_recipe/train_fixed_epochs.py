# Mistake: the number of epochs is hard-coded to the graded budget's 3
# Replaces: train_model
# Loses: test_train_model
def train_model(model, x_train, y_train, x_val, y_val, epochs, batch_size=128):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=3,
                     batch_size=batch_size, verbose=2)
