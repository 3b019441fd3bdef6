# Mistake: ">=" where the rule says "more than", so a gap equal to the tolerance counts
# Replaces: diagnose_fit
# Loses: test_diagnose_fit
def diagnose_fit(train_error, val_error, target_error, tolerance=0.02):
    if train_error - target_error >= tolerance:
        return "underfitting"
    if val_error - train_error >= tolerance:
        return "overfitting"
    return "good fit"
