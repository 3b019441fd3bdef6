"""The sandbox that student code runs in while it is graded, attacked for real.

A sandboxed kernel is started as nbgrader starts it, and student-side code
tries what a hostile submission would: read the solutions and the gradebook,
write outside its folder, reach the network, exhaust memory and processes.
Then whole submissions are graded with nbgrader: broken, killing their kernel,
looping forever, and rewriting the gradebook.
"""

import json
import os
import sqlite3
import textwrap

import pytest

from .course_fixtures import FAKE_LAB, REPO, RIGHT, grading, require_sandbox, sandbox


def test_limits_come_from_the_nbgrader_config(tmp_path):
    config = tmp_path / "nbgrader_config.py"
    config.write_text("c = get_config()\nc.CourseSandbox.memory_mb = 512\nc.CourseSandbox.wall_seconds = 60\n")
    settings = sandbox.settings_from_config(str(config))
    assert settings.enabled and settings.limits == sandbox.SandboxLimits(memory_mb=512, wall_seconds=60)
    config.write_text("c = get_config()\nc.CourseSandbox.memory_gb = 4\n")
    with pytest.raises(ValueError, match=r"unknown CourseSandbox option\(s\) \['memory_gb'\]"):
        sandbox.settings_from_config(str(config))
    with pytest.raises(ValueError, match="processes must be a positive integer"):
        sandbox.SandboxLimits(processes=0)
    shipped = sandbox.settings_from_config(os.path.join(REPO, "autograder", "nbgrader_config.py"))
    assert shipped.enabled, "the course grades sandboxed by default"


def test_grading_refuses_without_bubblewrap_unless_told(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    with pytest.raises(grading.GradingError, match="refusing to grade: bubblewrap .* apt-get install bubblewrap"):
        grading.sandbox_limits("require")
    assert grading.sandbox_limits("if-available") is None
    assert grading.sandbox_limits("off") is None


ATTACKS = r"""
import json, os, socket, threading
result = {}
def attempt(name, action):
    try:
        result[name] = ("done", repr(action())[:80])
    except BaseException as error:
        result[name] = ("refused", type(error).__name__)
attempt("list_solutions", lambda: os.listdir(SOLUTIONS))
attempt("read_gradebook", lambda: open(GRADEBOOK, "rb").read(16))
attempt("list_course", lambda: os.listdir(COURSE))
attempt("write_repo", lambda: open(os.path.join(REPO, "README.md"), "a").write("x"))
attempt("write_data", lambda: open(os.path.join(DATA, "new.npz"), "w").write("x"))
attempt("read_data", lambda: sorted(os.listdir(DATA)))
attempt("write_cwd", lambda: open("scratch.txt", "w").write("ok"))
attempt("network", lambda: socket.create_connection(("127.0.0.1", PORT), timeout=2))
attempt("memory", lambda: bytearray(3 * 1024 ** 3))
def many_threads():
    stop = threading.Event()
    threads = [threading.Thread(target=stop.wait) for _ in range(200)]
    try:
        for thread in threads:
            thread.start()
    finally:
        stop.set()
attempt("threads", many_threads)
print(json.dumps(result))
"""


def _run_in_sandboxed_kernel(tmp_path, code, limits, hidden):
    from jupyter_client.manager import KernelManager

    scratch, workdir = tmp_path / "scratch", tmp_path / "work"
    workdir.mkdir()
    env = sandbox.environment(str(scratch), hidden=hidden, limits=limits,
                              data_dir=str(tmp_path / "data"))
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    runtime = env["JUPYTER_RUNTIME_DIR"]
    manager = KernelManager(kernel_name=sandbox.KERNEL_NAME, transport="ipc",
                            ip=os.path.join(runtime, "kernel-ipc"),
                            connection_file=os.path.join(runtime, "kernel.json"))
    try:
        manager.start_kernel(cwd=str(workdir))
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(code, timeout=120, output_hook=_collect(out := []))
        assert reply["content"]["status"] == "ok", reply["content"]
        result = json.loads("".join(out).strip().splitlines()[-1])
        return {key: tuple(value) for key, value in result.items()}, workdir
    finally:
        manager.shutdown_kernel(now=True)
        sandbox.cleanup(env)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _collect(out):
    def hook(message):
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])
    return hook


@pytest.mark.slow
def test_student_code_cannot_escape_the_sandbox(tmp_path):
    require_sandbox()
    course = tmp_path / "course"
    (course / "submitted" / "bob").mkdir(parents=True)
    (course / "gradebook.db").write_bytes(b"SQLite format 3\x00")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mnist.npz").write_bytes(b"data")
    import socket
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    code = ATTACKS.replace("SOLUTIONS", repr(os.path.join(REPO, "solutions"))) \
        .replace("GRADEBOOK", repr(str(course / "gradebook.db"))) \
        .replace("COURSE", repr(str(course))).replace("REPO", repr(REPO)) \
        .replace("DATA", repr(str(tmp_path / "data"))).replace("PORT", str(server.getsockname()[1]))
    limits = sandbox.SandboxLimits(memory_mb=2048, processes=64)
    hidden = [*grading.SANDBOX_HIDDEN, str(course)]
    result, workdir = _run_in_sandboxed_kernel(tmp_path, code, limits, hidden)
    server.close()
    assert result["list_solutions"] == ("done", "[]"), "solutions/ must look empty"
    assert result["read_gradebook"][0] == "refused"
    assert result["list_course"] == ("done", "[]"), "the course being graded must look empty"
    assert result["write_repo"][0] == "refused"
    assert result["write_data"][0] == "refused"
    assert result["read_data"] == ("done", "['mnist.npz']"), "the data stay readable"
    assert result["write_cwd"] == ("done", "2") and (workdir / "scratch.txt").read_text() == "ok"
    assert result["network"][0] == "refused"
    assert result["memory"] == ("refused", "MemoryError")
    if os.geteuid() == 0:
        assert result["threads"] == ("refused", "RuntimeError"), "the process limit must hold"
    assert (course / "gradebook.db").read_bytes() == b"SQLite format 3\x00"


def _grade(course, workers, limits):
    return grading.autograde(FAKE_LAB, course_root=course.root, progress=False,
                             workers=workers, limits=limits)


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_hostile_class_is_graded_and_every_student_accounted_for(fake_course, workers):
    require_sandbox()
    gradebook = os.path.join(fake_course.root, "gradebook.db")
    fake_course.submit("ada", RIGHT)
    fake_course.submit("bob", {"add": "def add(a, b):\n    return a - b", "double": RIGHT["double"]})
    fake_course.submit("carl", raw="not a notebook")
    fake_course.submit("dora", RIGHT, name="copy of lab.ipynb")
    fake_course.submit("eve", {"add": "import os\nos._exit(0)", "double": RIGHT["double"]})
    fake_course.submit("finn", {"add": textwrap.dedent("""\
        import time
        while True:
            try:
                time.sleep(1)
            except KeyboardInterrupt:
                pass"""), "double": RIGHT["double"]})
    # Mallory looks for the gradebook from her folder and zeroes the class,
    # and tries to overwrite Ada's submission.
    fake_course.submit("mallory", {"add": RIGHT["add"] + textwrap.dedent(f"""
        import glob, os, sqlite3
        for path in [{gradebook!r}, *glob.glob("../../../**/gradebook.db", recursive=True)]:
            try:
                db = sqlite3.connect(path)
                db.execute("update grade set manual_score = 0")
                db.commit()
            except Exception:
                pass
        try:
            open({os.path.join(fake_course.root, "submitted", "ada", FAKE_LAB, FAKE_LAB + ".ipynb")!r}, "w").write("")
        except Exception:
            pass"""), "double": RIGHT["double"]})
    limits = sandbox.SandboxLimits(wall_seconds=40)
    report = _grade(fake_course, workers, limits)
    assert report.graded == ["ada", "bob", "mallory"], [(u.student, u.reason) for u in report.ungradable]
    assert any("reaches for grading files" in note for note in report.review["mallory"])
    reasons = {row.student: row.reason for row in report.ungradable}
    assert reasons == {
        "carl": f"{FAKE_LAB}.ipynb is not a notebook (Expecting value: line 1 column 1 (char 0))",
        "dora": f"saved under another name: found copy of lab.ipynb, expected {FAKE_LAB}.ipynb",
        "eve": "kernel died in cell add (the code exited the kernel, crashed it, or ran out of memory)",
        "finn": "timed out: grading took longer than 40 s and was stopped",
    }
    scores = fake_course.scores()
    assert {s: sum(p for p, _ in cells.values()) for s, cells in scores.items()} == {
        "ada": 3, "bob": 1, "mallory": 3}
    db = sqlite3.connect(gradebook)
    assert db.execute("select count(*) from grade where manual_score is not null").fetchone() == (0,)
    ada = os.path.join(fake_course.root, "submitted", "ada", FAKE_LAB, FAKE_LAB + ".ipynb")
    assert os.path.getsize(ada) > 0, "another student's submission was overwritten"
    table = grading.format_table(FAKE_LAB, scores, 3, report.ungradable)
    assert "finn" in table and "UNGRADABLE: timed out" in table
