# Mistake: keeps the velocity as a sum of gradients (v = momentum * v + grad, w -= lr * v), not in Keras's convention
# Replaces: sgd_step
# Loses: test_sgd_step
def sgd_step(w, grad, velocity, learning_rate, momentum=0.0, nesterov=False):
    new_velocity = momentum * velocity + grad
    if nesterov:
        return w - learning_rate * (grad + momentum * new_velocity), new_velocity
    return w - learning_rate * new_velocity, new_velocity
