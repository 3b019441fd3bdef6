# Mistake: bias correction with the step counted from 0 (beta ** (t - 1))
# Replaces: adam_step
# Loses: test_adam_step
def adam_step(w, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat = m / (1 - beta_1 ** (t - 1))
    v_hat = v / (1 - beta_2 ** (t - 1))
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v
