# Mistake: runs a RandomSearch whatever the method, and accepts any method name
# Replaces: tune
# Loses: test_tune
def tune(method, x_train, y_train, x_val, y_val, max_trials, epochs, directory, verbose=0):
    tuner = keras_tuner.RandomSearch(build_model, objective="val_accuracy", max_trials=max_trials, seed=0,
                                     directory=directory, project_name=str(method), overwrite=True)
    tuner.search(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs, batch_size=128, verbose=verbose)
    return tuner, tuner.get_best_hyperparameters()[0]
