# Mistake: absolute differences, so errors below the target or below training count as problems
# Replaces: diagnose_fit
# Loses: test_diagnose_fit
def diagnose_fit(train_error, val_error, target_error, tolerance=0.02):
    if abs(train_error - target_error) > tolerance:
        return "underfitting"
    if abs(val_error - train_error) > tolerance:
        return "overfitting"
    return "good fit"
