# Mistake: uses the L2 norm itself instead of its square
# Replaces: l1_l2_penalty
# Loses: test_l1_l2_penalty
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    w = keras.ops.convert_to_tensor(weights)
    return l1 * keras.ops.sum(keras.ops.abs(w)) + l2 * keras.ops.sqrt(keras.ops.sum(keras.ops.square(w)))
