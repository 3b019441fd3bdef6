# Mistake: differentiates and updates model.weights, so frozen layers are trained too
# Replaces: train_step
# Loses: test_train_step
def train_step(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = loss_fn(y, predictions) + sum(model.losses)
    variables = [v for v in model.weights if v.dtype.startswith("float")]
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return loss
