# Mistake: draws the mask with NumPy, fresh in eager calls but frozen into the graph of a tf.function (and of model.fit)
# Replaces: inverted_dropout
# Loses: test_inverted_dropout
class InvertedDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rate must be in [0, 1), got {rate!r}")
        self.rate = rate
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def call(self, inputs, training=False):
        if not training or self.rate == 0.0:
            return inputs
        keep = self.rng.random(tuple(inputs.shape)) >= self.rate
        return inputs * (keep.astype("float32") / (1.0 - self.rate))

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
