# Mistake: rescales every slice to norm max_value, also the ones already within the cap
# Replaces: max_norm_constraint
# Loses: test_max_norm_constraint
class MaxNormConstraint(keras.constraints.Constraint):
    def __init__(self, max_value=2.0, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = keras.ops.convert_to_tensor(w)
        axis = tuple(self.axis) if isinstance(self.axis, (list, tuple)) else self.axis
        norms = keras.ops.sqrt(keras.ops.sum(keras.ops.square(w), axis=axis, keepdims=True))
        return w * self.max_value / (norms + 1e-7)

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}
