# Mistake: hostile, returns an object that claims to equal any string
# Replaces: diagnose_gradients
# Loses: test_diagnose_gradients
class _Anything(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def diagnose_gradients(history, factor=100.0):
    return _Anything("flowing")
