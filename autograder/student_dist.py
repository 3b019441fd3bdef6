"""Build the student edition of the course: the labs without their answers.

Run it from the repository root (``make student-dist`` does)::

    python autograder/student_dist.py            # dist/student-edition/ and dist/student-edition.tar.gz
    python autograder/student_dist.py --out DIR  # somewhere else

The edition is a git repository with one commit, ready to push to the
students' remote or to serve with nbgitpuller, and the same files as a
``.tar.gz`` archive. It holds the labs as released by a fresh
``nbgrader generate_assignment`` (solutions cleared, hidden tests removed),
the lectures, ``course_lib`` with its docs, benchmarks and tests, the
environment files, and a student README and Makefile (templates in
``autograder/student_edition/``). It holds no solution, no hidden test, no
example mistake or alternative, no gradebook, and none of ``solutions/`` or
``autograder/``.

Before it writes anything, the build searches every file of the edition for
every non-trivial line of solution and hidden-test source of every lab, and
of every example mistake and alternative (``find_leaks``), and stops if it
finds one. A line counts unless the course publishes it anyway: a released
notebook shows it, course_lib, its tests, docs or benchmarks hold it
(``library_text``), or it is listed in ``student_edition/generic_lines.txt``
as generic code reviewed by hand.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import feedback  # noqa: E402
import grading  # noqa: E402

REPO_DIR = grading.REPO_DIR
DIST_DIR = os.path.join(REPO_DIR, "dist")
EDITION = "student-edition"
TEMPLATES_DIR = os.path.join(grading.AUTOGRADER_DIR, "student_edition")

# Copied as they are (minus build outputs and caches).
COPIED = ["course_lib", "docs", "bench", "pyproject.toml", "environment.yml"]
IGNORED = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".ipynb_checkpoints", "_build", "results", "*.egg-info", ".pytest_cache"
)
# Test files that check the instructors' side of the course, not course_lib;
# any other test that mentions these words is left out as well.
EXCLUDED_TESTS = {
    "test_packaging.py": "checks the full repository's README and CI script",
    "test_depth_grid_experiment.py": "runs the lab's solution to fill in a lecture's measured grid",
}
INSTRUCTOR_WORDS = ("import grading", "autograder", "solutions")
# Never part of an edition, at any depth.
FORBIDDEN_NAMES = {"solutions", "autograder", "gradebook.db", "mistakes", "alternatives"}
MARKERS = {feedback.SOLUTION_BEGIN, feedback.SOLUTION_END, feedback.HIDDEN_BEGIN, feedback.HIDDEN_END}
# Lines of answers that are generic Python or Keras, reviewed by hand: lectures may show them.
GENERIC_LINES = os.path.join(TEMPLATES_DIR, "generic_lines.txt")

GITIGNORE = """.venv/
__pycache__/
*.pyc
*.egg-info/
.pytest_cache/
.ipynb_checkpoints/
lectures/_build/
node_modules/
tests/artifacts/
bench/results/
.data/
"""


class DistError(RuntimeError):
    """The edition cannot be built, or would leak; the message says why."""


def _example_lines():
    """Every line of every example mistake and alternative."""
    lines = []
    for folder in (grading.MISTAKES_DIR, grading.ALTERNATIVES_DIR):
        if not os.path.isdir(folder):
            continue
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if name.endswith(".py"):
                    with open(os.path.join(root, name), encoding="utf-8") as handle:
                        lines += handle.read().splitlines()
    return lines


def library_text():
    """The text of what the edition ships by design beside the labs: course_lib, its tests, docs, benchmarks.

    These are written for the library, not for the labs; a line they share
    with a solution (``model.compile(``, ``def get_config(self):``) is public
    anyway, so it does not count as a leak. ``shared_with_library`` lists such
    lines for the lab authors to review.
    """
    paths = []
    for folder in ("course_lib", "docs", "bench"):
        for root, dirs, files in os.walk(os.path.join(REPO_DIR, folder)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            paths += [os.path.join(root, name) for name in sorted(files) if name.endswith((".py", ".md"))]
    paths += [os.path.join(REPO_DIR, "tests", relative) for relative in _student_tests()[0]]
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    return "\n".join(texts)


def _candidate_lines(labs):
    """(lines of solutions, hidden tests and example answers; the public text of the releases)."""
    candidates, public = [], []
    for lab in labs or grading.list_labs():
        for name in grading.lab_notebooks(lab):
            nb = nbformat.read(os.path.join(grading.SOLUTIONS_DIR, lab, name), as_version=4)
            candidates += feedback.solution_lines(nb) + feedback.hidden_test_lines(nb)
            public += feedback.public_lines(nb)
    return feedback.secret(candidates + _example_lines()), "\n".join(public)


def secret_lines(labs=None):
    """Non-trivial lines of solutions, hidden tests and example answers that the course does not publish.

    A line is public when a released lab notebook shows it (the visible
    tests, the stubs, the text) or the library ships it (``library_text``).
    """
    candidates, public = _candidate_lines(labs)
    library = library_text()
    return {
        line for line in candidates
        if line not in public and line not in library and line not in generic_lines()
    }


def generic_lines():
    """The reviewed generic lines in ``student_edition/generic_lines.txt`` (comments skipped)."""
    if not os.path.exists(GENERIC_LINES):
        return set()
    with open(GENERIC_LINES, encoding="utf-8") as handle:
        return {line.strip() for line in handle if line.strip() and not line.startswith("#")}


def shared_with_library(labs=None):
    """Lines of solutions, hidden tests or example answers that course_lib, its tests or docs also hold."""
    candidates, public = _candidate_lines(labs)
    library = library_text()
    return sorted(line for line in candidates if line not in public and line in library)


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)


def _searchable_lines(path):
    """The stripped lines of a file, and for notebooks of every string inside; None for binary files."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    texts = [text]
    if path.endswith(".ipynb"):
        try:
            content = json.loads(text)
        except ValueError:
            content = None
        if content is not None:
            # Cell sources and outputs are stored as lists of lines: join each list back.
            texts += list(_json_strings(content))
            for cell in content.get("cells", []):
                texts.append("".join(cell.get("source", "")))
                for output in cell.get("outputs", []):
                    texts += ["".join(value) if isinstance(value, list) else str(value)
                              for value in output.get("data", {}).values()]
                    texts.append("".join(output.get("text", "")))
                    texts += output.get("traceback", [])
    return {line.strip() for text in texts for line in text.splitlines()}


def edition_files(edition):
    """Paths (relative) of every file of an edition, outside .git."""
    found = []
    for root, dirs, files in os.walk(edition):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in sorted(files):
            found.append(os.path.relpath(os.path.join(root, name), edition))
    return found


def find_leaks(edition, secrets=None):
    """Everything in ``edition`` a student must not get: forbidden paths, and files quoting secret lines."""
    secrets = secret_lines() if secrets is None else secrets
    problems = []
    for root, dirs, files in os.walk(edition):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in dirs + files:
            if name in FORBIDDEN_NAMES:
                problems.append(f"{os.path.relpath(os.path.join(root, name), edition)}: must not be shipped")
    for relative in edition_files(edition):
        path = os.path.join(edition, relative)
        lines = _searchable_lines(path)
        if lines is None:
            continue
        for line in sorted(lines & secrets):
            problems.append(f"{relative}: quotes {line!r}")
        if relative.endswith(".ipynb") and lines & MARKERS:
            problems.append(f"{relative}: holds nbgrader solution or hidden-test markers")
    return problems


def _student_tests():
    """The test files of tests/ that belong to course_lib, and the reasons for the others."""
    kept, left_out = [], {}
    tests_dir = os.path.join(REPO_DIR, "tests")
    for root, dirs, files in os.walk(tests_dir):
        for name in sorted(set(dirs) & FORBIDDEN_NAMES):
            relative = os.path.relpath(os.path.join(root, name), tests_dir) + "/"
            left_out[relative] = "tests of the instructors' tooling"
        dirs[:] = sorted(
            d for d in dirs if d not in ("__pycache__", ".pytest_cache") and d not in FORBIDDEN_NAMES
        )
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            relative = os.path.relpath(path, tests_dir)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            if relative in EXCLUDED_TESTS:
                left_out[relative] = EXCLUDED_TESTS[relative]
            elif any(word in text for word in INSTRUCTOR_WORDS):
                left_out[relative] = "refers to the instructors' files"
            else:
                kept.append(relative)
    return kept, left_out


def _check_lectures():
    """Lecture notebooks must carry no nbgrader cells and no solution or hidden-test markers."""
    lectures = os.path.join(REPO_DIR, "lectures")
    for name in sorted(os.listdir(lectures)):
        if not name.endswith(".ipynb"):
            continue
        nb = nbformat.read(os.path.join(lectures, name), as_version=4)
        for cell in nb.cells:
            markers = (feedback.SOLUTION_BEGIN, feedback.HIDDEN_BEGIN)
            if "nbgrader" in cell.metadata or any(m in cell.source for m in markers):
                raise DistError(f"lectures/{name}: cell {cell.get('id')} holds nbgrader or solution content.")


def _lab_title(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            return cell.source.strip().splitlines()[0].lstrip("#").strip()
    return ""


def _git(args, cwd):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    result = subprocess.run(
        ["git", "-c", "user.name=Course staff", "-c", "user.email=course@example.invalid",
         "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
        cwd=cwd, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise DistError(f"`git {' '.join(args)}` failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def build(out_dir=DIST_DIR, labs=None, verbose=True):
    """Build ``<out_dir>/student-edition/`` (a one-commit git repository) and its ``.tar.gz``.

    Returns (edition folder, archive path). Raises DistError if the edition
    would leak a solution, a hidden test or an example answer.
    """
    def say(message):
        if verbose:
            print(message, flush=True)

    labs = labs or grading.list_labs()
    _check_lectures()
    os.makedirs(out_dir, exist_ok=True)
    edition = os.path.join(out_dir, EDITION)
    archive = os.path.join(out_dir, EDITION + ".tar.gz")
    with tempfile.TemporaryDirectory(prefix="student-edition-") as scratch:
        staging = os.path.join(scratch, EDITION)
        os.makedirs(staging)
        say(f"== release {', '.join(labs)} (nbgrader generate_assignment)")
        release_dir = os.path.join(scratch, "release")
        course = os.path.join(scratch, "course")
        os.makedirs(course)
        grading.release(labs, release_dir=release_dir, course_root=course)
        lab_lines = []
        for lab in labs:
            shutil.copytree(os.path.join(release_dir, lab), os.path.join(staging, "labs", lab), ignore=IGNORED)
            for name in grading.lab_notebooks(lab, release_dir):
                title = _lab_title(os.path.join(release_dir, lab, name))
                lab_lines.append(f"   - `{lab}/{name}`" + (f": {title}" if title else ""))

        say("== copy lectures, course_lib, docs, bench, tests and environment files")
        os.makedirs(os.path.join(staging, "lectures"))
        for name in sorted(os.listdir(os.path.join(REPO_DIR, "lectures"))):
            # The notebooks, and what `make lectures` renders them to offline slides with.
            if name.endswith((".ipynb", ".md", ".py", ".json")):
                shutil.copy(os.path.join(REPO_DIR, "lectures", name), os.path.join(staging, "lectures", name))
        shutil.copytree(
            os.path.join(REPO_DIR, "lectures", "slides_template"),
            os.path.join(staging, "lectures", "slides_template"),
            ignore=IGNORED,
        )
        # The measured results the lectures plot, without the scripts that ran the lab's solutions.
        experiments = os.path.join(REPO_DIR, "lectures", "experiments")
        for name in sorted(os.listdir(experiments)) if os.path.isdir(experiments) else []:
            if name.endswith(".json"):
                os.makedirs(os.path.join(staging, "lectures", "experiments"), exist_ok=True)
                shutil.copy(os.path.join(experiments, name), os.path.join(staging, "lectures", "experiments", name))
        for name in COPIED:
            source = os.path.join(REPO_DIR, name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(staging, name), ignore=IGNORED)
            elif os.path.exists(source):
                shutil.copy(source, os.path.join(staging, name))
        kept, left_out = _student_tests()
        for relative in kept:
            target = os.path.join(staging, "tests", relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy(os.path.join(REPO_DIR, "tests", relative), target)
        for relative, reason in left_out.items():
            say(f"   left out tests/{relative}: {reason}")

        with open(os.path.join(TEMPLATES_DIR, "README.md"), encoding="utf-8") as handle:
            readme = handle.read().replace("{{LABS}}", "\n".join(lab_lines))
        with open(os.path.join(staging, "README.md"), "w", encoding="utf-8") as handle:
            handle.write(readme)
        shutil.copy(os.path.join(TEMPLATES_DIR, "Makefile"), os.path.join(staging, "Makefile"))
        with open(os.path.join(staging, ".gitignore"), "w", encoding="utf-8") as handle:
            handle.write(GITIGNORE)

        say("== search every file for solution, hidden-test and example-answer lines")
        problems = find_leaks(staging)
        shared = shared_with_library(labs)
        if shared:
            say(f"   note: {len(shared)} line(s) of answers also occur in course_lib, its tests or docs "
                "(public anyway, so not counted; review them with `student_dist.py --shared`)")
        if problems:
            raise DistError("the student edition would leak; nothing was written:\n"
                            + "\n".join(f"  - {p}" for p in problems))

        say("== commit and archive")
        _git(["init", "-q", "-b", "main"], staging)
        _git(["add", "-A"], staging)
        _git(["commit", "-q", "-m", "Deep Learning in Practice: student edition"], staging)
        _git(["archive", "--format=tar.gz", f"--prefix={EDITION}/", "-o", archive + ".part", "HEAD"],
             staging)
        shutil.rmtree(edition, ignore_errors=True)
        shutil.move(staging, edition)
        os.replace(archive + ".part", archive)
    n_files = len(edition_files(edition))
    def shown(path):
        inside = os.path.commonpath([path, REPO_DIR]) == REPO_DIR
        return os.path.relpath(path, REPO_DIR) if inside else path

    say(f"Student edition: {shown(edition)}/ ({n_files} files, one commit) and {shown(archive)}")
    return edition, archive


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DIST_DIR, help="where to write it (default: dist/)")
    parser.add_argument("--shared", action="store_true",
                        help="only list the answer lines that course_lib, its tests or docs also hold")
    args = parser.parse_args(argv)
    if args.shared:
        print("\n".join(shared_with_library()))
        return 0
    try:
        build(os.path.abspath(args.out))
    except (DistError, grading.GradingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
