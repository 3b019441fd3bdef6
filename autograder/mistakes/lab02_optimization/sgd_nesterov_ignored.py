# Mistake: ignores the nesterov argument (always classical momentum)
# Replaces: sgd_step
# Loses: test_sgd_step
def sgd_step(w, grad, velocity, learning_rate, momentum=0.0, nesterov=False):
    new_velocity = momentum * velocity - learning_rate * grad
    return w + new_velocity, new_velocity
