# Mistake: checks for overfitting before underfitting, so high bias is missed when both are high
# Replaces: diagnose_fit
# Loses: test_diagnose_fit
def diagnose_fit(train_error, val_error, target_error, tolerance=0.02):
    if val_error - train_error > tolerance:
        return "overfitting"
    if train_error - target_error > tolerance:
        return "underfitting"
    return "good fit"
