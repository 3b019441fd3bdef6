# Mistake: measures the validation accuracy with the model in training mode
# Replaces: batch_size_experiment
# Loses: test_batch_size_experiment
def batch_size_experiment(build_model, norms, batch_sizes, x_train, y_train, x_val, y_val,
                          epochs=1, max_steps=None, learning_rate=1e-3, seed=0):
    results = {}
    for norm in norms:
        results[norm] = {}
        for batch_size in batch_sizes:
            keras.utils.set_random_seed(seed)
            model = build_model(norm)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            n = len(x_train) if max_steps is None else min(len(x_train), max_steps * batch_size)
            model.fit(x_train[:n], y_train[:n], batch_size=batch_size, epochs=epochs, verbose=0)
            probabilities = np.concatenate([np.asarray(model(x_val[i:i + 256], training=True))
                                            for i in range(0, len(x_val), 256)])
            results[norm][batch_size] = float(np.mean(np.argmax(probabilities, axis=1) == y_val))
    return results
