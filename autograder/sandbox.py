"""Sandboxed execution of student notebooks while they are graded.

nbgrader runs a student's notebook in a Jupyter kernel with the grader's
rights. Here that kernel starts inside bubblewrap (``bwrap``, a Debian
package), so that the student's code:

- sees the file system read-only, except its own working directory (the
  autograded copy of its submission) and a private ``/tmp``;
- cannot see ``solutions/``, ``autograder/`` (gradebook, other students'
  submissions, example answers), the repository's history, the course
  directory being graded, or the grader's home directory; the datasets in
  ``COURSE_DATA_DIR`` are mounted read-only;
- has no network (the kernel talks to nbgrader over Unix sockets);
- runs as an unprivileged user when grading runs as root, under a memory
  limit (address space) and a process limit.

The per-submission wall-clock limit is enforced by the grading process, which
kills the whole process group of the nbgrader run that overruns.

How it is wired: ``environment(...)`` returns the variables the grading
process sets for one nbgrader run. They point Jupyter at a kernel spec,
written into a scratch folder, whose command is this file; nbgrader is told to
use that kernel (``Execute.kernel_name``) over Unix sockets
(``KernelManager.transport = "ipc"``). When Jupyter starts the kernel, this file
builds the ``bwrap`` command line and replaces itself with it.

The limits come from ``c.CourseSandbox`` in ``autograder/nbgrader_config.py``.
"""

import dataclasses
import json
import os
import resource
import shutil
import sys
import tempfile

KERNEL_NAME = "course-sandbox"
NOBODY = 65534
_ENV_PREFIX = "COURSE_SANDBOX_"


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run on this machine; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class SandboxLimits:
    """Limits for one graded submission.

    Args:
        memory_mb: address-space limit of the kernel, in MiB.
        processes: process (and thread) limit of the kernel's user; only
            enforced when grading runs as root, since the kernel then runs
            as the unprivileged ``nobody`` user.
        wall_seconds: wall-clock limit for grading one submission, kernel
            start to the last cell.
    """

    memory_mb: int = 6144
    processes: int = 1024
    wall_seconds: int = 900

    def __post_init__(self):
        for name in ("memory_mb", "processes", "wall_seconds"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"CourseSandbox.{name} must be a positive integer, got {value!r}.")


@dataclasses.dataclass(frozen=True)
class SandboxSettings:
    enabled: bool = True
    limits: SandboxLimits = SandboxLimits()


def settings_from_config(config_file):
    """Read ``c.CourseSandbox`` (enabled, memory_mb, processes, wall_seconds) from an nbgrader config file."""
    from traitlets.config.loader import PyFileConfigLoader

    folder, name = os.path.split(os.path.abspath(config_file))
    config = PyFileConfigLoader(name, path=folder).load_config()
    section = config.get("CourseSandbox", {})
    known = {"enabled", "memory_mb", "processes", "wall_seconds"}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ValueError(
            f"{config_file}: unknown CourseSandbox option(s) {unknown}; known: {sorted(known)}."
        )
    limits = SandboxLimits(**{k: section[k] for k in ("memory_mb", "processes", "wall_seconds") if k in section})
    return SandboxSettings(enabled=bool(section.get("enabled", True)), limits=limits)


def check_available():
    """Raise SandboxUnavailable unless bubblewrap can start a sandbox here."""
    import subprocess

    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed, so student code cannot be sandboxed. "
            "Install it (Debian/Ubuntu: apt-get install bubblewrap), or grade without a "
            "sandbox at your own risk with --no-sandbox (or c.CourseSandbox.enabled = False "
            "in autograder/nbgrader_config.py)."
        )
    probe = subprocess.run(
        [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
         "--unshare-net", "--unshare-pid", "--die-with-parent", "true"],
        capture_output=True, text=True,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            "bubblewrap is installed but cannot create a sandbox here "
            f"({probe.stderr.strip() or 'exit ' + str(probe.returncode)}); unprivileged user "
            "namespaces may be disabled. Grade as root, enable them, or use --no-sandbox "
            "at your own risk."
        )


def environment(scratch, hidden, limits, data_dir=None):
    """Environment variables that make one nbgrader run use the sandboxed kernel.

    Args:
        scratch: a private folder for this run (kernel spec and sockets go there).
        hidden: folders the student's code must not see (they appear empty).
        limits: a SandboxLimits.
        data_dir: a datasets folder to mount read-only, if any.
    """
    kernel_dir = os.path.join(scratch, "jupyter", "kernels", KERNEL_NAME)
    os.makedirs(kernel_dir, exist_ok=True)
    # Unix socket paths are limited to about 100 characters, so the sockets
    # live in a short folder of their own rather than deep in the course.
    runtime_dir = tempfile.mkdtemp(prefix="course-kernel-")
    spec = {
        "argv": [sys.executable, os.path.abspath(__file__), "{connection_file}"],
        "display_name": "Python 3 (course sandbox)",
        "language": "python",
    }
    with open(os.path.join(kernel_dir, "kernel.json"), "w", encoding="utf-8") as handle:
        json.dump(spec, handle, indent=1)
    env = {
        "JUPYTER_PATH": os.path.join(scratch, "jupyter"),
        "JUPYTER_RUNTIME_DIR": runtime_dir,
        _ENV_PREFIX + "HIDE": os.pathsep.join(os.path.abspath(path) for path in hidden),
        _ENV_PREFIX + "MEMORY_MB": str(limits.memory_mb),
        _ENV_PREFIX + "PROCESSES": str(limits.processes),
    }
    if data_dir:
        env["COURSE_DATA_DIR"] = os.path.abspath(data_dir)
    with open(os.path.join(runtime_dir, STARTUP_FILE), "w", encoding="utf-8") as handle:
        handle.write(_STARTUP.format(record=os.path.join(runtime_dir, LAST_CELL_FILE)))
    return env


def last_cell_source(env):
    """The source of the last cell the sandboxed kernel started, or None (to name where it died)."""
    try:
        with open(os.path.join(env["JUPYTER_RUNTIME_DIR"], LAST_CELL_FILE), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def cleanup(env):
    """Remove the sockets folder of a finished run."""
    shutil.rmtree(env["JUPYTER_RUNTIME_DIR"], ignore_errors=True)


STARTUP_FILE = "course_startup.py"
LAST_CELL_FILE = "last-cell.txt"
# Runs in the kernel before any cell: remembers which cell runs, so that a
# kernel that dies can be reported with the cell that killed it.
_STARTUP = """
def _course_record_cell(info):
    try:
        with open({record!r}, "w", encoding="utf-8") as handle:
            handle.write(info.raw_cell)
    except OSError:
        pass


get_ipython().events.register("pre_run_cell", _course_record_cell)
del _course_record_cell
"""


def nbgrader_arguments(env):
    """Extra nbgrader command-line options that select the sandboxed kernel.

    The kernel talks over Unix sockets in the run's runtime folder (from
    ``environment``), the only place outside its working directory it may
    write; absolute paths, because nbgrader and the kernel run in different folders.
    """
    runtime_dir = env["JUPYTER_RUNTIME_DIR"]
    return [
        f"--Execute.kernel_name={KERNEL_NAME}",
        "--KernelManager.transport=ipc",
        f"--KernelManager.ip={os.path.join(runtime_dir, 'kernel-ipc')}",
        f"--KernelManager.connection_file={os.path.join(runtime_dir, 'kernel.json')}",
    ]


def bwrap_command(connection_file, kernel_arguments, workdir, hidden, data_dir, as_root):
    """The bwrap command line that starts an IPython kernel for ``connection_file``.

    Mounts are applied in order, so a later one shows through an earlier one:
    the home folder is emptied, then Python, the repository (for the editable
    course_lib) and the data come back read-only, then the hidden folders are
    emptied, and last the kernel's sockets and working directory come back writable.
    """
    runtime_dir = os.path.dirname(os.path.abspath(connection_file))
    home = os.path.expanduser("~")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    command = [
        shutil.which("bwrap") or "bwrap",
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--proc", "/proc",
        "--perms", "1777", "--tmpfs", "/tmp",
        "--perms", "1777", "--tmpfs", "/dev/shm",
        "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
        "--die-with-parent", "--new-session",
    ]
    emptied = ["/tmp"]

    def empty(path):
        command.extend(["--perms", "0755", "--tmpfs", path])
        emptied.append(path)

    def bind(kind, path):
        # Folders bwrap creates on the way to a mount point inside an emptied
        # folder would be private to root; the kernel's user must get through.
        parts = os.path.abspath(path).strip(os.sep).split(os.sep)
        for depth in range(1, len(parts)):
            ancestor = os.sep + os.path.join(*parts[:depth])
            if any(_inside(ancestor, folder) for folder in emptied):
                command.extend(["--perms", "0755", "--dir", ancestor])
        command.extend([kind, path, path])

    if os.path.isdir(home) and home != "/":
        empty(home)
    for path in (sys.prefix, sys.base_prefix, repo, data_dir):
        if path and os.path.isdir(path):
            bind("--ro-bind", path)
    for path in hidden:
        if os.path.isdir(path):
            empty(path)
    bind("--bind", runtime_dir)
    bind("--bind", workdir)
    command += ["--chdir", workdir]
    command += ["--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib"]
    # In its own PID namespace the kernel cannot see nbgrader's PID and would
    # take it for dead; --die-with-parent ends it with nbgrader instead.
    command += ["--unsetenv", "JPY_PARENT_PID"]
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file, *kernel_arguments,
              f"--IPKernelApp.exec_files={os.path.join(runtime_dir, STARTUP_FILE)}"]
    if as_root:
        kernel = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                  "--inh-caps=-all", "--bounding-set=-all", "--", *kernel]
    return command + ["--", *kernel]


def _inside(path, folder):
    """True if ``path`` lies strictly inside ``folder``."""
    folder = os.path.abspath(folder).rstrip(os.sep) + os.sep
    return os.path.abspath(path).startswith(folder)


def _launch(argv):
    """Kernel spec entry point: apply limits, then exec the kernel inside bwrap."""
    connection_file, kernel_arguments = argv[0], argv[1:]
    workdir = os.getcwd()
    hidden = [p for p in os.environ.get(_ENV_PREFIX + "HIDE", "").split(os.pathsep) if p]
    memory = int(os.environ.get(_ENV_PREFIX + "MEMORY_MB", "0"))
    processes = int(os.environ.get(_ENV_PREFIX + "PROCESSES", "0"))
    as_root = os.geteuid() == 0
    if as_root:
        # The kernel runs as nobody: it may write its working directory and
        # use its sockets, and read its connection file, nothing else.
        runtime_dir = os.path.dirname(os.path.abspath(connection_file))
        for path in (workdir, runtime_dir):
            os.chown(path, NOBODY, NOBODY)
        os.chmod(connection_file, 0o644)
        if processes:
            resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    if memory:
        limit = memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    command = bwrap_command(
        connection_file, kernel_arguments, workdir, hidden,
        os.environ.get("COURSE_DATA_DIR"), as_root,
    )
    os.execv(command[0], command)


if __name__ == "__main__":
    _launch(sys.argv[1:])
