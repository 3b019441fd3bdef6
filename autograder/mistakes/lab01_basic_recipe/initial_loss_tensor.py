# Mistake: returns a Keras tensor from keras.ops.log instead of a float
# Replaces: expected_initial_loss
# Loses: test_expected_initial_loss
def expected_initial_loss(num_classes):
    return keras.ops.log(float(num_classes))
