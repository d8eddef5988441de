"""Offline after a first visit: sw.js keeps the editor, and the core checks without a network."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Request

from tests.browser.conftest import Visit
from tests.browser.deploys import copy_of_dist, replace_shell
from tests.endpoints import DIST, serve
from tools.build import dist

# The worker controls the page once it has precached everything (install) and taken over (activate, claim).
CONTROLLED_JS = "navigator.serviceWorker.controller !== null"
WORKER_READY_MS = 60_000  # 17 MB from 127.0.0.1 into Cache Storage; a ceiling, not a wait

CACHED_JS = """async () => {
  const names = (await caches.keys()).filter((name) => name.startsWith("creatorpost-"));
  const cache = await caches.open(names[0]);
  return { names, urls: (await cache.keys()).map((request) => request.url) };
}"""


def expected_cache(app_url: str) -> tuple[str, set[str]]:
    files = json.loads((DIST / "manifest.json").read_text())["files"]
    paths = dist.precache_paths(files)
    return f"creatorpost-{dist.cache_version(files, paths)}", {app_url + path.removeprefix(".") for path in paths}


@pytest.mark.service_workers
def test_after_one_visit_the_editor_loads_and_checks_offline(app_url: str, visit: Visit) -> None:
    """A creator who opened the editor once can reload it with no network: it starts and still checks Title."""
    worker_requests: list[Request] = []
    visit.page.context.on("request", lambda r: worker_requests.append(r) if r.service_worker else None)
    visit.open(app_url + "/")
    visit.wait_for_python()
    visit.page.wait_for_function(CONTROLLED_JS, timeout=WORKER_READY_MS)
    assert visit.page.evaluate("navigator.serviceWorker.controller.scriptURL") == app_url + "/sw.js"

    cache_name, cache_urls = expected_cache(app_url)
    cached = visit.page.evaluate(CACHED_JS)
    assert cached["names"] == [cache_name]
    assert set(cached["urls"]) == cache_urls
    # The worker's own downloads (itself, then the precache) pass through the conftest's routing too.
    assert {r.url for r in worker_requests} == cache_urls | {app_url + "/sw.js"}

    visit.page.context.set_offline(True)
    response = visit.page.reload()
    assert response is not None and response.from_service_worker
    visit.wait_for_python()
    assert visit.page.locator("#network-status").is_visible()

    title = visit.page.get_by_label("Title", exact=True)
    title.fill("")
    title.press_sequentially("x" * 61)
    message = visit.page.locator("#title-message")
    assert title.get_attribute("aria-invalid") == "true"
    assert message.is_visible()
    assert "60" in message.inner_text()
    assert visit.page.locator("#title-counter").inner_text() == "61/60"
    visit.assert_clean()


def redeploy_shell(site: Path, title: str) -> None:
    """What a new deploy does to index.html (new bytes, new manifest entry), in a hard-linked copy of dist/."""
    html = (site / "index.html").read_text()
    replace_shell(site, html.replace("<title>Creator Post Studio</title>", f"<title>{title}</title>", 1))


@pytest.mark.service_workers
def test_a_new_deploy_is_picked_up_online_and_the_kept_shell_serves_offline(tmp_path: Path, visit: Visit) -> None:
    """Online, a reload shows what the server has now; offline, the editor kept from the last visit starts."""
    site = copy_of_dist(tmp_path / "site")
    with serve(tmp_path / "data", dist=site) as url:
        visit.open(url + "/")
        visit.wait_for_python()
        visit.page.wait_for_function(CONTROLLED_JS, timeout=WORKER_READY_MS)

        redeploy_shell(site, "Creator Post Studio (new deploy)")
        visit.page.reload()
        assert visit.page.title() == "Creator Post Studio (new deploy)"
        visit.wait_for_python()

        visit.page.context.set_offline(True)
        visit.page.reload()
        assert visit.page.title() == "Creator Post Studio"
        visit.wait_for_python()
    visit.assert_clean()
