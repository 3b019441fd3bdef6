# Alternative: one pass in plain Python, keeping the best point so far
# Replaces: suggest_learning_rate
def suggest_learning_rate(lrs, losses, divisor=10.0):
    best_lr, best_loss = None, None
    for lr, loss in zip(lrs, losses):
        if not math.isfinite(loss):
            break
        if best_loss is None or loss < best_loss:
            best_lr, best_loss = lr, loss
    if best_lr is None:
        raise ValueError("no finite loss before divergence")
    return max(best_lr / divisor, lrs[0])
