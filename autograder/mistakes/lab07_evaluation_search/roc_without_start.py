# Mistake: leaves out the starting point (0, 0) at threshold inf
# Replaces: roc_points
# Loses: test_roc_points
def roc_points(y, scores):
    actual = np.asarray(y).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    positives, negatives = int(actual.sum()), int((~actual).sum())
    if positives == 0 or negatives == 0:
        raise ValueError("the ROC curve needs both classes in y")
    thresholds = np.unique(scores)[::-1]
    tp = np.array([np.sum(actual & (scores >= t)) for t in thresholds])
    fp = np.array([np.sum(~actual & (scores >= t)) for t in thresholds])
    return fp / negatives, tp / positives, thresholds
