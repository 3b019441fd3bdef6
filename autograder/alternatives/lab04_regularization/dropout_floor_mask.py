# Alternative: a 0/1 mask from floor(uniform + keep probability), multiplied in, with the seed generator made in __init__
# Replaces: inverted_dropout
class InvertedDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        if rate < 0 or rate >= 1:
            raise ValueError("rate must lie in [0, 1)")
        super().__init__(**kwargs)
        self.rate, self.seed = rate, seed
        self._generator = keras.random.SeedGenerator(seed=seed)

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            keep_probability = 1.0 - self.rate
            noise = keras.random.uniform(keras.ops.shape(inputs), dtype=inputs.dtype, seed=self._generator)
            mask = keras.ops.floor(noise + keep_probability)
            return inputs * mask / keep_probability
        return inputs

    def get_config(self):
        config = super().get_config()
        config.update(rate=self.rate, seed=self.seed)
        return config
