# Mistake: treats a zero gradient as positive, so pixels the loss does not depend on move too
# Replaces: fgsm
# Loses: test_fgsm
def fgsm(model, x, y, epsilon):
    x_tensor = tf.convert_to_tensor(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, model(x_tensor, training=False)))
    gradient = tape.gradient(loss, x_tensor).numpy()
    step = np.where(gradient >= 0, 1.0, -1.0)
    return np.clip(x + epsilon * step, 0.0, 1.0).astype("float32")
