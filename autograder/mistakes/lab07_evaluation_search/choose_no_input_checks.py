# Mistake: accepts a min_recall outside [0, 1] and labels without positives instead of raising a ValueError
# Replaces: choose_threshold
# Loses: test_choose_threshold
def choose_threshold(y_val, scores_val, min_recall):
    actual = np.asarray(y_val).astype(bool)
    scores = np.asarray(scores_val)
    best, best_precision = None, -1.0
    for threshold in np.unique(scores):
        predicted = scores > threshold
        tp = np.sum(predicted & actual)
        precision = tp / predicted.sum() if predicted.any() else 0.0
        recall = tp / actual.sum() if actual.any() else 0.0
        if recall >= min_recall and precision > best_precision:
            best, best_precision = float(threshold), precision
    return best
