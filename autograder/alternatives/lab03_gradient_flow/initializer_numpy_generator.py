# Alternative: draws with NumPy's generator seeded by the seed, converted to a Keras tensor
# Replaces: scaled_initializer
class ScaledInitializer(keras.initializers.Initializer):
    SCHEMES = ("glorot_normal", "glorot_uniform", "he_normal", "he_uniform")

    def __init__(self, scheme="he_normal", seed=None):
        if scheme not in self.SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}")
        self.scheme = scheme
        self.seed = seed

    def __call__(self, shape, dtype=None):
        rng = np.random.default_rng(self.seed)
        std = init_std(int(shape[0]), int(shape[1]), self.scheme)
        if "normal" in self.scheme:
            values = rng.standard_normal(size=tuple(shape)) * std
        else:
            values = rng.uniform(-1.0, 1.0, size=tuple(shape)) * np.sqrt(3.0) * std
        return keras.ops.convert_to_tensor(values, dtype=dtype or keras.config.floatx())

    def get_config(self):
        config = super().get_config()
        config.update(scheme=self.scheme, seed=self.seed)
        return config
