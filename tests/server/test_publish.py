"""Publishing: validate, create, review, read back, profile page; idempotency; who may do what.

Tests taking `backend_server` run on SQLite and on PostgreSQL."""

from __future__ import annotations

import concurrent.futures
import uuid
from typing import Any

import httpx

from tests.endpoints import Endpoint, wait_for_status
from tests.server.conftest import MakeApp
from tests.server.posts_data import BIKINI, HOME_STORE, article


def _key() -> str:
    return f"test-{uuid.uuid4()}"


def _publish(client: httpx.Client, post: dict[str, Any], key: str | None = None) -> httpx.Response:
    return client.post("/api/posts", json=post, headers={"Idempotency-Key": key or _key()})


def test_whole_life_cycle(backend_server: Endpoint) -> None:
    """Validate, create, wait for review, then the post, the creator's list and both pages show it."""
    post = article(title="Summer picks " + uuid.uuid4().hex[:6])
    with backend_server.client("demo-intermediate") as client:
        report = client.post("/api/posts/validate", json=post).json()
        assert report == {"valid": True, "findings": []}
        created = _publish(client, post)
        assert created.status_code == 202
        body = created.json()
        assert body["status"] == "pending_review"
        assert created.headers["location"] == f"/api/posts/{body['id']}"
        done = wait_for_status(client, body["id"])
        assert (done["status"], done["reasons"]) == ("published", [])
        assert done["post"] == post
        mine = client.get("/api/creators/me/posts").json()["posts"]
        assert [p["status"] for p in mine if p["id"] == body["id"]] == ["published"]
    with backend_server.client() as anonymous:
        assert anonymous.get(f"/api/posts/{body['id']}").json()["status"] == "published"
        page = anonymous.get(f"/p/{body['id']}")
        profile = anonymous.get("/c/demo-intermediate")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert post["title"] in page.text
    assert "The one in the photo" in page.text and "Bohemian Triangle Bikini Set" in page.text
    assert f'src="/catalog/images/{BIKINI}.png"' in page.text
    assert page.text.count('class="get"') == 2 and "<svg" in page.text
    assert "http://" not in page.text.replace(backend_server.url, "").split("<svg")[0].replace(
        "http://www.w3.org", "")  # nothing loads from another host
    assert f'href="/p/{body["id"]}"' in profile.text


def test_same_key_same_body_gives_the_same_answer(backend_server: Endpoint) -> None:
    """A retried request (lost response) never makes a second post."""
    key = _key()
    with backend_server.client("demo-senior") as client:
        post = article(coupons=None, title="Retry me")
        before = len(client.get("/api/creators/me/posts").json()["posts"])
        first = _publish(client, post, key)
        second = _publish(client, post, key)
        after = len(client.get("/api/creators/me/posts").json()["posts"])
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    assert after == before + 1


def test_same_key_other_body_is_a_conflict(backend_server: Endpoint) -> None:
    """Reusing a key for a different post is refused with idempotency.conflict."""
    key = _key()
    with backend_server.client("demo-senior") as client:
        assert _publish(client, article(coupons=None, title="One"), key).status_code == 202
        clash = _publish(client, article(coupons=None, title="Two"), key)
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "idempotency.conflict"
    assert clash.json()["error"]["field"] == "Idempotency-Key"


def test_concurrent_duplicates_make_one_post(backend_server: Endpoint) -> None:
    """Sixteen simultaneous submissions with one key create exactly one post."""
    key = _key()
    post = article(coupons=None, title="Double click " + key[-6:])
    with backend_server.client("demo-professional") as client:
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda _: _publish(client, post, key), range(16)))
        titles = [p["title"] for p in client.get("/api/creators/me/posts").json()["posts"]]
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()["id"] for a in answers}) == 1
    assert titles.count(post["title"]) == 1


def test_the_key_is_required(server: Endpoint) -> None:
    """Without Idempotency-Key nothing is stored."""
    with server.client("demo-senior") as client:
        response = client.post("/api/posts", json=article(coupons=None))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency.key_required"


def test_no_token_and_bad_token(server: Endpoint) -> None:
    """Publishing needs a valid token."""
    with server.client() as client:
        missing = _publish(client, article())
    with server.client("not-a-token") as client:
        wrong = _publish(client, article())
    assert (missing.status_code, missing.json()["error"]["code"]) == (401, "auth.required")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (401, "auth.invalid")
    assert missing.headers["www-authenticate"] == "Bearer"


def test_basic_creator_cannot_post_a_video(server: Endpoint) -> None:
    """The level is the server's fact: a Basic creator's video is refused whatever the browser said."""
    with server.client("demo-basic") as client:
        response = _publish(client, article(coupons=None))
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "video.level_required"
    assert body["error"]["field"] == "blocks.2"
    assert [(f["code"], f["severity"], f["field"]) for f in body["findings"]] == [
        ("video.level_required", "error", "blocks.2")]


def test_coupon_from_a_store_they_do_not_work_with(server: Endpoint) -> None:
    """A coupon of a store the creator does not collaborate with is refused."""
    with server.client("demo-junior") as client:  # collaborates with the beach store only
        response = _publish(client, article(blocks=article()["blocks"][:2],
                                            coupons=[{"store_id": HOME_STORE, "coupon_ids": ["C106"]}]))
    assert response.status_code == 422
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == (
        "coupon.store_not_collaborating", "coupons.0.store_id")


def test_media_of_someone_else_is_refused(server: Endpoint) -> None:
    """A post may only use media its author uploaded."""
    post = article(coupons=None, banner={"media_id": "m_" + "0" * 32})
    with server.client("demo-senior") as client:
        response = _publish(client, post)
    assert response.status_code == 422
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == ("media.not_found",
                                                                                     "banner.media_id")


def test_pending_posts_are_private(backend_server: Endpoint) -> None:
    """Until published, a post exists only for its author; others get 404."""
    with backend_server.client("demo-senior") as author:
        post_id = _publish(author, article(coupons=None, hashtags=["free-iphone"])).json()["id"]
        rejected = wait_for_status(author, post_id)
    assert rejected["status"] == "rejected"
    assert [(r["code"], r["field"]) for r in rejected["reasons"]] == [("moderation.banned_word", "hashtags.0")]
    assert rejected["reasons"][0]["message"]
    with backend_server.client("demo-professional") as other, backend_server.client() as anonymous:
        for client in (other, anonymous):
            response = client.get(f"/api/posts/{post_id}")
            assert (response.status_code, response.json()["error"]["code"]) == (404, "post.not_found")
        assert anonymous.get(f"/p/{post_id}").status_code == 404


def test_script_title_is_escaped_on_pages(server: Endpoint) -> None:
    """A <script> in the title shows as text on the post page and the profile."""
    title = '<script>alert("x")</script>'
    with server.client("demo-intermediate") as client:
        post_id = _publish(client, article(title=title, coupons=None)).json()["id"]
        assert wait_for_status(client, post_id)["status"] == "published"
    with server.client() as client:
        page = client.get(f"/p/{post_id}").text
        profile = client.get("/c/demo-intermediate").text
    for html in (page, profile):
        assert '<script>alert("x")' not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_me_reports_level_and_stores(backend_server: Endpoint) -> None:
    """The account call says what the server believes about the creator."""
    with backend_server.client("demo-junior") as client:
        me = client.get("/api/creators/me").json()
    assert (me["level"], me["handle"], me["may_add_videos"]) == ("junior", "demo-junior", False)
    assert me["stores"] == [{"id": "912345678", "name": "Sunny Beachwear Official Store"}]


def test_production_mode_refuses_demo_tokens_and_seeds_nothing(make_app: MakeApp) -> None:
    """In production there is no demo creator and a demo token is just an invalid token."""
    running = make_app({"CREATORPOST_MODE": "production"})
    with running.client("demo-professional") as client:
        response = client.get("/api/creators/me")
        product = client.get("/api/products/resolve", params={"url": f"https://www.aliexpress.com/item/{BIKINI}.html"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "auth.invalid")
    assert (product.status_code, product.json()["error"]["code"]) == (404, "product.not_found")
