# Mistake: stores axis but always takes the norm over axis 0, the Dense-kernel case
# Replaces: max_norm_constraint
# Loses: test_max_norm_constraint
class MaxNormConstraint(keras.constraints.Constraint):
    def __init__(self, max_value=2.0, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = keras.ops.convert_to_tensor(w)
        norms = keras.ops.sqrt(keras.ops.sum(keras.ops.square(w), axis=0, keepdims=True))
        return w * keras.ops.minimum(1.0, self.max_value / keras.ops.maximum(norms, 1e-12))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}
