# Mistake: mean and std of the training and other data together, which leaks the other set's statistics
# Replaces: standardize
# Loses: test_standardize
def standardize(x_train, x_other):
    x_train = np.asarray(x_train, dtype=np.float64)
    x_other = np.asarray(x_other, dtype=np.float64)
    everything = np.concatenate([x_train.ravel(), x_other.ravel()])
    mean, std = everything.mean(), everything.std()
    return (((x_train - mean) / (std + 1e-7)).astype(np.float32),
            ((x_other - mean) / (std + 1e-7)).astype(np.float32))
