"""The student edition (`make student-dist`) holds the labs but none of the answers, and works.

The edition is built once into a temporary folder (never into dist/). Its
leak check searches every file, notebooks' JSON included, for every
non-trivial line of every lab's solutions and hidden tests and of every
example mistake and alternative. A fresh clone of it runs `make test` and
`make lab`, reusing this repository's virtual environment instead of
installing a new one, on a small fast selection of its tests.
"""

import os
import shutil
import subprocess
import sys
import tarfile

import nbformat
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from test_make_lab import assert_serves_lab01, serving_lab  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "autograder"))

import feedback  # noqa: E402
import grading  # noqa: E402
import student_dist  # noqa: E402

VENV = os.path.join(REPO, ".venv")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    return student_dist.build(str(out), verbose=False)


@pytest.fixture(scope="module")
def secrets():
    return student_dist.secret_lines()


def _git(args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_every_lab_has_secret_lines_to_search_for(secrets):
    """The search has teeth: each lab's hidden tests contribute lines to look for."""
    for lab in grading.list_labs():
        lab_secrets = feedback.lab_secrets(os.path.join(grading.SOLUTIONS_DIR, lab))
        if lab_secrets:
            assert lab_secrets & secrets, f"{lab}: none of its hidden-test lines is searched for"
    assert all(len(line) >= feedback.MIN_SECRET_LINE for line in secrets)


def test_edition_holds_no_answers(built, secrets):
    edition, _ = built
    assert student_dist.find_leaks(edition, secrets) == []
    top = set(os.listdir(edition))
    assert {"labs", "lectures", "course_lib", "tests", "README.md", "Makefile",
            "pyproject.toml", "environment.yml"} <= top
    assert not top & {"solutions", "autograder", "dist", ".venv"}
    for lab in grading.list_labs():
        for name in grading.lab_notebooks(lab):
            nb = nbformat.read(os.path.join(edition, "labs", lab, name), as_version=4)
            sources = "\n".join(cell.source for cell in nb.cells)
            assert "### BEGIN SOLUTION" not in sources and "### BEGIN HIDDEN TESTS" not in sources
    for root, _, files in os.walk(os.path.join(edition, "tests")):
        for name in files:
            text = open(os.path.join(root, name), encoding="utf-8").read()
            assert "import grading" not in text and "autograder" not in text, name
    readme = open(os.path.join(edition, "README.md"), encoding="utf-8").read()
    assert "make lab" in readme and "{{" not in readme


def test_edition_has_the_lectures_measured_results_but_not_their_runners(built):
    edition, _ = built
    experiments = os.path.join(REPO, "lectures", "experiments")
    results = [name for name in os.listdir(experiments) if name.endswith(".json")]
    assert results, "Lecture 6 plots lectures/experiments/depth_grid_cpu.json"
    for name in results:
        assert os.path.isfile(os.path.join(edition, "lectures", "experiments", name)), name
    shipped = os.listdir(os.path.join(edition, "lectures", "experiments"))
    assert not [name for name in shipped if name.endswith(".py")], "the runners read the solutions"


def test_edition_is_one_clean_commit(built):
    edition, _ = built
    assert _git(["rev-list", "--count", "HEAD"], edition).strip() == "1"
    assert _git(["status", "--porcelain"], edition) == ""
    tracked = set(_git(["ls-files"], edition).splitlines())
    assert tracked == set(student_dist.edition_files(edition))


def test_archive_holds_the_same_files_and_no_answers(built, secrets, tmp_path):
    edition, archive = built
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        assert all(name.startswith(student_dist.EDITION) for name in names)
        tar.extractall(tmp_path, filter="data")
    extracted = tmp_path / student_dist.EDITION
    assert student_dist.edition_files(str(extracted)) == student_dist.edition_files(edition)
    assert student_dist.find_leaks(str(extracted), secrets) == []


def test_leak_check_finds_planted_answers(built, secrets, tmp_path):
    """A secret line anywhere (a text file, a notebook cell, an output) and the instructors' folders are caught."""
    edition, _ = built
    copy = tmp_path / "edition"
    shutil.copytree(edition, copy, ignore=shutil.ignore_patterns(".git"))
    planted = sorted(secrets)[:3]
    (copy / "notes.md").write_text(f"Some notes\n    {planted[0]}\n")
    lecture = sorted((copy / "lectures").glob("*.ipynb"))[0]
    nb = nbformat.read(str(lecture), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"x = 1\n{planted[1]}\n"))
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=planted[2] + "\n")]
    nbformat.write(nb, str(lecture))
    (copy / "autograder").mkdir()
    (copy / "labs" / "gradebook.db").write_bytes(b"")
    problems = "\n".join(student_dist.find_leaks(str(copy), secrets))
    assert f"notes.md: quotes {planted[0]!r}" in problems
    assert f"quotes {planted[1]!r}" in problems and f"quotes {planted[2]!r}" in problems
    assert "autograder: must not be shipped" in problems
    assert "gradebook.db: must not be shipped" in problems


def _require_venv():
    if not os.path.exists(os.path.join(VENV, ".installed")):
        pytest.skip("run `make install` first; the clone reuses this repository's environment")


@pytest.fixture(scope="module")
def clone(built, tmp_path_factory):
    edition, _ = built
    target = tmp_path_factory.mktemp("clone") / "course"
    subprocess.run(["git", "clone", "-q", edition, str(target)], check=True)
    return target


@pytest.mark.slow
def test_make_test_passes_in_a_fresh_clone(clone):
    _require_venv()
    # A learner runs make at the top level; under `make test` the inherited
    # make variables would add "Entering/Leaving directory" lines.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    # The clone's own course_lib, not the one this environment has installed, is what runs.
    found = subprocess.run(
        [os.path.join(VENV, "bin", "python"), "-c", "import course_lib; print(course_lib.__file__)"],
        cwd=clone, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()
    assert os.path.realpath(found).startswith(os.path.realpath(str(clone)))
    # Every test of the edition is collected; a fast selection runs.
    for pytest_args in (
        "--collect-only -q -p no:cacheprovider",
        "-q -p no:cacheprovider -m 'not slow' tests/test_validation.py tests/test_budget.py",
    ):
        result = subprocess.run(
            ["make", "test", f"VENV={VENV}", f"PYTEST_ARGS={pytest_args}"],
            cwd=clone, env=env, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
        summary = [line for line in result.stdout.splitlines() if not line.startswith("make")][-1]
        assert "error" not in summary.lower(), result.stdout[-2000:]
    assert " passed" in summary, result.stdout[-2000:]
    assert not os.path.exists(clone / ".venv"), "VENV= must reuse the environment, not create one"


@pytest.mark.slow
def test_make_lab_serves_the_labs_in_a_fresh_clone(clone, tmp_path):
    _require_venv()
    with serving_lab(str(clone), tmp_path, make_args=[f"VENV={VENV}"]) as base:
        assert_serves_lab01(base)
