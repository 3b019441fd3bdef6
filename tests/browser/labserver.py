"""Start JupyterLab the way students do (`make lab`), on a folder of labs, on loopback."""

import contextlib
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
TOKEN = "course-browser-test"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds, what, headers=None):
    """Poll ``url`` until it answers 200; fail if ``process`` exits first or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with status {process.returncode} before it answered")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not answer within {seconds} s")
        time.sleep(1)


@contextlib.contextmanager
def make_lab(lab_dir, runtime_dir, log_path):
    """Run ``make lab LAB_DIR=lab_dir`` on a free port; yield the base URL once it answers."""
    port = free_port()
    args = (
        f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token={TOKEN} "
        f"--ServerApp.port_retries=0"
    )
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime_dir))
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"LAB_DIR={lab_dir}", f"JUPYTER_ARGS={args}"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/status", server, 120, "make lab", {"Authorization": f"token {TOKEN}"})
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
