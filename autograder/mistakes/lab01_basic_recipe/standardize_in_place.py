# Mistake: scales in place to save memory, which overwrites a float32 input
# Replaces: standardize
# Loses: test_standardize
def standardize(x_train, x_other):
    mean, std = float(np.mean(x_train)), float(np.std(x_train))
    x_train = np.asarray(x_train).astype(np.float32, copy=False)
    x_other = np.asarray(x_other).astype(np.float32, copy=False)
    x_train -= mean
    x_train /= std + 1e-7
    x_other -= mean
    x_other /= std + 1e-7
    return x_train, x_other
