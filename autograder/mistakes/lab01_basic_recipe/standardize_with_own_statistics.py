# Mistake: each array is scaled with its own mean and std, leaking test statistics
# Replaces: standardize
# Loses: test_standardize
def standardize(x_train, x_other):
    def scale(x):
        x = np.asarray(x, dtype=np.float64)
        return ((x - x.mean()) / (x.std() + 1e-7)).astype(np.float32)
    return scale(x_train), scale(x_other)
