"""Instructor tooling: release labs, autograde, hand back feedback, and prove the grading right.

This is the command-line entry point. The tools live one concern to a module:

- ``release.py``: solutions/ to labs/, and whether labs/ is current;
- ``submissions.py``: checking collected submissions, and naming why one cannot be graded;
- ``sandbox.py`` and ``integrity.py``: running student code where it cannot reach the
  grading, and proving each test cell really ran;
- ``grade.py`` and ``runner.py``: autograding a class, in parallel on Dask;
- ``gradebook.py``: merging results, scores, tables and exports;
- ``feedback.py``: feedback that never shows hidden tests;
- ``proofs.py``: the example mistakes and alternatives that prove a lab grades right;
- ``self_check.py`` and ``student_dist.py``: self-study checks and the student edition.

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
import sys

# The tools, one module per concern; their names are re-exported here for
# scripts that use this module as the one entry point.
from common import *  # noqa: F401,F403
from common import GradingError, default_workers, list_labs
from grade import *  # noqa: F401,F403
from grade import autograde, sandbox_limits
from gradebook import *  # noqa: F401,F403
from gradebook import cell_scores, export_grades, format_table, generate_feedback
from proofs import *  # noqa: F401,F403
from proofs import demo
from release import *  # noqa: F401,F403
from release import release, stale_labs


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
