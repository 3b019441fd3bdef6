"""Argument checks shared across course_lib.

Each check returns the value as a plain Python type, so that `get_config()`
stays JSON-serializable, or raises a `ValueError` that names the argument,
says what is wrong with it and shows the value received.
"""

import math
import numbers


def is_real(value):
    """True for real numbers, but not for booleans."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_positive_number(value, name):
    """Returns `value` as a float, after checking it is finite and > 0."""
    if not is_real(value) or not math.isfinite(value) or value <= 0:
        raise ValueError(
            f"`{name}` must be a finite positive number. "
            f"Received: {name}={value!r}"
        )
    return float(value)


def check_non_negative_number(value, name):
    """Returns `value` as a float, after checking it is finite and >= 0."""
    if not is_real(value) or not math.isfinite(value) or value < 0:
        raise ValueError(
            f"`{name}` must be a finite non-negative number. "
            f"Received: {name}={value!r}"
        )
    return float(value)


def check_positive_int(value, name, minimum=1):
    """Returns `value` as an int, after checking it is an integer >= minimum."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or value < minimum
    ):
        requirement = (
            "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        )
        raise ValueError(
            f"`{name}` must be {requirement}. Received: {name}={value!r}"
        )
    return int(value)


def check_in_range(value, name, low, high, low_open=False, high_open=False):
    """Returns `value` as a float, after checking it lies in the interval.

    `low_open` and `high_open` exclude the end points: the default is the
    closed interval `[low, high]`.
    """
    inside = is_real(value) and (
        (low < value if low_open else low <= value)
        and (value < high if high_open else value <= high)
    )
    if not inside:
        interval = (
            f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        )
        raise ValueError(
            f"`{name}` must be a number in {interval}. Received: {name}={value!r}"
        )
    return float(value)


def check_rate(rate, name="rate"):
    """Returns a dropout rate as a float, after checking it lies in `[0, 1)`."""
    if not is_real(rate) or not 0.0 <= rate < 1.0:
        raise ValueError(
            f"`{name}` must be a number in [0, 1) (the probability of "
            f"dropping a unit). Received: {name}={rate!r}"
        )
    return float(rate)


def check_seed(seed):
    """Returns `seed` unchanged, after checking it is `None` or an int."""
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, numbers.Integral)
    ):
        raise ValueError(
            f"`seed` must be None or an integer. Received: seed={seed!r}"
        )
    return None if seed is None else int(seed)
