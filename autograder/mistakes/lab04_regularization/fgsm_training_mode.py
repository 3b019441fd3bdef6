# Mistake: calls the model in training mode, so dropout changes the gradient at every call
# Replaces: fgsm
# Loses: test_fgsm
def fgsm(model, x, y, epsilon):
    x_tensor = tf.convert_to_tensor(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, model(x_tensor, training=True)))
    gradient = tape.gradient(loss, x_tensor)
    return tf.clip_by_value(x_tensor + epsilon * tf.sign(gradient), 0.0, 1.0).numpy()
