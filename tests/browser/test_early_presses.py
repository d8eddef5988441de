"""Presses made before Python is ready are not lost (web/index.html, creatorpost.browser.early_presses).

Python is held back by keeping PyScript's request for its interpreter module unanswered until the
test has pressed everything; nothing can start Python meanwhile, so every press is made before it.
"""

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from creatorpost.browser.storage_keys import LANGUAGE
from tests.browser.conftest import Visit
from tests.browser.editor_page import ARTIFACTS, photo
from tests.endpoints import ROOT

pytestmark = pytest.mark.browser


@contextmanager
def python_held(page: Page) -> Iterator[None]:
    """Python cannot start inside the block: the interpreter module is answered only when it ends."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/interpreter.mjs", hold)
    yield
    assert page.evaluate("document.documentElement.dataset.python") == "loading"
    for route in held:  # PyScript may not have asked yet on a slow machine: then nothing is held
        route.continue_()
    page.unroute("**/interpreter.mjs", hold)  # a request held from here on falls through to the context's route


def button(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("button", name=name, exact=True)


def test_every_press_made_while_python_starts_takes_effect_once_it_is_ready(visit: Visit, app_url: str,
                                                                            tmp_path: Path) -> None:
    """Add body text (twice), Add products, Add photos, Add banner and Create, pressed at once: all happen."""
    page = visit.page
    banner = photo(tmp_path / "banner.jpg", 2400, 1200)
    picture = photo(tmp_path / "photo.jpg", 1200, 900)
    with python_held(page):
        page.goto(app_url + "/#token=demo-professional", wait_until="commit")
        button(page, "Add body text").click()
        button(page, "Add products").click()
        with page.expect_file_chooser() as chooser:
            button(page, "Add photos").click()
        chooser.value.set_files(str(picture))
        with page.expect_file_chooser() as chooser:
            button(page, "Add banner").click()
        chooser.value.set_files(str(banner))
        button(page, "Add body text").click()
        button(page, "Create").click()

        for name in ("Add body text", "Add products", "Add photos", "Add banner", "Create"):
            expect(button(page, name)).to_have_attribute("aria-busy", "true")
        expect(button(page, "Add body text")).to_have_attribute("data-pending", "2")
        expect(page.locator("#python-status")).to_contain_text("What you pressed will happen as soon as it is ready.")
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"early-presses-{width}.png"), full_page=True)
        assert page.url.endswith("/#token=demo-professional"), "nothing sent the form"

    visit.wait_for_python()
    expect(page.locator("#blocks .block-photo")).to_be_visible()
    expect(page.locator("#blocks .block-title")).to_have_count(3)
    expect(page.locator("#blocks textarea")).to_have_count(2)
    expect(page.locator("#product-form")).to_be_visible()
    expect(button(page, "Add products")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#banner-image")).to_be_visible()
    # Create ran once the session was known: it lists what is missing rather than asking to sign in.
    expect(page.locator("#signed-in")).to_contain_text("Professional")
    expect(page.locator("#create-problems")).to_be_visible()
    expect(page.locator("#create-status")).not_to_contain_text("Sign in")
    expect(page.locator("[data-pending], [aria-busy='true']")).to_have_count(0)
    visit.assert_clean()


def test_enter_in_a_field_before_python_is_ready_neither_reloads_nor_creates(visit: Visit, app_url: str) -> None:
    """Enter in Title while Python starts keeps the page and what was typed, and queues no Create."""
    page = visit.page
    with python_held(page):
        page.goto(app_url + "/", wait_until="commit")
        title = page.get_by_label("Title", exact=True)
        title.fill("Typed while Python starts")
        title.press("Enter")
        expect(button(page, "Create")).not_to_have_attribute("data-pending", "1")
        assert page.url == app_url + "/"

    visit.wait_for_python()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Typed while Python starts")
    expect(page.locator("#title-counter")).to_have_text("25/60")
    expect(page.locator("#create-problems")).to_be_hidden()
    visit.assert_clean()


@pytest.mark.parametrize(("query", "stored", "lang"), [("?lang=es", None, "es"), ("", "ar", "ar")])
def test_the_screen_speaks_the_language_python_will_pick_before_python_is_ready(
        visit: Visit, app_url: str, query: str, stored: str | None, lang: str) -> None:
    """Asked by ?lang= or chosen before (kept under storage_keys.LANGUAGE): the form's words, the page's
    direction, the loading line, the progress bar's name and the note about a press are that language's while
    Python starts, and Python then shows the same language."""
    catalog = tomllib.loads((ROOT / "assets" / "ui" / f"{lang}.toml").read_text(encoding="utf-8"))
    ui = catalog["ui"]
    page = visit.page
    if stored:
        page.add_init_script(f"localStorage.setItem('{LANGUAGE}', '{stored}')")
    loading = (ui["app.loading"], ui["boot.starting"], ui["boot.rules"], ui["boot.checks"])
    with python_held(page):
        page.goto(app_url + "/" + query, wait_until="commit")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("html")).to_have_attribute("dir", catalog["dir"])
        expect(page.locator("#add-text")).to_have_text(ui["body.add_text"])
        expect(page.locator("#create")).to_have_text(ui["create.button"])
        expect(page.locator("#language")).to_have_value(lang)
        assert page.locator("#python-status-text").text_content() in loading
        expect(page.locator("#python-progress")).to_have_attribute("aria-label", ui["app.loading_label"])
        page.locator("#add-text").click()
        expect(page.locator("#python-status-pending")).to_have_text(ui["boot.pending"])

    visit.wait_for_python()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#blocks textarea")).to_have_count(1)
    expect(page.locator("#add-text")).to_have_text(ui["body.add_text"])
    visit.assert_clean()
