"""A returning creator's Python is restored from a memory snapshot kept on the device (web/interpreter.mjs)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Visit
from tests.browser.deploys import copy_of_dist, replace_shell
from tests.endpoints import serve

pytestmark = pytest.mark.snapshots

SNAPSHOT_MS = 180_000  # a second Pyodide starting in a worker on a busy 2-core machine; a ceiling, not a wait
KEPT_JS = "['kept', 'failed'].includes(document.documentElement.dataset.snapshot)"
ENTRIES_JS = """async () => {
  const cache = await caches.open('python-snapshot');
  return (await cache.keys()).map((request) => request.url);
}"""
HOLDS_JS = """async (text) => {
  const cache = await caches.open('python-snapshot');
  const [key] = await cache.keys();
  const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
  const needle = new TextEncoder().encode(text);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}"""
DAMAGE_JS = """async (how) => {
  const cache = await caches.open('python-snapshot');
  const [key] = await cache.keys();
  const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
  const damaged = how === 'cut' ? bytes.slice(0, bytes.length >> 1) : new TextEncoder().encode('not a snapshot');
  await cache.put(key, new Response(damaged));
}"""


def snapshot_state(page: Page) -> str | None:
    state: str | None = page.evaluate("document.documentElement.dataset.snapshot ?? null")
    return state


def first_visit(visit: Visit, url: str) -> None:
    visit.open(url)
    visit.wait_for_python()
    visit.page.wait_for_function(KEPT_JS, timeout=SNAPSHOT_MS)
    assert snapshot_state(visit.page) == "kept"


def title_is_checked(page: Page) -> None:
    title = page.get_by_label("Title", exact=True)
    title.fill("")
    title.press_sequentially("x" * 61)
    expect(page.locator("#title-message")).to_contain_text("60")
    assert title.get_attribute("aria-invalid") == "true"
    assert page.locator("#title-counter").inner_text() == "61/60"


def test_a_returning_creator_starts_from_the_snapshot_with_their_draft_and_live_checks(app_url: str,
                                                                                         visit: Visit) -> None:
    """After one visit, the next starts Python from the kept snapshot: the draft is back and Title is checked."""
    first_visit(visit, app_url + "/")
    visit.page.get_by_label("Introduction", exact=True).fill("Kept in the draft, not in the snapshot")
    expect(visit.page.locator("#draft-status")).not_to_be_empty()

    visit.page.reload()
    visit.wait_for_python()
    assert snapshot_state(visit.page) == "restored"
    expect(visit.page.get_by_label("Introduction", exact=True)).to_have_value("Kept in the draft, not in the snapshot")
    title_is_checked(visit.page)

    second = visit.page.context.new_page()
    second.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    second.goto(app_url + "/")
    second.wait_for_selector("html[data-python='ready']", state="attached", timeout=120_000)
    assert snapshot_state(second) == "restored"
    title_is_checked(second)
    visit.assert_clean()


def test_the_snapshot_holds_no_token_even_when_the_creator_signed_in_first(app_url: str, visit: Visit) -> None:
    """A creator signed in before the snapshot was made: their token is not in what the device keeps."""
    visit.open(app_url + "/")
    visit.wait_for_python()
    visit.page.get_by_label("Demo creator").select_option("demo-professional")
    expect(visit.page.locator("#signed-in")).to_contain_text("Professional")
    visit.page.wait_for_function(KEPT_JS, timeout=SNAPSHOT_MS)
    assert snapshot_state(visit.page) == "kept"
    assert visit.page.evaluate(HOLDS_JS, "creatorpost.browser.app"), "the search finds what the snapshot holds"
    assert not visit.page.evaluate(HOLDS_JS, "demo-professional")
    visit.assert_clean()


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_a_damaged_snapshot_is_dropped_and_python_starts_as_usual(app_url: str, visit: Visit, damage: str) -> None:
    """A snapshot cut short or overwritten is not used: Python starts normally, checks work, a new one is kept."""
    first_visit(visit, app_url + "/")
    visit.page.evaluate(DAMAGE_JS, damage)

    visit.page.reload()
    visit.wait_for_python()
    assert snapshot_state(visit.page) in ("dropped", "making")
    title_is_checked(visit.page)
    visit.page.wait_for_function(KEPT_JS, timeout=SNAPSHOT_MS)
    assert snapshot_state(visit.page) == "kept"

    visit.page.reload()
    visit.wait_for_python()
    assert snapshot_state(visit.page) == "restored"
    visit.assert_clean()


def new_build(site: Path) -> None:
    """What a deploy with changed wheels does: they move to a new `_v/<hash>/` folder, index.html points there."""
    html = (site / "index.html").read_text()
    old = re.search(r"\./(_v/[0-9a-f]+)/wheels/", html)
    assert old
    (site / old.group(1)).rename(site / "_v" / "0000000000000000")
    replace_shell(site, html.replace(old.group(1), "_v/0000000000000000"))


def test_a_snapshot_is_never_used_by_another_build(tmp_path: Path, visit: Visit) -> None:
    """After a deploy, Python starts afresh (not from the old build's snapshot), whose place the new one takes."""
    site = copy_of_dist(tmp_path / "site")
    with serve(tmp_path / "data", dist=site) as url:
        first_visit(visit, url + "/")
        [old_key] = visit.page.evaluate(ENTRIES_JS)

        new_build(site)
        visit.page.reload()
        visit.wait_for_python()
        # Not restored (nor tried and dropped): a new snapshot is made once the page is idle.
        visit.page.wait_for_function("document.documentElement.dataset.snapshot", timeout=SNAPSHOT_MS)
        assert snapshot_state(visit.page) in ("making", "kept")
        title_is_checked(visit.page)
        visit.page.wait_for_function(KEPT_JS, timeout=SNAPSHOT_MS)
        [new_key] = visit.page.evaluate(ENTRIES_JS)
        assert new_key != old_key and "0000000000000000" in new_key
    visit.assert_clean()
