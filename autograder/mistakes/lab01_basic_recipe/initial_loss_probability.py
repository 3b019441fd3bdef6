# Mistake: returns the uniform probability 1/K instead of its negative log
# Replaces: expected_initial_loss
# Loses: test_expected_initial_loss
def expected_initial_loss(num_classes):
    return 1.0 / num_classes
