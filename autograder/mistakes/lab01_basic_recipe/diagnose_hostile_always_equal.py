# Mistake: hostile, returns an object that claims to equal anything
# Replaces: diagnose_fit
# Loses: test_diagnose_fit
class _Anything(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def diagnose_fit(train_error, val_error, target_error, tolerance=0.02):
    return _Anything("good fit")
