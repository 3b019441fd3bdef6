# Mistake: predicts positive when score >= threshold, so a score equal to the threshold counts as positive
# Replaces: counts
# Loses: test_counts
def confusion_counts(y, scores, threshold):
    actual = np.asarray(y).astype(bool)
    predicted = np.asarray(scores) >= threshold
    tp = int(np.sum(predicted & actual))
    fp = int(np.sum(predicted & ~actual))
    tn = int(np.sum(~predicted & ~actual))
    fn = int(np.sum(~predicted & actual))
    return tp, fp, tn, fn


def precision_recall_at(y, scores, threshold):
    tp, fp, tn, fn = confusion_counts(y, scores, threshold)
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return float(precision), float(recall)
