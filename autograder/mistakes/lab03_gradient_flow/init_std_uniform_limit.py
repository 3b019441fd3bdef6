# Mistake: returns the uniform limit sqrt(3) * std for the uniform schemes instead of the std
# Replaces: init_std
# Loses: test_init_std
def init_std(fan_in, fan_out, scheme):
    if scheme == "glorot_normal":
        return math.sqrt(2.0 / (fan_in + fan_out))
    if scheme == "glorot_uniform":
        return math.sqrt(6.0 / (fan_in + fan_out))
    if scheme == "he_normal":
        return math.sqrt(2.0 / fan_in)
    if scheme == "he_uniform":
        return math.sqrt(6.0 / fan_in)
    raise ValueError(scheme)
