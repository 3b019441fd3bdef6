# Mistake: rescales every gradient to norm clip_norm, also the small ones
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
                return upstream * self.clip_norm / (tf.norm(upstream) + 1e-12)

            return tf.identity(x), backward

        return clipped(inputs)

    def get_config(self):
        return {**super().get_config(), "clip_norm": self.clip_norm}
