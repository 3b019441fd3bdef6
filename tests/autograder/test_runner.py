"""Grading in parallel: a real Dask cluster, re-runs that skip what has not changed."""

import os
import socket
import subprocess
import sys
import time

import pytest

from .course_fixtures import FAKE_LAB, REPO, RIGHT, grading

DASK = os.path.join(os.path.dirname(sys.executable), "dask")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_workers(address, count, timeout=60):
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=timeout)


@pytest.mark.slow
def test_a_real_dask_cluster_grades_the_class(fake_course, monkeypatch):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "autograder"))
    processes = [subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        time.sleep(2)
        for _ in range(2):
            processes.append(subprocess.Popen(
                [DASK, "worker", address, "--nthreads", "1", "--nworkers", "1",
                 "--no-dashboard", "--memory-limit", "0"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True))
        _wait_for_workers(address, 2)
        students = ["ann", "ben", "cat", "dan"]
        for student in students:
            fake_course.submit(student, RIGHT if student != "ben" else {"add": "def add(a, b):\n    return 0"})
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
        report = grading.autograde(FAKE_LAB, course_root=fake_course.root, progress=False,
                                   workers=1, limits=None)
        assert report.graded == students and not report.ungradable
        assert len(set(report.graded_on.values())) == 2, report.graded_on
        totals = {s: sum(p for p, _ in cells.values()) for s, cells in fake_course.scores().items()}
        assert totals == {"ann": 3, "ben": 0, "cat": 3, "dan": 3}
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, 9)
            except ProcessLookupError:
                pass


@pytest.mark.slow
def test_a_rerun_skips_unchanged_submissions_unless_forced(fake_course):
    fake_course.submit("ann", RIGHT)
    fake_course.submit("ben", {"add": "def add(a, b):\n    return 0"})
    first = grading.autograde(FAKE_LAB, course_root=fake_course.root, progress=False, workers=2)
    assert first.graded == ["ann", "ben"]
    fake_course.submit("ben", RIGHT)
    second = grading.autograde(FAKE_LAB, course_root=fake_course.root, progress=False, workers=2)
    assert second.graded == ["ben"] and second.unchanged == ["ann"]
    totals = {s: sum(p for p, _ in cells.values()) for s, cells in fake_course.scores().items()}
    assert totals == {"ann": 3, "ben": 3}
    forced = grading.autograde(FAKE_LAB, course_root=fake_course.root, progress=False, workers=1,
                               force=True)
    assert forced.graded == ["ann", "ben"] and forced.unchanged == []
