"""The course hub (hub/): a whole term through nbgrader's exchange, and the students' view of it.

The exchange test drives, on loopback and as real Unix users with the hub's
configuration: the instructor releases Lab 1; both students fetch it; one
submits the solution and one a wrong answer; the instructor collects,
autogrades, generates and releases feedback; each student fetches their own
feedback with the right grade; and neither student can list, read or fetch the
other's submission or feedback, even knowing its exact path. The browser test
starts the hub itself (`make hub`'s configuration, with configurable-http-proxy
from npm), logs a student in and finds the released lab in JupyterLab's
Assignments panel.

It creates the demo accounts (instructor, student1, student2) when they are
missing, so it needs root; otherwise it skips and says why, unless
COURSE_REQUIRE_HUB=1 (set in CI). The demo users run the course environment,
so the checkout and its .venv must be readable by every user. Grading runs
Lab 1 twice, so it needs MNIST.
"""

import email
import os
import pathlib
import pwd
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile

import nbformat
import pytest
from packaging.specifiers import SpecifierSet

from course_lib import data

from .labserver import free_port, wait_for

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
HUB = REPO / "hub"
sys.path.insert(0, str(REPO / "autograder"))
sys.path.insert(0, str(HUB))
import demo_setup  # noqa: E402
import feedback  # noqa: E402
import proofs  # noqa: E402  (instructor tooling: the solution and an example mistake)

LAB = "lab01_basic_recipe"
NOTEBOOK = f"{LAB}.ipynb"
COURSE = demo_setup.COURSE_ID
STUDENTS = demo_setup.STUDENTS
PASSWORD = "hub-test-password"
MISTAKE = "mistake_build_mlp_adds_dropout"


def _unavailable(reason):
    if os.environ.get("COURSE_REQUIRE_HUB") == "1":
        pytest.fail(f"COURSE_REQUIRE_HUB=1 and {reason}")
    pytest.skip(reason)


def _mnist():
    try:
        data.load_mnist(download=False)
    except data.DatasetUnavailableError as error:
        if os.environ.get("COURSE_REQUIRE_DATA") == "1":
            pytest.fail(f"COURSE_REQUIRE_DATA=1 and grading Lab 1 needs MNIST:\n{error}")
        pytest.skip(f"grading Lab 1 needs MNIST:\n{error}")
    for folder in (os.environ.get("COURSE_DATA_DIR"), os.path.expanduser("~/.keras/datasets")):
        if folder and os.path.exists(os.path.join(folder, "mnist.npz")):
            return os.path.join(folder, "mnist.npz")
    _unavailable("MNIST is only available online; stage it in COURSE_DATA_DIR")


def _readable_by_everyone(path):
    path = pathlib.Path(os.path.realpath(path))
    return all(os.stat(p).st_mode & 0o005 == 0o005 for p in [path, *path.parents])


def shared_python(base):
    """An interpreter of the course environment that the demo users can run.

    On a hub the environment lives where every user can read it. A development
    machine may have built .venv on an interpreter in root's home; then a
    virtual environment on the system's Python of the same version, which
    loads .venv's packages, stands in for it.
    """
    for needed in (REPO, sysconfig.get_paths()["purelib"]):
        if not _readable_by_everyone(needed):
            _unavailable(f"the demo users cannot read {needed}: the course environment (and, for the "
                         "demo, the checkout it is installed from) must be readable by every user; "
                         "clone the course somewhere like /srv or /opt")
    if _readable_by_everyone(sys.executable):
        return sys.executable
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(version, path="/usr/local/bin:/usr/bin:/bin")
    if system is None or not _readable_by_everyone(system):
        _unavailable(f"the course environment's Python ({sys.executable}) is private to root, "
                     f"and there is no system {version} to share it through")
    env = base / "env"
    subprocess.run([system, "-m", "venv", "--without-pip", str(env)], check=True)
    (env / "lib" / version / "site-packages" / "course-env.pth").write_text(
        f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n"
    )
    # A package that needs a newer patch release than the system's Python (a
    # Requires-Python such as >=3.11.5) gets its newest release that runs on it,
    # ahead of the environment's copy.
    system_version = subprocess.run(
        [system, "-c", "import platform; print(platform.python_version())"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    too_new = []
    for metadata in pathlib.Path(sysconfig.get_paths()["purelib"]).glob("*.dist-info/METADATA"):
        fields = email.message_from_bytes(metadata.read_bytes())
        requires = fields.get("Requires-Python")
        if requires and not SpecifierSet(requires).contains(system_version):
            too_new.append(fields["Name"])
    if too_new:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--only-binary=:all:",
             "--python-version", system_version, "--target", str(env / "lib" / version / "site-packages"),
             *too_new],
            check=True,
        )
    # Jupyter and IPython look for their settings, lab extensions, templates and
    # kernels under sys.prefix: give the stand-in the environment's own.
    for folder in ("etc", "share"):
        if (pathlib.Path(sys.prefix) / folder).is_dir():
            (env / folder).symlink_to(pathlib.Path(sys.prefix) / folder)
    # The environment's commands (nbgrader runs alembic, jupyter runs its subcommands).
    for script in pathlib.Path(sys.executable).parent.iterdir():
        target = env / "bin" / script.name
        if target.exists() or not script.is_file():
            continue
        head, _, rest = script.read_bytes().partition(b"\n")
        if head.startswith(b"#!") and b"python" in head:
            target.write_bytes(b"#!" + str(env / "bin" / "python").encode() + b"\n" + rest)
            target.chmod(0o755)
    return str(env / "bin" / "python")


class Term:
    """A scratch hub installation: exchange, data, the instructor's course, everyone's folders."""

    def __init__(self):
        if os.environ.get("COURSE_RUN_HUB_TESTS") != "1" and os.environ.get("COURSE_REQUIRE_HUB") != "1":
            pytest.skip("the hub tests grade Lab 1 twice and start a hub (minutes): set COURSE_RUN_HUB_TESTS=1")
        if os.geteuid() != 0 or not shutil.which("useradd"):
            _unavailable("the hub test creates Unix accounts (instructor, student1, student2): run it as root")
        mnist = _mnist()
        # Under /tmp, not pytest's private tmp_path: the demo users must reach it.
        self.base = pathlib.Path(tempfile.mkdtemp(prefix="course-hub-"))
        os.chmod(self.base, 0o755)
        self.exchange = self.base / "exchange"
        self.state = self.base / "state"
        self.data = self.base / "data"
        self.data.mkdir()
        shutil.copy(mnist, self.data / "mnist.npz")
        os.chmod(self.data / "mnist.npz", 0o644)
        os.chmod(self.data, 0o755)
        self.course = demo_setup.setup(self.exchange, self.state, labs=[LAB], course_root=self.base / "course")
        self.python_exe = shared_python(self.base)
        self.homes = {}
        for user in ("instructor", *STUDENTS):
            entry = pwd.getpwnam(user)
            home = self.course if user == "instructor" else self.base / user
            home.mkdir(exist_ok=True)
            os.chown(home, entry.pw_uid, entry.pw_gid)
            os.chmod(home, 0o700)
            self.homes[user] = home

    def env(self):
        return {
            "PATH": f"{pathlib.Path(self.python_exe).parent}:/usr/bin:/bin",
            "COURSE_HUB_PYTHON": self.python_exe,
            "LANG": "C.UTF-8",
            "JUPYTER_CONFIG_PATH": str(HUB / "jupyter"),
            "COURSE_EXCHANGE": str(self.exchange),
            "COURSE_DATA_DIR": str(self.data),
            "COURSE_OFFLINE": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }

    def run(self, user, *args, check=True, timeout=600):
        """Run a command as ``user``, in their folder, as the hub's servers would."""
        entry = pwd.getpwnam(user)
        home = self.homes[user]
        env = dict(self.env(), HOME=str(home), USER=user, LOGNAME=user)
        result = subprocess.run(
            list(args), cwd=home, env=env, user=entry.pw_uid, group=entry.pw_gid, extra_groups=[],
            capture_output=True, text=True, timeout=timeout,
        )
        if check:
            assert result.returncode == 0, f"{user}: {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def nbgrader(self, user, *args, **kwargs):
        return self.run(user, self.python_exe, "-m", "nbgrader", *args, **kwargs)

    def python(self, user, code, **kwargs):
        return self.run(user, self.python_exe, "-c", code, **kwargs)

    def give(self, user, path, notebook):
        nbformat.write(notebook, path)
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)

    def close(self):
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="module")
def term():
    term = Term()
    term.nbgrader("instructor", "generate_assignment", LAB, "--force")
    term.nbgrader("instructor", "release_assignment", LAB, "--force")
    yield term
    term.close()


def _points():
    nb = nbformat.read(REPO / "solutions" / LAB / NOTEBOOK, as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: float(cell.metadata["nbgrader"]["points"])
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    }


def _score(feedback_html):
    match = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", feedback_html)
    assert match, "the feedback shows no score"
    return float(match.group(1)), float(match.group(2))


def test_hub_assignments_panel_lists_the_released_lab(term, offline_page, artifacts):
    port = free_port()
    hub_url = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ, **term.env(),
        COURSE_HUB_URL=hub_url, COURSE_HUB_STATE=str(term.state), COURSE_HUB_PASSWORD=PASSWORD,
    )
    env["PATH"] = f"{BIN}:{os.environ['PATH']}"
    proxy = HUB / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        if not shutil.which("npm"):
            _unavailable("configurable-http-proxy needs npm (Debian: apt-get install npm)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HUB, check=True)
    log_path = artifacts / "hub.log"
    with open(log_path, "wb") as log:
        hub = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(HUB / "jupyterhub_config.py")],
            cwd=term.state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for(f"{hub_url}/hub/health", hub, 120, "JupyterHub")
        page = offline_page.page
        page.goto(f"{hub_url}/hub/login")
        page.fill("input[name=username]", "student1")
        page.fill("input[name=password]", PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        # The server spawns as student1 and opens JupyterLab.
        page.wait_for_url(re.compile(r".*/user/student1/lab.*"), timeout=180_000)
        page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=180_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
        page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
        released = page.locator("#released_assignments_list")
        released.get_by_text(LAB).wait_for(timeout=60_000)
        assert released.get_by_text("deep-learning-in-practice").count() >= 1
        page.screenshot(path=artifacts / "hub-student1-assignments.png")
        assert offline_page.left_machine == []
    finally:
        os.killpg(hub.pid, signal.SIGTERM)
        try:
            hub.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)


def test_a_term_through_the_exchange(term):
    points = _points()
    total = sum(points.values())
    mistake = next(m for m in proofs.load_mistakes(LAB) if m.name == MISTAKE)
    wrong_score = total - sum(points[cell] for cell in mistake.loses)
    assert 0 < wrong_score < total

    # Both students see the release and fetch it.
    for student in STUDENTS:
        listed = term.nbgrader(student, "list")
        assert LAB in listed.stdout + listed.stderr
        term.nbgrader(student, "fetch_assignment", LAB)
        assert (term.homes[student] / LAB / NOTEBOOK).exists()

    # student1 answers with the solution, student2 with one plausible mistake.
    solution = proofs._solution_sources(LAB, NOTEBOOK)
    answers = {"student1": solution, "student2": dict(solution, **{mistake.replaces: mistake.source})}
    for student in STUDENTS:
        path = term.homes[student] / LAB / NOTEBOOK
        fetched = nbformat.read(path, as_version=4)
        term.give(student, path, proofs._answered(fetched, answers[student]))
        term.nbgrader(student, "submit", LAB)

    inbound = term.exchange / COURSE / "inbound"
    submissions = sorted(p.name for p in inbound.iterdir())
    assert [name.split("+")[0] for name in submissions] == ["student1", "student2"]
    # Neither student can list the inbound folder, read the other's submission or their folder.
    for student, other in (("student1", "student2"), ("student2", "student1")):
        theirs = next(name for name in submissions if name.startswith(other + "+"))
        probe = term.python(student, f"""
import os, glob
for action in (lambda: os.listdir({str(inbound)!r}),
               lambda: os.listdir({str(term.homes[other])!r})):
    try:
        action()
        print("ALLOWED")
    except PermissionError:
        print("DENIED")
# Without a listing the other's submission cannot be found: its folder name
# ends in a random string only the instructor can see.
print(len(glob.glob({str(inbound / (other + "+*"))!r})))
# And even with its exact path it cannot be read (hub/course_exchange.py): not
# the notebook, nor the secret that names the feedback files, nor the folder.
theirs = {str(inbound / theirs)!r}
for action in (lambda: open(os.path.join(theirs, {NOTEBOOK!r})).read(),
               lambda: open(os.path.join(theirs, "submission_secret.txt")).read(),
               lambda: os.listdir(theirs)):
    try:
        action()
        print("ALLOWED")
    except PermissionError:
        print("DENIED")
""")
        assert probe.stdout.split() == ["DENIED", "DENIED", "0", "DENIED", "DENIED", "DENIED"], probe.stdout
        assert len(theirs.split("+")[-1]) >= 8
        listed = term.nbgrader(student, "list", "--inbound", check=False)
        assert other not in listed.stdout + listed.stderr

    # The instructor collects, autogrades, and releases feedback.
    term.nbgrader("instructor", "collect", LAB)
    term.nbgrader("instructor", "autograde", LAB, timeout=900)
    term.nbgrader("instructor", "generate_feedback", LAB)
    term.nbgrader("instructor", "release_feedback", LAB)

    # Each student fetches their own feedback, with their grade, and no hidden test.
    expected = {"student1": total, "student2": wrong_score}
    hidden = [line for line in feedback.hidden_test_lines(
        nbformat.read(REPO / "solutions" / LAB / NOTEBOOK, as_version=4))][:5]
    for student in STUDENTS:
        term.nbgrader(student, "fetch_feedback", LAB)
        files = sorted((term.homes[student] / LAB / "feedback").rglob("*.html"))
        assert len(files) == 1, files
        html = files[0].read_text(encoding="utf-8")
        assert _score(html) == (expected[student], total), student
        assert not any(line in html for line in hidden)

    # Feedback stays private: no listing of the feedback folder, and asking for
    # the other student's feedback under their name brings nothing.
    released = term.exchange / COURSE / "feedback"
    for student, other in (("student1", "student2"), ("student2", "student1")):
        probe = term.python(student, f"""
import os
try:
    os.listdir({str(released)!r}); print("ALLOWED")
except PermissionError:
    print("DENIED")
""")
        assert probe.stdout.split() == ["DENIED"]
        before = sorted((term.homes[student] / LAB / "feedback").rglob("*.html"))
        term.nbgrader(student, "fetch_feedback", LAB, f"--student={other}", check=False)
        term.nbgrader(student, "fetch_feedback", LAB, f"--CourseDirectory.student_id={other}", check=False)
        after = sorted((term.homes[student] / LAB / "feedback").rglob("*.html"))
        assert after == before
        for path in after:
            assert _score(path.read_text(encoding="utf-8"))[0] == expected[student]
