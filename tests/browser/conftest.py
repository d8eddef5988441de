"""Playwright fixtures: one Debian Chromium per session, a fresh context per test, the real endpoint.

Every request to a host other than 127.0.0.1 is aborted and recorded: the app must work with
the rest of the world unreachable, and each test proves it on the way out. A test that hosts the
app on another local origin adds that host to `visit.allowed_hosts`.

The script of the worker that makes a Python memory snapshot after a first start
(web/snapshot_worker.mjs) is refused to the page (not to sw.js, which keeps a copy) unless a test
is marked `snapshots`: that second Pyodide would slow every test down while proving nothing it is
about (the page then says `data-snapshot="failed"` and carries on, as where a browser cannot keep
one).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, sync_playwright

from tests.endpoints import DIST, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SNAPSHOT_WORKER = "/snapshot_worker.mjs"
PYTHON_READY_MS = 120_000  # a cold Pyodide start on a busy 2-core machine; it is a ceiling, not a wait


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (DIST / "index.html").is_file():
        pytest.fail("dist/ is not built: run `python3 build.py test`, which builds it before the tests")
    # Review takes seconds in the demo; the tests want its result at once.
    with serve(tmp_path_factory.mktemp("data"), env={"CREATORPOST_REVIEW_DELAY_SECONDS": "0"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: `apt-get install -y chromium`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A page in its own context, with what left the machine and what broke on it."""

    page: Page
    outside_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed_hosts: set[str] = field(default_factory=lambda: {"127.0.0.1"})
    snapshots: bool = False

    def open(self, url: str) -> None:
        self.page.goto(url)

    def wait_for_python(self) -> None:
        self.page.wait_for_selector("html[data-python='ready']", state="attached", timeout=PYTHON_READY_MS)

    def assert_clean(self) -> None:
        assert self.outside_requests == [], f"requests left {sorted(self.allowed_hosts)}"
        assert self.page_errors == [], "the page raised errors"


def _local_only(visit: Visit) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        url = route.request.url
        if url.endswith(SNAPSHOT_WORKER) and not visit.snapshots and route.request.service_worker is None:
            route.abort()
        elif urlsplit(url).hostname in visit.allowed_hosts or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            visit.outside_requests.append(url)
            route.abort()

    return handle


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "service_workers: let the page register its service worker (sw.js)")
    config.addinivalue_line("markers", "snapshots: let the page make a Python memory snapshot after starting")


@pytest.fixture
def visit(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Visit]:
    desktop: ViewportSize = {"width": 1280, "height": 900}
    viewport: ViewportSize = getattr(request, "param", None) or desktop
    # Blocked unless a test is marked: once sw.js controls a page it answers /_v/ from its cache, so
    # page.route() would no longer see those. Its own fetches still pass through context.route.
    marked = request.node.get_closest_marker("service_workers") is not None
    workers: Literal["allow", "block"] = "allow" if marked else "block"
    context = browser.new_context(viewport=viewport, service_workers=workers)
    page = context.new_page()
    current = Visit(page, snapshots=request.node.get_closest_marker("snapshots") is not None)
    context.route("**/*", _local_only(current))
    page.on("pageerror", lambda error: current.page_errors.append(str(error)))
    yield current
    context.close()
