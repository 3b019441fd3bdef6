# Mistake: ignores the training flag, so it also drops units at inference
# Replaces: inverted_dropout
# Loses: test_inverted_dropout
class InvertedDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rate must be in [0, 1), got {rate!r}")
        self.rate = rate
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if self.rate == 0.0:
            return inputs
        keep = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator) >= self.rate
        return keras.ops.where(keep, inputs / (1.0 - self.rate), 0.0)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
