# Mistake: Nesterov's correction with the old velocity instead of the new one
# Replaces: sgd_step
# Loses: test_sgd_step
def sgd_step(w, grad, velocity, learning_rate, momentum=0.0, nesterov=False):
    new_velocity = momentum * velocity - learning_rate * grad
    if nesterov:
        return w + momentum * velocity - learning_rate * grad, new_velocity
    return w + new_velocity, new_velocity
