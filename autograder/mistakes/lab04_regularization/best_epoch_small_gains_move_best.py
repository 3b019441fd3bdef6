# Mistake: a loss lower than the best by less than min_delta still becomes the best loss (only the counter waits)
# Replaces: best_epoch
# Loses: test_best_epoch
def best_epoch(val_losses, patience, min_delta=0.0):
    best, best_loss, wait = 0, None, 0
    stop = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        wait += 1
        if best_loss is None or loss < best_loss - min_delta:
            best, best_loss, wait = epoch, loss, 0
            continue
        if loss < best_loss:
            best, best_loss = epoch, loss
        if wait >= patience:
            stop = epoch
            break
    return best, stop
