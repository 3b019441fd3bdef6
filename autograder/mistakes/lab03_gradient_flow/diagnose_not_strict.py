# Mistake: ">=" where the rule is strict, so a ratio exactly equal to factor is not "flowing"
# Replaces: diagnose_gradients
# Loses: test_diagnose_gradients
def diagnose_gradients(history, factor=100.0):
    kernels = [np.asarray(norms, dtype=float) for key, norms in history.items() if key.endswith("/kernel")]
    if not all(np.all(np.isfinite(norms)) for norms in kernels):
        return "exploding"
    first, last = kernels[0].mean(), kernels[-1].mean()
    if first >= factor * last:
        return "exploding"
    if first * factor <= last:
        return "vanishing"
    return "flowing"
