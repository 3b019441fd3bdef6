"""`make lab` really serves Lab 1 in JupyterLab (a real server, real HTTP requests)."""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "course-test-token"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


@contextlib.contextmanager
def serving_lab(repo, tmp_path, make_args=()):
    """Run `make lab` in ``repo`` on a free port; yield the server's base URL once it answers."""
    port = _free_port()
    args = (
        f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token={TOKEN} "
        f"--ServerApp.port_retries=0"
    )
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    server = subprocess.Popen(
        ["make", "lab", f"JUPYTER_ARGS={args}", *make_args],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = _get(f"{base}/api/status")
                if status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, "make lab exited before the server came up"
            assert time.monotonic() < deadline, "JupyterLab did not start within 90 s"
            time.sleep(1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def assert_serves_lab01(base):
    """The server shows Lab 1 unanswered, with Validate but without nbgrader's instructor tools."""
    status, page = _get(f"{base}/lab/tree/lab01_basic_recipe/lab01_basic_recipe.ipynb")
    assert status == 200 and "JupyterLab" in page
    config = json.loads(
        re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    )
    # Students get nbgrader's Validate button, not its instructor tools.
    disabled = config["disabledExtensions"]
    assert "@jupyter/nbgrader:create-assignment" in disabled
    assert "@jupyter/nbgrader:formgrader" in disabled
    assert "@jupyter/nbgrader:validate-assignment" not in disabled

    _, body = _get(f"{base}/api/contents/lab01_basic_recipe/lab01_basic_recipe.ipynb")
    notebook = json.loads(body)["content"]
    sources = ["".join(cell["source"]) for cell in notebook["cells"]]
    assert sources[0].startswith("# Lab 1")
    assert any("raise NotImplementedError()" in source for source in sources)
    assert not any("### BEGIN SOLUTION" in source for source in sources)


@pytest.mark.slow
def test_make_lab_serves_lab01(tmp_path):
    if not os.path.exists(os.path.join(REPO, ".venv", ".installed")):
        pytest.skip("run `make install` first; this test drives the real `make lab`")
    with serving_lab(REPO, tmp_path) as base:
        assert_serves_lab01(base)


def test_validate_gives_each_cell_as_long_as_grading(tmp_path):
    """Validate runs a whole lab; nbgrader's default of 30 s per cell fails a lab's experiment cells."""
    if not os.path.exists(os.path.join(REPO, ".venv", ".installed")):
        pytest.skip("run `make install` first; this test reads the environment it configures")
    python = os.path.join(REPO, ".venv", "bin", "python")
    # Run from an empty folder, as Validate in JupyterLab does from a student's labs, so that no
    # nbgrader_config.py of the instructor's is read.
    read = subprocess.run(
        [python, "-c", "from nbgrader.apps import ValidateApp\n"
         "app = ValidateApp()\napp.initialize([])\nprint(app.config.Execute.timeout)"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == "300", (
        "nbgrader validate in the course environment must allow 300 s per cell "
        f"(make install writes .venv/etc/jupyter/nbgrader_config.py); got {read.stdout!r}"
    )
