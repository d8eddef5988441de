"""The shell and the first rule end to end: Python starts in the page, offline, and checks Title."""

from playwright.sync_api import Route

from tests.browser.conftest import PYTHON_READY_MS, Visit


def test_title_over_sixty_characters_is_flagged_and_cleared(app_url: str, visit: Visit) -> None:
    """A creator who types 61 characters into Title sees why it is wrong; deleting one clears it."""
    visit.open(app_url + "/")
    title = visit.page.get_by_label("Title", exact=True)
    visit.wait_for_python()
    title.fill("")
    title.press_sequentially("x" * 61)
    message = visit.page.locator("#title-message")
    assert title.get_attribute("aria-invalid") == "true"
    assert "title-message" in (title.get_attribute("aria-describedby") or "").split()
    assert message.is_visible()
    assert "60" in message.inner_text()
    assert visit.page.locator("#title-counter").inner_text() == "61/60"

    title.press("Backspace")
    visit.page.wait_for_function("!document.getElementById('title').hasAttribute('aria-invalid')")
    assert not message.is_visible()
    assert "title-message" not in (title.get_attribute("aria-describedby") or "").split()
    assert visit.page.locator("#title-counter").inner_text() == "60/60"
    visit.assert_clean()


def test_text_typed_before_python_is_ready_is_kept_and_checked(app_url: str, visit: Visit) -> None:
    """What a creator types while Python loads stays in the field and is checked once it is ready."""
    held: list[Route] = []
    visit.page.route("**/wheels/creatorpost-*.whl", lambda route: held.append(route))  # Python cannot finish starting yet
    title = visit.page.get_by_label("Title", exact=True)
    with visit.page.expect_request("**/wheels/creatorpost-*.whl", timeout=PYTHON_READY_MS):
        visit.open(app_url + "/")
        title.fill("🇪🇸" * 61)
        assert visit.page.evaluate("document.documentElement.dataset.python") == "loading"
        assert visit.page.locator("#python-status").is_visible()
    # The wheels are preloaded by the page itself, so their request can come before PyScript's first stage.
    visit.page.wait_for_function("document.getElementById('python-progress').value > 5", timeout=PYTHON_READY_MS)
    assert visit.page.evaluate("document.documentElement.dataset.python") == "loading"
    while not held:  # the route handler runs on the next event dispatch after the request
        visit.page.evaluate("0")
    held[0].continue_()
    visit.wait_for_python()
    assert title.input_value() == "🇪🇸" * 61
    assert title.get_attribute("aria-invalid") == "true"
    assert visit.page.locator("#title-counter").inner_text() == "61/60"
    assert not visit.page.locator("#python-status").is_visible()
    visit.assert_clean()


def test_the_app_asks_nothing_of_any_other_host(app_url: str, visit: Visit) -> None:
    """With only 127.0.0.1 reachable, the editor loads fully and nothing was even attempted elsewhere."""
    visit.open(app_url + "/")
    visit.wait_for_python()
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.evaluate("document.documentElement.dataset.python") == "ready"
    visit.assert_clean()
