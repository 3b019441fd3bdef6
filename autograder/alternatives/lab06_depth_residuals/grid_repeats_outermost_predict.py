# Alternative: repetitions in the outer loop, accuracy from argmax predictions, the table filled in place
# Replaces: depth_grid
def depth_grid(builders, blocks_options, convs_options, train, val, epochs=1, repeats=1, learning_rate=1e-3, seed=0):
    labels = np.concatenate([np.asarray(batch_labels) for _, batch_labels in val])
    table = {(name, b, c): {"params": 0, "accuracies": [], "accuracy": 0.0}
             for name in builders for b in blocks_options for c in convs_options}
    for r in range(repeats):
        for (name, b, c), cell in table.items():
            keras.utils.set_random_seed(seed + r)
            model = builders[name](b, c)
            model.compile(keras.optimizers.Adam(learning_rate=learning_rate),
                          keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
            model.fit(train, epochs=epochs, verbose=0)
            predicted = np.argmax(model.predict(val, verbose=0), axis=-1)
            cell["accuracies"].append(float(np.mean(predicted == labels)))
            cell["params"] = model.count_params()
    for cell in table.values():
        cell["accuracy"] = sum(cell["accuracies"]) / len(cell["accuracies"])
    return table
