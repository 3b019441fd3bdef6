"""Instructor tooling: release labs, autograde, hand back feedback, and prove the grading right.

Run it from the repository root (the Makefile does)::

    python autograder/grading.py release            # solutions/ -> labs/
    python autograder/grading.py check-release      # fail if labs/ is stale
    python autograder/grading.py autograde [LAB]    # grade autograder/submitted/
    python autograder/grading.py feedback [LAB]     # HTML feedback per student
    python autograder/grading.py grades             # autograder/grades.csv
    python autograder/grading.py demo [LAB]         # the whole cycle on example submissions

Every lab keeps example wrong answers in ``autograder/mistakes/<lab>/``. Each
is a Python file that replaces one solution cell and says which test cells
it must fail::

    # Mistake: a random split that ignores the classes
    # Replaces: split_train_val
    # Loses: test_split_train_val
    def split_train_val(...):
        ...

``demo`` builds one submission from the solution, one from the blank
release, and one per mistake; autogrades them in a scratch course directory
(the real gradebook is never touched); prints the grade table; and checks
that the solution earns full marks, the blank earns zero, and every mistake
loses exactly the points of the cells it names. The test suite runs the same
check for every lab.
"""

import argparse
import copy
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat

AUTOGRADER_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(AUTOGRADER_DIR)
SOLUTIONS_DIR = os.path.join(REPO_DIR, "solutions")
LABS_DIR = os.path.join(REPO_DIR, "labs")
MISTAKES_DIR = os.path.join(AUTOGRADER_DIR, "mistakes")
DEMO_DIR = os.path.join(AUTOGRADER_DIR, "demo_work")

SOLUTION_STUDENT = "example_solution"
BLANK_STUDENT = "example_blank"
MISTAKE_PREFIX = "example_"


class GradingError(RuntimeError):
    """A step of the grading cycle failed; the message says which and why."""


@dataclasses.dataclass(frozen=True)
class Mistake:
    """A plausible wrong answer to one solution cell."""

    name: str
    description: str
    replaces: str
    loses: tuple
    source: str

    @property
    def student(self):
        return f"{MISTAKE_PREFIX}{self.name}"


def list_labs():
    """Names of the labs in solutions/, in order."""
    return sorted(
        name
        for name in os.listdir(SOLUTIONS_DIR)
        if os.path.isdir(os.path.join(SOLUTIONS_DIR, name)) and not name.startswith(".")
    )


def lab_notebooks(lab, root=SOLUTIONS_DIR):
    folder = os.path.join(root, lab)
    return sorted(name for name in os.listdir(folder) if name.endswith(".ipynb"))


def load_mistakes(lab):
    """Read autograder/mistakes/<lab>/*.py into Mistake records."""
    folder = os.path.join(MISTAKES_DIR, lab)
    if not os.path.isdir(folder):
        return []
    mistakes = []
    for filename in sorted(os.listdir(folder)):
        if not filename.endswith(".py"):
            continue
        with open(os.path.join(folder, filename), encoding="utf-8") as handle:
            text = handle.read()
        header = {}
        body = []
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if not body and line.startswith("# ") and key[2:] in ("Mistake", "Replaces", "Loses"):
                header[key[2:]] = value.strip()
            else:
                body.append(line)
        missing = {"Mistake", "Replaces", "Loses"} - set(header)
        if missing:
            raise GradingError(
                f"{lab}/{filename} lacks the header line(s) {sorted(missing)}; "
                "see the docstring of autograder/grading.py for the format."
            )
        mistakes.append(
            Mistake(
                name=filename[: -len(".py")],
                description=header["Mistake"],
                replaces=header["Replaces"],
                loses=tuple(cell.strip() for cell in header["Loses"].split(",")),
                source="\n".join(body).strip("\n"),
            )
        )
    return mistakes


def run_nbgrader(args, course_root=AUTOGRADER_DIR, extra_config=()):
    """Run one nbgrader command in the course directory; raise with its log on failure."""
    env = dict(os.environ)
    # nbgrader shells out to `alembic`, which lives beside the Python running us.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    command = [sys.executable, "-m", "nbgrader", *args]
    if course_root != AUTOGRADER_DIR:
        command += [
            f"--CourseDirectory.root={course_root}",
            "--CourseDirectory.db_url=sqlite:///"
            + os.path.join(course_root, "gradebook.db"),
        ]
    command += list(extra_config)
    result = subprocess.run(
        command, cwd=AUTOGRADER_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise GradingError(
            f"`nbgrader {' '.join(args)}` failed (exit {result.returncode}):\n"
            + result.stdout[-4000:]
            + result.stderr[-4000:]
        )
    return result


def release(labs=None, release_dir=LABS_DIR, course_root=AUTOGRADER_DIR):
    """Generate student notebooks for each lab from solutions/."""
    for lab in labs or list_labs():
        run_nbgrader(
            ["generate_assignment", lab, "--force", "--create"],
            course_root=course_root,
            extra_config=[f"--CourseDirectory.release_directory={release_dir}"],
        )


def _normalized(path):
    nb = nbformat.read(path, as_version=4)
    return nbformat.writes(nb)


def stale_labs(labs=None):
    """Labs whose committed labs/ notebooks differ from a fresh release."""
    stale = []
    with tempfile.TemporaryDirectory() as scratch:
        release_dir = os.path.join(scratch, "release")
        release(labs, release_dir=release_dir, course_root=scratch)
        for lab in labs or list_labs():
            fresh = lab_notebooks(lab, release_dir)
            committed_dir = os.path.join(LABS_DIR, lab)
            committed = lab_notebooks(lab, LABS_DIR) if os.path.isdir(committed_dir) else []
            if fresh != committed:
                stale.append(lab)
                continue
            for name in fresh:
                if _normalized(os.path.join(release_dir, lab, name)) != _normalized(
                    os.path.join(committed_dir, name)
                ):
                    stale.append(lab)
                    break
    return stale


def _strip_solution_markers(source):
    markers = ("### BEGIN SOLUTION", "### END SOLUTION")
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in markers
    )


def _solution_sources(lab, notebook):
    nb = nbformat.read(os.path.join(SOLUTIONS_DIR, lab, notebook), as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: _strip_solution_markers(cell.source)
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def _answered(released_nb, answers):
    nb = copy.deepcopy(released_nb)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def build_example_submissions(lab, release_dir, submitted_dir):
    """Write the solution, blank and mistake submissions; return {student: description}."""
    examples = {}
    mistakes = load_mistakes(lab)
    for notebook in lab_notebooks(lab, release_dir):
        released = nbformat.read(os.path.join(release_dir, lab, notebook), as_version=4)
        solutions = _solution_sources(lab, notebook)
        submissions = {
            SOLUTION_STUDENT: ("the instructor's solution", solutions),
            BLANK_STUDENT: ("the released notebook, unanswered", {}),
        }
        for mistake in mistakes:
            if mistake.replaces not in solutions:
                continue
            answers = dict(solutions)
            answers[mistake.replaces] = mistake.source
            submissions[mistake.student] = (mistake.description, answers)
        for student, (description, answers) in submissions.items():
            folder = os.path.join(submitted_dir, student, lab)
            os.makedirs(folder, exist_ok=True)
            nbformat.write(_answered(released, answers), os.path.join(folder, notebook))
            examples[student] = description
    return examples


def autograde(lab, students=None, course_root=AUTOGRADER_DIR, progress=True):
    """Autograde submissions of a lab, one student at a time with a progress line."""
    submitted = os.path.join(course_root, "submitted")
    if students is None and os.path.isdir(submitted):
        students = sorted(
            student
            for student in os.listdir(submitted)
            if os.path.isdir(os.path.join(submitted, student, lab))
        )
    if not students:
        raise GradingError(
            f"No submissions of {lab} found in {submitted}/<student>/{lab}/. "
            "Collect them there first (nbgrader collect or zip_collect)."
        )
    started = time.monotonic()
    for index, student in enumerate(students, start=1):
        if progress:
            elapsed = time.monotonic() - started
            print(
                f"[{index}/{len(students)}] autograding {student:<40s} "
                f"({elapsed:5.0f} s so far)",
                flush=True,
            )
        run_nbgrader(
            ["autograde", lab, "--student", student, "--create", "--force"],
            course_root=course_root,
        )
    return students


def generate_feedback(lab, course_root=AUTOGRADER_DIR):
    run_nbgrader(["generate_feedback", lab, "--force"], course_root=course_root)
    return os.path.join(course_root, "feedback")


def export_grades(course_root=AUTOGRADER_DIR, path=None):
    path = path or os.path.join(course_root, "grades.csv")
    run_nbgrader(["export", f"--to={path}"], course_root=course_root)
    return path


def cell_scores(lab, course_root=AUTOGRADER_DIR):
    """{student: {grade cell: (score, max_score)}} from the gradebook."""
    from nbgrader.api import Gradebook

    db_url = "sqlite:///" + os.path.join(course_root, "gradebook.db")
    scores = {}
    with Gradebook(db_url) as gradebook:
        assignment = gradebook.find_assignment(lab)
        for submission in gradebook.assignment_submissions(lab):
            per_cell = scores.setdefault(submission.student_id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.max_score:
                        per_cell[grade.name] = (float(grade.score), float(grade.max_score))
        max_total = float(assignment.max_score)
    return scores, max_total


def check_expectations(lab, scores):
    """Problems with the grades of the example submissions (empty when all is right)."""
    problems = [
        f"{student}: was not graded"
        for student in (SOLUTION_STUDENT, BLANK_STUDENT)
        if student not in scores
    ]
    mistakes = load_mistakes(lab)
    solution = scores.get(SOLUTION_STUDENT, {})
    for cell, (score, maximum) in solution.items():
        if score != maximum:
            problems.append(f"solution: {cell} earned {score:g} of {maximum:g}")
    for cell, (score, _) in scores.get(BLANK_STUDENT, {}).items():
        if score != 0:
            problems.append(f"blank: {cell} earned {score:g}, expected 0")
    for mistake in mistakes:
        earned = scores.get(mistake.student)
        if earned is None:
            problems.append(f"{mistake.student}: was not graded")
            continue
        unknown = [cell for cell in mistake.loses if cell not in solution]
        if unknown:
            problems.append(f"{mistake.student}: names unknown test cells {unknown}")
        for cell, (score, maximum) in earned.items():
            expected = 0.0 if cell in mistake.loses else maximum
            if score != expected:
                problems.append(
                    f"{mistake.student}: {cell} earned {score:g}, expected {expected:g}"
                )
    cells = set(solution)
    covered = {cell for mistake in mistakes for cell in mistake.loses}
    for cell in sorted(cells - covered):
        problems.append(f"no example mistake loses the points of {cell}")
    return problems


def format_table(lab, scores, max_total):
    cells = list(next(iter(scores.values())).keys()) if scores else []
    students = sorted(
        scores, key=lambda s: (s != SOLUTION_STUDENT, s != BLANK_STUDENT, s)
    )
    short = [cell.replace("test_", "") for cell in cells]
    name_width = max(len(s) for s in students) if students else 10
    widths = [max(len(name), 5) for name in short]
    lines = [f"Grades for {lab} (points per graded cell; max total {max_total:g})"]
    header = " ".join(f"{name:>{w}}" for name, w in zip(short, widths))
    lines.append(f"{'student':<{name_width}} {header} {'total':>6}")
    lines.append(f"{'':<{name_width}} " + " ".join(
        f"{'/' + format(scores[students[0]][cell][1], 'g'):>{w}}" for cell, w in zip(cells, widths)
    ) + f" {'/' + format(max_total, 'g'):>6}")
    for student in students:
        row = scores[student]
        values = " ".join(
            f"{row.get(cell, (0.0, 0.0))[0]:>{w}g}" for cell, w in zip(cells, widths)
        )
        total = sum(score for score, _ in row.values())
        lines.append(f"{student:<{name_width}} {values} {total:>6g}")
    return "\n".join(lines)


def demo(labs=None, workdir=DEMO_DIR, verbose=True):
    """The whole grading cycle on example submissions; returns {lab: problems}."""
    def say(message):
        if verbose:
            print(message, flush=True)

    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    results = {}
    for lab in labs or list_labs():
        say(f"== {lab}: release")
        release_dir = os.path.join(workdir, "release")
        release([lab], release_dir=release_dir, course_root=workdir)
        examples = build_example_submissions(
            lab, release_dir, os.path.join(workdir, "submitted")
        )
        for student, description in examples.items():
            say(f"   {student}: {description}")
        say(f"== {lab}: autograde {len(examples)} example submissions")
        autograde(lab, students=list(examples), course_root=workdir, progress=verbose)
        feedback_dir = generate_feedback(lab, course_root=workdir)
        grades_csv = export_grades(course_root=workdir)
        scores, max_total = cell_scores(lab, course_root=workdir)
        say("")
        say(format_table(lab, scores, max_total))
        problems = check_expectations(lab, scores)
        results[lab] = problems
        say("")
        if problems:
            say(f"GRADING PROBLEMS in {lab}:")
            for problem in problems:
                say(f"  - {problem}")
        else:
            say(
                f"OK: the solution earns full marks, the blank earns zero, and each "
                f"of the {len(load_mistakes(lab))} example mistakes loses exactly its cells' points."
            )
        say(f"Feedback: {os.path.relpath(feedback_dir, REPO_DIR)}/   Grades: "
            f"{os.path.relpath(grades_csv, REPO_DIR)}")
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("release", help="generate labs/ from solutions/")
    sub.add_parser("check-release", help="fail if labs/ is stale against solutions/")
    for name in ("autograde", "feedback", "demo"):
        command = sub.add_parser(name)
        command.add_argument("lab", nargs="?", help="default: every lab")
    sub.add_parser("grades", help="export all grades to autograder/grades.csv")
    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            release()
            print(f"Released {', '.join(list_labs())} into labs/.")
        elif args.command == "check-release":
            stale = stale_labs()
            if stale:
                print(f"labs/ is stale for {', '.join(stale)}: run `make release`.")
                return 1
            print("labs/ is up to date with solutions/.")
        elif args.command == "autograde":
            for lab in [args.lab] if args.lab else list_labs():
                autograde(lab)
                scores, max_total = cell_scores(lab)
                print(format_table(lab, scores, max_total))
        elif args.command == "feedback":
            for lab in [args.lab] if args.lab else list_labs():
                print(f"Feedback written under {generate_feedback(lab)}")
        elif args.command == "grades":
            print(f"Grades written to {export_grades()}")
        elif args.command == "demo":
            results = demo([args.lab] if args.lab else None)
            return 1 if any(results.values()) else 0
    except GradingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
