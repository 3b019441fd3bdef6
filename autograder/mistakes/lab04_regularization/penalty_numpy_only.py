# Mistake: right value, but NumPy functions, which fail on the symbolic kernel inside model.fit
# Replaces: l1_l2_penalty
# Loses: test_l1_l2_penalty
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    w = np.asarray(weights)
    return l1 * np.sum(np.abs(w)) + l2 * np.sum(w * w)
