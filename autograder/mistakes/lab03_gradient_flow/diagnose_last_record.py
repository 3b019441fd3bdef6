# Mistake: compares only the last record of each kernel instead of the mean of all records
# Replaces: diagnose_gradients
# Loses: test_diagnose_gradients
def diagnose_gradients(history, factor=100.0):
    kernels = [norms for key, norms in history.items() if key.endswith("/kernel")]
    if not all(np.all(np.isfinite(norms)) for norms in kernels):
        return "exploding"
    first, last = kernels[0][-1], kernels[-1][-1]
    if first > factor * last:
        return "exploding"
    if first * factor < last:
        return "vanishing"
    return "flowing"
