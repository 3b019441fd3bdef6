"""Axis checks shared by the normalization layers.

The scalar argument checks every layer uses live in `course_lib._validation`.
"""

import numbers


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
