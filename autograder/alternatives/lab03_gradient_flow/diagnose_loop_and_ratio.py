# Alternative: a plain loop with math.isfinite, kernels found by the last path part, a ratio
# Replaces: diagnose_gradients
def diagnose_gradients(history, factor=100.0):
    means = []
    for key, norms in history.items():
        if key.split("/")[-1] != "kernel":
            continue
        values = [float(v) for v in norms]
        if any(not math.isfinite(v) for v in values):
            return "exploding"
        means.append(sum(values) / len(values))
    ratio = means[0] / means[-1]
    if ratio > factor:
        return "exploding"
    if ratio < 1 / factor:
        return "vanishing"
    return "flowing"
