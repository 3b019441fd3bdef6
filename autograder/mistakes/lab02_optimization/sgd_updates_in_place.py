# Mistake: updates the arrays it was given in place
# Replaces: sgd_step
# Loses: test_sgd_step
def sgd_step(w, grad, velocity, learning_rate, momentum=0.0, nesterov=False):
    velocity *= momentum
    velocity -= learning_rate * grad
    if nesterov:
        w += momentum * velocity - learning_rate * grad
    else:
        w += velocity
    return w, velocity
