"""Leak-free feedback: what a student may see of a graded notebook.

nbgrader's autograded notebook holds every hidden test, and its error outputs
quote the lines that failed. Feedback built from it as it is would hand each
student the answer key. This module is the one place that decides what a
student sees of a graded test cell:

- its source becomes a one-line placeholder, ``# Tests for <cell> (hidden)``;
- its outputs stay, except that an error keeps only the exception type and
  message (the traceback, which quotes source lines, is dropped).

Instructor feedback (``make feedback``, through the ``HideTests``
preprocessor registered for GenerateFeedback in ``nbgrader_config.py``) and
the self-check for self-study (``make check``, ``self_check.py``) both use it.
The per-cell summary (``cell_results``) and the redaction of logs
(``redact``) live here too, so that both report results the same way.
"""

import dataclasses
import os

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

PLACEHOLDER = "# Tests for {grade_id} (hidden)"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
# Lines shorter than this (stripped) say nothing about an answer: `else:`, `)`, `return x`.
MIN_SECRET_LINE = 12


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_test_cell(cell):
    """A code cell that nbgrader grades automatically (a locked test cell)."""
    meta = _nbgrader(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def error_message(output):
    """``"AssertionError: message"`` for an error output (type only when there is no message)."""
    ename, evalue = output.get("ename", "Error"), str(output.get("evalue", "")).strip()
    return f"{ename}: {evalue}" if evalue else ename


def hide_tests(nb):
    """Replace, in place, every test cell's source by a placeholder and every traceback by its last line.

    Returns the notebook. Only test cells change; the student's own cells,
    their outputs and the nbgrader metadata (scores) stay as they are.
    """
    for cell in nb.cells:
        if not is_test_cell(cell):
            continue
        cell.source = PLACEHOLDER.format(grade_id=_nbgrader(cell).get("grade_id", "this cell"))
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [error_message(output)]
    return nb


class HideTests(Preprocessor):
    """nbconvert/nbgrader preprocessor form of ``hide_tests``, for GenerateFeedback."""

    # nbconvert skips preprocessors that are not enabled; this one must always run.
    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        return hide_tests(nb), resources


@dataclasses.dataclass(frozen=True)
class CellResult:
    """How one graded test cell of a submission fared."""

    grade_id: str
    score: float
    max_score: float
    message: str = ""

    @property
    def passed(self):
        return self.score >= self.max_score


def cell_results(nb, scores):
    """One CellResult per graded test cell of an autograded notebook, in notebook order.

    ``scores`` maps grade ids to ``(score, max_score)`` from the gradebook. The
    message of a failed cell is its exception type and message; a cell that
    lost points without raising (nbgrader scores a write to stderr as a
    failure) says so.
    """
    results = []
    for cell in nb.cells:
        if not is_test_cell(cell):
            continue
        grade_id = _nbgrader(cell).get("grade_id")
        if grade_id not in scores:
            continue
        score, max_score = scores[grade_id]
        message = ""
        if score < max_score:
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                message = error_message(errors[0])
            elif any(o.get("name") == "stderr" for o in cell.get("outputs", [])):
                message = "the cell wrote to stderr, which nbgrader scores as a failure"
            else:
                message = "no points (the cell did not run to the end)"
        results.append(CellResult(grade_id, float(score), float(max_score), message))
    return results


def format_results(results):
    """A table: one row per test cell (passed, or failed with its message), then the total."""
    width = max([len(r.grade_id) for r in results] + [len("total")])
    lines = []
    for r in results:
        status = "passed" if r.passed else f"FAILED  {r.message}"
        lines.append(f"{r.grade_id:<{width}}  {r.score:>4g} / {r.max_score:<4g} {status}")
    total = sum(r.score for r in results)
    max_total = sum(r.max_score for r in results)
    lines.append(f"{'total':<{width}}  {total:>4g} / {max_total:<4g}")
    return "\n".join(lines)


def _between(source, begin, end):
    """Lines of ``source`` between ``begin`` and ``end`` marker lines (all regions)."""
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside:
            lines.append(line)
    return lines


def hidden_test_lines(nb):
    """Lines inside the hidden-test regions of a source notebook's cells."""
    return [line for cell in nb.cells for line in _between(cell.source, HIDDEN_BEGIN, HIDDEN_END)]


def solution_lines(nb):
    """Lines of the solutions: inside solution markers, or whole solution cells without markers."""
    lines = []
    for cell in nb.cells:
        if not _nbgrader(cell).get("solution"):
            continue
        if SOLUTION_BEGIN in cell.source:
            lines += _between(cell.source, SOLUTION_BEGIN, SOLUTION_END)
        else:
            lines += cell.source.splitlines()
    return lines


def secret(lines, public=()):
    """The stripped, non-trivial lines of ``lines`` that are not also public."""
    public = {line.strip() for line in public}
    return {
        line.strip()
        for line in lines
        if len(line.strip()) >= MIN_SECRET_LINE and line.strip() not in public
    }


def public_lines(nb):
    """Lines of a source notebook that its release shows: everything outside solutions and hidden tests."""
    lines = []
    for cell in nb.cells:
        solution = _nbgrader(cell).get("solution")
        if solution and SOLUTION_BEGIN not in cell.source:
            continue
        inside = False
        for line in cell.source.splitlines():
            if line.strip() in (SOLUTION_BEGIN, HIDDEN_BEGIN):
                inside = True
            elif line.strip() in (SOLUTION_END, HIDDEN_END):
                inside = False
            elif not inside:
                lines.append(line)
    return lines


def leaked_lines(text, secrets):
    """The secret lines that occur in ``text``, sorted."""
    return sorted(line for line in secrets if line in text)


def redact(text, secrets, replacement="[line hidden]"):
    """``text`` with every line that contains a secret line replaced."""
    return "\n".join(
        replacement if any(line in row for line in secrets) else row
        for row in text.splitlines()
    )


def lab_secrets(lab_dir, solutions=False):
    """Hidden-test lines of the source notebooks in ``lab_dir``, minus lines their release shows anyway.

    With ``solutions=True`` the lines of the solutions count as secret too.
    """
    import nbformat

    hidden, public = [], []
    for name in sorted(os.listdir(lab_dir)):
        if not name.endswith(".ipynb"):
            continue
        nb = nbformat.read(os.path.join(lab_dir, name), as_version=4)
        hidden += hidden_test_lines(nb) + (solution_lines(nb) if solutions else [])
        public += public_lines(nb)
    return secret(hidden, public)
