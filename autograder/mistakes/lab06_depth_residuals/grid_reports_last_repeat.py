# Mistake: reports the last repetition's accuracy as the cell's, not the mean
# Replaces: depth_grid
# Loses: test_depth_grid
def depth_grid(builders, blocks_options, convs_options, train, val, epochs=1, repeats=1, learning_rate=1e-3, seed=0):
    table = {}
    for name, builder in builders.items():
        for blocks in blocks_options:
            for convs in convs_options:
                accuracies = []
                for r in range(repeats):
                    keras.utils.set_random_seed(seed + r)
                    model = builder(blocks, convs)
                    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                                  metrics=["accuracy"])
                    model.fit(train, epochs=epochs, verbose=0)
                    accuracies.append(float(model.evaluate(val, verbose=0, return_dict=True)["accuracy"]))
                table[(name, blocks, convs)] = {"params": int(model.count_params()), "accuracies": accuracies,
                                                "accuracy": accuracies[-1]}
    return table
