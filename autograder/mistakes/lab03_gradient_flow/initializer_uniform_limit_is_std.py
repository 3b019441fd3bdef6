# Mistake: draws uniform values on [-std, std], whose std is only std / sqrt(3)
# Replaces: scaled_initializer
# Loses: test_scaled_initializer
class ScaledInitializer(keras.initializers.Initializer):
    def __init__(self, scheme="he_normal", seed=None):
        init_std(1, 1, scheme)
        self.scheme = scheme
        self.seed = seed

    def __call__(self, shape, dtype=None):
        std = init_std(shape[0], shape[1], self.scheme)
        dtype = dtype or keras.config.floatx()
        if self.scheme.endswith("_normal"):
            return keras.random.normal(shape, stddev=std, dtype=dtype, seed=self.seed)
        return keras.random.uniform(shape, minval=-std, maxval=std, dtype=dtype, seed=self.seed)

    def get_config(self):
        return {"scheme": self.scheme, "seed": self.seed}
