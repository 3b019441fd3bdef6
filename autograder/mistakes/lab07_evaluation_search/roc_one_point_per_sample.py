# Mistake: adds one point per sample in sorted order, so equal scores make several points instead of one diagonal step
# Replaces: roc_points
# Loses: test_roc_points
def roc_points(y, scores):
    actual = np.asarray(y).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    positives, negatives = int(actual.sum()), int((~actual).sum())
    if positives == 0 or negatives == 0:
        raise ValueError("the ROC curve needs both classes in y")
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(actual[order])
    fp = np.cumsum(~actual[order])
    return (np.concatenate([[0.0], fp / negatives]), np.concatenate([[0.0], tp / positives]),
            np.concatenate([[np.inf], scores[order]]))
