"""Prepare a machine for the demo course hub (run as root; `make hub` does).

- Unix accounts ``instructor``, ``student1`` and ``student2`` with private homes;
- nbgrader's exchange directory, writable by everyone (nbgrader gives each
  course's inbound and feedback folders the permissions that keep students
  apart);
- the hub's state directory, readable by root only;
- ``~instructor/course``: an nbgrader course whose source is the course's
  solutions, with the course's grading settings (hidden tests stay hidden in
  feedback), ready for ``nbgrader generate_assignment``, ``release_assignment``,
  ``collect``, ``autograde``, ``generate_feedback`` and ``release_feedback``.

Paths come from the same variables as jupyterhub_config.py. Safe to run twice.
"""

import os
import pathlib
import pwd
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
COURSE_ID = "deep-learning-in-practice"
INSTRUCTOR = "instructor"
STUDENTS = ("student1", "student2")

COURSE_CONFIG = '''"""The course's nbgrader settings for grading on the hub (written by hub/demo_setup.py)."""

import sys

c = get_config()  # noqa: F821

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = {root!r}
c.Exchange.root = {exchange!r}
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.npz"]
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearOutput.enabled = True
# As in autograder/nbgrader_config.py: room per cell, TensorFlow's stderr kept
# out of the graded notebook, and feedback that never shows a hidden test.
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
c.Execute.extra_arguments = [
    "--IPKernelApp.capture_fd_output=False",
    "--IPKernelApp.exec_lines=import sys; sys.stderr = sys.stdout",
]
sys.path.insert(0, {autograder!r})
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from feedback import HideTests  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, HideTests, CSSHTMLHeaderPreprocessor]
'''


def ensure_user(name):
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
        entry = pwd.getpwnam(name)
    os.chmod(entry.pw_dir, 0o700)
    return entry


def write_course(home, exchange, labs=None, root=None):
    """``root`` (default ~instructor/course): the course's configuration and its labs' sources."""
    root = pathlib.Path(root or pathlib.Path(home.pw_dir) / "course")
    (root / "source").mkdir(parents=True, exist_ok=True)
    for lab in labs or sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir()):
        shutil.copytree(REPO / "solutions" / lab, root / "source" / lab, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (root / "nbgrader_config.py").write_text(
        COURSE_CONFIG.format(course_id=COURSE_ID, root=str(root), exchange=str(exchange),
                             autograder=str(REPO / "autograder")),
        encoding="utf-8",
    )
    for path in [root, *root.rglob("*")]:
        os.chown(path, home.pw_uid, home.pw_gid)
    return root


def setup(exchange, state, labs=None, course_root=None):
    if os.geteuid() != 0:
        sys.exit("The demo hub starts each user's server as that Unix user: run it as root.")
    exchange, state = pathlib.Path(exchange), pathlib.Path(state)
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o777)
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    for student in STUDENTS:
        ensure_user(student)
    return write_course(ensure_user(INSTRUCTOR), exchange, labs, course_root)


if __name__ == "__main__":
    course = setup(
        os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange"),
        os.environ.get("COURSE_HUB_STATE", "/srv/course-hub"),
    )
    data = os.environ.get("COURSE_DATA_DIR", "/srv/course-data")
    print(f"Demo accounts: {INSTRUCTOR} (course in {course}), {', '.join(STUDENTS)}.")
    if not (pathlib.Path(data) / "mnist.npz").exists():
        print(f"Note: no datasets in {data} yet; stage them there (README.md, Datasets) "
              "or set COURSE_DATA_DIR to a folder every user can read.")
