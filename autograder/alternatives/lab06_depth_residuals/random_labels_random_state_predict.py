# Alternative: RandomState index permutation, accuracies from argmax predictions
# Replaces: random_labels
def random_label_experiment(build_model, x_train, y_train, x_val, y_val, epochs, batch_size=32, learning_rate=1e-3,
                            seed=0):
    y_train = np.asarray(y_train)
    labels = y_train[np.random.RandomState(seed).permutation(len(y_train))]
    keras.utils.set_random_seed(seed)
    model = build_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(x_train, labels, epochs=epochs, batch_size=batch_size, verbose=0)

    def accuracy(x, y):
        return float(np.mean(np.argmax(model.predict(x, verbose=0), axis=1) == np.asarray(y)))

    return dict(labels=labels, model=model, history=history.history,
                train_accuracy=accuracy(x_train, labels), val_accuracy=accuracy(x_val, y_val))
