"""Keyboard, screen reader, languages and levels: the editor works for every creator."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.browser.editor_page import WIDTHS, EditorPage


def test_videos_only_for_intermediate_creators_and_above(app_url: str, visit: Visit) -> None:
    """A Junior creator sees why videos are locked and what unlocks them; an Intermediate one can add them."""
    editor = EditorPage(visit, app_url).open()
    editor.sign_in("junior")
    expect(editor.page.locator("#videos-locked")).to_have_text(
        "Videos are for Intermediate creators and above. You are Junior: reach Intermediate to add videos.")
    expect(editor.field("YouTube link")).to_be_hidden()
    editor.screenshot("10-videos-locked")
    editor.sign_in("intermediate")
    expect(editor.page.locator("#videos-locked")).to_be_hidden()
    editor.field("YouTube link").fill("https://m.youtube.com/shorts/dQw4w9WgXcQ")
    editor.button("Add video").click()
    expect(editor.page.locator("#blocks")).to_contain_text("watch?v=dQw4w9WgXcQ")
    visit.assert_clean()


def test_blocks_move_with_the_keyboard_and_by_drag(app_url: str, visit: Visit) -> None:
    """Up/Down buttons, Alt+Arrow keys and drag and drop reorder blocks; focus follows the block."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    for text in ("one", "two", "three"):
        editor.button("Add body text").click()
        page.locator("#blocks textarea").last.fill(text)

    def texts() -> list[str]:
        return [page.locator(f"#blocks-{i}-text").input_value() for i in range(3)]

    assert texts() == ["one", "two", "three"]

    page.locator("#blocks-0 button[data-action='down']").focus()
    page.keyboard.press("Enter")
    assert texts() == ["two", "one", "three"]
    expect(page.locator("#blocks-1 button[data-action='down']")).to_be_focused()
    expect(page.locator("#blocks-live")).to_have_text("Moved to position 2 of 3.")

    page.locator("#blocks-2-text").focus()
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Alt+ArrowUp")
    assert texts() == ["three", "two", "one"]
    expect(page.locator("#blocks-0-text")).to_be_focused()

    # Dropped on the upper half of the last block: it lands just before it.
    page.locator("#blocks-0 .block-head").drag_to(page.locator("#blocks-2"), target_position={"x": 20, "y": 10})
    assert texts() == ["two", "three", "one"]
    visit.assert_clean()


def test_arabic_is_laid_out_right_to_left_with_translated_messages(app_url: str, visit: Visit) -> None:
    """Choosing العربية turns the page right to left; labels and rule messages are in Arabic."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    page.get_by_label("Language").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    title_label = page.locator("label[for='title']")
    expect(title_label).not_to_have_text("Title")
    page.locator("#title").fill("ع" * 61)
    message = editor.message("title")
    expect(message).to_be_visible()
    assert "60" in message.inner_text() and "Titles" not in message.inner_text()
    box, form = page.locator("#title").bounding_box(), page.locator("#post-form").bounding_box()
    assert box and form
    assert page.locator("#title-counter").bounding_box()["x"] < box["x"] + box["width"] / 2  # type: ignore[index]
    editor.screenshot("11-arabic")
    page.reload()
    visit.wait_for_python()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    visit.assert_clean()


@pytest.mark.parametrize("visit", [WIDTHS["phone"], WIDTHS["desktop"]], indirect=True, ids=["phone", "desktop"])
def test_no_serious_accessibility_violation_on_any_step(app_url: str, visit: Visit) -> None:
    """axe-core finds no serious or critical problem with every part of the flow on screen."""
    editor = EditorPage(visit, app_url).open()
    editor.sign_in("professional")
    editor.field("Title").fill("T" * 61)
    editor.add_hashtag("Summer")
    editor.add_hashtag("two words")
    editor.button("Add body text").click()
    editor.button("Add products").click()
    editor.field("Product link").fill("https://www.aliexpress.com/item/1005001234567890.html")
    editor.button("Get info").click()
    expect(editor.page.locator("#product-card")).to_be_visible()
    editor.button("Create").click()
    assert editor.serious_accessibility_violations() == []
    editor.page.locator("#drafts-open").click()
    assert editor.serious_accessibility_violations() == []
    visit.assert_clean()
