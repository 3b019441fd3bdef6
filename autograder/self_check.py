"""Self-check for self-study: grade your own lab notebook with the hidden tests.

Run it from the repository root (``make check`` does)::

    python autograder/self_check.py lab01_basic_recipe path/to/my_notebook.ipynb
    python autograder/self_check.py lab01_basic_recipe my.ipynb --html my_feedback.html

It grades the notebook exactly as the instructor's ``make autograde`` does
(nbgrader's autograde, with the hidden tests put back into the test cells),
but in a scratch course directory, so ``autograder/gradebook.db`` is never
touched. It prints one row per test cell: passed, or failed with the
assertion message, and the points. It never prints the source of a hidden
test: results go through ``feedback.py``, the same leak-free path as the
instructor's ``make feedback``, and any nbgrader log shown after an error has
the lines of hidden tests and solutions blanked out.

Exit status: 0 when every test passes, 1 when some fail, 2 when the notebook
could not be graded (the message says why).
"""

import argparse
import os
import shutil
import sys
import tempfile

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import feedback  # noqa: E402
import grading  # noqa: E402

STUDENT = "self"


class SelfCheckError(RuntimeError):
    """The notebook cannot be checked; the message says why, without hidden source."""


def _graded_ids(nb):
    """grade ids of the solution and test cells of a notebook."""
    ids = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") and (meta.get("solution") or meta.get("grade")):
            ids.add(meta["grade_id"])
    return ids


def _source_notebook(lab, notebook, solutions_dir):
    """The lab's source notebook the learner's notebook answers (by name, or the only one)."""
    if not os.path.isdir(os.path.join(solutions_dir, lab)):
        known = sorted(
            name for name in os.listdir(solutions_dir)
            if os.path.isdir(os.path.join(solutions_dir, name)) and not name.startswith(".")
        )
        raise SelfCheckError(f"there is no lab {lab!r}; the labs are: {', '.join(known)}.")
    names = grading.lab_notebooks(lab, solutions_dir)
    if not names:
        raise SelfCheckError(f"lab {lab!r} has no notebook in solutions/.")
    if len(names) == 1:
        return names[0]
    if os.path.basename(notebook) in names:
        return os.path.basename(notebook)
    raise SelfCheckError(
        f"lab {lab!r} has several notebooks ({', '.join(names)}); name your file like the one it answers."
    )


def _read_learner_notebook(path):
    if not path:
        raise SelfCheckError("name the notebook to check, e.g. NOTEBOOK=labs/<lab>/<lab>.ipynb.")
    if not os.path.isfile(path):
        raise SelfCheckError(f"{path}: no such file.")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several kinds for a file that is not a notebook
        raise SelfCheckError(f"{path} is not a readable Jupyter notebook ({type(error).__name__}).")


def check(lab, notebook, solutions_dir=None, html=None, announce=None):
    """Grade ``notebook`` against ``lab``'s hidden tests; return its feedback.CellResult list.

    ``html``, if given, is where to write the leak-free feedback page;
    ``announce``, if given, is called with a message once the notebook is
    found to be one of the lab's and grading starts.
    """
    solutions_dir = solutions_dir or grading.SOLUTIONS_DIR
    if not lab:
        raise SelfCheckError("name the lab, e.g. LAB=lab01_basic_recipe.")
    source_name = _source_notebook(lab, notebook, solutions_dir)
    learner = _read_learner_notebook(notebook)
    source = nbformat.read(os.path.join(solutions_dir, lab, source_name), as_version=4)
    missing = sorted(_graded_ids(source) - _graded_ids(learner))
    if missing:
        raise SelfCheckError(
            f"{notebook} is not a notebook of {lab}: it lacks the graded cells "
            f"{', '.join(missing)}. Start from labs/{lab}/{source_name} and keep its cells."
        )

    if announce:
        announce(f"Checking {notebook} against the hidden tests of {lab} "
                 "(the whole notebook runs, as when it is graded; this takes a while)...")
    with tempfile.TemporaryDirectory(prefix="self-check-") as scratch:
        release_dir = os.path.join(scratch, "release")
        config = [
            f"--CourseDirectory.source_directory={solutions_dir}",
            f"--CourseDirectory.release_directory={release_dir}",
        ]
        secrets = feedback.lab_secrets(os.path.join(solutions_dir, lab), solutions=True)
        try:
            grading.run_nbgrader(
                ["generate_assignment", lab, "--force", "--create"],
                course_root=scratch, extra_config=config,
            )
            submitted = os.path.join(scratch, "submitted", STUDENT, lab)
            os.makedirs(submitted)
            shutil.copy(notebook, os.path.join(submitted, source_name))
            grading.run_nbgrader(
                ["autograde", lab, "--student", STUDENT, "--create", "--force"],
                course_root=scratch, extra_config=config,
            )
            scores, _ = grading.cell_scores(lab, course_root=scratch)
            autograded = nbformat.read(
                os.path.join(scratch, "autograded", STUDENT, lab, source_name), as_version=4
            )
            if html:
                folder = grading.generate_feedback(lab, course_root=scratch)
                page = os.path.join(folder, STUDENT, lab, source_name[: -len(".ipynb")] + ".html")
                shutil.copy(page, html)
        except grading.GradingError as error:
            log = feedback.redact(str(error), secrets)
            raise SelfCheckError(f"the notebook could not be graded.\n{log[-3000:]}") from None
    return feedback.cell_results(autograded, scores.get(STUDENT, {}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lab", nargs="?", default="", help="the lab, e.g. lab01_basic_recipe")
    parser.add_argument("notebook", nargs="?", default="", help="your notebook")
    parser.add_argument("--html", help="also write the feedback page (hidden tests hidden) here")
    args = parser.parse_args(argv)
    try:
        results = check(args.lab, args.notebook, html=args.html,
                        announce=lambda message: print(message, flush=True))
    except SelfCheckError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not results:
        print(f"error: no graded test cell of {args.lab} was found in the graded notebook.",
              file=sys.stderr)
        return 2
    print(feedback.format_results(results))
    if args.html:
        print(f"Feedback page: {args.html}")
    failed = [r.grade_id for r in results if not r.passed]
    print("All tests passed." if not failed else f"{len(failed)} test cell(s) failed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
