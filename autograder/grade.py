"""Autograding a class: every submission ends graded, or ungradable with a reason in words."""

import dataclasses
import os
import shutil
import sys
import traceback

import nbformat

import runner
import sandbox
import submissions
from common import (
    AUTOGRADER_DIR,
    LABS_DIR,
    SANDBOX_HIDDEN,
    GradingError,
    SubmissionTimeout,
    run_nbgrader,
)
from gradebook import _forget_submission, _has_submission, _merge_graded, _worker_gradebook


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
                    try:
                        _merge_result(lab, student, result, course_root)
                    except Exception as error:  # one bad merge must not stop the class
                        failed(student, SubmissionFailed(
                            f"graded, but the result could not be saved in the gradebook "
                            f"({type(error).__name__}: {error})", traceback.format_exc()))
                    else:
                        graded(student)
                        report.graded_on[student] = result["worker"]
                bar.set_postfix_str(student)
                bar.update(1)
    report.graded.sort()
    report.ungradable.sort(key=lambda u: u.student)
    return report


def _merge_result(lab, student, result, course_root):
    """Write a grading task's result beside the course and merge it into the gradebook."""
    worker_root = os.path.join(course_root, ".workers", student)
    shutil.rmtree(worker_root, ignore_errors=True)
    runner.write_tree(os.path.join(worker_root, "autograded", student, lab), result["autograded"])
    with open(os.path.join(worker_root, "gradebook.db"), "wb") as handle:
        handle.write(result["gradebook"])
    _merge_graded(lab, student, worker_root, course_root)
    shutil.rmtree(worker_root, ignore_errors=True)


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


def _released_notebooks(lab, course_root):
    """The lab's released notebooks, from the course's release folder or, failing that, labs/."""
    for release_dir in (os.path.join(course_root, "release"), LABS_DIR):
        if os.path.isdir(os.path.join(release_dir, lab)):
            return submissions.release_notebooks(release_dir, lab)
    raise GradingError(f"{lab} has not been released: run `make release` first.")
