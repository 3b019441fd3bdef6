# Mistake: divides by zero when nothing is predicted positive, giving nan instead of 0.0
# Replaces: counts
# Loses: test_counts
def confusion_counts(y, scores, threshold):
    actual = np.asarray(y).astype(bool)
    predicted = np.asarray(scores) > threshold
    return (np.sum(predicted & actual), np.sum(predicted & ~actual),
            np.sum(~predicted & ~actual), np.sum(~predicted & actual))


def precision_recall_at(y, scores, threshold):
    tp, fp, tn, fn = confusion_counts(y, scores, threshold)
    return tp / (tp + fp), tp / (tp + fn)
