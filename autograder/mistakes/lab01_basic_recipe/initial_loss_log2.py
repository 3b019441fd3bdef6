# Mistake: entropy in bits (log base 2) instead of nats
# Replaces: expected_initial_loss
# Loses: test_expected_initial_loss
def expected_initial_loss(num_classes):
    return float(math.log2(num_classes))
