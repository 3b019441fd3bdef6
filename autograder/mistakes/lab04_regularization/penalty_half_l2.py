# Mistake: the textbook 1/2 on the L2 term, which Keras does not have
# Replaces: l1_l2_penalty
# Loses: test_l1_l2_penalty
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    w = keras.ops.convert_to_tensor(weights)
    return l1 * keras.ops.sum(keras.ops.abs(w)) + 0.5 * l2 * keras.ops.sum(keras.ops.square(w))
