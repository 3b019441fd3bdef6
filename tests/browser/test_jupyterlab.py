"""A student's Lab 1 in JupyterLab, in Chromium, served by `make lab`.

The student interface shows nbgrader's Validate button and none of its
instructor tools, and Validate (which saves the notebook and runs every cell)
reports the failing tests on the released notebook and success on one filled in
with the solutions. The server serves a scratch folder holding the release of
Lab 1 and a filled-in copy, so labs/ is never written to. Validating runs Lab 1
for real (about half a minute on two cores), so it needs MNIST.
"""

import shutil
import sys

import nbformat
import pytest

from course_lib import data

from .labserver import REPO, TOKEN, make_lab

sys.path.insert(0, str(REPO / "autograder"))
import proofs  # noqa: E402  (instructor tooling: fills the release in with the solutions)

LAB = "lab01_basic_recipe"
NOTEBOOK = f"{LAB}.ipynb"
# Validate runs the whole lab; be generous on a loaded two-core machine.
VALIDATE_MS = 400_000


def _require_mnist():
    try:
        data.load_mnist(download=False)
    except data.DatasetUnavailableError as error:
        if __import__("os").environ.get("COURSE_REQUIRE_DATA") == "1":
            pytest.fail(f"COURSE_REQUIRE_DATA=1 and Lab 1 needs MNIST:\n{error}")
        pytest.skip(f"Validate runs Lab 1, which needs MNIST:\n{error}")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory, browser):
    _require_mnist()
    root = tmp_path_factory.mktemp("jupyterlab")
    labs = root / "labs"
    shutil.copytree(REPO / "labs" / LAB, labs / LAB)
    released = nbformat.read(REPO / "labs" / LAB / NOTEBOOK, as_version=4)
    solved = proofs._answered(released, proofs._solution_sources(LAB, NOTEBOOK))
    (labs / "solved").mkdir()
    nbformat.write(solved, labs / "solved" / NOTEBOOK)
    with make_lab(labs, root / "runtime", root / "jupyterlab.log") as base:
        yield base


def _open(offline_page, base, path):
    """Open ``path`` in a workspace of its own, so no notebook from an earlier test is restored."""
    page = offline_page.page
    workspace = path.replace("/", "-").replace(".", "-")
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{path}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
    # The kernel is up once the toolbar's status says so.
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)
    return page


def _validate(page):
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=VALIDATE_MS)
    dialog.locator(".validation-success, .validation-failed").first.wait_for(timeout=VALIDATE_MS)
    return dialog


def test_student_sees_validate_and_no_instructor_tools(lab_server, offline_page, artifacts):
    page = _open(offline_page, lab_server, f"{LAB}/{NOTEBOOK}")
    page.locator(".jp-MarkdownOutput h1", has_text="Lab 1").first.wait_for()
    toolbar = page.locator(".jp-NotebookPanel-toolbar")
    assert toolbar.get_by_text("Validate", exact=True).is_visible()

    # No Create Assignment panel in the sidebars.
    titles = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
        "tabs => tabs.map(t => (t.getAttribute('title') || '') + ' ' + t.innerText)"
    )
    assert not any("Create Assignment" in title for title in titles), titles
    # nbgrader's menu offers the students' Assignments list, not Formgrader or Courses.
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    assert any("Assignment List" in item for item in items), items
    assert not any("Formgrader" in item or "Course List" in item for item in items), items
    # Nor does the command palette know them.
    page.keyboard.press("Control+Shift+C")
    page.keyboard.type("formgrader")
    assert page.locator(".lm-CommandPalette-item:visible").count() == 0
    page.keyboard.press("Escape")
    page.screenshot(path=artifacts / "jupyterlab-lab01-student.png")

    assert offline_page.left_machine == []


def test_validate_reports_failing_tests_on_the_release(lab_server, offline_page, artifacts):
    page = _open(offline_page, lab_server, f"{LAB}/{NOTEBOOK}")
    dialog = _validate(page)
    page.screenshot(path=artifacts / "jupyterlab-lab01-validate-blank.png")
    assert dialog.locator(".validation-failed").count() == 1
    text = dialog.inner_text()
    assert "NotImplementedError" in text
    assert "passes all the tests" not in text


def test_validate_reports_success_on_the_solution(lab_server, offline_page, artifacts):
    page = _open(offline_page, lab_server, f"solved/{NOTEBOOK}")
    dialog = _validate(page)
    page.screenshot(path=artifacts / "jupyterlab-lab01-validate-solution.png")
    assert "Success! Your notebook passes all the tests." in dialog.inner_text()
    assert offline_page.left_machine == []
