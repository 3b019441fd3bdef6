"""The grading cycle: labs/ is current, and every lab grades right.

For every lab in solutions/, the solution earns full marks, the unanswered
release earns zero on every graded cell, and every example mistake in
autograder/mistakes/<lab>/ loses exactly the points of the cells it names.
These run real nbgrader commands on real notebooks.
"""

import os
import sys

import nbformat
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "autograder"))

import grading  # noqa: E402

LABS = grading.list_labs()


def _require_mnist():
    from course_lib.data import DatasetUnavailableError, load_mnist

    try:
        load_mnist(download=False)
    except DatasetUnavailableError as error:
        if os.environ.get("COURSE_REQUIRE_DATA") == "1":
            raise
        pytest.skip(f"the labs need MNIST (set COURSE_DATA_DIR): {error}")


def test_there_is_at_least_one_lab():
    assert LABS, "solutions/ holds no lab"


def test_labs_folder_is_current():
    stale = grading.stale_labs()
    assert not stale, f"labs/ is stale for {stale}: run `make release` and commit labs/"


@pytest.mark.parametrize("lab", LABS)
def test_solution_notebooks_are_clean_and_documented(lab):
    for name in grading.lab_notebooks(lab):
        nb = nbformat.read(os.path.join(grading.SOLUTIONS_DIR, lab, name), as_version=4)
        nbformat.validate(nb)
        ids = [cell.id for cell in nb.cells]
        assert len(set(ids)) == len(ids), "cell ids must be unique"
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, (
                    f"{name}: cell {cell.id} has outputs; keep solutions/ output-free"
                )
        intro = nb.cells[0].source.lower()
        for needed in ("learning goals", "time budget", "gpu"):
            assert needed in intro, f"{name}: the first cell must state its {needed}"


@pytest.mark.parametrize("lab", LABS)
def test_every_graded_cell_has_an_example_mistake(lab):
    graded = set()
    for name in grading.lab_notebooks(lab):
        nb = nbformat.read(os.path.join(grading.SOLUTIONS_DIR, lab, name), as_version=4)
        graded |= {
            cell.metadata["nbgrader"]["grade_id"]
            for cell in nb.cells
            if cell.metadata.get("nbgrader", {}).get("grade")
        }
    covered = {cell for mistake in grading.load_mistakes(lab) for cell in mistake.loses}
    assert graded <= covered, f"graded cells without an example mistake: {sorted(graded - covered)}"


def test_check_expectations_catches_wrong_grades(monkeypatch):
    mistake = grading.Mistake("typo", "a typo", "f", ("test_f",), "def f(): pass")
    monkeypatch.setattr(grading, "load_mistakes", lambda lab: [mistake])
    good = {
        grading.SOLUTION_STUDENT: {"test_f": (2.0, 2.0), "test_g": (1.0, 1.0)},
        grading.BLANK_STUDENT: {"test_f": (0.0, 2.0), "test_g": (0.0, 1.0)},
        mistake.student: {"test_f": (0.0, 2.0), "test_g": (1.0, 1.0)},
    }
    problems = grading.check_expectations("lab", good)
    assert problems == ["no example mistake loses the points of test_g"]

    bad = {
        grading.SOLUTION_STUDENT: {"test_f": (1.0, 2.0), "test_g": (1.0, 1.0)},
        grading.BLANK_STUDENT: {"test_f": (0.0, 2.0), "test_g": (1.0, 1.0)},
        mistake.student: {"test_f": (0.0, 2.0), "test_g": (0.0, 1.0)},
    }
    problems = grading.check_expectations("lab", bad)
    assert "solution: test_f earned 1 of 2" in problems
    assert "blank: test_g earned 1, expected 0" in problems
    assert f"{mistake.student}: test_g earned 0, expected 1" in problems

    missing = {mistake.student: good[mistake.student]}
    problems = grading.check_expectations("lab", missing)
    assert f"{grading.SOLUTION_STUDENT}: was not graded" in problems
    assert f"{grading.BLANK_STUDENT}: was not graded" in problems


def test_mistake_files_need_their_header(tmp_path, monkeypatch):
    folder = tmp_path / "lab_x"
    folder.mkdir()
    (folder / "broken.py").write_text("# Mistake: no target\ndef f():\n    pass\n")
    monkeypatch.setattr(grading, "MISTAKES_DIR", str(tmp_path))
    with pytest.raises(grading.GradingError, match=r"lacks the header line\(s\) \['Loses', 'Replaces'\]"):
        grading.load_mistakes("lab_x")


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_lab_grades_right(lab, tmp_path, monkeypatch):
    _require_mnist()
    monkeypatch.delenv("COURSE_BUDGET", raising=False)
    results = grading.demo([lab], workdir=str(tmp_path / "course"), verbose=True)
    assert results[lab] == [], "\n".join(results[lab])
    feedback = tmp_path / "course" / "feedback" / grading.SOLUTION_STUDENT / lab
    assert any(name.endswith(".html") for name in os.listdir(feedback))
    grades_csv = (tmp_path / "course" / "grades.csv").read_text()
    assert grading.SOLUTION_STUDENT in grades_csv and lab in grades_csv
