"""What every instructor tool shares: where the course lives, and how nbgrader is run."""

import os
import signal
import subprocess
import sys

AUTOGRADER_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(AUTOGRADER_DIR)
SOLUTIONS_DIR = os.path.join(REPO_DIR, "solutions")
LABS_DIR = os.path.join(REPO_DIR, "labs")
# What a student's code never sees while it is graded (see sandbox.py).
SANDBOX_HIDDEN = (SOLUTIONS_DIR, AUTOGRADER_DIR, os.path.join(REPO_DIR, ".git"))


class GradingError(RuntimeError):
    """A step of the grading cycle failed; the message says which and why."""


class SubmissionTimeout(GradingError):
    """Grading one submission ran past its wall-clock limit and was stopped."""


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


def default_workers():
    """How many submissions to grade at once: GRADING_WORKERS, else one per CPU core."""
    requested = os.environ.get("GRADING_WORKERS", "").strip()
    if requested:
        if not requested.isdigit() or int(requested) < 1:
            raise GradingError(f"GRADING_WORKERS={requested!r} must be a positive integer.")
        return int(requested)
    return os.cpu_count() or 1


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
