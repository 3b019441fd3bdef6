"""A test cell earns points only if it ran to its end: hidden failures and forged scores earn nothing."""

import textwrap

import pytest

from .course_fixtures import FAKE_LAB, RIGHT, grading

# Wraps every later cell in try/except, so a failing assertion leaves no error output.
SWALLOW_FAILURES = textwrap.dedent("""\
    def _swallow(lines):
        return ["try:\\n"] + ["    " + line for line in lines] + ["\\nexcept BaseException:\\n    pass\\n"]
    get_ipython().input_transformers_post.append(_swallow)
    """)
# Emits a result worth 2 points before every later cell: nbgrader reads a cell's first output.
FORGE_SCORE = textwrap.dedent("""\
    def _forge(info):
        get_ipython().displayhook(2.0)
    get_ipython().events.register("pre_run_cell", _forge)
    """)


def _totals(course):
    return {s: {c: p for c, (p, _) in cells.items()} for s, cells in course.scores().items()}


@pytest.mark.slow
def test_hidden_failures_and_forged_scores_earn_nothing(fake_course):
    fake_course.submit("ada", RIGHT)
    # Blank answers (the released stubs raise NotImplementedError) behind a hook.
    fake_course.submit("hook", {"add": SWALLOW_FAILURES + "def add(a, b):\n    raise NotImplementedError()"})
    fake_course.submit("forger", {"add": FORGE_SCORE + "def add(a, b):\n    return 0"})
    # Patches the library function the test relies on, and answers wrongly.
    fake_course.submit("patcher", {"add": RIGHT["add"], "double": (
        "import math\nmath.isclose = lambda *args, **kwargs: True\ndef double(x):\n    return 0")})
    fake_course.submit("half", {"add": "def add(a, b):\n    return a + b", "double": "def double(x):\n    return x"})
    report = grading.autograde(FAKE_LAB, course_root=fake_course.root, progress=False, workers=1)
    assert report.graded == ["ada", "forger", "half", "hook", "patcher"]
    assert _totals(fake_course) == {
        "ada": {"test_add": 2, "test_double": 1},
        "forger": {"test_add": 0, "test_double": 0},
        "half": {"test_add": 2, "test_double": 0},
        "hook": {"test_add": 0, "test_double": 0},
        "patcher": {"test_add": 2, "test_double": 0},
    }
    assert set(report.review) == {"forger", "hook", "patcher"}, "the tampering is listed for review too"
    feedback = grading.generate_feedback(FAKE_LAB, course_root=fake_course.root)
    html = open(f"{feedback}/ada/{FAKE_LAB}/{FAKE_LAB}.html", encoding="utf-8").read()
    assert "_course_guard_" not in html and ".completed-" not in html, "the guards stay out of sight"
