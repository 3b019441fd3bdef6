# Alternative: tf.clip_by_norm, which rescales along the given axes only when the norm exceeds the cap
# Replaces: max_norm_constraint
class MaxNormConstraint(keras.constraints.Constraint):
    def __init__(self, max_value=2.0, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        axes = list(self.axis) if isinstance(self.axis, (list, tuple)) else [self.axis]
        w = tf.convert_to_tensor(w)
        return tf.clip_by_norm(w, tf.cast(self.max_value, w.dtype), axes=axes)

    def get_config(self):
        return dict(max_value=self.max_value, axis=self.axis)
