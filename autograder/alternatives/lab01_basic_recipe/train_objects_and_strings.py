# Alternative: the optimizer as a string, loss and metric as objects, validation data as a list
# Replaces: train_model
def train_model(model, x_train, y_train, x_val, y_val, epochs, batch_size=128):
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    history = model.fit(x=x_train, y=y_train, batch_size=batch_size, epochs=epochs,
                        validation_data=[x_val, y_val], shuffle=True, verbose=0)
    return history
