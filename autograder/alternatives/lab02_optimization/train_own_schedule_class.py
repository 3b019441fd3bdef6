# Alternative: uses the WarmupCosineSchedule of Part 4, counts steps with integer ceiling division, compiles with objects
# Replaces: train_with_schedule
def train_with_schedule(model, x_train, y_train, x_val, y_val, peak_lr, epochs, batch_size=128):
    steps = epochs * (-(-len(x_train) // batch_size))
    optimizer = keras.optimizers.Adam(
        learning_rate=WarmupCosineSchedule(peak_lr, steps // 10, steps, final_lr=peak_lr / 100))
    model.compile(optimizer=optimizer, loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
    history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs,
                        validation_data=(x_val, y_val), verbose=0)
    return history
