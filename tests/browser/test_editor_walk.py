"""A new creator walks every step of the Article flow, meets each rule's message, fixes it, creates."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.browser.editor_page import WIDTHS, EditorPage, photo

PRODUCT = "https://es.aliexpress.com/item/1005001234567890.html?spm=a2g0o.detail&gatewayAdapt=glo2esp"


@pytest.mark.parametrize("visit", [WIDTHS["phone"], WIDTHS["desktop"]], indirect=True, ids=["phone", "desktop"])
def test_every_step_from_first_word_to_published(app_url: str, visit: Visit, tmp_path: Path) -> None:
    """Each step shows its rule in words next to the field, the fix clears it, and Create publishes."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    desktop = page.viewport_size is not None and page.viewport_size["width"] >= 900
    editor.screenshot("00-start")
    editor.sign_in("professional")
    expect(page.locator("#signed-in")).to_have_text("Signed in as Priya Professional · Professional")

    # Post type: Article is chosen.
    expect(page.get_by_label("Article")).to_be_checked()

    # Banner: too small is refused in words; a good one shows and uploads.
    page.locator("#banner-file").set_input_files(str(photo(tmp_path / "small.jpg", 640, 480)))
    expect(editor.message("banner-file")).to_have_text("Banners must be at least 750×360 pixels — this one is 640×480.")
    page.locator("#banner-file").set_input_files(str(photo(tmp_path / "banner.jpg", 2400, 1200)))
    expect(page.locator("#banner-image")).to_be_visible()
    expect(editor.message("banner-file")).to_be_hidden()
    expect(editor.button("Replace banner")).to_be_visible()
    editor.screenshot("01-banner")

    # Title: 61 characters are one too many.
    editor.field("Title").fill("B" * 61)
    expect(editor.message("title")).to_have_text("Titles can have at most 60 characters — this one has 61.")
    expect(editor.field("Title")).to_have_attribute("aria-invalid", "true")
    editor.field("Title").fill("Bohemian Chic for less")
    expect(editor.message("title")).to_be_hidden()
    expect(page.locator("#title-counter")).to_have_text("22/60")

    # Introduction: 1001 characters, then fixed.
    editor.field("Introduction").fill("a" * 1001)
    expect(editor.message("introduction")).to_contain_text("at most 1000 characters")
    editor.field("Introduction").fill("Five pieces that make a summer wardrobe, all under 20 dollars.")
    expect(editor.message("introduction")).to_be_hidden()
    editor.screenshot("02-title-introduction")

    # Hashtags: stored without '#', a duplicate and a tag with a space are refused, at most 5.
    for tag in ("#Bikinis", "Baby&Kids", "#CheerForAliExpress", "Summer"):
        editor.add_hashtag(tag)
    assert editor.chips() == ["#Bikinis", "#Baby&Kids", "#CheerForAliExpress", "#Summer"]
    editor.add_hashtag("#bikinis")
    expect(editor.message("hashtags")).to_have_text("#Bikinis is already in the list.")
    editor.add_hashtag("two words")
    expect(editor.message("hashtags")).to_have_text("A hashtag is one word: remove the spaces.")
    editor.add_hashtag("Beach")
    editor.add_hashtag("OneTooMany")
    expect(editor.message("hashtags")).to_contain_text("up to 5 hashtags")
    assert len(editor.chips()) == 5
    expect(page.locator("#hashtags-counter")).to_have_text("5/5")
    editor.screenshot("03-hashtags")

    # Add products: a foreign link is refused; a platform link gives a card, then Add.
    editor.button("Add products").click()
    editor.field("Product link").fill("https://www.amazon.com/dp/B000000")
    editor.button("Get info").click()
    expect(editor.message("product-url")).to_have_text(
        "Only AliExpress product pages can be added — this link goes to www.amazon.com.")
    editor.field("Product link").fill(PRODUCT)
    editor.button("Get info").click()
    expect(page.locator("#product-card")).to_contain_text("Bohemian Triangle Bikini Set")
    editor.button("Add").click()
    expect(page.locator("#blocks")).to_contain_text("Bohemian Triangle Bikini Set")

    # Add photos and Body text.
    page.locator("#photos-file").set_input_files(str(photo(tmp_path / "photo.jpg", 3000, 2000)))
    expect(page.locator("#blocks .block-photo")).to_be_visible()
    expect(page.locator("#blocks")).to_contain_text("Scaled from 3000×2000 to 2000×1333.")
    editor.button("Add body text").click()
    editor.field("Body text").fill("I bought the set in June and wore it all summer.")
    assert editor.block_titles() == ["Product · Block 1 of 3", "Photo · Block 2 of 3", "Text · Block 3 of 3"]
    editor.screenshot("04-body")

    # Videos: not a YouTube link, then a youtu.be one.
    editor.field("YouTube link").fill("https://vimeo.com/123")
    editor.button("Add video").click()
    expect(editor.message("videos")).to_contain_text("Paste a YouTube video link")
    editor.field("YouTube link").fill("https://youtu.be/dQw4w9WgXcQ")
    editor.button("Add video").click()
    expect(page.locator("#blocks")).to_contain_text("https://www.youtube.com/watch?v=dQw4w9WgXcQ")

    # Store coupons: a store the creator does not work with, an expired coupon, then good ones.
    editor.field("Store ID").fill("912345679")
    editor.field("Coupon IDs").fill("C103")
    editor.button("Confirm").click()
    expect(editor.message("coupons-confirm")).to_have_text("You can add coupons only from stores you collaborate with.")
    editor.field("Store ID").fill("912345678")
    editor.field("Coupon IDs").fill("C100, C102")
    editor.button("Confirm").click()
    expect(editor.message("coupons-confirm")).to_have_text("These coupons have expired: C102.")
    editor.field("Coupon IDs").fill("C100 C101")
    editor.button("Confirm").click()
    expect(page.locator("#coupon-list .coupon")).to_have_count(2)
    expect(editor.message("coupons-confirm")).to_be_hidden()
    editor.screenshot("05-videos-coupons")

    # Repost to SNS: offered on desktop only, marked as in testing.
    expect(page.locator("#step-repost .badge")).to_have_text("In testing")
    if desktop:
        page.get_by_label("Facebook").check()
        page.get_by_label("Pinterest").check()
    else:
        expect(page.locator("#repost-networks")).to_have_text(
            "Repost is available on the desktop version only while it is in testing.")

    # Previews: the feed card shows the first picture and the introduction.
    expect(page.locator("#feed-card img")).to_be_visible()
    expect(page.locator("#feed-card")).to_contain_text("Five pieces that make a summer wardrobe")
    expect(page.locator("#article-preview h1")).to_have_text("Bohemian Chic for less")
    editor.screenshot("06-preview")

    # Create: in review, then published.
    editor.button("Create").click()
    expect(editor.status()).to_contain_text("published within 24 hours", timeout=30_000)
    expect(editor.status()).to_contain_text("Published", timeout=30_000)
    # Repost to SNS: share links for the chosen networks, on desktop only while in testing.
    shares = editor.status().get_by_role("link", name="Share on", exact=False)
    if desktop:
        expect(shares).to_have_text(["Share on Facebook", "Share on Pinterest"])
        assert (shares.first.get_attribute("href") or "").startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    else:
        expect(shares).to_have_count(0)
    editor.screenshot("07-created")
    visit.assert_clean()


def test_create_lists_what_is_left_and_links_to_it(app_url: str, visit: Visit) -> None:
    """Create on an unfinished post lists what to fix; each item jumps to its field."""
    editor = EditorPage(visit, app_url).open()
    editor.sign_in("senior")
    editor.button("Add body text").click()
    editor.field("Title").fill("T" * 65)
    editor.button("Create").click()
    problems = editor.page.locator("#create-problems")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("Fix these before you create the post:")
    expect(problems.locator("li")).to_have_text([
        "Titles can have at most 60 characters — this one has 65.",
        "This block is empty: fill it in or remove it.",
        "Add something to the body — text, a photo, a product or a video — before you create the post.",
    ])
    # The fields now say what Create needs, not only what is wrong.
    expect(editor.message("blocks-0")).to_have_text("This block is empty: fill it in or remove it.")
    problems.get_by_role("link", name="Titles can have at most 60 characters — this one has 65.").click()
    expect(editor.field("Title")).to_be_focused()
    editor.field("Body text").fill("Now it has words.")
    expect(editor.message("blocks-0")).to_be_hidden()
    editor.screenshot("08-create-problems")
    visit.assert_clean()


def test_signed_out_creator_keeps_the_post_and_creates_after_signing_in(
        app_url: str, visit: Visit, tmp_path: Path) -> None:
    """Without a token the post and its photo are checked and kept; after signing in, Create sends both."""
    editor = EditorPage(visit, app_url).open()
    expect(editor.page.locator("#signed-in")).to_contain_text("Not signed in")
    editor.page.locator("#photos-file").set_input_files(str(photo(tmp_path / "photo.jpg", 1200, 900)))
    expect(editor.page.locator("#blocks .block-photo")).to_be_visible()
    editor.button("Add body text").click()
    editor.field("Body text").fill("A short note.")
    editor.button("Create").click()
    expect(editor.status()).to_have_text("Sign in to create the post.")
    expect(editor.field("Body text")).to_have_value("A short note.")
    editor.sign_in("basic")
    editor.button("Create").click()
    expect(editor.status()).to_contain_text("published within 24 hours")
    visit.assert_clean()
