# Mistake: clips each gradient entry by value instead of the tensor's norm
# Replaces: clip_gradient_norm
# Loses: test_clip_gradient_norm
class ClipGradientNorm(keras.layers.Layer):
    def __init__(self, clip_norm, **kwargs):
        super().__init__(**kwargs)
        self.clip_norm = clip_norm

    def call(self, inputs):
        @tf.custom_gradient
        def clipped(x):
            def backward(upstream):
                return tf.clip_by_value(upstream, -self.clip_norm, self.clip_norm)

            return tf.identity(x), backward

        return clipped(inputs)

    def get_config(self):
        return {**super().get_config(), "clip_norm": self.clip_norm}
