# Mistake: stops only when the epochs without improvement exceed patience, one epoch later than Keras
# Replaces: best_epoch
# Loses: test_best_epoch
def best_epoch(val_losses, patience, min_delta=0.0):
    best, best_loss, wait = 0, None, 0
    stop = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        if best_loss is None or loss < best_loss - min_delta:
            best, best_loss, wait = epoch, loss, 0
        else:
            wait += 1
            if wait > patience:
                stop = epoch
                break
    return best, stop
