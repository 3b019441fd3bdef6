# Alternative: optimizer.apply with trainable_weights, penalties added one by one, a float returned
# Replaces: train_step
def train_step(model, optimizer, loss_fn, x, y):
    params = model.trainable_weights
    with tf.GradientTape() as tape:
        total = loss_fn(y, model(x, training=True))
        for penalty in model.losses:
            total += penalty
    optimizer.apply(tape.gradient(total, params), params)
    return float(total)
