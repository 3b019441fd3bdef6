# Mistake: no check for nan or inf, and comparisons with nan are all false, so overflow reads as flowing
# Replaces: diagnose_gradients
# Loses: test_diagnose_gradients
def diagnose_gradients(history, factor=100.0):
    kernels = [np.mean(norms) for key, norms in history.items() if key.endswith("/kernel")]
    first, last = kernels[0], kernels[-1]
    if first > factor * last:
        return "exploding"
    if first * factor < last:
        return "vanishing"
    return "flowing"
