# Alternative: functional model, activations as separate layers, hidden_units as any sequence
# Replaces: build_mlp
def build_mlp(input_dim, num_classes, hidden_units=(128, 64)):
    inputs = keras.Input(shape=(input_dim,), name="pixels")
    h = inputs
    for i, units in enumerate(list(hidden_units)):
        h = keras.layers.Dense(units, name=f"hidden_{i}")(h)
        h = keras.layers.ReLU(name=f"relu_{i}")(h)
    logits = keras.layers.Dense(num_classes, name="logits")(h)
    probabilities = keras.layers.Softmax(name="probabilities")(logits)
    return keras.Model(inputs, probabilities, name="mlp")
