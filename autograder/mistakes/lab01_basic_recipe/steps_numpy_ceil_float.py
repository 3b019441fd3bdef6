# Mistake: np.ceil returns a float (10.0), not the integer number of steps
# Replaces: steps_per_epoch
# Loses: test_steps_per_epoch
def steps_per_epoch(n_samples, batch_size):
    return np.ceil(n_samples / batch_size)
