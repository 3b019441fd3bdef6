"""How long grading a class takes: serial against parallel, and where the time goes.

Grades N copies of the Lab 1 solution (``--n``, default 40) in a scratch
course, first one at a time and then on a local Dask cluster with
``--workers`` workers (default: one per core), both in the sandbox when
bubblewrap is available. Prints the wall time of each run, the speed-up, the
projection for 100 submissions, and the cost of one submission broken down
from nbgrader's per-cell timings: kernel start and nbgrader overhead,
imports, data loading, training, tests and everything else.

    python bench/autograde.py            # the full measurement (about half an hour on two cores)
    python bench/autograde.py --n 6      # a quick look
"""

import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "autograder"))

import grading  # noqa: E402
import nbformat  # noqa: E402
import proofs  # noqa: E402

LAB = "lab01_basic_recipe"
# Which Lab 1 cells count as what, for the breakdown.
PHASES = {
    "imports": ("setup",),
    "data": ("prepare",),
    "training": ("train", "overfit"),
}


def _stamp(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def breakdown(notebook_path, total_seconds):
    """Seconds per phase for one autograded notebook, from its cells' execution timestamps."""
    nb = nbformat.read(notebook_path, as_version=4)
    phases = {"kernel start and overhead": 0.0, "imports": 0.0, "data": 0.0, "training": 0.0,
              "tests": 0.0, "other cells": 0.0}
    cells_total = 0.0
    for cell in nb.cells:
        timing = cell.metadata.get("execution")
        if cell.cell_type != "code" or not timing:
            continue
        seconds = _stamp(timing["shell.execute_reply"]) - _stamp(timing["iopub.execute_input"])
        cells_total += seconds
        grade = cell.metadata.get("nbgrader", {})
        phase = next((name for name, ids in PHASES.items() if cell.get("id") in ids), None)
        if phase is None:
            phase = "tests" if grade.get("grade") else "other cells"
        phases[phase] += seconds
    phases["kernel start and overhead"] = max(0.0, total_seconds - cells_total)
    return phases


def run(n, workers, workdir, limits):
    course = os.path.join(workdir, f"course-{workers}")
    os.makedirs(course)
    grading.release([LAB], release_dir=os.path.join(course, "release"), course_root=course)
    source = proofs._solution_sources(LAB, f"{LAB}.ipynb")
    released = nbformat.read(os.path.join(course, "release", LAB, f"{LAB}.ipynb"), as_version=4)
    students = [f"student_{i:03d}" for i in range(n)]
    for student in students:
        folder = os.path.join(course, "submitted", student, LAB)
        os.makedirs(folder)
        nbformat.write(proofs._answered(released, source), os.path.join(folder, f"{LAB}.ipynb"))
    started = time.monotonic()
    report = grading.autograde(LAB, students=students, course_root=course, progress=True,
                               workers=workers, limits=limits)
    seconds = time.monotonic() - started
    if report.ungradable:
        raise SystemExit(f"ungradable: {report.ungradable}")
    return course, students, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40, help="submissions per run (default 40)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if args.n < 1 or args.workers < 2:
        parser.error("--n must be at least 1 and --workers at least 2")
    limits = grading.sandbox_limits("if-available")
    print(f"Grading {args.n} copies of the {LAB} solution on {os.cpu_count()} cores, "
          + ("in the sandbox" if limits else "without a sandbox (bubblewrap unavailable)"))
    workdir = tempfile.mkdtemp(prefix="bench-autograde-")
    try:
        course, students, serial = run(args.n, 1, workdir, limits)
        per_submission = serial / args.n
        phases = [breakdown(os.path.join(course, "autograded", s, LAB, f"{LAB}.ipynb"), per_submission)
                  for s in students]
        _, _, parallel = run(args.n, args.workers, workdir, limits)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(f"serial:             {serial:7.1f} s  ({per_submission:.1f} s per submission)")
    print(f"parallel ({args.workers} workers): {parallel:7.1f} s  ({parallel / args.n:.1f} s per submission)")
    print(f"speed-up:           {serial / parallel:7.2f}x")
    print(f"100 submissions:    {100 * parallel / args.n / 60:7.1f} min in parallel "
          f"(target: at most 30 min), {100 * per_submission / 60:.1f} min serially")
    print()
    print("One submission, serial run (median over submissions):")
    for phase in phases[0]:
        values = [p[phase] for p in phases]
        print(f"  {phase:<26s} {statistics.median(values):6.1f} s")


if __name__ == "__main__":
    main()
