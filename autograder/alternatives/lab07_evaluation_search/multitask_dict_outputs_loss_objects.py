# Alternative: a dict of outputs, loss objects, one wide trunk layer with dropout
# Replaces: multitask_model
def multitask_model(input_dim, loss_weights):
    x = keras.Input(shape=(input_dim,), name="pixels")
    h = keras.layers.Dense(256, activation="relu", name="trunk")(x)
    h = keras.layers.Dropout(0.1)(h)
    outputs = {
        "digit": keras.layers.Dense(10, activation="softmax", name="digit")(h),
        "even": keras.layers.Dense(1, activation="sigmoid", name="even")(h),
    }
    model = keras.Model(inputs=x, outputs=outputs, name="two_heads")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss={"digit": keras.losses.SparseCategoricalCrossentropy(), "even": keras.losses.BinaryCrossentropy()},
        loss_weights=dict(loss_weights),
        metrics={"digit": ["accuracy"], "even": ["accuracy"]},
    )
    return model
