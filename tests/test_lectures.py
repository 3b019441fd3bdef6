"""Every lecture notebook is stored clean and renders as a reveal.js slide deck.

The rendering test executes the notebook top to bottom in a fresh kernel, as
``jupyter nbconvert --to slides --execute`` does, and writes the HTML into a
temporary directory.
"""

import pathlib

import nbformat
import pytest
from nbconvert import SlidesExporter
from nbconvert.preprocessors import ExecutePreprocessor

LECTURES_DIR = pathlib.Path(__file__).resolve().parents[1] / "lectures"
LECTURES = sorted(LECTURES_DIR.glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
# Generous per-cell limit: a stuck cell fails the test instead of hanging it.
CELL_TIMEOUT_SECONDS = 300

# Loaders a notebook may call; the test needs their datasets.
DATASET_LOADERS = ("load_mnist", "load_cifar10")


def _read(path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


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
def test_lecture_executes_and_renders_as_slides(path, tmp_path, require_dataset):
    notebook = _read(path)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    for loader in DATASET_LOADERS:
        if loader in code:
            require_dataset(loader, f"the notebook calls {loader}, but its dataset is not available")

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
