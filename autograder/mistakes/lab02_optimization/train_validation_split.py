# Mistake: validates on a slice of the training data (validation_split) instead of (x_val, y_val)
# Replaces: train_with_schedule
# Loses: test_train_with_schedule
def train_with_schedule(model, x_train, y_train, x_val, y_val, peak_lr, epochs, batch_size=128):
    total_steps = epochs * math.ceil(len(x_train) / batch_size)
    schedule = WarmupCosine(peak_lr, warmup_steps=total_steps // 10, total_steps=total_steps,
                            final_lr=peak_lr / 100)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(x_train, y_train, validation_split=0.1, epochs=epochs,
                     batch_size=batch_size, verbose=2)
