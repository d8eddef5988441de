"""A group's title (a fieldset's legend) reads whole, inside its card, in every language and width.

Left on the fieldset's border, as browsers draw a legend by default, the title straddles the card's
top edge: half over the page's grey, half over the card. Tall glyphs (Arabic, Cyrillic capitals)
then look cut off at the top. The title must lie within the card's padding, as the sections' h2 do,
and within every ancestor that clips.
"""

import pytest
from playwright.sync_api import expect

from creatorpost.languages import SUPPORTED_LANGS
from tests.browser.conftest import Visit
from tests.browser.editor_page import WIDTHS, legends_outside_their_cards


@pytest.mark.parametrize("visit", [WIDTHS["phone"], WIDTHS["desktop"]], indirect=True, ids=["phone", "desktop"])
def test_legends_lie_whole_inside_their_cards(app_url: str, visit: Visit) -> None:
    page = visit.page
    for lang in sorted(SUPPORTED_LANGS, key=lambda code: code == "ar"):  # Arabic last: it is also seen once ready
        visit.open(f"{app_url}/?lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert page.locator("legend").first.is_visible()
        assert legends_outside_their_cards(page) == [], f"{lang}, as the page opens (Python starting or ready)"
    visit.wait_for_python()
    assert legends_outside_their_cards(page) == [], "ar, once Python has started"
    visit.assert_clean()
