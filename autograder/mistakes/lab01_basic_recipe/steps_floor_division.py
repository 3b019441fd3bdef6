# Mistake: floor division drops the last, partial batch
# Replaces: steps_per_epoch
# Loses: test_steps_per_epoch
def steps_per_epoch(n_samples, batch_size):
    return n_samples // batch_size
