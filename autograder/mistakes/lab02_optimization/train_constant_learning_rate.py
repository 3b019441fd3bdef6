# Mistake: Adam with the constant learning rate peak_lr, no schedule
# Replaces: train_with_schedule
# Loses: test_train_with_schedule
def train_with_schedule(model, x_train, y_train, x_val, y_val, peak_lr, epochs, batch_size=128):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=peak_lr),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs,
                     batch_size=batch_size, verbose=2)
