"""Instructor tooling: release labs, autograde, hand back feedback, and prove the grading right.

Run it from the repository root (the Makefile does)::

    python autograder/grading.py release            # solutions/ -> labs/
    python autograder/grading.py check-release      # fail if labs/ is stale
    python autograder/grading.py autograde [LAB]    # grade autograder/submitted/
    python autograder/grading.py feedback [LAB]     # HTML feedback per student
    python autograder/grading.py grades             # autograder/grades.csv
    python autograder/grading.py demo [LAB]         # the whole cycle on example submissions
    python autograder/grading.py demo --exhaustive  # ... with every example graded on its own

``autograde`` and ``demo`` grade ``--workers`` submissions at once (default:
``GRADING_WORKERS``, else one per CPU core).

Every lab keeps example answers beside its solution, one Python file per
answer, each replacing one solution cell. Plausible wrong answers live in
``autograder/mistakes/<lab>/`` and name the test cells they must fail::

    # Mistake: a random split that ignores the classes
    # Replaces: split_train_val
    # Loses: test_split_train_val
    def split_train_val(...):
        ...

Differently written correct answers live in ``autograder/alternatives/<lab>/``
and must keep every point::

    # Alternative: boolean masks per class instead of index permutations
    # Replaces: split_train_val
    def split_train_val(...):
        ...

``demo`` releases each lab into a scratch course directory (the real
gradebook is never touched) and builds one submission from the solution, one
from the blank release, and the example submissions: mistakes that replace
different cells and lose different test cells are bundled into one submission,
and so are alternatives. It autogrades them in parallel, prints the grade
table, and checks that the solution and every alternative earn full marks, the
blank earns zero, and every bundle loses exactly the union of its members'
cells. It also checks coverage: at least two mistakes and one alternative per
solution cell. ``--exhaustive`` grades each example on its own, which pins a
wrong grade on one file. The test suite runs the bundled proof for every lab.
"""

import argparse
import copy
import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings

import nbformat

import runner
import sandbox
import submissions

AUTOGRADER_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(AUTOGRADER_DIR)
SOLUTIONS_DIR = os.path.join(REPO_DIR, "solutions")
LABS_DIR = os.path.join(REPO_DIR, "labs")
MISTAKES_DIR = os.path.join(AUTOGRADER_DIR, "mistakes")
ALTERNATIVES_DIR = os.path.join(AUTOGRADER_DIR, "alternatives")
DEMO_DIR = os.path.join(AUTOGRADER_DIR, "demo_work")
# What a student's code never sees while it is graded (see sandbox.py).
SANDBOX_HIDDEN = (SOLUTIONS_DIR, AUTOGRADER_DIR, os.path.join(REPO_DIR, ".git"))

SOLUTION_STUDENT = "example_solution"
BLANK_STUDENT = "example_blank"
MISTAKE_PREFIX = "example_"


class GradingError(RuntimeError):
    """A step of the grading cycle failed; the message says which and why."""


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

def list_labs():
    """Names of the labs in solutions/, in order."""
    return sorted(
        name
        for name in os.listdir(SOLUTIONS_DIR)
        if os.path.isdir(os.path.join(SOLUTIONS_DIR, name)) and not name.startswith(".")
    )


def lab_notebooks(lab, root=None):
    folder = os.path.join(root or SOLUTIONS_DIR, lab)
    return sorted(name for name in os.listdir(folder) if name.endswith(".ipynb"))


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


class SubmissionTimeout(GradingError):
    """Grading one submission ran past its wall-clock limit and was stopped."""


class SubmissionFailed(GradingError):
    """nbgrader could not grade one submission; ``reason`` says why in words."""

    def __init__(self, reason, log):
        super().__init__(f"{reason}\n{log}")
        self.reason = reason
        self.log = log

    def __reduce__(self):
        # Raised on a Dask worker, it must survive the trip back.
        return (type(self), (self.reason, self.log))


@dataclasses.dataclass
class AutogradeReport:
    """What became of every submission: graded, or ungradable with a reason, and what needs review."""

    lab: str
    graded: list = dataclasses.field(default_factory=list)
    unchanged: list = dataclasses.field(default_factory=list)
    graded_on: dict = dataclasses.field(default_factory=dict)
    ungradable: list = dataclasses.field(default_factory=list)
    review: dict = dataclasses.field(default_factory=dict)

    @property
    def needs_attention(self):
        return bool(self.ungradable or self.review)

    def summary(self):
        lines = []
        if self.ungradable:
            lines.append(f"{len(self.ungradable)} submission(s) of {self.lab} could not be graded:")
            lines += [f"  {u.student}: {u.reason}" for u in self.ungradable]
        if self.review:
            lines.append(f"{len(self.review)} graded submission(s) of {self.lab} need a manual review:")
            lines += [f"  {student}: {note}" for student, notes in self.review.items() for note in notes]
        return "\n".join(lines)


def run_nbgrader(args, course_root=AUTOGRADER_DIR, extra_config=(), env=None, timeout=None):
    """Run one nbgrader command in the course directory; raise with its log on failure.

    ``env`` adds environment variables (the sandbox's); ``timeout`` is a
    wall-clock limit in seconds, after which nbgrader and everything it
    started (the kernel included) are killed.
    """
    full_env = dict(os.environ)
    # nbgrader shells out to `alembic`, which lives beside the Python running us.
    full_env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + full_env.get("PATH", "")
    full_env.update(env or {})
    command = [sys.executable, "-m", "nbgrader", *args]
    if course_root != AUTOGRADER_DIR:
        command.append(f"--CourseDirectory.root={course_root}")
    command.append(f"--CourseDirectory.db_url={_db_url(course_root)}")
    command += list(extra_config)
    process = subprocess.Popen(
        command, cwd=AUTOGRADER_DIR, env=full_env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        stdout, stderr = process.communicate()
        raise SubmissionTimeout(
            f"`nbgrader {' '.join(args)}` ran past its limit of {timeout} s and was stopped:\n"
            + stdout[-2000:] + stderr[-2000:]
        )
    finally:
        _kill_group(process)
    if process.returncode != 0:
        raise GradingError(
            f"`nbgrader {' '.join(args)}` failed (exit {process.returncode}):\n"
            + stdout[-4000:]
            + stderr[-4000:]
        )
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process):
    """Kill whatever is left of a process group (a kernel that outlived nbgrader, say)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


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


# Gradebook URLs of courses whose gradebook is not the SQLite file in their
# folder. The instructor's course takes COURSE_DB_URL (for example a
# PostgreSQL server shared by several graders); scratch courses (the demo,
# each graded submission's own folder) always use SQLite.
DB_URLS = {}


def _db_url(course_root):
    if course_root in DB_URLS:
        return DB_URLS[course_root]
    if course_root == AUTOGRADER_DIR and os.environ.get("COURSE_DB_URL"):
        return os.environ["COURSE_DB_URL"]
    return "sqlite:///" + os.path.join(course_root, "gradebook.db")


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


def default_workers():
    """How many submissions to grade at once: GRADING_WORKERS, else one per CPU core."""
    requested = os.environ.get("GRADING_WORKERS", "").strip()
    if requested:
        if not requested.isdigit() or int(requested) < 1:
            raise GradingError(f"GRADING_WORKERS={requested!r} must be a positive integer.")
        return int(requested)
    return os.cpu_count() or 1


def _submitted_students(lab, course_root):
    submitted = os.path.join(course_root, "submitted")
    if not os.path.isdir(submitted):
        return []
    return sorted(
        student
        for student in os.listdir(submitted)
        if os.path.isdir(os.path.join(submitted, student, lab))
    )


def _nbgrader_autograde(lab, student, root, hidden, limits):
    """Run ``nbgrader autograde`` for one student in course directory ``root``.

    With ``limits`` (a SandboxLimits), the notebook runs in the sandboxed
    kernel, which cannot see ``hidden`` folders, under those limits; with
    None it runs unsandboxed, as nbgrader does by default.
    """
    env, extra, timeout = {}, [], None
    if limits is not None:
        scratch = os.path.join(root, ".sandbox", student)
        shutil.rmtree(scratch, ignore_errors=True)
        env = sandbox.environment(
            scratch, hidden=[*SANDBOX_HIDDEN, *hidden], limits=limits,
            data_dir=os.environ.get("COURSE_DATA_DIR"),
        )
        extra = sandbox.nbgrader_arguments(env)
        timeout = limits.wall_seconds
    try:
        run_nbgrader(
            ["autograde", lab, "--student", student, "--create", "--force"],
            course_root=root, extra_config=extra, env=env, timeout=timeout,
        )
    except GradingError as error:
        timed_out = isinstance(error, SubmissionTimeout)
        reason = submissions.classify_failure(str(error), timed_out, timeout)
        if limits is not None and reason.startswith("kernel died"):
            cell = _cell_with_source(
                os.path.join(root, "submitted", student, lab),
                sandbox.last_cell_source(env),
            )
            if cell:
                reason = reason.replace("kernel died", f"kernel died in cell {cell}", 1)
        raise SubmissionFailed(reason, str(error)) from None
    finally:
        if limits is not None:
            sandbox.cleanup(env)
            shutil.rmtree(os.path.join(root, ".sandbox", student), ignore_errors=True)
    if not os.path.isdir(os.path.join(root, "autograded", student, lab)):
        raise SubmissionFailed("nbgrader wrote no autograded notebook", "")


def _cell_with_source(folder, source):
    """The id (or nbgrader grade id) of the submitted cell whose source is ``source``."""
    if not source:
        return None
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ipynb"):
            continue
        try:
            nb = nbformat.read(os.path.join(folder, name), as_version=4)
        except Exception:
            continue
        for cell in nb.cells:
            if cell.source.strip() == source.strip():
                return cell.metadata.get("nbgrader", {}).get("grade_id") or cell.get("id")
    return None


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


def sandbox_limits(mode="require"):
    """The sandbox limits to grade with, from ``c.CourseSandbox`` in nbgrader_config.py.

    ``mode`` is ``"require"`` (refuse to grade without a working sandbox),
    ``"if-available"`` (fall back to unsandboxed grading, for trusted example
    submissions), or ``"off"``. Returns None when grading runs unsandboxed.
    """
    if mode not in ("require", "if-available", "off"):
        raise ValueError(f"unknown sandbox mode {mode!r}")
    try:
        settings = sandbox.settings_from_config(os.path.join(AUTOGRADER_DIR, "nbgrader_config.py"))
    except ValueError as error:
        raise GradingError(str(error)) from None
    if mode == "off" or not settings.enabled:
        return None
    try:
        sandbox.check_available()
    except sandbox.SandboxUnavailable as error:
        if mode == "if-available":
            return None
        raise GradingError(f"refusing to grade: {error}") from None
    return settings.limits


def autograde(lab, students=None, course_root=AUTOGRADER_DIR, progress=True, workers=1,
              limits=None, force=False):
    """Autograde submissions of a lab, ``workers`` at a time, with a progress bar.

    Every submission is first checked against the release: one that is not
    a notebook, or saved under another name, is reported as ungradable;
    nbgrader metadata a student altered is restored from the release and the
    submission flagged for review. A submission graded before whose files
    have not changed since is skipped, unless ``force``.

    With one worker (and no ``DASK_SCHEDULER_ADDRESS``), submissions are
    graded one after another in the course directory itself. Otherwise each
    is graded by a Dask task in a course directory of its own (see
    runner.py), and this process alone merges the results into the course
    gradebook as they arrive. ``limits`` (a SandboxLimits) runs student code
    in the sandbox.

    Returns:
        An AutogradeReport. No submission stops the others: failures end as
        ungradable rows with their reason.
    """
    if students is None:
        students = _submitted_students(lab, course_root)
    if not students:
        raise GradingError(
            f"No submissions of {lab} found in {os.path.join(course_root, 'submitted')}"
            f"/<student>/{lab}/. Collect them there first (nbgrader collect or zip_collect)."
        )
    from tqdm.auto import tqdm

    report = AutogradeReport(lab)
    released = _released_notebooks(lab, course_root)
    fingerprints = _read_fingerprints(course_root)
    gradable = []
    for student in students:
        folder = os.path.join(course_root, "submitted", student, lab)
        reason, notes = submissions.prepare(folder, released)
        if reason:
            report.ungradable.append(submissions.Ungradable(student, reason))
            continue
        if notes:
            report.review[student] = notes
        if not force and fingerprints.get(lab, {}).get(student) == _fingerprint(folder) \
                and _has_submission(lab, student, course_root):
            report.unchanged.append(student)
        else:
            gradable.append(student)

    def failed(student, error):
        reason = error.reason if isinstance(error, SubmissionFailed) else str(error).splitlines()[0]
        log = error.log if isinstance(error, SubmissionFailed) else str(error)
        report.ungradable.append(submissions.Ungradable(student, reason, log))

    def graded(student):
        report.graded.append(student)
        fingerprints.setdefault(lab, {})[student] = _fingerprint(
            os.path.join(course_root, "submitted", student, lab))
        _write_fingerprints(course_root, fingerprints)

    use_dask = bool(gradable) and (workers > 1 or os.environ.get("DASK_SCHEDULER_ADDRESS"))
    bar = tqdm(
        total=len(gradable), desc=f"autograde {lab}", unit="submission",
        disable=not progress, file=sys.stdout,
    )
    with bar:
        if not use_dask:
            for student in gradable:
                bar.set_postfix_str(student)
                try:
                    _nbgrader_autograde(lab, student, course_root, [course_root], limits)
                    graded(student)
                except GradingError as error:
                    failed(student, error)
                    _forget_submission(lab, student, course_root)
                bar.update(1)
        else:
            gradebook = _worker_gradebook(lab, course_root)
            jobs = {
                student: (runner.read_tree(os.path.join(course_root, "submitted", student, lab)),
                          gradebook)
                for student in gradable
            }
            for student, result in runner.grade_many(lab, jobs, limits, workers):
                if isinstance(result, Exception):
                    failed(student, result)
                else:
                    worker_root = os.path.join(course_root, ".workers", student)
                    shutil.rmtree(worker_root, ignore_errors=True)
                    runner.write_tree(os.path.join(worker_root, "autograded", student, lab),
                                      result["autograded"])
                    with open(os.path.join(worker_root, "gradebook.db"), "wb") as handle:
                        handle.write(result["gradebook"])
                    _merge_graded(lab, student, worker_root, course_root)
                    shutil.rmtree(worker_root, ignore_errors=True)
                    graded(student)
                    report.graded_on[student] = result["worker"]
                bar.set_postfix_str(student)
                bar.update(1)
    report.graded.sort()
    report.ungradable.sort(key=lambda u: u.student)
    return report


def _fingerprint(folder):
    import hashlib

    digest = hashlib.sha256()
    for relative, data in sorted(runner.read_tree(folder).items()):
        digest.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _fingerprints_path(course_root):
    return os.path.join(course_root, "graded-submissions.json")


def _read_fingerprints(course_root):
    import json

    try:
        with open(_fingerprints_path(course_root), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def _write_fingerprints(course_root, fingerprints):
    import json

    with open(_fingerprints_path(course_root), "w", encoding="utf-8") as handle:
        json.dump(fingerprints, handle, indent=1, sort_keys=True)


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


def _released_notebooks(lab, course_root):
    """The lab's released notebooks, from the course's release folder or, failing that, labs/."""
    for release_dir in (os.path.join(course_root, "release"), LABS_DIR):
        if os.path.isdir(os.path.join(release_dir, lab)):
            return submissions.release_notebooks(release_dir, lab)
    raise GradingError(f"{lab} has not been released: run `make release` first.")


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


def graded_cells(lab):
    """(solution cells, test cells with points) of a lab's source notebooks."""
    solution_cells, test_cells = set(), set()
    for name in lab_notebooks(lab):
        nb = nbformat.read(os.path.join(SOLUTIONS_DIR, lab, name), as_version=4)
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


def format_table(lab, scores, max_total, ungradable=()):
    students = sorted(
        scores, key=lambda s: (s != SOLUTION_STUDENT, s != BLANK_STUDENT, s)
    )
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
        say(format_table(lab, scores, max_total))
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("release", help="generate labs/ from solutions/")
    sub.add_parser("check-release", help="fail if labs/ is stale against solutions/")
    commands = {name: sub.add_parser(name) for name in ("autograde", "feedback", "demo")}
    for command in commands.values():
        command.add_argument("lab", nargs="?", help="default: every lab")
    for name in ("autograde", "demo"):
        commands[name].add_argument(
            "--workers", type=int, default=None,
            help="submissions graded at once (default: GRADING_WORKERS, else one per core)",
        )
    commands["autograde"].add_argument(
        "--force", action="store_true",
        help="regrade submissions already graded whose files have not changed",
    )
    commands["autograde"].add_argument(
        "--no-sandbox", action="store_true",
        help="run student code unsandboxed, with the grader's rights (at your own risk)",
    )
    commands["demo"].add_argument(
        "--exhaustive", action="store_true",
        help="grade every example mistake and alternative on its own instead of in bundles",
    )
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
            attention = False
            for lab in [args.lab] if args.lab else list_labs():
                limits = sandbox_limits("off" if args.no_sandbox else "require")
                if limits is None:
                    print("warning: grading WITHOUT a sandbox: student code runs with your rights.")
                report = autograde(lab, workers=args.workers or default_workers(), limits=limits,
                                   force=args.force)
                if report.unchanged:
                    print(f"{len(report.unchanged)} submission(s) unchanged since they were graded; "
                          "kept their grades (--force regrades them).")
                scores, max_total = cell_scores(lab)
                print(format_table(lab, scores, max_total, report.ungradable))
                if report.needs_attention:
                    print(report.summary())
                    attention = True
            if attention:
                print("Some submissions need your attention (above); the others are graded.")
                return 1
        elif args.command == "feedback":
            for lab in [args.lab] if args.lab else list_labs():
                print(f"Feedback written under {generate_feedback(lab)}")
        elif args.command == "grades":
            print(f"Grades written to {export_grades()}")
        elif args.command == "demo":
            results = demo(
                [args.lab] if args.lab else None,
                workers=args.workers,
                exhaustive=args.exhaustive,
            )
            return 1 if any(results.values()) else 0
    except GradingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
