# Mistake: draws new random labels uniformly instead of shuffling the given ones
# Replaces: random_labels
# Loses: test_random_labels
def random_label_experiment(build_model, x_train, y_train, x_val, y_val, epochs, batch_size=32, learning_rate=1e-3,
                            seed=0):
    labels = np.random.default_rng(seed).integers(0, int(np.max(y_train)) + 1, size=len(y_train))
    keras.utils.set_random_seed(seed)
    model = build_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    history = model.fit(x_train, labels, batch_size=batch_size, epochs=epochs, verbose=0)
    train_accuracy = model.evaluate(x_train, labels, verbose=0, return_dict=True)["accuracy"]
    val_accuracy = model.evaluate(x_val, y_val, verbose=0, return_dict=True)["accuracy"]
    return {"labels": labels, "model": model, "history": history.history,
            "train_accuracy": float(train_accuracy), "val_accuracy": float(val_accuracy)}
