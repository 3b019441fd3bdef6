# Mistake: base-10 logarithm instead of the natural logarithm
# Replaces: expected_initial_loss
# Loses: test_expected_initial_loss
def expected_initial_loss(num_classes):
    return float(math.log10(num_classes))
