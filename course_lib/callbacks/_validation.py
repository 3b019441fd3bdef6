"""Probe-batch checks shared by the monitors in this package.

The scalar argument checks live in `course_lib._validation`.
"""


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
