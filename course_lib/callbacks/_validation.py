"""Argument checks shared by the callbacks in this package.

Each helper returns the value as a plain Python type, or raises a `ValueError`
that names the argument and says what is wrong with it.
"""

import math
import numbers


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_positive_number(value, name):
    """Returns `value` as a float, after checking it is finite and > 0."""
    if not _is_real(value) or not math.isfinite(value) or value <= 0:
        raise ValueError(
            f"`{name}` must be a finite positive number. "
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
        raise ValueError(
            f"`{name}` must be an integer >= {minimum}. "
            f"Received: {name}={value!r}"
        )
    return int(value)


def check_half_open_unit_interval(value, name):
    """Returns `value` as a float, after checking it lies in `[0, 1)`."""
    if not _is_real(value) or not 0.0 <= value < 1.0:
        raise ValueError(
            f"`{name}` must be a number in [0, 1). Received: {name}={value!r}"
        )
    return float(value)


def check_probe_batch(x, y=None):
    """Checks that a probe batch is not empty and that `x` and `y` agree.

    Only array-like inputs with a `shape` are checked; dictionaries and other
    structures are passed through for the model to validate.
    """
    x_rows = _num_rows(x)
    if x_rows == 0:
        raise ValueError("The probe batch `x` is empty; give it some samples.")
    if y is not None:
        y_rows = _num_rows(y)
        if x_rows is not None and y_rows is not None and x_rows != y_rows:
            raise ValueError(
                "The probe batch `x` and `y` must have the same number of "
                f"samples. Received: {x_rows} inputs and {y_rows} targets."
            )


def _num_rows(array):
    shape = getattr(array, "shape", None)
    if shape is None or len(shape) == 0:
        return None
    return None if shape[0] is None else int(shape[0])
