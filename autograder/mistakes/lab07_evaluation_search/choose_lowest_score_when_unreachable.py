# Mistake: falls back to the lowest score when no candidate reaches the recall, instead of returning None
# Replaces: choose_threshold
# Loses: test_choose_threshold
def choose_threshold(y_val, scores_val, min_recall):
    actual = np.asarray(y_val).astype(bool)
    scores = np.asarray(scores_val)
    if not 0.0 <= min_recall <= 1.0:
        raise ValueError(f"min_recall must be in [0, 1], got {min_recall!r}")
    if not actual.any():
        raise ValueError("y_val holds no positive, so recall is undefined")
    best, best_precision = float(np.min(scores)), -1.0
    for threshold in np.unique(scores):
        predicted = scores > threshold
        tp = np.sum(predicted & actual)
        precision = tp / predicted.sum() if predicted.any() else 0.0
        if tp / actual.sum() >= min_recall and precision > best_precision:
            best, best_precision = float(threshold), precision
    return best
