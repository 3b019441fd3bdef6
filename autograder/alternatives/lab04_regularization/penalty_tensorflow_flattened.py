# Alternative: TensorFlow ops on the flattened weights, the squared norm as a dot product
# Replaces: l1_l2_penalty
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    flat = tf.reshape(tf.convert_to_tensor(weights), [-1])
    total = tf.constant(0.0, dtype=flat.dtype)
    if l1:
        total += tf.cast(l1, flat.dtype) * tf.reduce_sum(tf.abs(flat))
    if l2:
        total += tf.cast(l2, flat.dtype) * tf.tensordot(flat, flat, axes=1)
    return total
