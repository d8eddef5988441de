"""A partner site embeds the editor with one tag and hands it the creator's token."""

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Visit

PARTNER_HOST = "127.0.0.2"


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture
def partner_site(tmp_path: Path, app_url: str) -> Iterator[str]:
    """A partner's page on another origin whose only trace of us is the embed tag."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Partner blog</title></head><body>"
        "<h1>Write for our readers</h1>"
        f"<script src='{app_url}/embed.js' data-token='demo-senior' data-lang='es' data-height='700px' async>"
        "</script></body></html>")
    handler = functools.partial(_QuietFiles, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer((PARTNER_HOST, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://{PARTNER_HOST}:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_one_tag_embeds_a_signed_in_editor_in_the_partner_page(partner_site: str, visit: Visit) -> None:
    """The partner page shows the editor, signed in with the token it passed, in the language it asked for."""
    visit.allowed_hosts.add(PARTNER_HOST)
    visit.open(partner_site)
    frame = visit.page.frame_locator("iframe[title='Creator Post Studio']")
    frame.locator("html[data-python='ready']").wait_for(state="attached", timeout=120_000)
    signed_in = frame.locator("#signed-in")
    signed_in.filter(has_text="Sam Senior").wait_for()
    assert frame.locator("html").get_attribute("lang") == "es"
    assert visit.page.locator("iframe").get_attribute("style") == "width: 100%; border: 0px; height: 700px;"
    frame.locator("#title").fill("x" * 61)
    assert frame.locator("#title").get_attribute("aria-invalid") == "true"
    # This context blocks third-party storage, as private windows do: the editor says drafts stay in memory.
    assert "Creator Post Studio" in frame.locator("#draft-status").inner_text()
    visit.page.screenshot(path=str(Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
                                   / "13-embedded-1280.png"))
    visit.assert_clean()
