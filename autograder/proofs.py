"""The proof that a lab grades right: example mistakes and alternatives, graded like a class.

See the top of grading.py for the file format of the examples.
"""

import copy
import dataclasses
import os
import shutil
import time

import nbformat

import common
from common import AUTOGRADER_DIR, REPO_DIR, GradingError, default_workers, lab_notebooks, list_labs
from grade import autograde, sandbox_limits
from gradebook import cell_scores, export_grades, format_table, generate_feedback
from release import release

MISTAKES_DIR = os.path.join(AUTOGRADER_DIR, "mistakes")
ALTERNATIVES_DIR = os.path.join(AUTOGRADER_DIR, "alternatives")
DEMO_DIR = os.path.join(AUTOGRADER_DIR, "demo_work")

SOLUTION_STUDENT = "example_solution"
BLANK_STUDENT = "example_blank"
MISTAKE_PREFIX = "example_"


@dataclasses.dataclass(frozen=True)
class Example:
    """One example answer to a solution cell: a plausible mistake or a correct alternative.

    ``loses`` names the test cells a mistake must fail; it is empty for a
    correct alternative, which must keep every point.
    """

    name: str
    description: str
    replaces: str
    loses: tuple
    source: str

    @property
    def is_mistake(self):
        return bool(self.loses)

    @property
    def student(self):
        return f"{MISTAKE_PREFIX}{self.name}"


# Kept for readers of older mistake-handling code: a mistake is an Example that loses points.
Mistake = Example


@dataclasses.dataclass(frozen=True)
class ExampleSubmission:
    """A submission the grading proof builds, and the points it must lose.

    ``answers`` maps solution cells to the source they get (cells not named
    keep the instructor's solution, unless ``blank`` is set); ``loses`` is the
    set of test cells that must score zero (``None`` for the blank release,
    which must score zero everywhere). Every other test cell must earn full marks.
    """

    student: str
    description: str
    answers: dict
    loses: frozenset = frozenset()
    blank: bool = False
    examples: tuple = ()


def _read_examples(folder, lab, kind):
    """Read ``<folder>/<lab>/*.py`` into Example records; ``kind`` is "Mistake" or "Alternative"."""
    folder = os.path.join(folder, lab)
    if not os.path.isdir(folder):
        return []
    required = {kind, "Replaces"} | ({"Loses"} if kind == "Mistake" else set())
    examples = []
    for filename in sorted(os.listdir(folder)):
        if not filename.endswith(".py"):
            continue
        with open(os.path.join(folder, filename), encoding="utf-8") as handle:
            text = handle.read()
        header = {}
        body = []
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if not body and line.startswith("# ") and key[2:] in required:
                header[key[2:]] = value.strip()
            else:
                body.append(line)
        missing = required - set(header)
        if missing:
            raise GradingError(
                f"{lab}/{filename} lacks the header line(s) {sorted(missing)}; "
                "see the docstring of autograder/grading.py for the format."
            )
        loses = tuple(
            cell.strip() for cell in header.get("Loses", "").split(",") if cell.strip()
        )
        if kind == "Mistake" and not loses:
            raise GradingError(f"{lab}/{filename}: a mistake must name the test cells it loses.")
        prefix = "mistake_" if kind == "Mistake" else "alternative_"
        examples.append(
            Example(
                name=prefix + filename[: -len(".py")],
                description=header[kind],
                replaces=header["Replaces"],
                loses=loses,
                source="\n".join(body).strip("\n"),
            )
        )
    return examples


def load_mistakes(lab):
    """Read autograder/mistakes/<lab>/*.py: plausible wrong answers and the cells they lose."""
    return _read_examples(MISTAKES_DIR, lab, "Mistake")


def load_alternatives(lab):
    """Read autograder/alternatives/<lab>/*.py: differently written correct answers."""
    return _read_examples(ALTERNATIVES_DIR, lab, "Alternative")


def bundle(examples):
    """Group examples into as few submissions as possible without hiding one behind another.

    Two examples share a submission only if they replace different solution
    cells and the test cells they lose are disjoint, so the bundle must lose
    exactly the union of its members' cells and every member's loss stays
    visible in the table. Greedy first fit, in the order given.
    """
    bundles = []
    for example in examples:
        for members in bundles:
            if all(
                other.replaces != example.replaces
                and not set(other.loses) & set(example.loses)
                for other in members
            ):
                members.append(example)
                break
        else:
            bundles.append([example])
    return bundles


def example_submissions(lab, solution_cells, exhaustive=False):
    """The submissions that prove a lab's grading: solution, blank, mistakes and alternatives.

    By default mistakes (and alternatives) that replace different cells are
    bundled into one submission each (see ``bundle``); ``exhaustive=True``
    grades every example on its own, which is slower but pins a wrong grade
    on a single file.
    """
    submissions = [
        ExampleSubmission(SOLUTION_STUDENT, "the instructor's solution", {}),
        ExampleSubmission(BLANK_STUDENT, "the released notebook, unanswered", {}, blank=True),
    ]
    for kind, examples in (("mistakes", load_mistakes(lab)), ("alternatives", load_alternatives(lab))):
        examples = [example for example in examples if example.replaces in solution_cells]
        groups = [[example] for example in examples] if exhaustive else bundle(examples)
        for index, members in enumerate(groups, start=1):
            if len(members) == 1:
                student = members[0].student
                description = members[0].description
            else:
                student = f"{MISTAKE_PREFIX}{kind}_{index}"
                description = "; ".join(f"{m.replaces}: {m.description}" for m in members)
            submissions.append(
                ExampleSubmission(
                    student=student,
                    description=description,
                    answers={m.replaces: m.source for m in members},
                    loses=frozenset(cell for m in members for cell in m.loses),
                    examples=tuple(members),
                )
            )
    return submissions


def _strip_solution_markers(source):
    markers = ("### BEGIN SOLUTION", "### END SOLUTION")
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in markers
    )


def _solution_sources(lab, notebook):
    nb = nbformat.read(os.path.join(common.SOLUTIONS_DIR, lab, notebook), as_version=4)
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


def build_example_submissions(lab, release_dir, submitted_dir, exhaustive=False):
    """Write a lab's example submissions into ``submitted_dir``; return their ExampleSubmission records."""
    notebooks = lab_notebooks(lab, release_dir)
    solutions = {notebook: _solution_sources(lab, notebook) for notebook in notebooks}
    solution_cells = {cell for cells in solutions.values() for cell in cells}
    examples = example_submissions(lab, solution_cells, exhaustive=exhaustive)
    for notebook in notebooks:
        released = nbformat.read(os.path.join(release_dir, lab, notebook), as_version=4)
        for submission in examples:
            answers = {} if submission.blank else dict(solutions[notebook])
            answers.update(
                (cell, source)
                for cell, source in submission.answers.items()
                if cell in solutions[notebook]
            )
            folder = os.path.join(submitted_dir, submission.student, lab)
            os.makedirs(folder, exist_ok=True)
            nbformat.write(_answered(released, answers), os.path.join(folder, notebook))
    return examples


def graded_cells(lab):
    """(solution cells, test cells with points) of a lab's source notebooks."""
    solution_cells, test_cells = set(), set()
    for name in lab_notebooks(lab):
        nb = nbformat.read(os.path.join(common.SOLUTIONS_DIR, lab, name), as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                solution_cells.add(meta["grade_id"])
            elif meta.get("grade") and meta.get("points"):
                test_cells.add(meta["grade_id"])
    return solution_cells, test_cells


def coverage_problems(lab, min_mistakes=2, min_alternatives=1):
    """What the lab's example answers fail to cover (empty when the proof is complete).

    Every solution cell needs ``min_mistakes`` plausible wrong answers and
    ``min_alternatives`` differently written correct ones; every test cell
    with points must be lost by some mistake; every example must name cells
    that exist.
    """
    solution_cells, test_cells = graded_cells(lab)
    mistakes, alternatives = load_mistakes(lab), load_alternatives(lab)
    problems = []
    for example in mistakes + alternatives:
        if example.replaces not in solution_cells:
            problems.append(f"{example.name}: replaces unknown solution cell {example.replaces!r}")
        unknown = sorted(set(example.loses) - test_cells)
        if unknown:
            problems.append(f"{example.name}: names unknown test cells {unknown}")
    for cell in sorted(solution_cells):
        n_mistakes = sum(m.replaces == cell for m in mistakes)
        n_alternatives = sum(a.replaces == cell for a in alternatives)
        if n_mistakes < min_mistakes:
            problems.append(
                f"{cell}: {n_mistakes} example mistake(s), at least {min_mistakes} needed"
            )
        if n_alternatives < min_alternatives:
            problems.append(
                f"{cell}: {n_alternatives} correct alternative(s), at least {min_alternatives} needed"
            )
    covered = {cell for mistake in mistakes for cell in mistake.loses}
    for cell in sorted(test_cells - covered):
        problems.append(f"no example mistake loses the points of {cell}")
    return problems


def _label(student):
    return {SOLUTION_STUDENT: "solution", BLANK_STUDENT: "blank"}.get(student, student)


def check_expectations(lab, scores, submissions):
    """Problems with the grades of the example submissions (empty when all is right).

    The solution and every alternative must earn full marks, the blank zero on
    every cell, and every mistake (or bundle of mistakes) exactly the points of
    the cells it does not name.
    """
    problems = []
    for submission in submissions:
        earned = scores.get(submission.student)
        if earned is None:
            problems.append(f"{_label(submission.student)}: was not graded")
            continue
        for cell, (score, maximum) in earned.items():
            expected = 0.0 if submission.blank or cell in submission.loses else maximum
            if score != expected:
                # A point lost unexpectedly may come from any member of a bundle;
                # a point kept unexpectedly, only from the members that should lose it.
                culprits = [
                    m.name for m in submission.examples
                    if expected == maximum or cell in m.loses
                ] if len(submission.examples) > 1 else []
                suffix = f" (in the bundle: {', '.join(culprits)})" if culprits else ""
                problems.append(
                    f"{_label(submission.student)}: {cell} earned {score:g} of {maximum:g}, "
                    f"expected {expected:g}{suffix}"
                )
    return problems


def demo(labs=None, workdir=DEMO_DIR, verbose=True, workers=None, exhaustive=False):
    """The whole grading cycle on example submissions; returns {lab: problems}.

    Mistakes that replace different cells are bundled into one submission
    (each bundle must lose exactly the union of its cells), and submissions
    are graded ``workers`` at a time; ``exhaustive=True`` grades every
    example on its own.
    """
    def say(message):
        if verbose:
            print(message, flush=True)

    workers = workers or default_workers()
    # The example submissions are the course's own, so a machine without
    # bubblewrap may still prove the grading; real submissions may not.
    limits = sandbox_limits("if-available")
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    results = {}
    for lab in labs or list_labs():
        started = time.monotonic()
        say(f"== {lab}: release")
        release_dir = os.path.join(workdir, "release")
        release([lab], release_dir=release_dir, course_root=workdir)
        examples = build_example_submissions(
            lab, release_dir, os.path.join(workdir, "submitted"), exhaustive=exhaustive
        )
        for example in examples:
            say(f"   {example.student}: {example.description}")
        say(f"== {lab}: autograde {len(examples)} example submissions, {workers} at a time, "
            + ("in the sandbox" if limits else "WITHOUT a sandbox (bubblewrap unavailable)"))
        problems = []
        report = autograde(lab, students=[e.student for e in examples], course_root=workdir,
                           progress=verbose, workers=workers, limits=limits)
        problems += [f"{u.student}: could not be graded: {u.reason}\n{u.detail[-3000:]}"
                     for u in report.ungradable]
        problems += [f"{student}: {note}" for student, notes in report.review.items()
                     for note in notes]
        if not report.graded:
            results[lab] = problems
            say("\n".join(["GRADING PROBLEMS:", *problems]))
            continue
        feedback_dir = generate_feedback(lab, course_root=workdir)
        grades_csv = export_grades(course_root=workdir)
        scores, max_total = cell_scores(lab, course_root=workdir)
        say("")
        say(format_table(lab, scores, max_total, first=(SOLUTION_STUDENT, BLANK_STUDENT)))
        problems += check_expectations(lab, scores, examples) + coverage_problems(lab)
        results[lab] = problems
        say("")
        if problems:
            say(f"GRADING PROBLEMS in {lab}:")
            for problem in problems:
                say(f"  - {problem}")
        else:
            n_mistakes, n_alternatives = len(load_mistakes(lab)), len(load_alternatives(lab))
            say(
                f"OK: the solution earns full marks, the blank earns zero, each of the "
                f"{n_mistakes} example mistakes loses exactly its cells' points, and each of the "
                f"{n_alternatives} correct alternatives keeps them "
                f"({len(examples)} submissions in {time.monotonic() - started:.0f} s)."
            )
        say(f"Feedback: {os.path.relpath(feedback_dir, REPO_DIR)}/   Grades: "
            f"{os.path.relpath(grades_csv, REPO_DIR)}")
    return results
