# Mistake: takes the first and last entries of the history, biases included
# Replaces: diagnose_gradients
# Loses: test_diagnose_gradients
def diagnose_gradients(history, factor=100.0):
    means = [np.mean(norms) for norms in history.values()]
    if not np.all(np.isfinite(means)):
        return "exploding"
    first, last = means[0], means[-1]
    if first > factor * last:
        return "exploding"
    if first * factor < last:
        return "vanishing"
    return "flowing"
