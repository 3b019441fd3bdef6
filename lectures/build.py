"""Render lecture notebooks to reveal.js slide decks that work offline.

    python lectures/build.py [--execute] [--output-dir lectures/_build] lectures/*.ipynb

nbconvert's slides load reveal.js, require.js, jQuery and MathJax from CDNs, so
a deck opened without internet shows no slides at all. Here every one of those
comes from an npm package pinned in ``lectures/package.json`` (installed with
``npm ci`` into ``lectures/node_modules/`` the first time), and the files a deck
needs are copied into ``<output-dir>/_assets/``. The output folder is then
self-contained: copy it to a USB stick and open any ``.slides.html`` in a
browser. Rendering refuses to write a deck that still names an address outside
the machine.
"""

import argparse
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import ExecutePreprocessor

HERE = pathlib.Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
TEMPLATE_DIR = HERE / "slides_template"
ASSETS = "_assets"
# reveal.js themes that use only the fonts shipped with reveal.js (others
# import web fonts from the internet).
THEME = "white"
CELL_TIMEOUT_SECONDS = 300

# What each deck loads, relative to the deck; build_assets() puts it there.
URLS = {
    "reveal_url_prefix": f"{ASSETS}/reveal.js",
    "require_js_url": f"{ASSETS}/require.js",
    "jquery_url": f"{ASSETS}/jquery.min.js",
    "mathjax_url": f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}

# package-relative source -> destination under _assets/
ASSET_FILES = {
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "reveal.js/LICENSE": "reveal.js/LICENSE",
    "requirejs/require.js": "require.js",
    "jquery/dist/jquery.min.js": "jquery.min.js",
    # MathJax 2 (the API nbconvert's template calls), just what TeX input with
    # CommonHTML output needs: 6 MB instead of the package's 70.
    "mathjax/MathJax.js": "mathjax/MathJax.js",
    "mathjax/LICENSE": "mathjax/LICENSE",
    "mathjax/config/TeX-AMS_CHTML-full.js": "mathjax/config/TeX-AMS_CHTML-full.js",
    "mathjax/config/Safe.js": "mathjax/config/Safe.js",
    "mathjax/extensions": "mathjax/extensions",
    "mathjax/jax/input/TeX": "mathjax/jax/input/TeX",
    "mathjax/jax/element": "mathjax/jax/element",
    "mathjax/jax/output/CommonHTML": "mathjax/jax/output/CommonHTML",
    "mathjax/jax/output/PreviewHTML": "mathjax/jax/output/PreviewHTML",
    "mathjax/fonts/HTML-CSS/TeX/woff": "mathjax/fonts/HTML-CSS/TeX/woff",
    "mathjax/fonts/HTML-CSS/TeX/otf": "mathjax/fonts/HTML-CSS/TeX/otf",
    "mathjax/localization/en": "mathjax/localization/en",
}

# src="...", href="...", url(...), @import and quoted .js paths in require([...]).
_REFERENCE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']([^"']+)["'])"""
    r"""|(?:@import\s+(?:url\()?["']?([^"')\s;]+))"""
    r"""|(?:\burl\(\s*["']?([^"')\s]+))"""
    r"""|(?:["']([^"'\s]+\.js)["'])"""
)


def install_packages():
    """``npm ci`` the pinned packages into lectures/node_modules/ unless they are there."""
    if (NODE_MODULES / ".package-lock.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "The offline slides need reveal.js, MathJax, require.js and jQuery from npm, "
            "and npm is not installed (Debian: apt-get install npm)."
        )
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)


def build_assets(output_dir):
    """Copy what the decks load into ``output_dir/_assets``."""
    install_packages()
    target = pathlib.Path(output_dir) / ASSETS
    for source, destination in ASSET_FILES.items():
        source, destination = NODE_MODULES / source, target / destination
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination)
    theme = target / "reveal.js" / "dist" / "theme" / f"{THEME}.css"
    remote = external_references(theme.read_text(encoding="utf-8"))
    if remote:
        raise RuntimeError(f"reveal.js theme {THEME} loads {remote}; choose a theme with local fonts")
    return target


def exporter():
    """nbconvert's SlidesExporter, pointed at _assets/ and without the Mermaid import."""
    return SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        template_name="offline",
        reveal_theme=THEME,
        **URLS,
    )


def external_references(text):
    """Every address in ``text``'s markup, styles and scripts that is not on this machine.

    Links the reader clicks (``<a href>``) are allowed; anything loaded is not.
    """
    text = re.sub(r"<a\s[^>]*>", "", text)
    found = set()
    for match in _REFERENCE.finditer(text):
        url = next(group for group in match.groups() if group)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I) and not url.startswith("file:"):
            found.add(url)
    return sorted(found)


def render(path, output_dir, execute=False):
    """Write ``output_dir/<name>.slides.html`` for the notebook at ``path``; return its path."""
    path = pathlib.Path(path)
    notebook = nbformat.read(path, as_version=4)
    if "widgets" in notebook.metadata:
        raise RuntimeError(f"{path}: clear the widget state; widgets need a manager from a CDN")
    if execute:
        ExecutePreprocessor(timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3").preprocess(
            notebook, {"metadata": {"path": str(path.parent)}}
        )
    html, _ = exporter().from_notebook_node(notebook, resources={"metadata": {"name": path.stem}})
    remote = external_references(html)
    if remote:
        raise RuntimeError(f"{path}: the deck would load from outside the machine: {remote}")
    output = pathlib.Path(output_dir) / f"{path.stem}.slides.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    return output


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--output-dir", type=pathlib.Path, default=HERE / "_build")
    parser.add_argument("--execute", action="store_true", help="run each notebook first (needs the datasets)")
    args = parser.parse_args(argv)
    build_assets(args.output_dir)
    for notebook in args.notebooks:
        print(f"{notebook} -> {render(notebook, args.output_dir, execute=args.execute)}", flush=True)
    print(
        f"Slides written to {args.output_dir}/; open the .slides.html files in a "
        f"browser. The folder works offline: it carries reveal.js and MathJax in {ASSETS}/."
    )


if __name__ == "__main__":
    main()
