# Mistake: counts an equal loss (best - min_delta exactly) as an improvement
# Replaces: best_epoch
# Loses: test_best_epoch
def best_epoch(val_losses, patience, min_delta=0.0):
    best, best_loss, wait = 0, None, 0
    stop = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        wait += 1
        if best_loss is None or loss <= best_loss - min_delta:
            best, best_loss, wait = epoch, loss, 0
        elif wait >= patience:
            stop = epoch
            break
    return best, stop
