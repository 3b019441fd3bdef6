"""`make lectures` decks work with no network: slides show, math renders, the arrow keys move.

Rendered without executing (the decks' reveal.js, MathJax and styles are what
is tested here; tests/test_lectures.py executes every lecture): a small
synthetic deck, and Lecture 1 as the course ships it.
"""

import importlib.util
import pathlib

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from .conftest import unavailable

REPO = pathlib.Path(__file__).resolve().parents[2]
# Index of the horizontal slide on screen.
CURRENT = "() => [...document.querySelectorAll('.reveal .slides > section')].findIndex(s => s.classList.contains('present'))"


def _load_build():
    spec = importlib.util.spec_from_file_location("lectures_build", REPO / "lectures" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def _slide(cell, slide_type):
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _synthetic_notebook():
    code = new_code_cell("print('hello from a slide')", execution_count=1)
    code.outputs = [new_output("stream", name="stdout", text="hello from a slide\n")]
    notebook = new_notebook(
        cells=[
            _slide(new_markdown_cell("# Offline deck\n\nFirst slide."), "slide"),
            _slide(new_markdown_cell("## Math\n\nInline $\\hat y = \\sigma(Wx + b)$ and\n\n"
                                     "$$\\mathcal{L} = -\\frac{1}{N}\\sum_i \\log p_{i,y_i}$$"), "slide"),
            _slide(new_markdown_cell("### A subslide"), "subslide"),
            _slide(code, "slide"),
            _slide(new_markdown_cell("Speaker notes"), "notes"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    return notebook


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Both decks, rendered into one folder with its _assets/."""
    output = tmp_path_factory.mktemp("slides")
    try:
        build.build_assets(output)
    except SystemExit as reason:  # npm is missing
        unavailable(str(reason))
    synthetic = output / "synthetic.ipynb"
    nbformat.write(_synthetic_notebook(), synthetic)
    return {
        "synthetic": build.render(synthetic, output),
        "lecture01": build.render(REPO / "lectures" / "01_basic_recipe.ipynb", output),
    }


def test_rendered_decks_name_no_outside_address(decks):
    for deck in decks.values():
        html = deck.read_text(encoding="utf-8")
        assert build.external_references(html) == []
        assert "_assets/reveal.js/dist/reveal.js" in html


def test_external_references_finds_what_would_load():
    html = (
        '<script src="https://cdn.example.org/x.js"></script><link href="//fonts.example.org/a.css">'
        "<style>@import url(https://fonts.example.org/b.css); p {background: url('http://x.org/i.png')}</style>"
        '<script>require(["https://unpkg.example.org/reveal.js"])</script>'
        '<a href="https://docs.example.org">a link is fine</a><img src="_assets/local.png">'
    )
    assert build.external_references(html) == [
        "//fonts.example.org/a.css",
        "http://x.org/i.png",
        "https://cdn.example.org/x.js",
        "https://fonts.example.org/b.css",
        "https://unpkg.example.org/reveal.js",
    ]


@pytest.mark.parametrize("name", ["synthetic", "lecture01"])
def test_deck_shows_slides_and_navigates_offline(name, decks, offline_page, artifacts):
    page = offline_page.page
    page.goto(decks[name].as_uri())
    # reveal.js marks its root .ready once initialized (it is loaded as a
    # require.js module, so there is no global Reveal to ask).
    page.wait_for_selector(".reveal.ready")

    n_slides = page.locator(".reveal .slides > section").count()
    assert n_slides >= 3
    assert page.locator(".reveal .slides > section.present").is_visible()
    assert page.evaluate(CURRENT) == 0
    page.screenshot(path=artifacts / f"slides-{name}-first.png")

    # The right arrow shows a slide's fragments one by one, then moves on.
    for target in (1, 2):
        for _ in range(20):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(100)
            if page.evaluate(CURRENT) == target:
                break
        assert page.evaluate(CURRENT) == target, f"the right arrow did not reach slide {target}"
    assert page.locator(".reveal .slides > section.present").is_visible()
    assert "#/2" in page.url
    page.wait_for_timeout(1200)  # let the slide transition finish before the screenshot
    page.screenshot(path=artifacts / f"slides-{name}-third.png")

    # MathJax, loaded from _assets/, typeset the formulas.
    page.wait_for_function("() => document.querySelectorAll('.MathJax_CHTML').length > 0")
    assert page.locator(".MathJax_Error, .noscript-error").count() == 0

    assert offline_page.left_machine == [], "requests tried to leave the machine"
    assert offline_page.failed == [], "files the deck loads are missing"
    assert offline_page.errors == []
