# Mistake: any scheme that is not Glorot silently gets He's value instead of a ValueError
# Replaces: init_std
# Loses: test_init_std
def init_std(fan_in, fan_out, scheme):
    if scheme.startswith("glorot"):
        return math.sqrt(2.0 / (fan_in + fan_out))
    return math.sqrt(2.0 / fan_in)
