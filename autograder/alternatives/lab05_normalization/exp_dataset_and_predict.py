# Alternative: trains on a shuffled tf.data pipeline and scores argmax predictions
# Replaces: batch_size_experiment
def batch_size_experiment(build_model, norms, batch_sizes, x_train, y_train, x_val, y_val,
                          epochs=1, max_steps=None, learning_rate=1e-3, seed=0):
    results = {norm: {} for norm in norms}
    for norm in norms:
        for batch_size in batch_sizes:
            n = len(x_train)
            if max_steps is not None:
                n = min(n, max_steps * batch_size)
            keras.utils.set_random_seed(seed)
            model = build_model(norm)
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            data = tf.data.Dataset.from_tensor_slices((x_train[:n], y_train[:n]))
            data = data.shuffle(n, seed=seed).batch(batch_size)
            model.fit(data, epochs=epochs, shuffle=False, verbose=0)
            predicted = np.argmax(model.predict(x_val, verbose=0), axis=-1)
            results[norm][batch_size] = float(np.mean(predicted == np.asarray(y_val)))
    return results
