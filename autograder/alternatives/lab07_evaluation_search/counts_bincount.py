# Alternative: one np.bincount over 2 * label + prediction, and np.divide with where for the ratios
# Replaces: counts
def confusion_counts(y, scores, threshold):
    labels = np.asarray(y, dtype=np.int64).reshape(-1)
    predictions = (np.asarray(scores, dtype=np.float64).reshape(-1) > threshold).astype(np.int64)
    tn, fp, fn, tp = np.bincount(2 * labels + predictions, minlength=4)
    return tp, fp, tn, fn


def precision_recall_at(y, scores, threshold):
    tp, fp, tn, fn = confusion_counts(y, scores, threshold)
    numerators = np.array([tp, tp], dtype=np.float64)
    denominators = np.array([tp + fp, tp + fn], dtype=np.float64)
    ratios = np.divide(numerators, denominators, out=np.zeros(2), where=denominators > 0)
    return ratios[0], ratios[1]
