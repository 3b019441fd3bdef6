# Alternative: computes in float32 with a variance and sqrt(var + eps) in the denominator
# Replaces: standardize
def standardize(x_train, x_other):
    train = np.array(x_train, dtype=np.float32)
    other = np.array(x_other, dtype=np.float32)
    mu = train.mean(dtype=np.float64)
    var = ((train.astype(np.float64) - mu) ** 2).mean()
    denominator = np.sqrt(var + 1e-7)
    train = (train - mu) / denominator
    other = (other - mu) / denominator
    return train.astype(np.float32), other.astype(np.float32)
