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
c.CourseDirectory.source_directory = os.path.join(REPO, "solutions")
c.CourseDirectory.release_directory = os.path.join(REPO, "labs")
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

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
