# Alternative: tf.data datasets for training and validation, and keyword arguments throughout
# Replaces: tune
def tune(method, x_train, y_train, x_val, y_val, max_trials, epochs, directory, verbose=0):
    kinds = dict(random=keras_tuner.RandomSearch, bayesian=keras_tuner.BayesianOptimization)
    try:
        kind = kinds[method]
    except (KeyError, TypeError):
        raise ValueError(f"method must be one of {sorted(kinds)}") from None
    tuner = kind(hypermodel=build_model, objective="val_accuracy", max_trials=max_trials, directory=directory,
                 project_name=f"lab07_{method}", overwrite=True, seed=0)
    tuner.search(x=x_train, y=y_train, epochs=epochs, batch_size=64,
                 validation_data=tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(256), verbose=verbose)
    return tuner, tuner.get_best_hyperparameters(num_trials=1)[0]
