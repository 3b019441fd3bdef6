"""A tiny lab graded by real nbgrader runs, for the instructor tooling's tests."""

import json
import os
import sys

import nbformat
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "autograder"))

import grading  # noqa: E402
import sandbox  # noqa: E402

FAKE_LAB = "fake_lab"


def require_sandbox():
    """Skip (or, with COURSE_REQUIRE_SANDBOX=1, fail) when bubblewrap cannot run here."""
    try:
        sandbox.check_available()
    except sandbox.SandboxUnavailable as error:
        if os.environ.get("COURSE_REQUIRE_SANDBOX") == "1":
            raise
        pytest.skip(f"no sandbox on this machine: {error}")


def _meta(**nbgrader):
    return {"nbgrader": {"schema_version": 3, "locked": False, "solution": False, "grade": False,
                         **nbgrader}}


def fake_lab_notebook():
    """Two graded functions, no TensorFlow: grading it takes a second or two."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [
        ("intro", "markdown", "# Fake lab\nLearning goals, time budget, GPU: none.", {}),
        ("add", "code", "def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION",
         _meta(grade_id="add", solution=True)),
        ("test_add", "code",
         "assert add(1, 2) == 3, 'add(1, 2) should be 3'\n### BEGIN HIDDEN TESTS\n"
         "assert add(-1, 1) == 0, 'hidden: add(-1, 1)'\n### END HIDDEN TESTS",
         _meta(grade_id="test_add", grade=True, locked=True, points=2)),
        ("double", "code", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
         _meta(grade_id="double", solution=True)),
        ("test_double", "code",
         "import math\nassert math.isclose(double(4), 8)\n### BEGIN HIDDEN TESTS\n"
         "assert math.isclose(double(0.1), 0.2)\n### END HIDDEN TESTS",
         _meta(grade_id="test_double", grade=True, locked=True, points=1)),
    ]
    for cell_id, kind, source, metadata in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source, metadata=metadata)
        cell["id"] = cell_id
        nb.cells.append(cell)
    return nb


def make_fake_course(tmp_path, monkeypatch):
    """A released fake lab in a course directory of its own; returns a helper to add submissions."""
    source = tmp_path / "source" / FAKE_LAB
    source.mkdir(parents=True)
    nbformat.write(fake_lab_notebook(), str(source / f"{FAKE_LAB}.ipynb"))
    monkeypatch.setenv("COURSE_SOURCE_DIR", str(tmp_path / "source"))
    course = tmp_path / "course"
    course.mkdir()
    grading.release([FAKE_LAB], release_dir=str(course / "release"), course_root=str(course))
    released = nbformat.read(str(course / "release" / FAKE_LAB / f"{FAKE_LAB}.ipynb"), as_version=4)

    class Course:
        root = str(course)

        def submit(self, student, answers=None, name=f"{FAKE_LAB}.ipynb", raw=None, edit=None):
            """Write a submission: the release with solution cells replaced by ``answers``."""
            folder = course / "submitted" / student / FAKE_LAB
            folder.mkdir(parents=True, exist_ok=True)
            if raw is not None:
                (folder / name).write_text(raw)
                return folder / name
            nb = json.loads(json.dumps(released))
            nb = nbformat.from_dict(nb)
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if answers and grade_id in answers:
                    cell.source = answers[grade_id]
            if edit:
                edit(nb)
            nbformat.write(nb, str(folder / name))
            return folder / name

        def scores(self):
            return grading.cell_scores(FAKE_LAB, self.root)[0]

    return Course()


RIGHT = {"add": "def add(a, b):\n    return a + b", "double": "def double(x):\n    return x + x"}
