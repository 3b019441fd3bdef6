# Mistake: forgets to clip, so pixels leave the valid range [0, 1]
# Replaces: fgsm
# Loses: test_fgsm
def fgsm(model, x, y, epsilon):
    x_tensor = tf.convert_to_tensor(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x_tensor)
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, model(x_tensor, training=False)))
    gradient = tape.gradient(loss, x_tensor)
    return (x_tensor + epsilon * tf.sign(gradient)).numpy()
