"""A gradebook on a real PostgreSQL server, for a course with several graders.

The server comes from Debian's postgresql package and runs on loopback for
the test. Without it the test skips with the reason, unless
COURSE_REQUIRE_POSTGRES=1 (set in CI), in which case it fails.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile

import pytest

from .course_fixtures import FAKE_LAB, RIGHT, grading


def _postgres_bin(name):
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None)
    if found is None:
        if os.environ.get("COURSE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
        pytest.skip(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found


@pytest.fixture
def postgres_url():
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = tempfile.mkdtemp(prefix="course-pg-")
    # PostgreSQL refuses to run as root; use its own account when we are root.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(data, "postgres", "postgres")
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True, text=True)
    try:
        run(initdb, "-D", data, "-A", "trust", "-U", "grader")
        run(pg_ctl, "-D", data, "-w", "-l", os.path.join(data, "log"),
            "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start")
        run(_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "grader", "course")
        yield f"postgresql+psycopg://grader@127.0.0.1:{port}/course"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_course_graded_into_postgresql(fake_course, postgres_url, monkeypatch, tmp_path, workers):
    monkeypatch.setitem(grading.DB_URLS, fake_course.root, postgres_url)
    # The lab must be released into the server's gradebook, as `make release` would.
    grading.release([FAKE_LAB], release_dir=str(tmp_path / "release-pg"), course_root=fake_course.root)
    fake_course.submit("ann", RIGHT)
    fake_course.submit("ben", {"add": "def add(a, b):\n    return 0", "double": RIGHT["double"]})
    report = grading.autograde(FAKE_LAB, course_root=fake_course.root, progress=False,
                               workers=workers)
    assert report.graded == ["ann", "ben"]
    totals = {s: sum(p for p, _ in cells.values()) for s, cells in fake_course.scores().items()}
    assert totals == {"ann": 3, "ben": 1}
    csv = grading.export_grades(course_root=fake_course.root, path=str(tmp_path / "grades.csv"))
    text = open(csv).read()
    assert "ann" in text and "ben" in text
    from sqlalchemy import create_engine, text as sql

    with create_engine(postgres_url).connect() as connection:
        students = connection.execute(sql("select id from student order by id")).scalars().all()
    assert students == ["ann", "ben"], "the grades live on the server"
