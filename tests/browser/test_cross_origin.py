"""dist/ on a plain static host, the endpoint on another origin: a creator still publishes.

The built dist/ is copied, its `creatorpost-api` meta pointed at the endpoint with build.py's own
`set_api_base`, and served by Python's plain static server on 127.0.0.2; the endpoint runs on
127.0.0.1 and grants CORS to that origin only.
"""

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import Visit
from tests.endpoints import DIST, serve
from tools.build import dist

STATIC_HOST = "127.0.0.2"
PUBLISH_MS = 30_000  # the review delay is 0 and the editor polls every 3 s: a ceiling, not a wait


@pytest.fixture
def hosted_dist(tmp_path: Path) -> Path:
    """A copy of the built dist/ (never the shared one), without the index.html.gz that would go stale."""
    if not (DIST / "index.html").is_file():
        pytest.fail("dist/ is not built: run `python3 build.py test`, which builds it before the tests")
    copy = tmp_path / "site"
    shutil.copytree(DIST, copy)
    (copy / "index.html.gz").unlink(missing_ok=True)
    return copy


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture
def static_origin(hosted_dist: Path) -> Iterator[str]:
    """The copy on a plain static server, as a bucket or CDN would serve it: no API, no CORS."""
    handler = functools.partial(_QuietFiles, directory=str(hosted_dist))
    httpd = http.server.ThreadingHTTPServer((STATIC_HOST, 0), handler)  # bound before the thread: ready now
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://{STATIC_HOST}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def endpoint(tmp_path: Path, hosted_dist: Path, static_origin: str) -> Iterator[str]:
    env = {"CREATORPOST_CORS_ORIGINS": static_origin, "CREATORPOST_REVIEW_DELAY_SECONDS": "0"}
    with serve(tmp_path / "data", dist=hosted_dist, env=env) as url:
        yield url


def test_app_on_a_static_host_publishes_to_an_endpoint_on_another_origin(
        visit: Visit, hosted_dist: Path, static_origin: str, endpoint: str) -> None:
    index = hosted_dist / "index.html"
    index.write_text(dist.set_api_base(index.read_text(), endpoint))
    visit.allowed_hosts.add(STATIC_HOST)
    page = visit.page

    visit.open(static_origin + "/")
    visit.wait_for_python()
    page.locator("#demo-creator-control").wait_for(state="visible")  # /healthz answered across origins
    page.select_option("#demo-creator", "demo-senior")
    page.locator("#signed-in").filter(has_text="Senior").wait_for()
    page.fill("#title", "Beach week on a budget")
    page.click("#add-text")
    page.fill("#blocks-0-text", "I wore this all summer.\nIt still looks new.")
    with page.expect_response(lambda r: r.url == endpoint + "/api/posts" and r.request.method == "POST") as sent:
        page.click("#create")
    status = page.locator("#create-status")
    status.filter(has_text="In review").wait_for()
    created = sent.value
    assert created.status == 202
    post_id = created.json()["id"]

    with httpx.Client(base_url=endpoint, headers={"Authorization": "Bearer demo-senior"}) as client:
        stored = client.get(f"/api/posts/{post_id}")
    assert stored.status_code == 200
    assert stored.json()["creator"]["level"] == "senior"
    assert stored.json()["post"]["title"] == "Beach week on a budget"
    assert stored.json()["post"]["blocks"] == [{"kind": "text", "text": "I wore this all summer.\nIt still looks new."}]

    # The editor's own poll (a cross-origin GET) sees it published; its link leads to the endpoint's page.
    page.locator("#create-status[data-state='published']").wait_for(timeout=PUBLISH_MS)
    link = status.get_by_role("link").get_attribute("href") or ""
    assert link == f"{endpoint}/p/{post_id}"
    assert httpx.get(link).status_code == 200
    assert page.url == static_origin + "/"  # Create did not also submit the form the browser's way (a reload)
    visit.assert_clean()


def test_an_origin_outside_the_allow_list_gets_no_grant(static_origin: str, endpoint: str) -> None:
    """The endpoint answers CORS for the static host only: any other origin's page cannot read it."""
    stranger = f"http://{STATIC_HOST}:1"  # same host, another port: another origin
    asked = {"Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization,content-type,idempotency-key"}
    with httpx.Client(base_url=endpoint) as client:
        allowed = client.options("/api/posts", headers={**asked, "Origin": static_origin})
        refused = client.options("/api/posts", headers={**asked, "Origin": stranger})
        read = client.get("/healthz", headers={"Origin": stranger})
    assert allowed.headers.get("access-control-allow-origin") == static_origin
    assert "access-control-allow-credentials" not in allowed.headers
    assert "access-control-allow-origin" not in refused.headers
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers
