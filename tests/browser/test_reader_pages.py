"""The pages readers open: the example articles, a published post and a profile, in a real browser
at phone and desktop widths, in English and Arabic; axe-core finds nothing serious on any of them."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import Visit, _local_only
from tests.browser.editor_page import ARTIFACTS, AXE, WIDTHS


def _example_pages(app_url: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{app_url}/api/examples", timeout=30) as answer:
        listed = json.load(answer)["examples"]
    return {example["slug"]: example["page_url"] for example in listed}


@pytest.fixture
def reader(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Visit]:
    """A page in a context that lets axe-core in despite the pages' Content-Security-Policy (which
    allows no script but the video player's); everything else as in `visit`."""
    viewport: ViewportSize = getattr(request, "param", None) or WIDTHS["desktop"]
    context = browser.new_context(viewport=viewport, service_workers="block", bypass_csp=True)
    page = context.new_page()
    current = Visit(page)
    context.route("**/*", _local_only(current))
    page.on("pageerror", lambda error: current.page_errors.append(str(error)))
    yield current
    context.close()


def _serious(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    return list(found)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("reader", [WIDTHS["phone"], WIDTHS["desktop"]], indirect=True, ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_reader_pages_have_no_serious_accessibility_problem(app_url: str, reader: Visit, lang: str) -> None:
    """/examples, a post with a video and coupons, and a profile: 0 serious or critical axe findings."""
    pages = _example_pages(app_url)
    page = reader.page
    for name, path in (("examples", "/examples"), ("post", pages["movie-madness"]), ("profile", "/c/demo-professional")):
        page.goto(f"{app_url}{path}?lang={lang}")
        expect(page.locator("main")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        assert _serious(page) == [], f"{name} ({lang})"
        _shot(page, f"30-reader-{name}-{lang}")
    reader.assert_clean()


def test_examples_page_shows_four_cards_with_qr_codes_on_a_phone(app_url: str, reader: Visit) -> None:
    """The help page's four examples, each with its QR code and Start from this example."""
    page = reader.page
    page.set_viewport_size(WIDTHS["phone"])
    page.goto(f"{app_url}/examples")
    cards = page.locator("li.card")
    expect(cards).to_have_count(4)
    expect(cards.locator("[role=img] svg")).to_have_count(4)
    expect(page.get_by_role("link", name="Start from this example")).to_have_count(4)
    for index in range(4):
        box = cards.nth(index).bounding_box()
        assert box is not None and box["width"] <= 375, "one column on a phone"
    expect(page.get_by_role("img", name="QR code of “Bohemian Chic”")).to_be_visible()
    reader.assert_clean()


def test_the_video_plays_only_after_a_click_and_keeps_its_start(app_url: str, visit: Visit) -> None:
    """Before the click nothing leaves for YouTube; the click loads the no-cookie player at 0:42."""
    page = visit.page
    player_url = "https://www.youtube-nocookie.com/embed/9bZkp7q19f0?autoplay=1&start=42"
    page.goto(app_url + _example_pages(app_url)["life-in-motion"])
    play = page.get_by_role("button", name="Play video")
    expect(play).to_be_visible()
    expect(page.locator("iframe")).to_have_count(0)
    assert visit.outside_requests == []
    # The harness aborts every request to another host and records it: the player's is the only one.
    with page.expect_event("requestfailed", predicate=lambda request: request.url == player_url):
        play.click()
    player = page.locator("iframe.player")
    expect(player).to_have_attribute("src", player_url)
    expect(player).to_be_focused()
    assert visit.outside_requests == [player_url]
    assert visit.page_errors == []


@pytest.mark.parametrize("visit", [WIDTHS["phone"], WIDTHS["desktop"]], indirect=True, ids=["phone", "desktop"])
def test_share_links_are_offered_on_desktop_only_while_in_testing(app_url: str, visit: Visit) -> None:
    page = visit.page
    page.goto(app_url + _example_pages(app_url)["movie-madness"])
    share = page.get_by_role("link", name="Share on Facebook")
    desktop = page.viewport_size is not None and page.viewport_size["width"] >= 900
    if desktop:
        expect(share).to_be_visible()
        assert (share.get_attribute("href") or "").startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    else:
        expect(share).to_be_hidden()
    expect(page.get_by_text("US $3 off orders over US $20, until 31 Dec 2031", exact=True)).to_be_visible()
    visit.assert_clean()


def test_latin_tags_read_left_to_right_in_an_arabic_page(app_url: str, visit: Visit) -> None:
    """#Bikinis, not Bikinis#: the hash sign is drawn before the word inside a right-to-left page."""
    page = visit.page
    page.goto(app_url + _example_pages(app_url)["bohemian-chic"] + "?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert _hash_left_of_word(page, ".tags bdi") is True
    visit.assert_clean()


def _hash_left_of_word(page: Page, selector: str) -> bool:
    """Whether the first '#' of the element is drawn left of the letter after it."""
    return bool(page.evaluate("""(selector) => {
        const node = document.querySelector(selector).firstChild;
        const range = document.createRange();
        range.setStart(node, 0); range.setEnd(node, 1);
        const hash = range.getBoundingClientRect().left;
        range.setStart(node, 1); range.setEnd(node, 2);
        return hash < range.getBoundingClientRect().left;
    }""", selector))
