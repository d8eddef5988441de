"""Offline: writing keeps working, Create waits, and one post is sent when the network returns."""

import json
import urllib.request

from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.browser.editor_page import EditorPage


def posts_titled(app_url: str, token: str, title: str) -> list[dict[str, object]]:
    request = urllib.request.Request(app_url + "/api/creators/me/posts", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        posts = json.load(answer)["posts"]
    return [p for p in posts if p["title"] == title]


def test_create_while_offline_sends_exactly_one_post_when_back(app_url: str, visit: Visit) -> None:
    """Pressing Create twice without a network queues the post; back online it is sent once."""
    editor = EditorPage(visit, app_url).open()
    page = editor.page
    editor.sign_in("amateur")
    title = "Written on the train"
    editor.field("Title").fill(title)
    editor.button("Add body text").click()
    editor.field("Body text").fill("No signal between stations.")

    page.context.set_offline(True)
    expect(page.locator("#network-status")).to_be_visible()
    editor.field("Introduction").fill("Still checked offline: " + "x" * 1000)
    expect(editor.message("introduction")).to_be_visible()
    editor.field("Introduction").fill("Checked offline.")
    editor.button("Create").click()
    expect(editor.status()).to_have_text("You are offline: your post will be sent once, as soon as the network is back.")
    editor.button("Create").click()
    expect(editor.status()).to_contain_text("You are offline")
    editor.screenshot("12-offline-queued")
    assert posts_titled(app_url, "demo-amateur", title) == []

    page.context.set_offline(False)
    expect(editor.status()).to_contain_text("published within 24 hours")
    expect(page.locator("#network-status")).to_be_hidden()
    assert len(posts_titled(app_url, "demo-amateur", title)) == 1
    visit.assert_clean()
