"""Partner sites embed the editor: one tag or <creator-post-editor>, the token by postMessage, and the
editor's news back as DOM events; only sites in CREATORPOST_PARTNER_ORIGINS get a working editor.

Partner pages are served by the test itself on other loopback addresses: 127.0.0.2 (listed) and
127.0.0.3 (not listed); the studio runs on 127.0.0.1 with the partner's origin in its settings.
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.conftest import PYTHON_READY_MS, Visit
from tests.browser.editor_page import screenshot_widths
from tests.endpoints import DIST, ROOT, serve
from tools.build import dist

ALLOWED_HOST = "127.0.0.2"
REFUSED_HOST = "127.0.0.3"
PUBLISH_MS = 30_000  # the review delay is 0 and the editor polls as soon as review is due: a ceiling

# In the editor's frame: the frame is exactly as tall as the editor's page (embed.js applied the last resize).
FITS = "Math.abs(window.innerHeight - document.documentElement.getBoundingClientRect().height) < 1"
EVENTS = ["creatorpost-ready", "creatorpost-resize", "creatorpost-draft-saved", "creatorpost-published",
          "creatorpost-error"]
# The partner's own script: keep every event of the element and every message the window gets.
RECORDER = """<script>
  window.seen = [];
  const editor = document.querySelector("creator-post-editor");
  for (const name of %s) editor.addEventListener(name, (event) => seen.push({event: name, detail: event.detail}));
  addEventListener("message", (event) => seen.push({message: event.data && event.data.type, origin: event.origin}));
  customElements.whenDefined("creator-post-editor").then(() => { editor.token = %s; });
</script>"""


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@dataclass
class Site:
    """A directory served on a loopback address: a partner's pages, or a static host."""

    root: Path
    origin: str


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[dict[str, Site]]:
    running: list[http.server.ThreadingHTTPServer] = []
    found: dict[str, Site] = {}
    for host in (ALLOWED_HOST, REFUSED_HOST):
        root = tmp_path / host
        root.mkdir()
        httpd = http.server.ThreadingHTTPServer((host, 0), functools.partial(_QuietFiles, directory=str(root)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        running.append(httpd)
        found[host] = Site(root, f"http://{host}:{httpd.server_address[1]}")
    yield found
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def studio(tmp_path: Path, sites: dict[str, Site]) -> Iterator[str]:
    """The studio, letting the partner on 127.0.0.2 (only) embed its editor."""
    env = {"CREATORPOST_REVIEW_DELAY_SECONDS": "0", "CREATORPOST_PARTNER_ORIGINS": sites[ALLOWED_HOST].origin}
    with serve(tmp_path / "studio-data", env=env) as url:
        yield url


def partner_token(data_dir: Path, partner: str) -> str:
    """`creatorpost issue-token demo-senior --partner ORIGIN --ttl 1h`, as the partner's back office would run it."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")},
           "CREATORPOST_DATA_DIR": str(data_dir), "CREATORPOST_PARTNER_ORIGINS": partner}
    done = subprocess.run([sys.executable, "-m", "creatorpost.server.cli", "issue-token", "demo-senior", "--partner",
                           partner, "--ttl", "1h"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def element_page(site: Site, studio_url: str, token: str, lang: str = "es") -> str:
    (site.root / "write.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Partner shop</title>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'></head><body>"
        "<h1>Write about what you bought</h1>"
        f"<script src='{studio_url}/embed.js'></script>"
        f"<creator-post-editor lang='{lang}'></creator-post-editor>"
        + RECORDER % (json.dumps(EVENTS), json.dumps(token)) + "<footer>Partner footer</footer></body></html>")
    return site.origin + "/write.html"


def editor_frame(page: Page) -> Frame:
    frame = page.frame_locator("creator-post-editor iframe")
    frame.locator("html[data-python='ready']").wait_for(state="attached", timeout=PYTHON_READY_MS)
    found = page.locator("creator-post-editor iframe").element_handle()
    assert found is not None
    content = found.content_frame()
    assert content is not None
    return content


def seen(page: Page) -> list[dict[str, object]]:
    return list(page.evaluate("window.seen"))


def test_allowed_partner_hears_published_and_the_frame_grows_with_the_editor(
        studio: str, sites: dict[str, Site], visit: Visit, tmp_path: Path) -> None:
    """On a listed partner's page, with a token scoped to that partner: the editor signs in, has no
    demo select and no scrollbar of its own, and the page receives ready, draft-saved and published."""
    partner = sites[ALLOWED_HOST]
    visit.allowed_hosts.add(ALLOWED_HOST)
    page = visit.page
    visit.open(element_page(partner, studio, partner_token(tmp_path / "studio-data", partner.origin)))
    frame = editor_frame(page)
    expect(frame.locator("#signed-in")).to_contain_text("Sam Senior")
    assert frame.evaluate("document.documentElement.lang") == "es"
    expect(frame.locator("#demo-creator-control")).to_be_hidden()
    expect(frame.locator("#sign-out")).to_be_hidden()

    frame.locator("#title").fill("Bought on the partner shop")
    frame.locator("#add-text").click()
    frame.locator("#blocks-0-text").fill("It arrived in two days.")
    page.wait_for_function("seen.some((s) => s.event === 'creatorpost-draft-saved')")
    frame.locator("#create").click()
    page.wait_for_function("seen.some((s) => s.event === 'creatorpost-published')", timeout=PUBLISH_MS)

    events = seen(page)
    published = next(s["detail"] for s in events if s.get("event") == "creatorpost-published")
    assert isinstance(published, dict) and published["revision"] == 1
    assert published["url"] == f"{studio}/p/{published['id']}"
    assert httpx.get(str(published["url"])).status_code == 200
    draft = next(s["detail"] for s in events if s.get("event") == "creatorpost-draft-saved")
    assert isinstance(draft, dict) and str(draft["draft_id"]).startswith("d_")
    assert {s["event"] for s in events if "event" in s} >= {"creatorpost-ready", "creatorpost-resize",
                                                           "creatorpost-draft-saved", "creatorpost-published"}
    assert {s["origin"] for s in events if "message" in s} == {studio}

    # The frame is as tall as the editor's page: the last height it reported, and no inner scrollbar.
    last = [s["detail"] for s in events if s.get("event") == "creatorpost-resize"][-1]
    assert isinstance(last, dict)
    box = page.locator("creator-post-editor iframe").bounding_box()
    assert box is not None and box["height"] == max(200, last["height"]) and box["height"] > 600
    assert frame.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    frame.wait_for_function(FITS)
    screenshot_widths(page, "14-embedded-published", settle=FITS, frame=frame)
    visit.assert_clean()


def test_the_readme_s_partner_page_works_as_written(
        studio: str, sites: dict[str, Site], visit: Visit, tmp_path: Path) -> None:
    """The README's complete partner page, as printed (studio address and token filled in): the prefill
    arrives, and after Create the page shows its thank-you with the link to the published post."""
    partner = sites[ALLOWED_HOST]
    readme = (ROOT / "README.md").read_text()
    example = readme.split("```html\n", 1)[1].split("```", 1)[0]
    token = partner_token(tmp_path / "studio-data", partner.origin)
    (partner.root / "readme.html").write_text(
        example.replace("https://STUDIO", studio).replace("TOKEN_FROM_YOUR_SERVER", token))
    visit.allowed_hosts.add(ALLOWED_HOST)
    page = visit.page
    visit.open(partner.origin + "/readme.html")
    frame = editor_frame(page)
    expect(frame.locator("#title")).to_have_value("My new sandals")
    expect(frame.locator("#blocks")).to_contain_text("Bohemian Triangle Bikini Set")  # the product's card
    expect(frame.locator("#signed-in")).to_contain_text("Sam Senior")
    frame.locator("#create").click()
    expect(page.locator("#done")).to_be_visible(timeout=PUBLISH_MS)
    link = page.locator("#link").get_attribute("href") or ""
    assert link.startswith(f"{studio}/p/p_") and "My new sandals" in httpx.get(link).text
    visit.assert_clean()


def test_the_one_tag_embed_still_works(studio: str, sites: dict[str, Site], visit: Visit) -> None:
    """The single script tag puts a signed-in editor where it stands, in the language it asked for."""
    partner = sites[ALLOWED_HOST]
    (partner.root / "blog.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Partner blog</title></head><body>"
        f"<h1>Write for our readers</h1><script src='{studio}/embed.js' data-token='demo-junior' data-lang='pt' "
        "data-height='700px' async></script></body></html>")
    visit.allowed_hosts.add(ALLOWED_HOST)
    visit.open(partner.origin + "/blog.html")
    frame = editor_frame(visit.page)
    expect(frame.locator("#signed-in")).to_contain_text("Júnior")
    assert frame.evaluate("document.documentElement.lang") == "pt"
    frame.locator("#title").fill("x" * 61)
    expect(frame.locator("#title")).to_have_attribute("aria-invalid", "true")
    # This context blocks third-party storage, as private windows do: the editor says drafts stay in memory.
    expect(frame.locator("#draft-status")).to_contain_text("Creator Post Studio")
    visit.assert_clean()


def test_a_site_not_in_the_list_gets_no_editor(studio: str, sites: dict[str, Site], visit: Visit) -> None:
    """A page on 127.0.0.3 that embeds the editor gets the browser's refusal (frame-ancestors): no
    editor, no message, the token never sent anywhere."""
    stranger = sites[REFUSED_HOST]
    visit.allowed_hosts.add(REFUSED_HOST)
    page = visit.page
    with page.expect_event("framenavigated", predicate=lambda f: f.parent_frame is not None, timeout=PYTHON_READY_MS) \
            as navigated:
        visit.open(element_page(stranger, studio, "demo-senior"))
    refused = navigated.value
    refused.wait_for_load_state()
    assert not refused.url.startswith(studio)  # the browser shows its own error page instead of ours
    assert seen(page) == []
    screenshot_widths(page, "15-embed-refused", full_page=True)


def test_a_dist_hosted_without_headers_still_refuses_an_unlisted_site(
        tmp_path: Path, sites: dict[str, Site], visit: Visit) -> None:
    """dist/ on a plain static host sends no frame-ancestors: the editor itself sees who frames it and
    works for nobody outside its list (built with --partner-origins), saying so in the page's language."""
    static, stranger = sites[ALLOWED_HOST], sites[REFUSED_HOST]
    site = static.root
    shutil.copytree(DIST, site, dirs_exist_ok=True)
    (site / "index.html.gz").unlink(missing_ok=True)
    shell = (site / "index.html").read_text()
    (site / "index.html").write_text(dist.set_partner_origins(shell, "https://shop.example"))
    visit.allowed_hosts |= {ALLOWED_HOST, REFUSED_HOST}
    (stranger.root / "write.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Not a partner</title></head><body>"
        f"<script src='{static.origin}/embed.js'></script><creator-post-editor lang='fr'></creator-post-editor>"
        + RECORDER % (json.dumps(EVENTS), json.dumps("demo-senior")) + "</body></html>")
    visit.open(stranger.origin + "/write.html")
    frame = editor_frame(visit.page)
    expect(frame.locator("#embed-refused")).to_have_text(
        f"{stranger.origin} n’est pas autorisé à intégrer Creator Post Studio. "
        "Ouvrez le studio dans son propre onglet pour écrire votre publication.")
    expect(frame.locator("#post-form")).to_be_hidden()
    assert seen(visit.page) == []
    screenshot_widths(visit.page, "24-embed-refused-by-the-editor")
    visit.assert_clean()
