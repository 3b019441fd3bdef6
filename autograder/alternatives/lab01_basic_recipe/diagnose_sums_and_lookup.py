# Alternative: compares with sums instead of differences, and picks the answer from a list of rules
# Replaces: diagnose_fit
def diagnose_fit(train_error, val_error, target_error, tolerance=0.02):
    rules = [
        (train_error > target_error + tolerance, "underfitting"),
        (val_error > train_error + tolerance, "overfitting"),
        (True, "good fit"),
    ]
    return next(label for hit, label in rules if hit)
