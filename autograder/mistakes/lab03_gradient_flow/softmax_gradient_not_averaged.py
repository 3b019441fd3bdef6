# Mistake: the loss is a mean but its gradient is not divided by the batch size
# Replaces: softmax_cross_entropy
# Loses: test_softmax_cross_entropy
def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    loss = -(shifted[np.arange(n), labels] - np.log(np.exp(shifted).sum(axis=1))).mean()
    grad = probs.copy()
    grad[np.arange(n), labels] -= 1.0
    return float(loss), grad
