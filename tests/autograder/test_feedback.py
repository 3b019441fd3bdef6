"""Feedback does not leak: students see passed, or failed with the message, never hidden tests.

A tiny lab of its own (one function, two test cells with hidden tests) is
graded for real by nbgrader through ``make check``'s code path, which also
renders the instructor's feedback page with ``grading.generate_feedback``.
"""

import contextlib
import html
import os
import re
import sqlite3
import sys

import nbformat
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "autograder"))

import feedback  # noqa: E402
import grading  # noqa: E402
import self_check  # noqa: E402

LAB = "lab_fake"
HIDDEN_1 = "for value in [3, -5, 0.5]:"
HIDDEN_2 = 'assert square(value) == value ** 2, f"square({value}) must be {value ** 2}, got {square(value)}"'
HIDDEN_3 = "secret_expected_type_check = isinstance(square(2), int)"
HIDDEN_4 = 'assert secret_expected_type_check, "the square of an int must stay an int"'
WRONG_MESSAGE = "square(3) must be 9, got 6"


def _meta(**fields):
    return {"nbgrader": {"schema_version": 3, "locked": False, **fields}}


def _source_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A fake lab\nWrite `square`."),
        nbformat.v4.new_code_cell(
            "def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION",
            metadata=_meta(grade_id="square", solution=True, grade=False),
        ),
        nbformat.v4.new_code_cell(
            "# Tests for square (1 point)\n"
            'assert square(2) == 4, "square(2) must be 4"\n'
            "### BEGIN HIDDEN TESTS\n"
            f"{HIDDEN_1}\n    {HIDDEN_2}\n"
            "### END HIDDEN TESTS",
            metadata=_meta(grade_id="test_square", solution=False, grade=True, points=1, locked=True),
        ),
        nbformat.v4.new_code_cell(
            "# Tests for the type (1 point)\n"
            "### BEGIN HIDDEN TESTS\n"
            f"{HIDDEN_3}\n{HIDDEN_4}\n"
            "### END HIDDEN TESTS",
            metadata=_meta(grade_id="test_square_type", solution=False, grade=True, points=1, locked=True),
        ),
    ]
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    return nb


@pytest.fixture
def fake_lab(tmp_path):
    """solutions/<LAB>/ with the fake lab, and a learner's notebook that doubles instead of squaring."""
    folder = tmp_path / "solutions" / LAB
    folder.mkdir(parents=True)
    source = _source_notebook()
    nbformat.write(source, str(folder / f"{LAB}.ipynb"))
    learner = _source_notebook()
    learner.cells[1].source = "def square(x):\n    return x * 2"
    # A learner may edit a test cell; grading puts the instructor's version back.
    learner.cells[2].source = "# Tests for square (1 point)\npass"
    learner.cells[3].source = ""
    path = tmp_path / "mine.ipynb"
    nbformat.write(learner, str(path))
    return tmp_path / "solutions", path


def _page_text(page):
    """What a browser shows of an HTML page: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_hide_tests_keeps_results_and_drops_sources():
    nb = _source_notebook()
    nb.cells[2].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="Visible tests passed.\n"),
        nbformat.v4.new_output(
            "error", ename="AssertionError", evalue=WRONG_MESSAGE,
            traceback=["Traceback (most recent call last)", f"----> 2     {HIDDEN_2}", f"AssertionError: {WRONG_MESSAGE}"],
        ),
    ]
    feedback.hide_tests(nb)
    assert nb.cells[1].source.startswith("def square(x):"), "the student's own cells stay"
    assert nb.cells[2].source == "# Tests for test_square (hidden)"
    assert nb.cells[3].source == "# Tests for test_square_type (hidden)"
    assert nb.cells[2].outputs[0].text == "Visible tests passed.\n"
    assert nb.cells[2].outputs[1].traceback == [f"AssertionError: {WRONG_MESSAGE}"]
    text = nbformat.writes(nb)
    for line in (HIDDEN_1, HIDDEN_2, HIDDEN_3, HIDDEN_4):
        assert line not in text


def test_secrets_and_redaction(tmp_path):
    folder = tmp_path / LAB
    folder.mkdir()
    nbformat.write(_source_notebook(), str(folder / f"{LAB}.ipynb"))
    secrets = feedback.lab_secrets(str(folder))
    assert secrets == {HIDDEN_1, HIDDEN_2, HIDDEN_3, HIDDEN_4}
    assert feedback.lab_secrets(str(folder), solutions=True) == secrets | {"return x * x"}
    log = f"Executing cell\n  {HIDDEN_3}\nAssertionError: {WRONG_MESSAGE}"
    assert feedback.redact(log, secrets) == f"Executing cell\n[line hidden]\nAssertionError: {WRONG_MESSAGE}"


def test_check_explains_what_it_cannot_grade(fake_lab, tmp_path):
    solutions, mine = fake_lab
    with pytest.raises(self_check.SelfCheckError, match="there is no lab 'lab_nope'; the labs are: lab_fake"):
        self_check.check("lab_nope", str(mine), solutions_dir=str(solutions))
    with pytest.raises(self_check.SelfCheckError, match="no such file"):
        self_check.check(LAB, str(tmp_path / "absent.ipynb"), solutions_dir=str(solutions))
    other = nbformat.v4.new_notebook()
    other.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(other, str(tmp_path / "other.ipynb"))
    with pytest.raises(self_check.SelfCheckError, match="lacks the graded cells square, test_square"):
        self_check.check(LAB, str(tmp_path / "other.ipynb"), solutions_dir=str(solutions))
    (tmp_path / "junk.ipynb").write_text("not json")
    with pytest.raises(self_check.SelfCheckError, match="not a readable Jupyter notebook"):
        self_check.check(LAB, str(tmp_path / "junk.ipynb"), solutions_dir=str(solutions))
    assert self_check.main(["lab_nope", str(mine)]) == 2


def _gradebook_entries(path):
    """(assignments, students) of a gradebook, read-only; empty when there is none."""
    if not os.path.exists(path):
        return set(), set()
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        assignments = {row[0] for row in db.execute("SELECT name FROM assignment")}
        students = {row[0] for row in db.execute("SELECT id FROM student")}
    return assignments, students


@pytest.mark.slow
def test_check_and_feedback_report_results_without_hidden_tests(fake_lab, tmp_path, monkeypatch, capsys):
    solutions, mine = fake_lab
    monkeypatch.setattr(grading, "SOLUTIONS_DIR", str(solutions))
    gradebook = os.path.join(grading.AUTOGRADER_DIR, "gradebook.db")
    page_path = tmp_path / "feedback.html"

    status = self_check.main([LAB, str(mine), "--html", str(page_path)])
    out, err = capsys.readouterr()

    assert status == 1, out + err
    # Other work may change the course gradebook meanwhile; this check must not add to it.
    assignments, students = _gradebook_entries(gradebook)
    assert LAB not in assignments and self_check.STUDENT not in students, (
        "make check must grade in a scratch directory, not in the course gradebook")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith(("test_", "total"))}
    assert "FAILED" in rows["test_square"] and f"AssertionError: {WRONG_MESSAGE}" in rows["test_square"]
    assert "0 / 1" in rows["test_square"]
    assert "passed" in rows["test_square_type"] and "1 / 1" in rows["test_square_type"]
    assert "1 / 2" in rows["total"]

    # The feedback page comes from grading.generate_feedback, as `make feedback` writes it.
    page = _page_text(page_path.read_text(encoding="utf-8"))
    assert WRONG_MESSAGE in page
    assert "# Tests for test_square (hidden)" in page
    assert "# Tests for test_square_type (hidden)" in page
    for text in (out + err, page):
        for line in (HIDDEN_1, HIDDEN_2, HIDDEN_3, HIDDEN_4):
            assert line not in text
        assert "secret_expected_type_check" not in text
