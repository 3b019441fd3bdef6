# Mistake: epsilon added under the square root, sqrt(v + epsilon)
# Replaces: adam_step
# Loses: test_adam_step
def adam_step(w, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    step_size = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - step_size * m / np.sqrt(v + epsilon), m, v
