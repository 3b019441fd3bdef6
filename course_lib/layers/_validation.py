"""Argument checks shared by the layers in this package.

Each helper returns the value converted to a plain Python type, so that
`get_config()` stays JSON-serializable, or raises a `ValueError` naming the
argument and what is wrong with it.
"""

import numbers


def check_rate(rate, name="rate"):
    """Returns `rate` as a float, after checking it lies in `[0, 1)`."""
    if (
        isinstance(rate, bool)
        or not isinstance(rate, numbers.Real)
        or not 0.0 <= rate < 1.0
    ):
        raise ValueError(
            f"`{name}` must be a number in [0, 1) (the probability of "
            f"dropping a unit). Received: {name}={rate!r}"
        )
    return float(rate)


def check_unit_interval(value, name):
    """Returns `value` as a float, after checking it lies in `[0, 1]`."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0.0 <= value <= 1.0
    ):
        raise ValueError(
            f"`{name}` must be a number in [0, 1]. Received: {name}={value!r}"
        )
    return float(value)


def check_positive_number(value, name):
    """Returns `value` as a float, after checking it is strictly positive."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not value > 0
    ):
        raise ValueError(
            f"`{name}` must be a positive number. Received: {name}={value!r}"
        )
    return float(value)


def check_non_negative_number(value, name):
    """Returns `value` as a float, after checking it is `>= 0`."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not value >= 0
    ):
        raise ValueError(
            f"`{name}` must be a non-negative number. "
            f"Received: {name}={value!r}"
        )
    return float(value)


def check_positive_int(value, name):
    """Returns `value` as an int, after checking it is a positive integer."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or value < 1
    ):
        raise ValueError(
            f"`{name}` must be a positive integer. Received: {name}={value!r}"
        )
    return int(value)


def check_seed(seed):
    """Returns `seed` unchanged, after checking it is `None` or an int."""
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, numbers.Integral)
    ):
        raise ValueError(
            f"`seed` must be None or an integer. Received: seed={seed!r}"
        )
    return None if seed is None else int(seed)


def check_axis_argument(axis):
    """Returns `axis` as an int, after checking it is an integer."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise ValueError(f"`axis` must be an integer. Received: axis={axis!r}")
    return int(axis)


def resolve_axis(axis, ndim, layer_name):
    """Returns the non-negative position of `axis` in an `ndim`-rank input.

    Raises:
        ValueError: if `axis` is out of range for that rank.
    """
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"{layer_name} received axis={axis}, which is out of range for "
            f"inputs of rank {ndim} (valid axes are {-ndim}..{ndim - 1})."
        )
    return axis % ndim
