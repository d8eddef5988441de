"""After Create: the draft remembers its post (Update post, never a second post), My posts edits and
deletes, the session and each draft's status survive a browser restart, and tabs agree on what was sent."""

import json
import urllib.request
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Request, Route, expect

from tests.browser.conftest import Visit, _local_only
from tests.browser.editor_page import WIDTHS, EditorPage, photo, screenshot_widths, shared_context, tab

PUBLISH_MS = 30_000  # review delay 0; the editor asks again as soon as review is due: a ceiling, not a wait


def my_posts(app_url: str, token: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(app_url + "/api/posts?limit=100", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return list(json.load(answer)["posts"])


def titled(app_url: str, token: str, title: str) -> list[dict[str, Any]]:
    return [p for p in my_posts(app_url, token) if p["title"] == title]


def write(editor: EditorPage, title: str, text: str) -> None:
    editor.field("Title").fill(title)
    editor.button("Add body text").click()
    editor.field("Body text").fill(text)


def published(editor: EditorPage) -> None:
    expect(editor.page.locator("#create-status[data-state='published']")).to_be_visible(timeout=PUBLISH_MS)


def test_create_twice_on_one_draft_is_one_post_then_an_update(app_url: str, visit: Visit) -> None:
    """Once published, Create says "Update post" and sends the changes to the same post: one post, revision 2,
    its public page showing the new words once they pass review."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    editor.sign_in("intermediate")
    write(editor, "Twice pressed, once posted", "The first words.")
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/api/posts")):
        editor.button("Create").click()
    published(editor)
    expect(editor.button("Update post")).to_be_visible()
    expect(page.locator("#post-link-note")).to_contain_text("You are editing your published post")
    post_id = titled(app_url, "demo-intermediate", "Twice pressed, once posted")[0]["id"]

    editor.field("Title").fill("Twice pressed, updated")
    screenshot_widths(page, "15-update-post")
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if "/api/posts" in r.url and r.method in ("POST", "PUT") else None)
    # The editor's questions about the post wait until the in-review state has been photographed
    # (review takes no time here, so the state would otherwise last a moment).
    asked: list[Route] = []
    status_url = f"**/api/posts/{post_id}"
    page.route(status_url, lambda route: asked.append(route) if route.request.method == "GET" else route.continue_())
    with page.expect_response(lambda r: r.request.method == "PUT") as update:
        editor.button("Update post").click()
    assert update.value.status == 202 and update.value.url.endswith(f"/api/posts/{post_id}")
    assert update.value.request.headers["if-match"] == '"1"'
    expect(editor.status()).to_contain_text("Update in review")
    screenshot_widths(page, "16-update-in-review")
    page.unroute(status_url)  # lets the questions held meanwhile go on
    published(editor)
    assert [r.method for r in sent] == ["PUT"]
    mine = [p for p in my_posts(app_url, "demo-intermediate") if p["id"] == post_id]
    assert [(p["revision"], p["status"], p["title"]) for p in mine] == [(2, "published", "Twice pressed, updated")]
    assert titled(app_url, "demo-intermediate", "Twice pressed, once posted") == []
    assert "Twice pressed, updated" in httpx.get(f"{app_url}/p/{post_id}").text
    screenshot_widths(page, "17-update-published")
    visit.assert_clean()


def test_my_posts_edits_a_stored_post_with_its_photo_and_deletes_after_confirming(
        app_url: str, visit: Visit, tmp_path: Path) -> None:
    """Edit opens a published post as a draft (its photo included) that says so; Delete asks first,
    then the post leaves the list and its page says it was deleted."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    editor.sign_in("senior")
    write(editor, "With a photo of the beach", "Sand everywhere.")
    page.locator("#photos-file").set_input_files(str(photo(tmp_path / "beach.jpg", 1600, 1000)))
    expect(page.locator("#blocks .block-photo")).to_be_visible()
    expect(page.locator("#photos-message")).to_be_hidden()  # uploaded
    editor.button("Create").click()
    published(editor)
    post_id = titled(app_url, "demo-senior", "With a photo of the beach")[0]["id"]
    page.locator("#drafts-open").click()
    editor.button("New post").click()
    expect(editor.field("Title")).to_have_value("")
    expect(editor.button("Create")).to_be_visible()

    editor.button("My posts").click()
    item = page.locator(f"#posts-list li[data-post='{post_id}']")
    expect(item).to_contain_text("Published")
    expect(item.get_by_role("link", name="Open the public page")).to_have_attribute("href", f"{app_url}/p/{post_id}")
    screenshot_widths(page, "18-my-posts", full_page=False)
    item.get_by_role("button", name="Edit: With a photo of the beach").click()
    expect(page.locator("#posts-dialog")).to_be_hidden()
    expect(editor.field("Title")).to_have_value("With a photo of the beach")
    expect(editor.field("Body text")).to_have_value("Sand everywhere.")
    assert (page.locator("#blocks .block-photo").get_attribute("src") or "").startswith("data:image/jpeg")
    expect(page.locator("#post-link-note")).to_contain_text("You are editing your published post")
    expect(editor.button("Update post")).to_be_visible()
    expect(page.locator("#create-problems")).to_be_hidden()
    screenshot_widths(page, "19-editing-published")

    editor.button("My posts").click()
    item.get_by_role("button", name="Delete: With a photo of the beach").click()
    expect(item.get_by_role("alert")).to_contain_text("Delete “With a photo of the beach”?")
    screenshot_widths(page, "20-delete-confirm", full_page=False)
    item.get_by_role("button", name="Keep it").click()
    expect(item).to_contain_text("Published")
    item.get_by_role("button", name="Delete: With a photo of the beach").click()
    with page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        item.get_by_role("button", name="Delete post").click()
    assert deleted.value.status == 204
    expect(item).to_have_count(0)
    expect(page.locator("#posts-status")).to_have_text("The post was deleted.")
    page.locator("#posts-close").click()
    expect(editor.button("Create")).to_be_visible()  # this draft's Create makes a new post now
    gone = httpx.get(f"{app_url}/p/{post_id}", headers={"Accept": "text/html", "Accept-Language": "fr"})
    assert gone.status_code == 410 and "Cette publication a été supprimée par son auteur." in gone.text
    page.goto(f"{app_url}/p/{post_id}")
    screenshot_widths(page, "21-deleted-page")
    visit.assert_clean()


def test_sign_in_and_published_status_survive_a_browser_restart(app_url: str, browser: Browser) -> None:
    """Closing the browser and coming back: still signed in, the draft still knows its post (Update post,
    its status and link); Sign out forgets the session for good."""
    first = browser.new_context(viewport=WIDTHS["desktop"], service_workers="block")
    record = Visit(page=None)  # type: ignore[arg-type]
    first.route("**/*", _local_only(record))
    editor = EditorPage(Visit(first.new_page(), record.outside_requests, record.page_errors), app_url).open()
    editor.sign_in("junior")
    write(editor, "Kept across a restart", "Still here tomorrow.")
    editor.button("Create").click()
    published(editor)
    state = first.storage_state()
    first.close()
    assert all(o["origin"] == app_url for o in state["origins"])
    stored = {e["name"] for o in state["origins"] for e in o["localStorage"]}
    assert not any("demo-junior" in name for name in stored)  # no token inside a key name

    again = browser.new_context(viewport=WIDTHS["desktop"], service_workers="block", storage_state=state)
    again.route("**/*", _local_only(record))
    page = again.new_page()
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))
    restarted = EditorPage(Visit(page, record.outside_requests, record.page_errors), app_url).open()
    expect(page.locator("#signed-in")).to_have_text("Signed in as Jun Junior · Junior")
    expect(restarted.field("Title")).to_have_value("Kept across a restart")
    expect(restarted.button("Update post")).to_be_visible()
    published(restarted)
    post_id = titled(app_url, "demo-junior", "Kept across a restart")[0]["id"]
    expect(restarted.status().get_by_role("link", name="Open the post")).to_have_attribute(
        "href", f"{app_url}/p/{post_id}")
    screenshot_widths(page, "22-after-restart")

    restarted.button("Sign out").click()
    expect(page.locator("#signed-in")).to_contain_text("Not signed in")
    expect(restarted.button("Sign out")).to_be_hidden()
    page.reload()
    restarted.visit.wait_for_python()
    expect(page.locator("#signed-in")).to_contain_text("Not signed in")
    record.assert_clean()
    again.close()


def test_an_offline_tab_learns_at_once_that_another_tab_sent_its_post(app_url: str, browser: Browser) -> None:
    """Tab A cannot reach the endpoint and queues the post; tab B sends it and A shows it at once. When
    both tabs get the network back together with a post waiting, only one of them sends it."""
    context, record = shared_context(browser)
    reached: list[str] = []  # titles of the Creates that reached the endpoint, from either tab

    def finished(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/api/posts"):
            reached.append(str((request.post_data_json or {}).get("title")))

    context.on("requestfinished", finished)
    first = tab(context, record, app_url)
    first.sign_in("amateur")
    write(first, "Queued in one tab", "Sent by the other.")
    first.wait_saved()
    first.page.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    first.button("Create").click()
    expect(first.status()).to_have_text("You are offline: your post will be sent once, as soon as the network is back.")

    second = tab(context, record, app_url)  # opens the newest draft, signed in from the saved session
    expect(second.field("Title")).to_have_value("Queued in one tab")
    published(second)
    published(first)  # told by storage events: its own requests still fail
    expect(first.button("Update post")).to_be_visible()
    screenshot_widths(first.page, "23-offline-tab-updated", full_page=False)
    assert reached == ["Queued in one tab"]

    second.page.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    first.page.locator("#drafts-open").click()
    first.button("New post").click()
    write(first, "Waiting in both tabs", "Whoever is first sends it.")
    first.button("Create").click()
    expect(first.status()).to_contain_text("You are offline")
    for page in (first.page, second.page):
        page.unroute("**/api/**")
    context.pages[0].evaluate("dispatchEvent(new Event('online'))")
    context.pages[1].evaluate("dispatchEvent(new Event('online'))")
    published(first)
    assert reached == ["Queued in one tab", "Waiting in both tabs"]
    assert len(titled(app_url, "demo-amateur", "Waiting in both tabs")) == 1
    record.assert_clean()
    context.close()
