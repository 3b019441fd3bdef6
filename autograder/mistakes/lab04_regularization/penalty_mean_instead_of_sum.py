# Mistake: averages |w| and w**2 over the entries instead of summing them
# Replaces: l1_l2_penalty
# Loses: test_l1_l2_penalty
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    w = keras.ops.convert_to_tensor(weights)
    return l1 * keras.ops.mean(keras.ops.abs(w)) + l2 * keras.ops.mean(keras.ops.square(w))
