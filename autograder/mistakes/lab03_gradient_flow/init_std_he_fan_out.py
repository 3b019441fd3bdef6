# Mistake: He initialization computed from the fan-out instead of the fan-in
# Replaces: init_std
# Loses: test_init_std
def init_std(fan_in, fan_out, scheme):
    if scheme in ("glorot_normal", "glorot_uniform"):
        return math.sqrt(2.0 / (fan_in + fan_out))
    if scheme in ("he_normal", "he_uniform"):
        return math.sqrt(2.0 / fan_out)
    raise ValueError(scheme)
