# Alternative: a Python loop over sorted(set(scores)) with boolean masks, the thresholds built as a list
# Replaces: roc_points
def roc_points(y, scores):
    labels = [bool(v) for v in np.asarray(y).reshape(-1)]
    values = np.asarray(scores, dtype=np.float64).reshape(-1)
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError(f"roc_points needs positives and negatives; got {n_pos} and {n_neg}")
    is_pos = np.array(labels)
    fpr, tpr, thresholds = [0.0], [0.0], [float("inf")]
    for t in sorted(set(values.tolist()), reverse=True):
        admitted = values >= t
        tpr.append(np.count_nonzero(admitted & is_pos) / n_pos)
        fpr.append(np.count_nonzero(admitted & ~is_pos) / n_neg)
        thresholds.append(t)
    return np.array(fpr, dtype=np.float64), np.array(tpr, dtype=np.float64), np.array(thresholds, dtype=np.float64)
