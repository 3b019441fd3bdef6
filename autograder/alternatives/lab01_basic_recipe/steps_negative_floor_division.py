# Alternative: ceiling division with integers only, returned as a NumPy integer
# Replaces: steps_per_epoch
def steps_per_epoch(n_samples, batch_size):
    return np.int64(-(-n_samples // batch_size))
