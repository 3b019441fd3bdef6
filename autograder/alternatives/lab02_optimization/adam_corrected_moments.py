# Alternative: textbook bias-corrected moments, with epsilon rescaled to Keras's placement
# Replaces: adam_step
def adam_step(w, grad, m, v, t, learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    new_m = m + (1 - beta_1) * (grad - m)
    new_v = v + (1 - beta_2) * (np.square(grad) - v)
    m_hat = new_m / (1 - np.power(beta_1, t))
    v_hat = new_v / (1 - np.power(beta_2, t))
    epsilon_hat = epsilon / np.sqrt(1 - np.power(beta_2, t))
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon_hat), new_m, new_v
