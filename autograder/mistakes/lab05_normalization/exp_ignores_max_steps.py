# Mistake: trains every batch size on all the training samples, ignoring max_steps
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
            model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0)
            results[norm][batch_size] = float(model.evaluate(x_val, y_val, verbose=0)[1])
    return results
