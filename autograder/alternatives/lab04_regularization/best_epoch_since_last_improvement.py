# Alternative: counts the epochs since the last improvement directly; patience 0 and 1 both stop one epoch after it
# Replaces: best_epoch
def best_epoch(val_losses, patience, min_delta=0.0):
    losses = np.asarray(val_losses, dtype=np.float64)
    best, reference = 0, losses[0]
    for epoch in range(1, len(losses)):
        if losses[epoch] < reference - min_delta:
            best, reference = epoch, losses[epoch]
        elif epoch - best >= max(patience, 1):
            return best, epoch
    return best, len(losses) - 1
