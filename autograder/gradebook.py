"""The gradebook: merging graded submissions into it, reading scores out, reports and exports."""

import os
import shutil
import tempfile
import warnings

from common import AUTOGRADER_DIR, _db_url, run_nbgrader
from release import release


def _worker_gradebook(lab, course_root):
    """The bytes of a SQLite gradebook holding the released lab, for a grading task to start from.

    A SQLite course sends a copy of its own gradebook. A course on a database
    server releases the lab once more into a scratch SQLite gradebook: the
    task needs the lab's cells, not the class's grades.
    """
    url = _db_url(course_root)
    if url.startswith("sqlite:///"):
        with open(url[len("sqlite:///"):], "rb") as handle:
            return handle.read()
    with tempfile.TemporaryDirectory() as scratch:
        release([lab], release_dir=os.path.join(scratch, "release"), course_root=scratch)
        with open(os.path.join(scratch, "gradebook.db"), "rb") as handle:
            return handle.read()


def _merge_graded(lab, student, worker_root, course_root):
    """Copy one student's autograded submission and scores from a worker into the course."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(_db_url(worker_root)) as source:
        submission = source.find_submission(lab, student)
        timestamp = submission.timestamp
        grades = [
            (notebook.name, grade.name, grade.auto_score, grade.manual_score,
             grade.needs_manual_grade)
            for notebook in submission.notebooks
            for grade in notebook.grades
        ]
        comments = [
            (notebook.name, comment.name, comment.auto_comment, comment.manual_comment)
            for notebook in submission.notebooks
            for comment in notebook.comments
        ]
    with Gradebook(_db_url(course_root)) as target, warnings.catch_warnings():
        # nbgrader's add_submission builds its rows in a way SQLAlchemy 2 warns
        # about; the rows are written all the same.
        warnings.filterwarnings("ignore", message=".*not in session.*")
        target.update_or_create_student(student)
        try:
            target.remove_submission(lab, student)
        except MissingEntry:
            pass
        target.add_submission(lab, student, timestamp=timestamp)
        for notebook, name, auto_score, manual_score, needs_manual in grades:
            grade = target.find_grade(name, notebook, lab, student)
            grade.auto_score = auto_score
            grade.manual_score = manual_score
            grade.needs_manual_grade = needs_manual
        for notebook, name, auto_comment, manual_comment in comments:
            comment = target.find_comment(name, notebook, lab, student)
            comment.auto_comment = auto_comment
            comment.manual_comment = manual_comment
        target.db.commit()
    destination = os.path.join(course_root, "autograded", student, lab)
    shutil.rmtree(destination, ignore_errors=True)
    shutil.copytree(os.path.join(worker_root, "autograded", student, lab), destination)


def _has_submission(lab, student, course_root):
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(_db_url(course_root)) as gradebook:
        try:
            gradebook.find_submission(lab, student)
            return True
        except MissingEntry:
            return False


def _forget_submission(lab, student, course_root):
    """Drop the half-made gradebook row of a submission that could not be graded.

    Its table row says "ungradable"; a row of zeros in the gradebook would
    read as a real grade in the exported CSV.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(_db_url(course_root)) as gradebook:
        try:
            gradebook.remove_submission(lab, student)
        except MissingEntry:
            pass


def generate_feedback(lab, course_root=AUTOGRADER_DIR):
    """HTML feedback per student; hidden tests are hidden (feedback.HideTests, set in nbgrader_config.py)."""
    run_nbgrader(["generate_feedback", lab, "--force"], course_root=course_root)
    return os.path.join(course_root, "feedback")


def export_grades(course_root=AUTOGRADER_DIR, path=None):
    path = path or os.path.join(course_root, "grades.csv")
    run_nbgrader(["export", f"--to={path}"], course_root=course_root)
    return path


def cell_scores(lab, course_root=AUTOGRADER_DIR):
    """{student: {grade cell: (score, max_score)}} from the gradebook."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(_db_url(course_root)) as gradebook:
        assignment = gradebook.find_assignment(lab)
        for submission in gradebook.assignment_submissions(lab):
            per_cell = scores.setdefault(submission.student_id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.max_score:
                        per_cell[grade.name] = (float(grade.score), float(grade.max_score))
        max_total = float(assignment.max_score)
    return scores, max_total


def format_table(lab, scores, max_total, ungradable=(), first=()):
    """The grade table: a row per student (those named in ``first`` lead), ungradable rows last."""
    students = sorted(scores, key=lambda s: ([s != name for name in first], s))
    cells = list(scores[students[0]].keys()) if students else []
    first = scores[students[0]] if students else {}
    short = [cell.replace("test_", "") for cell in cells]
    name_width = max([len(s) for s in students] + [len(u.student) for u in ungradable] + [10])
    widths = [max(len(name), 5) for name in short]
    lines = [f"Grades for {lab} (points per graded cell; max total {max_total:g})"]
    header = " ".join(f"{name:>{w}}" for name, w in zip(short, widths))
    lines.append(f"{'student':<{name_width}} {header} {'total':>6}")
    lines.append(f"{'':<{name_width}} " + " ".join(
        f"{'/' + format(first[cell][1], 'g'):>{w}}" for cell, w in zip(cells, widths)
    ) + f" {'/' + format(max_total, 'g'):>6}")
    for student in students:
        row = scores[student]
        values = " ".join(
            f"{row.get(cell, (0.0, 0.0))[0]:>{w}g}" for cell, w in zip(cells, widths)
        )
        total = sum(score for score, _ in row.values())
        lines.append(f"{student:<{name_width}} {values} {total:>6g}")
    for row in ungradable:
        lines.append(f"{row.student:<{name_width}} UNGRADABLE: {row.reason}")
    return "\n".join(lines)
