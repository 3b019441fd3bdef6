"""The grading cycle: labs/ is current, and every lab grades right.

For every lab in solutions/, the solution earns full marks, the unanswered
release earns zero on every graded cell, and every example mistake in
autograder/mistakes/<lab>/ loses exactly the points of the cells it names.
These run real nbgrader commands on real notebooks.
"""

import os

import nbformat
import pytest

import common
import proofs
import release

LABS = common.list_labs()


def _require_data(lab):
    """Skip (fail under COURSE_REQUIRE_DATA=1) unless the datasets the lab loads are here."""
    from course_lib.data import DatasetUnavailableError, load_cifar10, load_mnist

    sources = "\n".join(
        cell.source
        for name in proofs.lab_notebooks(lab)
        for cell in nbformat.read(os.path.join(common.SOLUTIONS_DIR, lab, name), as_version=4).cells
    )
    loaders = {"MNIST": load_mnist, "CIFAR-10": load_cifar10}
    for dataset, loader in loaders.items():
        if loader.__name__ not in sources:
            continue
        try:
            loader(download=False)
        except DatasetUnavailableError as error:
            if os.environ.get("COURSE_REQUIRE_DATA") == "1":
                raise
            pytest.skip(f"{lab} needs {dataset} (set COURSE_DATA_DIR): {error}")


def test_there_is_at_least_one_lab():
    assert LABS, "solutions/ holds no lab"


def test_labs_folder_is_current():
    stale = release.stale_labs()
    assert not stale, f"labs/ is stale for {stale}: run `make release` and commit labs/"


@pytest.mark.parametrize("lab", LABS)
def test_solution_notebooks_are_clean_and_documented(lab):
    for name in proofs.lab_notebooks(lab):
        nb = nbformat.read(os.path.join(common.SOLUTIONS_DIR, lab, name), as_version=4)
        nbformat.validate(nb)
        ids = [cell.id for cell in nb.cells]
        assert len(set(ids)) == len(ids), "cell ids must be unique"
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, (
                    f"{name}: cell {cell.id} has outputs; keep solutions/ output-free"
                )
        intro = nb.cells[0].source.lower()
        for needed in ("learning goals", "time budget", "gpu"):
            assert needed in intro, f"{name}: the first cell must state its {needed}"


@pytest.mark.parametrize("lab", LABS)
def test_every_graded_cell_has_mistakes_and_alternatives(lab):
    problems = proofs.coverage_problems(lab)
    assert not problems, "\n".join(problems)


def _example(name, replaces, loses=()):
    return proofs.Example(name, f"{name} description", replaces, tuple(loses), f"# {name}")


def test_coverage_problems_name_what_is_missing(tmp_path, monkeypatch):
    solutions = tmp_path / "solutions" / "lab_x"
    solutions.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    meta = lambda **kw: {"nbgrader": {"schema_version": 3, "locked": False, **kw}}
    nb.cells = [
        nbformat.v4.new_code_cell("def f(): pass", metadata=meta(grade_id="f", solution=True, grade=False)),
        nbformat.v4.new_code_cell("assert f() is None", metadata=meta(grade_id="test_f", solution=False, grade=True, points=1)),
        nbformat.v4.new_code_cell("def g(): pass", metadata=meta(grade_id="g", solution=True, grade=False)),
        nbformat.v4.new_code_cell("assert g() is None", metadata=meta(grade_id="test_g", solution=False, grade=True, points=2)),
    ]
    nbformat.write(nb, str(solutions / "lab_x.ipynb"))
    monkeypatch.setattr(common, "SOLUTIONS_DIR", str(tmp_path / "solutions"))
    mistakes = [_example("m1", "f", ["test_f"]), _example("m2", "f", ["test_f"]),
                _example("m3", "g", ["test_nope"]), _example("m4", "h", ["test_f"])]
    alternatives = [_example("a1", "f")]
    monkeypatch.setattr(proofs, "load_mistakes", lambda lab: mistakes)
    monkeypatch.setattr(proofs, "load_alternatives", lambda lab: alternatives)
    assert proofs.coverage_problems("lab_x") == [
        "m3: names unknown test cells ['test_nope']",
        "m4: replaces unknown solution cell 'h'",
        "g: 1 example mistake(s), at least 2 needed",
        "g: 0 correct alternative(s), at least 1 needed",
        "no example mistake loses the points of test_g",
    ]


def test_bundles_never_share_a_cell_or_a_lost_test():
    examples = [
        _example("f1", "f", ["test_f"]),
        _example("f2", "f", ["test_f"]),
        _example("g1", "g", ["test_g"]),
        _example("g_and_f", "g", ["test_g", "test_f"]),
        _example("h1", "h", ["test_h", "test_f"]),
        _example("k1", "k", ["test_k"]),
    ]
    bundles = [[e.name for e in members] for members in proofs.bundle(examples)]
    assert bundles == [["f1", "g1", "k1"], ["f2"], ["g_and_f"], ["h1"]]
    for members in proofs.bundle(examples):
        replaced = [e.replaces for e in members]
        lost = [cell for e in members for cell in e.loses]
        assert len(set(replaced)) == len(replaced) and len(set(lost)) == len(lost)


def test_example_submissions_bundle_or_not(monkeypatch):
    mistakes = [_example("f1", "f", ["test_f"]), _example("f2", "f", ["test_f"]),
                _example("g1", "g", ["test_g"])]
    alternatives = [_example("fa", "f"), _example("ga", "g")]
    monkeypatch.setattr(proofs, "load_mistakes", lambda lab: mistakes)
    monkeypatch.setattr(proofs, "load_alternatives", lambda lab: alternatives)
    bundled = proofs.example_submissions("lab_x", {"f", "g"})
    by_student = {s.student: s for s in bundled}
    assert list(by_student) == [
        proofs.SOLUTION_STUDENT, proofs.BLANK_STUDENT,
        "example_mistakes_1", "example_f2", "example_alternatives_1",
    ]
    assert by_student["example_mistakes_1"].answers == {"f": "# f1", "g": "# g1"}
    assert by_student["example_mistakes_1"].loses == {"test_f", "test_g"}
    assert by_student["example_alternatives_1"].loses == frozenset()
    assert by_student[proofs.BLANK_STUDENT].blank
    exhaustive = proofs.example_submissions("lab_x", {"f", "g"}, exhaustive=True)
    assert [s.student for s in exhaustive][2:] == [
        "example_f1", "example_f2", "example_g1", "example_fa", "example_ga"]


def test_check_expectations_catches_wrong_grades():
    mistake = _example("typo", "f", ["test_f"])
    alternative = _example("other", "g")
    submissions = [
        proofs.ExampleSubmission(proofs.SOLUTION_STUDENT, "solution", {}),
        proofs.ExampleSubmission(proofs.BLANK_STUDENT, "blank", {}, blank=True),
        proofs.ExampleSubmission(mistake.student, "m", {"f": ""}, frozenset(mistake.loses), examples=(mistake,)),
        proofs.ExampleSubmission(alternative.student, "a", {"g": ""}, examples=(alternative,)),
    ]
    good = {
        proofs.SOLUTION_STUDENT: {"test_f": (2.0, 2.0), "test_g": (1.0, 1.0)},
        proofs.BLANK_STUDENT: {"test_f": (0.0, 2.0), "test_g": (0.0, 1.0)},
        mistake.student: {"test_f": (0.0, 2.0), "test_g": (1.0, 1.0)},
        alternative.student: {"test_f": (2.0, 2.0), "test_g": (1.0, 1.0)},
    }
    assert proofs.check_expectations("lab", good, submissions) == []

    bad = {
        proofs.SOLUTION_STUDENT: {"test_f": (1.0, 2.0), "test_g": (1.0, 1.0)},
        proofs.BLANK_STUDENT: {"test_f": (0.0, 2.0), "test_g": (1.0, 1.0)},
        mistake.student: {"test_f": (0.0, 2.0), "test_g": (0.0, 1.0)},
        alternative.student: {"test_f": (2.0, 2.0), "test_g": (0.0, 1.0)},
    }
    problems = proofs.check_expectations("lab", bad, submissions)
    assert problems == [
        "solution: test_f earned 1 of 2, expected 2",
        "blank: test_g earned 1 of 1, expected 0",
        f"{mistake.student}: test_g earned 0 of 1, expected 1",
        f"{alternative.student}: test_g earned 0 of 1, expected 1",
    ]

    missing = {mistake.student: good[mistake.student]}
    problems = proofs.check_expectations("lab", missing, submissions)
    assert "solution: was not graded" in problems and "blank: was not graded" in problems


def test_a_bundle_names_its_suspects():
    f1, g1 = _example("f1", "f", ["test_f"]), _example("g1", "g", ["test_g"])
    submission = proofs.ExampleSubmission(
        "example_mistakes_1", "bundle", {"f": "", "g": ""}, frozenset({"test_f", "test_g"}),
        examples=(f1, g1))
    scores = {"example_mistakes_1": {"test_f": (0.0, 1.0), "test_g": (0.0, 1.0), "test_h": (0.0, 1.0)}}
    assert proofs.check_expectations("lab", scores, [submission]) == [
        "example_mistakes_1: test_h earned 0 of 1, expected 1 (in the bundle: f1, g1)"]


def test_example_files_need_their_header(tmp_path, monkeypatch):
    folder = tmp_path / "lab_x"
    folder.mkdir()
    (folder / "broken.py").write_text("# Mistake: no target\ndef f():\n    pass\n")
    monkeypatch.setattr(proofs, "MISTAKES_DIR", str(tmp_path))
    with pytest.raises(proofs.GradingError, match=r"lacks the header line\(s\) \['Loses', 'Replaces'\]"):
        proofs.load_mistakes("lab_x")
    (folder / "broken.py").write_text("# Alternative: fine\n# Replaces: f\ndef f():\n    return 1\n")
    monkeypatch.setattr(proofs, "ALTERNATIVES_DIR", str(tmp_path))
    [alternative] = proofs.load_alternatives("lab_x")
    assert (alternative.replaces, alternative.loses, alternative.source) == ("f", (), "def f():\n    return 1")


def test_grading_workers_must_be_a_positive_integer(monkeypatch):
    monkeypatch.setenv("GRADING_WORKERS", "3")
    assert proofs.default_workers() == 3
    monkeypatch.setenv("GRADING_WORKERS", "zero")
    with pytest.raises(proofs.GradingError, match="positive integer"):
        proofs.default_workers()


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_lab_grades_right(lab, tmp_path, monkeypatch):
    _require_data(lab)
    monkeypatch.delenv("COURSE_BUDGET", raising=False)
    results = proofs.demo([lab], workdir=str(tmp_path / "course"), verbose=True)
    assert results[lab] == [], "\n".join(results[lab])
    feedback = tmp_path / "course" / "feedback" / proofs.SOLUTION_STUDENT / lab
    assert any(name.endswith(".html") for name in os.listdir(feedback))
    grades_csv = (tmp_path / "course" / "grades.csv").read_text()
    assert proofs.SOLUTION_STUDENT in grades_csv and lab in grades_csv
