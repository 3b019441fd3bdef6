# Mistake: the tolerance is hard-coded to 0.02 and the argument is ignored
# Replaces: diagnose_fit
# Loses: test_diagnose_fit
def diagnose_fit(train_error, val_error, target_error, tolerance=0.02):
    if train_error - target_error > 0.02:
        return "underfitting"
    if val_error - train_error > 0.02:
        return "overfitting"
    return "good fit"
