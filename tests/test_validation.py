"""course_lib._validation: the shared argument checks."""

import math

import pytest

from course_lib import _validation as v


def test_values_come_back_as_plain_python_types():
    assert type(v.check_positive_number(3, "x")) is float
    assert type(v.check_positive_int(3, "n")) is int
    assert v.check_in_range(1, "p", 0.0, 1.0) == 1.0
    assert v.check_rate(0) == 0.0
    assert v.check_seed(None) is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: v.check_positive_number(0, "lr"), r"`lr` must be a finite positive number\. Received: lr=0"),
        (lambda: v.check_positive_number(math.inf, "lr"), "finite positive"),
        (lambda: v.check_positive_number(True, "lr"), "finite positive"),
        (lambda: v.check_non_negative_number(-1e-9, "decay"), "finite non-negative"),
        (lambda: v.check_positive_int(0, "units"), "`units` must be a positive integer"),
        (lambda: v.check_positive_int(2.0, "units"), "positive integer"),
        (lambda: v.check_positive_int(1, "num_steps", minimum=2), "an integer >= 2"),
        (lambda: v.check_in_range(1.0, "p", 0.0, 1.0, high_open=True), r"in \[0, 1\)"),
        (lambda: v.check_in_range(0.0, "f", 0.0, 1.0, low_open=True), r"in \(0, 1\]"),
        (lambda: v.check_rate(1.0), "probability of dropping a unit"),
        (lambda: v.check_seed(1.5), "`seed` must be None or an integer"),
    ],
)
def test_invalid_values_name_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()
