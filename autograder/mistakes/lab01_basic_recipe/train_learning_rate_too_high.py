# Mistake: Adam with a learning rate of 1e-2 instead of the 1e-3 the task asks for
# Replaces: train_model
# Loses: test_train_model
def train_model(model, x_train, y_train, x_val, y_val, epochs, batch_size=128):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs,
                     batch_size=batch_size, verbose=2)
