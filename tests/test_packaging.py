"""The project's own files agree with each other and with the README."""

import os
import re
import tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _pyproject_requirements():
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as handle:
        project = tomllib.load(handle)["project"]
    return set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])


def _environment_pip_requirements():
    lines = open(os.path.join(REPO, "environment.yml"), encoding="utf-8").read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    requirements = set()
    for line in lines[start + 1 :]:
        match = re.match(r"^\s+- (.+)$", line)
        if not match:
            break
        requirements.add(match.group(1).strip())
    return requirements - {"-e ."}


def test_environment_yml_matches_pyproject():
    assert _environment_pip_requirements() == _pyproject_requirements()


def test_required_packages_are_declared():
    names = {re.split(r"[<>=!~ ]", req)[0].lower() for req in _pyproject_requirements()}
    for package in ("tensorflow", "keras", "nbgrader", "jupyterlab", "matplotlib", "scikit-learn", "keras-tuner"):
        assert package in names


def test_readme_starts_with_the_two_commands():
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    quickstart = readme[: readme.index("## ", readme.index("## Quickstart") + 3)]
    assert "make lab" in quickstart and "make test" in quickstart


def test_ci_runs_the_readme_test_command():
    ci = open(os.path.join(REPO, ".ci", "run"), encoding="utf-8").read()
    assert "rm -rf .venv" in ci and ci.rstrip().endswith("make test")
