"""Fixtures for the instructor tooling's tests (helpers live in course_fixtures.py)."""

import pytest

from .course_fixtures import make_fake_course


@pytest.fixture
def fake_course(tmp_path, monkeypatch):
    """A released fake lab in a course directory of its own, with a helper to add submissions."""
    return make_fake_course(tmp_path, monkeypatch)
