# Mistake: stops at the first point where the loss goes up again (a local dip, not the minimum)
# Replaces: suggest_learning_rate
# Loses: test_suggest_learning_rate
def suggest_learning_rate(lrs, losses, divisor=10.0):
    lrs, losses = np.asarray(lrs, dtype=float), np.asarray(losses, dtype=float)
    if not np.isfinite(losses[0]):
        raise ValueError("the first loss is not finite")
    best = 0
    while best + 1 < len(losses) and np.isfinite(losses[best + 1]) and losses[best + 1] <= losses[best]:
        best += 1
    return float(max(lrs[best] / divisor, lrs[0]))
