# Alternative: Nesterov written as (1 + momentum) * new_velocity - momentum * velocity, one weight at a time in a loop
# Replaces: sgd_step
def sgd_step(w, grad, velocity, learning_rate, momentum=0.0, nesterov=False):
    new_w = np.array(w, dtype=np.float64)
    new_velocity = np.empty_like(new_w)
    for i in np.ndindex(new_w.shape):
        v_new = momentum * float(velocity[i]) - learning_rate * float(grad[i])
        if nesterov:
            new_w[i] += (1 + momentum) * v_new - momentum * float(velocity[i])
        else:
            new_w[i] += v_new
        new_velocity[i] = v_new
    return new_w, new_velocity
