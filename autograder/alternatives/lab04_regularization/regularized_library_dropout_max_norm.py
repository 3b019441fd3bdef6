# Alternative: shifts, course_lib's inverted dropout, max-norm constraints and label smoothing, the image side computed from input_dim
# Replaces: regularized_model
def regularized_model(input_dim, num_classes):
    from course_lib.layers import InvertedDropout as LibraryDropout

    side = int(round(input_dim ** 0.5))
    cap = keras.constraints.MaxNorm(4.0)
    hidden = [keras.layers.Dense(256, activation="relu", kernel_constraint=cap) for _ in range(2)]
    return keras.Sequential([
        keras.Input(shape=(input_dim,)),
        keras.layers.Reshape((side, side, 1)),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),
        keras.layers.Flatten(),
        hidden[0],
        LibraryDropout(0.1),
        hidden[1],
        LibraryDropout(0.1),
        keras.layers.Dense(num_classes, activation="softmax"),
    ]), 0.1
