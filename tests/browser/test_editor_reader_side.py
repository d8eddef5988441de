"""Editor details a new creator tripped on, and learning from the help page's examples: start from
one, paste tags and links the way people do, describe pictures, work in Arabic and on a phone."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Visit
from tests.browser.editor_page import WIDTHS, EditorPage, photo


def _json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        found: dict[str, object] = json.load(answer)
    return found


def _contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    def luminance(rgb: tuple[int, int, int]) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(css: str) -> tuple[int, int, int]:
    numbers = css[css.index("(") + 1:css.index(")")].replace(",", " ").split()
    return int(float(numbers[0])), int(float(numbers[1])), int(float(numbers[2]))


def _paste(page: Page, selector: str, text: str) -> None:
    """What Ctrl+V does: the clipboard's text goes into the focused field as one paste."""
    page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    page.locator(selector).focus()
    page.keyboard.press("Control+V")


def test_start_from_an_example_makes_a_draft_of_ones_own(app_url: str, visit: Visit) -> None:
    """From /examples, Start from this example opens the article as a new draft with its text, products
    and photos; the photos upload as the creator's own, and the post can be created as it is."""
    page = visit.page
    page.goto(f"{app_url}/examples")
    page.get_by_role("link", name="Start from this example").nth(2).click()
    visit.wait_for_python()
    editor = EditorPage(visit, app_url)
    expect(page.locator("#example-status")).to_contain_text("Started from the example “Movie Madness”")
    expect(editor.field("Title")).to_have_value("Movie Madness: turn your living room into a cinema")
    expect(page.locator("#banner-image")).to_be_visible()
    expect(page.locator("#banner-alt")).to_have_value(
        "A beam of projector light crossing a dark room towards a glowing screen")
    expect(page.locator("#blocks .block-photo")).to_have_count(1)
    expect(page.locator("#blocks .product")).to_have_count(6)
    expect(page.locator("#blocks")).to_contain_text("Portable Mini Projector, 1080p Supported")
    assert "example=" not in page.url, "a reload must not copy the example again"
    editor.screenshot("40-started-from-example")

    editor.sign_in("senior")  # not the example's author (Priya Professional)
    editor.button("Create").click()
    expect(editor.status()).to_contain_text("Published", timeout=30_000)
    mine = editor.page.get_by_role("link", name="Open the post").get_attribute("href") or ""
    created = _json(f"{app_url}/api/posts/{mine.rsplit('/', 1)[1]}")
    example = _json(f"{app_url}/api/examples/movie-madness")
    post, original = created["post"], example["post"]
    assert isinstance(post, dict) and isinstance(original, dict)
    assert post["banner"]["alt"] == original["banner"]["alt"]
    assert post["banner"]["media_id"] != original["banner"]["media_id"], "the creator's own copy"
    assert [b["kind"] for b in post["blocks"]] == [b["kind"] for b in original["blocks"]]
    assert "coupons" not in post, "coupons need the author's collaboration with the store"
    visit.assert_clean()


@pytest.mark.parametrize("visit", [WIDTHS["phone"], WIDTHS["desktop"]], indirect=True, ids=["phone", "desktop"])
def test_arabic_isolates_the_creators_words_and_translates_every_label(app_url: str, visit: Visit) -> None:
    """Latin tags read #Bikinis, not Bikinis#; links are typed left to right; screen-reader labels and
    the window title are Arabic too."""
    page = visit.page
    visit.open(f"{app_url}/?example=bohemian-chic&lang=ar")
    visit.wait_for_python()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#hashtag-list .chip")).to_have_count(5)
    for selector in ("#hashtag-list bdi", "#article-preview .article-tags bdi"):
        assert page.evaluate("""(selector) => {
            const node = document.querySelector(selector).firstChild;
            const range = document.createRange();
            range.setStart(node, 0); range.setEnd(node, 1);
            const hash = range.getBoundingClientRect().left;
            range.setStart(node, 1); range.setEnd(node, 2);
            return hash < range.getBoundingClientRect().left;
        }""", selector), selector
    for field in ("#product-url", "#videos", "#store-id", "#coupon-ids"):
        assert page.locator(field).evaluate("node => getComputedStyle(node).direction") == "ltr", field
    assert page.locator("#title").evaluate("node => getComputedStyle(node).direction") == "ltr", "Latin title"
    expect(page).to_have_title("Creator Post Studio — اكتب منشورًا")
    expect(page.locator("#photos-progress")).to_have_attribute("aria-label", "جارٍ تجهيز الصور")
    expect(page.locator("#banner-progress")).to_have_attribute("aria-label", "جارٍ تجهيز اللافتة")
    expect(page.locator("#python-progress")).to_have_attribute("aria-label", "جارٍ تحميل مدقق القواعد")
    expect(page.locator(".segmented")).to_have_attribute("aria-label", "عرض المعاينة")
    EditorPage(visit, app_url).screenshot("41-arabic-example")
    page.locator("#language").select_option("es")
    expect(page).to_have_title("Creator Post Studio — escribe una publicación")
    expect(page.locator("#photos-progress")).to_have_attribute("aria-label", "Preparando las fotos")
    visit.assert_clean()


@pytest.mark.parametrize("visit", [WIDTHS["phone"]], indirect=True, ids=["phone"])
def test_on_a_phone_the_preview_is_one_tap_away_and_targets_are_big_enough(app_url: str, visit: Visit) -> None:
    """The Preview toggle sits above the form; the Article choice is at least 24×24; focus shows at 3:1."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    editor.field("Title").fill("Summer on a phone")
    toggle = editor.button("Preview")
    box = toggle.bounding_box()
    assert box is not None and box["y"] + box["height"] <= WIDTHS["phone"]["height"], "visible without scrolling"
    choice = page.get_by_label("Article").bounding_box()
    assert choice is not None and choice["width"] >= 24 and choice["height"] >= 24
    toggle.click()
    expect(page.locator("#article-preview h1")).to_have_text("Summer on a phone")
    expect(page.locator("#article-preview h1")).to_be_in_viewport()
    expect(page.locator("#post-form")).to_be_hidden()
    editor.screenshot("42-phone-preview")
    back = editor.button("Back to editing")
    expect(back).to_have_attribute("aria-pressed", "true")
    back.click()
    expect(editor.field("Title")).to_be_visible()

    editor.field("Title").focus()
    ring = _rgb(editor.field("Title").evaluate("node => getComputedStyle(node).outlineColor"))
    for background in ((255, 255, 255), (245, 246, 248)):
        assert _contrast(ring, background) >= 3.0
    visit.assert_clean()


def test_coupon_ids_confirm_on_enter_and_a_repeat_is_named(app_url: str, visit: Visit) -> None:
    """Enter in Coupon IDs confirms (it never creates the post); "C109,C109" says C109 is listed twice;
    the coupon then shows what it is worth."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    editor.sign_in("professional")
    editor.field("Store ID").fill("913224455")
    editor.field("Coupon IDs").fill("C109,C109")
    editor.field("Coupon IDs").press("Enter")
    expect(editor.message("coupons-confirm")).to_have_text("“C109” is listed twice: keep it once.")
    editor.field("Coupon IDs").fill("C109")
    editor.field("Coupon IDs").press("Enter")
    expect(page.locator("#coupon-list .coupon-title")).to_have_text("US $3 off orders over US $20, until 31 Dec 2031")
    expect(editor.status()).to_be_empty()
    visit.assert_clean()


def test_arrow_keys_through_demo_creators_sign_in_once(app_url: str, visit: Visit) -> None:
    """Stepping through the list with the keyboard asks the endpoint once, for the creator chosen."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.headers.get("authorization", ""))
            if request.url.endswith("/api/creators/me") else None)
    select = page.locator("#demo-creator")
    expect(select.locator("option")).to_have_count(8)  # "—", the six demo creators, the demo reviewer
    select.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#signed-in")).to_have_text("Signed in as Jun Junior · Junior")
    assert asked == ["Bearer demo-junior"]
    visit.assert_clean()


def test_pasted_tags_become_chips_and_extras_are_refused_with_their_count(app_url: str, visit: Visit) -> None:
    """#Bikinis, #Baby&Kids #Summer gives three chips; beyond five the rest stay, selected, with the count."""
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    editor = EditorPage(visit, app_url).open()
    _paste(page, "#hashtags", "#Bikinis, #Baby&Kids #Summer")
    expect(page.locator("#hashtag-list .chip")).to_have_count(3)
    assert editor.chips() == ["#Bikinis", "#Baby&Kids", "#Summer"]
    _paste(page, "#hashtags", "＃sale #Beach。 #Town #Sun")
    assert editor.chips() == ["#Bikinis", "#Baby&Kids", "#Summer", "#sale", "#Beach"]
    expect(editor.message("hashtags")).to_have_text("Only 5 hashtags fit: 2 more not added.")
    field = editor.field("Hashtags")
    expect(field).to_have_value("#Town, #Sun")
    assert field.evaluate("node => [node.selectionStart, node.selectionEnd]") == [0, len("#Town, #Sun")]
    page.keyboard.type("x")
    expect(field).to_have_value("x")
    field.fill("two words")
    editor.field("Title").click()  # leaving with a refused tag: it stays, and focus goes where the creator went
    expect(editor.field("Title")).to_be_focused()
    expect(field).to_have_value("two words")
    editor.screenshot("43-pasted-tags")
    visit.assert_clean()


def test_a_slow_photo_shows_progress_and_can_be_cancelled(app_url: str, visit: Visit, tmp_path: Path) -> None:
    """A camera-sized photo that takes a while to fit shows its progress and a Cancel button; Cancel drops it."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    page.locator("#photos-file").set_input_files(str(photo(tmp_path / "huge.jpg", 9000, 6000)))
    cancel = page.locator("#photos-cancel")
    expect(cancel).to_be_visible(timeout=30_000)
    expect(page.locator("#photos-progress")).to_be_visible()
    editor.screenshot("44-photo-progress")
    cancel.click()
    expect(editor.message("photos")).to_have_text("Stopped: huge.jpg was not added.")
    expect(page.locator("#photos-work")).to_be_hidden()
    expect(page.locator("#blocks .block-photo")).to_have_count(0)
    visit.assert_clean()


def test_every_picture_gets_a_text_alternative(app_url: str, visit: Visit, tmp_path: Path) -> None:
    """Alt text for the banner and each photo: a tip while it is empty, the caption stands in for a photo."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    editor.sign_in("senior")
    page.locator("#banner-file").set_input_files(str(photo(tmp_path / "banner.jpg", 1600, 800)))
    expect(editor.message("banner-alt")).to_have_text("Describe the banner in Alt text for readers who cannot see it.")
    page.locator("#banner-alt").fill("Linen dresses on a rail")
    expect(editor.message("banner-alt")).to_be_hidden()
    expect(page.locator("#article-preview .article-banner")).to_have_attribute("alt", "Linen dresses on a rail")
    page.locator("#photos-file").set_input_files(str(photo(tmp_path / "photo.jpg", 1200, 900)))
    expect(editor.message("blocks-0-alt")).to_contain_text("Describe this photo in Alt text (or a caption)")
    page.locator("#blocks-0-caption").fill("The hat, at dusk")
    expect(editor.message("blocks-0-alt")).to_be_hidden()
    expect(page.locator("#article-preview figure img")).to_have_attribute("alt", "The hat, at dusk")
    page.locator("#blocks-0-alt").fill("A straw hat on a bench")
    expect(page.locator("#article-preview figure img")).to_have_attribute("alt", "A straw hat on a bench")
    editor.screenshot("45-alt-text")
    visit.assert_clean()
