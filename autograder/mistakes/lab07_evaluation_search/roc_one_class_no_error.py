# Mistake: does not check that both classes are present and divides by a zero count instead of raising a ValueError
# Replaces: roc_points
# Loses: test_roc_points
def roc_points(y, scores):
    actual = np.asarray(y).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    thresholds = np.concatenate([[np.inf], np.unique(scores)[::-1]])
    tp = np.array([np.sum(actual & (scores >= t)) for t in thresholds], dtype=np.float64)
    fp = np.array([np.sum(~actual & (scores >= t)) for t in thresholds], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return fp / np.sum(~actual), tp / np.sum(actual), thresholds
