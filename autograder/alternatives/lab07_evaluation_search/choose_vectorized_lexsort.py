# Alternative: all candidates at once from sorted scores and np.searchsorted, the winner picked with np.lexsort
# Replaces: choose_threshold
def choose_threshold(y_val, scores_val, min_recall):
    if min_recall < 0 or min_recall > 1:
        raise ValueError("min_recall outside [0, 1]")
    labels = np.asarray(y_val).reshape(-1) != 0
    scores = np.asarray(scores_val, dtype=np.float64).reshape(-1)
    n_pos = np.count_nonzero(labels)
    if n_pos == 0:
        raise ValueError("no positive label in y_val")
    candidates = np.unique(scores)
    pos_sorted, neg_sorted = np.sort(scores[labels]), np.sort(scores[~labels])
    tp = len(pos_sorted) - np.searchsorted(pos_sorted, candidates, side="right")
    fp = len(neg_sorted) - np.searchsorted(neg_sorted, candidates, side="right")
    recall = tp / n_pos
    precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
    ok = np.flatnonzero(recall >= min_recall)
    if ok.size == 0:
        return None
    # lexsort: last key first; highest precision, then smallest threshold.
    order = np.lexsort((candidates[ok], -precision[ok]))
    return candidates[ok][order[0]]
