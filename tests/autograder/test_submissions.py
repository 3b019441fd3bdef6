"""Checking submissions before grading: what cannot be graded is named, what can be repaired is."""

import json

import nbformat

from .course_fixtures import FAKE_LAB, RIGHT

import submissions


def _prepare(course, student):
    released = submissions.release_notebooks(f"{course.root}/release", FAKE_LAB)
    return submissions.prepare(f"{course.root}/submitted/{student}/{FAKE_LAB}", released)


def test_a_proper_submission_passes_untouched(fake_course):
    path = fake_course.submit("ada", RIGHT)
    before = path.read_text()
    assert _prepare(fake_course, "ada") == (None, [])
    assert path.read_text() == before


def test_files_that_are_not_the_notebook_are_named(fake_course):
    fake_course.submit("empty", raw="")
    fake_course.submit("text", raw="my answers are in the email")
    fake_course.submit("truncated", raw='{"cells": [')
    fake_course.submit("renamed", RIGHT, name="lab-final (1).ipynb")
    fake_course.submit("not_nb", raw=json.dumps({"hello": "world"}))
    assert _prepare(fake_course, "empty")[0] == f"{FAKE_LAB}.ipynb is an empty file, not a notebook"
    assert _prepare(fake_course, "text")[0].startswith(f"{FAKE_LAB}.ipynb is not a notebook (")
    assert _prepare(fake_course, "truncated")[0].startswith(f"{FAKE_LAB}.ipynb is not a notebook (")
    assert _prepare(fake_course, "renamed")[0] == (
        f"saved under another name: found lab-final (1).ipynb, expected {FAKE_LAB}.ipynb")
    assert "not a valid notebook" in _prepare(fake_course, "not_nb")[0]


def test_altered_metadata_is_restored_and_flagged(fake_course):
    def tamper(nb):
        test_add = next(c for c in nb.cells if c.get("id") == "test_add")
        test_add.metadata["nbgrader"]["points"] = 100
        test_add.metadata["nbgrader"]["grade_id"] = "renamed"
        copy = nbformat.from_dict(json.loads(json.dumps(test_add)))
        copy["id"] = "pasted-copy"
        nb.cells.append(copy)

    path = fake_course.submit("mallory", RIGHT, edit=tamper)
    reason, notes = _prepare(fake_course, "mallory")
    assert reason is None
    assert notes == [f"{FAKE_LAB}.ipynb: nbgrader metadata altered and restored from the release "
                     "(cell test_add; extra graded cell pasted-copy ungraded)"]
    nb = nbformat.read(str(path), as_version=4)
    graded = [c.metadata["nbgrader"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [(m["grade_id"], m["points"]) for m in graded] == [("test_add", 2), ("test_double", 1)]


def test_failures_are_classified_in_words():
    assert submissions.classify_failure("", timed_out=True, limit_seconds=30) == (
        "timed out: grading took longer than 30 s and was stopped")
    assert submissions.classify_failure("RuntimeError: Kernel died before replying").startswith(
        "kernel died (")
    assert submissions.classify_failure("... MemoryError ...") == "over the memory limit"
    assert submissions.classify_failure("a\nValueError: boom\n") == "nbgrader failed: ValueError: boom"


def test_tampering_code_is_listed_for_review(fake_course):
    hook = ("def add(a, b):\n    return a + b\n"
            "def _swallow(lines):\n    return ['try:\\n'] + ['    ' + l for l in lines] + ['except Exception:\\n    pass\\n']\n"
            "get_ipython().input_transformers_cleanup.append(_swallow)")
    patch = "import numpy as np\nnp.allclose = lambda *a, **k: True\ndef double(x):\n    return x"

    def edit_locked(nb):
        next(c for c in nb.cells if c.get("id") == "test_double").source = "pass"

    fake_course.submit("mallory", {"add": hook, "double": patch}, edit=edit_locked)
    reason, notes = _prepare(fake_course, "mallory")
    assert reason is None
    assert notes == [
        f"{FAKE_LAB}.ipynb: locked cells edited (nbgrader grades the released version): test_double",
        f"{FAKE_LAB}.ipynb: cell add changes how IPython runs cells",
        f"{FAKE_LAB}.ipynb: cell double assigns into a library module",
    ]
    fake_course.submit("ada", RIGHT)
    assert _prepare(fake_course, "ada") == (None, [])


def test_the_course_solutions_raise_no_suspicion():
    import os

    import grading

    for lab in grading.list_labs():
        for name in grading.lab_notebooks(lab):
            nb = nbformat.read(os.path.join(grading.SOLUTIONS_DIR, lab, name), as_version=4)
            assert submissions.suspicious_code(nb) == [], (lab, submissions.suspicious_code(nb))
