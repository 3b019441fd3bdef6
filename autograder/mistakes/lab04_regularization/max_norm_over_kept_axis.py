# Mistake: reads axis as the axis to keep, so with axis=0 it caps rows instead of columns
# Replaces: max_norm_constraint
# Loses: test_max_norm_constraint
class MaxNormConstraint(keras.constraints.Constraint):
    def __init__(self, max_value=2.0, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = keras.ops.convert_to_tensor(w)
        kept = [self.axis] if isinstance(self.axis, int) else list(self.axis)
        kept = [a % len(w.shape) for a in kept]
        others = tuple(a for a in range(len(w.shape)) if a not in kept)
        norms = keras.ops.sqrt(keras.ops.sum(keras.ops.square(w), axis=others, keepdims=True))
        return w * keras.ops.minimum(1.0, self.max_value / keras.ops.maximum(norms, 1e-12))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}
