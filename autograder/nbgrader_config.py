"""nbgrader configuration for the course.

Run every nbgrader command from this directory (the Makefile does), so that
this file is picked up. Layout:

- ``../solutions/<lab>/``  instructor source: solutions and hidden tests;
- ``../labs/<lab>/``       what students get (``nbgrader generate_assignment``);
- ``submitted/<student>/<lab>/``, ``autograded/``, ``feedback/`` here, with the
  gradebook in ``gradebook.db``; none of these are committed.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

c = get_config()  # noqa: F821 - injected by nbgrader

c.CourseDirectory.course_id = "deep-learning-in-practice"
c.CourseDirectory.root = HERE
# COURSE_SOURCE_DIR points a test at a course of its own.
c.CourseDirectory.source_directory = os.environ.get("COURSE_SOURCE_DIR") or os.path.join(REPO, "solutions")
c.CourseDirectory.release_directory = os.path.join(REPO, "labs")
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# The gradebook is this SQLite file unless COURSE_DB_URL names a database
# server (e.g. postgresql+psycopg://grader@db.example.edu/course) for a course
# with several graders.
c.CourseDirectory.db_url = os.environ.get("COURSE_DB_URL") or "sqlite:///" + os.path.join(HERE, "gradebook.db")

# Only notebooks are part of a lab; keep data and checkpoints out of releases.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.npz"]

# Labs train small models on CPU while being graded: give each cell room, but
# a stuck cell still fails instead of blocking the whole class.
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True

# What a student sees in place of a solution.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Keep released notebooks free of outputs so that labs/ diffs stay readable.
c.ClearOutput.enabled = True

# nbgrader gives a test cell zero points when it writes anything to stderr.
# TensorFlow's C++ runtime logs to stderr at import and during training, and
# Keras warnings go there too, none of which mean a test failed. So the
# grading kernel leaves file-descriptor output uncaptured (it lands in the
# grading log instead of the notebook) and sends Python's stderr to stdout.
# Failed tests are unaffected: they raise, and an error output scores zero.
c.Execute.extra_arguments = [
    "--IPKernelApp.capture_fd_output=False",
    "--IPKernelApp.exec_lines=import sys; sys.stderr = sys.stdout",
]

# Feedback never shows hidden tests: before the HTML is rendered, every graded
# test cell's source becomes "# Tests for <cell> (hidden)" and every error
# keeps only its type and message (tracebacks quote source lines). The same
# code serves `make check` for self-study; see feedback.py.
import sys  # noqa: E402

if HERE not in sys.path:
    sys.path.insert(0, HERE)
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from feedback import HideTests  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, HideTests, CSSHTMLHeaderPreprocessor]

# Student code runs sandboxed while it is graded (see sandbox.py): inside
# bubblewrap, with no network, unable to see solutions/, the gradebook or other
# students' files, and under these limits. `make autograde` refuses to grade
# when bubblewrap is missing, unless enabled is False or --no-sandbox is given.
c.CourseSandbox.enabled = True
c.CourseSandbox.memory_mb = 6144      # address space of one student's kernel
c.CourseSandbox.processes = 1024      # processes and threads (enforced when grading as root)
c.CourseSandbox.wall_seconds = 900    # one whole submission, kernel start to last cell

# A test cell earns points only if it really ran to its end: student code
# cannot hide a failing test or forge a partial score (see integrity.py).
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from integrity import VerifiedExecute  # noqa: E402

c.Autograde.autograde_preprocessors = [
    VerifiedExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
