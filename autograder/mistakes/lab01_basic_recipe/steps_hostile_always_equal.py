# Mistake: hostile, returns an int look-alike that claims to equal anything
# Replaces: steps_per_epoch
# Loses: test_steps_per_epoch
class _Anything(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def steps_per_epoch(n_samples, batch_size):
    return _Anything(0)
