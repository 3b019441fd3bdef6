# Mistake: exponentiates the raw logits, which overflows for large logits
# Replaces: softmax_cross_entropy
# Loses: test_softmax_cross_entropy
def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    exp = np.exp(logits)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(n), labels]).mean()
    grad = probs.copy()
    grad[np.arange(n), labels] -= 1.0
    return float(loss), grad / n
