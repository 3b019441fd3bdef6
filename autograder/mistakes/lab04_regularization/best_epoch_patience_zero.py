# Mistake: stops as soon as the epochs since the best one reach patience, even on an improving epoch, so patience 0 stops after epoch 0
# Replaces: best_epoch
# Loses: test_best_epoch
def best_epoch(val_losses, patience, min_delta=0.0):
    best, best_loss = 0, None
    stop = len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        if best_loss is None or loss < best_loss - min_delta:
            best, best_loss = epoch, loss
        if epoch - best >= patience:
            stop = epoch
            break
    return best, stop
