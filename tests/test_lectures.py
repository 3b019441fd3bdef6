"""Every lecture notebook is stored clean and renders as a reveal.js slide deck.

The rendering test executes the notebook top to bottom in a fresh kernel, as
``jupyter nbconvert --to slides --execute`` does, and writes the HTML into a
temporary directory.
"""

import os
import pathlib

import nbformat
import pytest
from nbconvert import SlidesExporter
from nbconvert.preprocessors import ExecutePreprocessor

from course_lib import data

LECTURES_DIR = pathlib.Path(__file__).resolve().parents[1] / "lectures"
LECTURES = sorted(LECTURES_DIR.glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
# Generous per-cell limit: a stuck cell fails the test instead of hanging it.
CELL_TIMEOUT_SECONDS = 300

# Loader name as it appears in a notebook -> how to check that its data is here.
DATASET_LOADERS = {
    "load_mnist": data.load_mnist,
    "load_cifar10": data.load_cifar10,
}


def _read(path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _require_datasets(notebook):
    """Skip (or fail, under COURSE_REQUIRE_DATA=1) when a dataset the notebook loads is missing."""
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    for name, loader in DATASET_LOADERS.items():
        if name not in code:
            continue
        try:
            loader(download=False)
        except data.DatasetUnavailableError as error:
            reason = f"the notebook calls {name}, but its dataset is not available:\n{error}"
            if os.environ.get("COURSE_REQUIRE_DATA") == "1":
                pytest.fail(f"COURSE_REQUIRE_DATA=1 and {reason}")
            pytest.skip(reason)


def test_lectures_exist():
    assert LECTURES, f"no lecture notebooks found in {LECTURES_DIR}"


@pytest.mark.parametrize("path", LECTURES, ids=lambda path: path.name)
def test_lecture_is_stored_clean(path):
    notebook = _read(path)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) >= (4, 5), (
        "cell ids need nbformat 4.5 or later"
    )

    ids = [cell.get("id") for cell in notebook.cells]
    assert all(ids), "every cell needs an explicit id"
    duplicates = sorted({cell_id for cell_id in ids if ids.count(cell_id) > 1})
    assert not duplicates, f"duplicate cell ids: {duplicates}"

    for cell in notebook.cells:
        slide_type = cell.metadata.get("slideshow", {}).get("slide_type")
        assert slide_type in SLIDE_TYPES, (
            f"cell {cell.id}: metadata.slideshow.slide_type is {slide_type!r}, "
            f"expected one of {sorted(SLIDE_TYPES)}"
        )
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {cell.id} is stored with outputs"
            assert cell.execution_count is None, (
                f"cell {cell.id} is stored with an execution count"
            )

    assert notebook.cells[0].metadata.slideshow.slide_type == "slide", (
        "the first cell must open a slide"
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", LECTURES, ids=lambda path: path.name)
def test_lecture_executes_and_renders_as_slides(path, tmp_path):
    notebook = _read(path)
    _require_datasets(notebook)

    # Errors are collected instead of raised so the failure lists every broken cell.
    executor = ExecutePreprocessor(
        timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3", allow_errors=True
    )
    executor.preprocess(notebook, {"metadata": {"path": str(path.parent)}})

    errors = [
        f"cell {cell.id}: {output.ename}: {output.evalue}"
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, "cells raised errors:\n" + "\n".join(errors)

    html, _ = SlidesExporter().from_notebook_node(notebook)
    slides_path = tmp_path / f"{path.stem}.slides.html"
    slides_path.write_text(html, encoding="utf-8")

    assert 'class="reveal"' in html
    assert 'class="slides"' in html
    assert "Reveal.initialize" in html
    n_slides = sum(
        cell.metadata.slideshow.slide_type in ("slide", "subslide")
        for cell in notebook.cells
    )
    assert html.count("<section") >= n_slides
