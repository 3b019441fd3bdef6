"""A real Chromium driven by Playwright, with every request off the machine refused.

Playwright comes from PyPI and Chromium from the system (Debian's ``chromium``
package; Playwright's own browser download is not used). Without either, these
tests skip and say why, unless ``COURSE_REQUIRE_BROWSER=1`` (set in CI), in
which case they fail. ``COURSE_CHROMIUM`` names another Chromium binary.

Screenshots go to ``$COURSE_TEST_ARTIFACTS`` (default ``tests/artifacts/``).
"""

import os
import pathlib
import shutil
import urllib.parse

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Chromium's own background traffic (updates, sync, field trials) would be
    # the only requests leaving the machine; switch it off.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def unavailable(reason):
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"COURSE_REQUIRE_BROWSER=1 and {reason}")
    pytest.skip(reason)


def chromium_path():
    for candidate in (os.environ.get("COURSE_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install playwright, or make install)")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def is_local(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return parts.hostname in LOCAL_HOSTS


class OfflinePage:
    """A page whose requests to anywhere but this machine are aborted and recorded."""

    def __init__(self, context):
        self.context = context
        self.left_machine = []     # URLs that tried to leave the machine
        self.failed = []           # local requests that failed (a missing file, a dead server)
        self.errors = []           # uncaught JavaScript errors
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("requestfailed", self._failed)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.left_machine.append(url)
            route.abort("internetdisconnected")

    def _failed(self, request):
        if is_local(request.url):
            self.failed.append(f"{request.url}: {request.failure}")


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30_000)
    offline = OfflinePage(context)
    yield offline
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    """The folder that keeps screenshots after the run (git-ignored)."""
    folder = pathlib.Path(os.environ.get("COURSE_TEST_ARTIFACTS") or REPO / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
