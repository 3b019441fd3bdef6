# Mistake: compares the validation error with the target instead of with the training error
# Replaces: diagnose_fit
# Loses: test_diagnose_fit
def diagnose_fit(train_error, val_error, target_error, tolerance=0.02):
    if train_error - target_error > tolerance:
        return "underfitting"
    if val_error - target_error > tolerance:
        return "overfitting"
    return "good fit"
