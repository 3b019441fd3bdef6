# Mistake: validates every trial on the notebook's test set, so the hyperparameters are chosen on the test set
# Replaces: tune
# Loses: test_tune
def tune(method, x_train, y_train, x_val, y_val, max_trials, epochs, directory, verbose=0):
    tuners = {"random": keras_tuner.RandomSearch, "bayesian": keras_tuner.BayesianOptimization}
    if method not in tuners:
        raise ValueError(f"method must be 'random' or 'bayesian', got {method!r}")
    tuner = tuners[method](build_model, objective="val_accuracy", max_trials=max_trials, seed=0,
                           directory=directory, project_name=method, overwrite=True)
    tuner.search(x_train, y_train, validation_data=(x_test, y_test), epochs=epochs, batch_size=128, verbose=verbose)
    return tuner, tuner.get_best_hyperparameters()[0]
