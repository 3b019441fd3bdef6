# Mistake: restores the epoch of the lowest loss, ignoring that an improvement smaller than min_delta does not count
# Replaces: best_epoch
# Loses: test_best_epoch
def best_epoch(val_losses, patience, min_delta=0.0):
    best_loss, last_improvement, wait = None, 0, 0
    stop = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        wait += 1
        if best_loss is None or loss < best_loss - min_delta:
            best_loss, last_improvement, wait = loss, epoch, 0
        elif wait >= patience:
            stop = epoch
            break
    return int(np.argmin(val_losses[: stop + 1])), stop
