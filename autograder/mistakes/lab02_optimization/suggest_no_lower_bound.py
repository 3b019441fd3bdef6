# Mistake: may return a learning rate below the range of the test (no floor at lrs[0])
# Replaces: suggest_learning_rate
# Loses: test_suggest_learning_rate
def suggest_learning_rate(lrs, losses, divisor=10.0):
    lrs, losses = np.asarray(lrs, dtype=float), np.asarray(losses, dtype=float)
    bad = np.flatnonzero(~np.isfinite(losses))
    end = bad[0] if bad.size else len(losses)
    if end == 0:
        raise ValueError("the first loss is not finite")
    return float(lrs[np.argmin(losses[:end])] / divisor)
