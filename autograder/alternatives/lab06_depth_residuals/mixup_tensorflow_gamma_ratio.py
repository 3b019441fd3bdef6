# Alternative: TensorFlow stateless ops, lambda as a ratio of two Gamma draws, permutation by argsort
# Replaces: mixup
def mixup(x, y, alpha, seed):
    if alpha <= 0:
        raise ValueError("alpha must be > 0")
    seeds = tf.random.split(tf.constant([seed, 1234], dtype=tf.int64), 3)
    g1 = tf.random.stateless_gamma([], seeds[0], alpha=float(alpha), dtype=tf.float64)
    g2 = tf.random.stateless_gamma([], seeds[1], alpha=float(alpha), dtype=tf.float64)
    lam = tf.cast(g1 / (g1 + g2), tf.float32)
    perm = tf.argsort(tf.random.stateless_uniform([len(x)], seeds[2]))
    x = tf.convert_to_tensor(x, tf.float32)
    y = tf.convert_to_tensor(y, tf.float32)
    return lam * x + (1.0 - lam) * tf.gather(x, perm), lam * y + (1.0 - lam) * tf.gather(y, perm)
