# Mistake: maximizes F1 among the thresholds that reach the recall instead of precision
# Replaces: choose_threshold
# Loses: test_choose_threshold
def choose_threshold(y_val, scores_val, min_recall):
    actual = np.asarray(y_val).astype(bool)
    scores = np.asarray(scores_val)
    if not 0.0 <= min_recall <= 1.0:
        raise ValueError(f"min_recall must be in [0, 1], got {min_recall!r}")
    if not actual.any():
        raise ValueError("y_val holds no positive, so recall is undefined")
    best, best_f1 = None, -1.0
    for threshold in np.unique(scores):
        predicted = scores > threshold
        tp = np.sum(predicted & actual)
        f1 = 2 * tp / (predicted.sum() + actual.sum())
        if tp / actual.sum() >= min_recall and f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return best
