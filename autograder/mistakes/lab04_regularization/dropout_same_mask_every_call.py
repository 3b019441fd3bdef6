# Mistake: passes the integer seed itself to keras.random.uniform, so a seeded layer draws the same mask at every call
# Replaces: inverted_dropout
# Loses: test_inverted_dropout
class InvertedDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rate must be in [0, 1), got {rate!r}")
        self.rate = rate
        self.seed = seed

    def call(self, inputs, training=False):
        if not training or self.rate == 0.0:
            return inputs
        keep = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed) >= self.rate
        return keras.ops.where(keep, inputs / (1.0 - self.rate), 0.0)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
