# Mistake: divides by the standard deviation alone, so a constant input gives NaN
# Replaces: standardize
# Loses: test_standardize
def standardize(x_train, x_other):
    x_train = np.asarray(x_train, dtype=np.float64)
    x_other = np.asarray(x_other, dtype=np.float64)
    mean, std = x_train.mean(), x_train.std()
    return ((x_train - mean) / std).astype(np.float32), ((x_other - mean) / std).astype(np.float32)
