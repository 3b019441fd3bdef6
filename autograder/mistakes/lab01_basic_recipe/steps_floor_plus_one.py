# Mistake: always adds one step for a last batch, even when the batches divide the data exactly
# Replaces: steps_per_epoch
# Loses: test_steps_per_epoch
def steps_per_epoch(n_samples, batch_size):
    return n_samples // batch_size + 1
