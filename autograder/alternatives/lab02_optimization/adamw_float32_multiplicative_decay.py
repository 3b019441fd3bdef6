# Alternative: computes in float32, decays by the factor (1 - lr * wd) after computing Adam's direction
# Replaces: adamw_step
def adamw_step(w, grad, m, v, t, learning_rate=1e-3, weight_decay=0.004,
               beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    w32, g32 = np.float32(w), np.float32(grad)
    m32 = np.float32(beta_1) * np.float32(m) + np.float32(1 - beta_1) * g32
    v32 = np.float32(beta_2) * np.float32(v) + np.float32(1 - beta_2) * g32 * g32
    direction = m32 / (np.sqrt(v32) + np.float32(epsilon))
    alpha = np.float32(learning_rate * (1 - beta_2**t) ** 0.5 / (1 - beta_1**t))
    shrink = np.float32(1 - learning_rate * weight_decay)
    return np.asarray(w32 * shrink - alpha * direction), np.asarray(m32), np.asarray(v32)
