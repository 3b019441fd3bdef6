# Alternative: training and validation concatenated with validation_split holding out the validation rows, a kt.Objective, the best trial read from the oracle
# Replaces: tune
def tune(method, x_train, y_train, x_val, y_val, max_trials, epochs, directory, verbose=0):
    if method == "random":
        tuner_class = keras_tuner.RandomSearch
    elif method == "bayesian":
        tuner_class = keras_tuner.BayesianOptimization
    else:
        raise ValueError(f"unknown method {method!r}")
    tuner = tuner_class(
        hypermodel=build_model,
        objective=keras_tuner.Objective("val_accuracy", direction="max"),
        max_trials=max_trials,
        seed=0,
        overwrite=True,
        directory=os.path.join(directory, "search"),
        project_name="mnist_mlp",
    )
    x_all = np.concatenate([x_train, x_val])
    y_all = np.concatenate([y_train, y_val])
    # Keras holds out the last validation_split of the rows: exactly the validation set.
    tuner.search(x_all, y_all, validation_split=len(x_val) / len(x_all), shuffle=True, epochs=epochs,
                 verbose=verbose)
    best_trial = tuner.oracle.get_best_trials(num_trials=1)[0]
    return tuner, best_trial.hyperparameters
