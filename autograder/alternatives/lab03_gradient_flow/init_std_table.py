# Alternative: a table of variance formulas, NumPy's square root
# Replaces: init_std
_VARIANCE = {
    "glorot": lambda fan_in, fan_out: 2.0 / (fan_in + fan_out),
    "he": lambda fan_in, fan_out: 2.0 / fan_in,
}


def init_std(fan_in, fan_out, scheme):
    family, _, distribution = scheme.partition("_")
    if family not in _VARIANCE or distribution not in ("normal", "uniform"):
        raise ValueError(f"scheme must be glorot_/he_ + normal/uniform, got {scheme!r}")
    return np.sqrt(_VARIANCE[family](fan_in, fan_out))
