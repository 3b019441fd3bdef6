# Alternative: keras.ops.custom_gradient and the scaling factor written out
# Replaces: clip_gradient_norm
class ClipGradientNorm(keras.layers.Layer):
    def __init__(self, clip_norm, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.clip_norm = float(clip_norm)

    def call(self, inputs):
        ops = keras.ops

        @ops.custom_gradient
        def forward(x):
            def backward(*args, upstream=None):
                if upstream is None:
                    (upstream,) = args
                norm = ops.sqrt(ops.sum(ops.square(upstream)))
                scale = ops.minimum(1.0, self.clip_norm / ops.maximum(norm, 1e-30))
                return upstream * ops.cast(scale, upstream.dtype)

            return ops.copy(x), backward

        return forward(inputs)

    def get_config(self):
        return {**super().get_config(), "clip_norm": self.clip_norm}
