# Mistake: np.argmin on the raw losses, which picks the first NaN as the minimum
# Replaces: suggest_learning_rate
# Loses: test_suggest_learning_rate
def suggest_learning_rate(lrs, losses, divisor=10.0):
    lrs, losses = np.asarray(lrs), np.asarray(losses)
    if not np.isfinite(losses[0]):
        raise ValueError("the first loss is not finite")
    best = np.argmin(losses)
    return float(max(lrs[best] / divisor, lrs[0]))
