"""Shared test setup: headless plotting, quiet TensorFlow, the TensorFlow backend."""

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def require_dataset():
    """Call with a `course_lib.data` loader's name: skips the test when its dataset is missing.

    Under COURSE_REQUIRE_DATA=1 (as in CI) a missing dataset fails the test instead,
    so that a broken data setup cannot pass as a run of skipped tests.
    """

    def require(loader_name, reason=""):
        from course_lib import data

        try:
            getattr(data, loader_name)(download=False)
        except data.DatasetUnavailableError as error:
            message = f"{reason or loader_name + ' has no dataset'}:\n{error}"
            if os.environ.get("COURSE_REQUIRE_DATA") == "1":
                pytest.fail(f"COURSE_REQUIRE_DATA=1 and {message}")
            pytest.skip(message)

    return require
