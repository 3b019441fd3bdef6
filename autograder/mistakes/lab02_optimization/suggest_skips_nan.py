# Mistake: skips the non-finite losses (np.nanargmin) instead of cutting the curve at the first one
# Replaces: suggest_learning_rate
# Loses: test_suggest_learning_rate
def suggest_learning_rate(lrs, losses, divisor=10.0):
    lrs, losses = np.asarray(lrs, dtype=float), np.asarray(losses, dtype=float)
    if not np.isfinite(losses[0]):
        raise ValueError("the first loss is not finite")
    best = np.nanargmin(np.where(np.isfinite(losses), losses, np.nan))
    return float(max(lrs[best] / divisor, lrs[0]))
