"""A creator's posts after Create: the list, updates (If-Match, review, the published version staying),
deletion (410), and which media readers may load. Tests taking `backend_server` run on SQLite and PostgreSQL."""

from __future__ import annotations

import concurrent.futures
import io
import threading
import uuid
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select, update

from creatorpost.server.app import build_services
from creatorpost.server.settings import Settings
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import utcnow
from creatorpost.server.store.demo import prepare_database
from creatorpost.server.store.posts import create_post, decide_revision, get_post, update_post
from tests.endpoints import Endpoint, InProcessEndpoint, wait_for_status
from tests.server.postgres import database_env
from tests.server.posts_data import HOME_STORE, article
from tests.server.review import review_queue


def _create(client: httpx.Client, post: dict[str, Any]) -> str:
    created = client.post("/api/posts", json=post, headers={"Idempotency-Key": f"lc-{uuid.uuid4()}"})
    assert created.status_code == 202, created.text
    assert created.json()["revision"] == 1
    return str(created.json()["id"])


def _published(client: httpx.Client, post: dict[str, Any]) -> str:
    post_id = _create(client, post)
    assert wait_for_status(client, post_id)["status"] == "published"
    return post_id


def _update(client: httpx.Client, post_id: str, post: dict[str, Any], revision: int | None,
            **headers: str) -> httpx.Response:
    if revision is not None:
        headers["If-Match"] = f'"{revision}"'
    return client.put(f"/api/posts/{post_id}", json=post, headers=headers)


def _title(n: str) -> str:
    return f"{n} {uuid.uuid4().hex[:6]}"


def _photo(turn: int = 0) -> bytes:
    """A photo the rules accept; each `turn` gives other bytes (another media id)."""
    out = io.BytesIO()
    Image.linear_gradient("L").rotate(90 * turn).resize((800, 400)).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def test_list_is_own_posts_newest_first_by_page(backend_server: Endpoint) -> None:
    """The list holds only the caller's posts, newest first, with status, revision and the public link;
    the cursor walks through every post once."""
    with backend_server.client("demo-amateur") as client, backend_server.client("demo-senior") as other:
        other_id = _create(other, article(coupons=None, blocks=article()["blocks"][:2], title=_title("Not mine")))
        titles = [_title(f"Mine {n}") for n in range(3)]
        ids = [_create(client, article(coupons=None, blocks=article()["blocks"][:2], title=t)) for t in titles]
        for post_id in ids:
            wait_for_status(client, post_id)
        seen: list[dict[str, Any]] = []
        cursor: str | None = None
        for _ in range(50):
            page = client.get("/api/posts", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
            assert page.status_code == 200
            seen += page.json()["posts"]
            assert len(page.json()["posts"]) <= 2
            cursor = page.json()["next_cursor"]
            if cursor is None:
                break
        bad = client.get("/api/posts", params={"cursor": "not-a-cursor"})
    mine = [p for p in seen if p["id"] in ids]
    assert [p["id"] for p in mine] == ids[::-1]
    assert other_id not in {p["id"] for p in seen}
    assert len({p["id"] for p in seen}) == len(seen)
    first = mine[0]
    assert set(first) == {"id", "status", "revision", "published_revision", "title", "created_at", "updated_at", "url",
                          "rejection"}
    assert (first["status"], first["revision"], first["title"], first["rejection"]) == ("published", 1, titles[2], None)
    assert first["url"] == f"{backend_server.url}/p/{first['id']}"
    assert first["updated_at"] >= first["created_at"]
    assert (bad.status_code, bad.json()["error"]["field"]) == (400, "cursor")


def _held_published(endpoint: InProcessEndpoint, client: httpx.Client, post: dict[str, Any]) -> str:
    post_id = _create(client, post)
    review_queue(endpoint)
    assert client.get(f"/api/posts/{post_id}").json()["status"] == "published"
    return post_id


def test_update_is_reviewed_while_the_published_version_stays(held_server: InProcessEndpoint) -> None:
    """After an update, readers see the old version until review passes, then the new one; revision 1 → 2."""
    old, new = _title("Before"), _title("After")
    with held_server.client("demo-intermediate") as client, held_server.client() as reader:
        post_id = _held_published(held_server, client, article(title=old))
        assert client.get(f"/api/posts/{post_id}").headers["etag"] == '"1"'
        changed = _update(client, post_id, article(title=new), 1)
        assert changed.status_code == 202, changed.text
        answer = changed.json()
        assert (answer["id"], answer["status"], answer["revision"], answer["published_revision"]) == (
            post_id, "pending_review", 2, 1)
        assert changed.headers["etag"] == '"2"'
        own = client.get(f"/api/posts/{post_id}").json()
        public = reader.get(f"/api/posts/{post_id}").json()
        page = reader.get(f"/p/{post_id}").text
        assert (own["status"], own["revision"], own["post"]["title"]) == ("pending_review", 2, new)
        assert (public["status"], public["revision"], public["post"]["title"]) == ("published", 1, old)
        assert old in page and new not in page
        review_queue(held_server)
        done = client.get(f"/api/posts/{post_id}").json()
        page = reader.get(f"/p/{post_id}").text
        listed = next(p for p in client.get("/api/posts").json()["posts"] if p["id"] == post_id)
        profile = reader.get("/c/demo-intermediate").text
    assert (done["status"], done["revision"], done["published_revision"], done["post"]["title"]) == (
        "published", 2, 2, new)
    assert new in page and old not in page
    assert (listed["revision"], listed["status"], listed["title"]) == (2, "published", new)
    assert profile.count(f'href="/p/{post_id}"') == 1 and new in profile and old not in profile


def test_rejected_update_leaves_the_published_version_and_says_why(held_server: InProcessEndpoint) -> None:
    """A rejected update changes nothing for readers; the creator's list and post say why."""
    old = _title("Clean")
    with held_server.client("demo-senior") as client, held_server.client() as reader:
        post_id = _held_published(held_server, client, article(coupons=None, title=old))
        assert _update(client, post_id, article(coupons=None, title=old, hashtags=["free-iphone"]), 1).status_code == 202
        review_queue(held_server)
        done = client.get(f"/api/posts/{post_id}").json()
        listed = next(p for p in client.get("/api/posts", headers={"Accept-Language": "es"}).json()["posts"]
                      if p["id"] == post_id)
        public = reader.get(f"/api/posts/{post_id}").json()
        page = reader.get(f"/p/{post_id}")
    assert (done["status"], done["revision"], done["published_revision"]) == ("rejected", 2, 1)
    assert [(r["code"], r["field"]) for r in done["reasons"]] == [("moderation.banned_word", "hashtags.0")]
    assert (listed["status"], listed["url"]) == ("rejected", f"{held_server.url}/p/{post_id}")
    assert [r["code"] for r in listed["rejection"]] == ["moderation.banned_word"]
    assert "free-iphone" in listed["rejection"][0]["message"] and "palabra" in listed["rejection"][0]["message"]
    assert (public["status"], public["revision"], public["post"]["hashtags"]) == (
        "published", 1, ["Bikinis", "CheerForAliExpress"])
    assert page.status_code == 200 and old in page.text and "free-iphone" not in page.text


def test_an_update_overtaken_before_review_is_never_published(held_server: InProcessEndpoint) -> None:
    """Updates sent while the previous one waits: only the newest is reviewed; the others are withdrawn."""
    with held_server.client("demo-professional") as client:
        post_id = _create(client, article(coupons=None, title="One"))
        assert _update(client, post_id, article(coupons=None, title="Two"), 1).status_code == 202
        assert _update(client, post_id, article(coupons=None, title="Three"), 2).status_code == 202
        decided = review_queue(held_server)
        done = client.get(f"/api/posts/{post_id}").json()
    with held_server.services.db.read() as conn:
        states = sorted((r.revision, r.status) for r in conn.execute(
            select(t.post_revisions).where(t.post_revisions.c.post_id == post_id)))
    assert decided == 1
    assert states == [(1, "withdrawn"), (2, "withdrawn"), (3, "published")]
    assert (done["revision"], done["published_revision"], done["post"]["title"]) == (3, 3, "Three")


def test_stale_missing_and_foreign_updates_are_refused(backend_server: Endpoint) -> None:
    """A stale If-Match is 412 with the current revision; none is 428; someone else's post is 404."""
    with backend_server.client("demo-professional") as client, backend_server.client("demo-senior") as other:
        post_id = _create(client, article(coupons=None, title=_title("Mine")))
        assert _update(client, post_id, article(coupons=None, title="Second"), 1).status_code == 202
        stale = _update(client, post_id, article(coupons=None, title="From an old tab"), 1)
        nonsense = _update(client, post_id, article(coupons=None), None, **{"If-Match": "*"})
        missing = _update(client, post_id, article(coupons=None), None)
        foreign = _update(other, post_id, article(coupons=None), 2)
        unknown = _update(client, "p_" + "0" * 20, article(coupons=None), 1)
        latest = client.get(f"/api/posts/{post_id}").json()
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "post.revision_conflict"
    assert stale.json()["error"]["field"] == "If-Match"
    assert stale.json()["revision"] == 2 and stale.headers["etag"] == '"2"'
    assert "2" in stale.json()["error"]["message"]
    assert (nonsense.status_code, nonsense.json()["revision"]) == (412, 2)
    assert (missing.status_code, missing.json()["error"]["code"]) == (428, "post.revision_required")
    assert (foreign.status_code, foreign.json()["error"]["code"]) == (404, "post.not_found")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "post.not_found")
    assert (latest["revision"], latest["post"]["title"]) == (2, "Second")


def test_updates_meet_the_same_checks_as_new_posts(backend_server: Endpoint) -> None:
    """Level gates, coupon collaborations, media ownership and the rules all apply to an update."""
    with backend_server.client("demo-basic") as basic, backend_server.client("demo-junior") as junior:
        basic_id = _create(basic, article(coupons=None, blocks=article()["blocks"][:2]))
        video = _update(basic, basic_id, article(coupons=None), 1)
        junior_id = _create(junior, article(coupons=None, blocks=article()["blocks"][:2]))
        coupon = _update(junior, junior_id, article(blocks=article()["blocks"][:2],
                                                    coupons=[{"store_id": HOME_STORE, "coupon_ids": ["C106"]}]), 1)
        media = _update(junior, junior_id, article(coupons=None, blocks=article()["blocks"][:2],
                                                   banner={"media_id": "m_" + "1" * 32}), 1)
        long_title = _update(junior, junior_id, article(coupons=None, blocks=article()["blocks"][:2], title="x" * 61), 1)
        after = junior.get(f"/api/posts/{junior_id}").json()
    answers = {name: (r.status_code, r.json()["error"]["code"], r.json()["error"]["field"])
               for name, r in (("video", video), ("coupon", coupon), ("media", media), ("title", long_title))}
    assert answers == {"video": (422, "video.level_required", "blocks.2"),
                       "coupon": (422, "coupon.store_not_collaborating", "coupons.0.store_id"),
                       "media": (422, "media.not_found", "banner.media_id"),
                       "title": (422, "title.too_long", "title")}
    assert after["revision"] == 1


def test_same_key_gives_the_same_update_and_racing_updates_make_one_revision(backend_server: Endpoint) -> None:
    """A retried update (same Idempotency-Key) is answered again, not refused; of eight updates racing
    from revision 1, one wins and the others learn the newest revision."""
    with backend_server.client("demo-professional") as client:
        post_id = _create(client, article(coupons=None, title=_title("Race")))
        key = f"update-{uuid.uuid4()}"
        first = _update(client, post_id, article(coupons=None, title="Retried"), 1, **{"Idempotency-Key": key})
        again = _update(client, post_id, article(coupons=None, title="Retried"), 1, **{"Idempotency-Key": key})
        clash = _update(client, post_id, article(coupons=None, title="Other"), 1, **{"Idempotency-Key": key})
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            racing = list(pool.map(lambda n: _update(client, post_id, article(coupons=None, title=f"Racer {n}"), 2),
                                   range(8)))
        latest = client.get(f"/api/posts/{post_id}").json()
    assert (first.status_code, again.status_code, again.json()) == (202, 202, first.json())
    assert (clash.status_code, clash.json()["error"]["code"]) == (409, "idempotency.conflict")
    assert sorted(r.status_code for r in racing) == [202] + [412] * 7
    assert {r.json()["revision"] for r in racing} == {3}
    winner = next(r for r in racing if r.status_code == 202).json()
    assert latest["revision"] == 3 and latest["post"]["title"] == f"Racer {[r.status_code for r in racing].index(202)}"
    assert winner["revision"] == 3


def test_delete_takes_the_post_down_everywhere(backend_server: Endpoint) -> None:
    """After DELETE: the page is 410 in the reader's language, the profile and the list drop it, the
    API says it is gone; deleting again is still fine, and nobody else can delete it."""
    title = _title("Short-lived")
    with backend_server.client("demo-junior") as client, backend_server.client("demo-senior") as other, \
            backend_server.client() as reader:
        post_id = _published(client, article(coupons=None, blocks=article()["blocks"][:2], title=title))
        assert other.delete(f"/api/posts/{post_id}").status_code == 404
        assert f"/p/{post_id}" in reader.get("/c/demo-junior").text
        gone = client.delete(f"/api/posts/{post_id}")
        page = reader.get(f"/p/{post_id}", headers={"Accept": "text/html", "Accept-Language": "es"})
        api_page = reader.get(f"/p/{post_id}")
        read = reader.get(f"/api/posts/{post_id}")
        own = client.get(f"/api/posts/{post_id}")
        update = _update(client, post_id, article(coupons=None, blocks=article()["blocks"][:2]), 1)
        twice = client.delete(f"/api/posts/{post_id}")
        listed = [p["id"] for p in client.get("/api/posts", params={"limit": 100}).json()["posts"]]
        profile = reader.get("/c/demo-junior").text
    assert (gone.status_code, gone.content) == (204, b"")
    assert page.status_code == 410 and page.headers["content-type"].startswith("text/html")
    assert 'lang="es"' in page.text and "Su autor eliminó esta publicación." in page.text and title not in page.text
    assert (api_page.status_code, api_page.json()["error"]["code"]) == (410, "post.deleted")
    assert [(r.status_code, r.json()["error"]["code"]) for r in (read, own, update)] == [(410, "post.deleted")] * 3
    assert twice.status_code == 204
    assert post_id not in listed and f"/p/{post_id}" not in profile


def test_media_are_public_only_while_a_published_post_shows_them(backend_server: Endpoint) -> None:
    """A photo loads for anyone while a published post shows it, for its owner alone otherwise; deleting
    the post hides it unless another published post still shows it."""
    with backend_server.client("demo-senior") as client, backend_server.client() as reader:
        media_id = client.post("/api/media", files={"file": ("p.jpg", _photo(), "image/jpeg")}).json()["id"]
        before = (reader.get(f"/media/{media_id}").status_code, client.get(f"/media/{media_id}").status_code)
        post = article(coupons=None, blocks=[{"kind": "image", "media_id": media_id}, *article()["blocks"][:2]])
        first = _published(client, post)
        shown = reader.get(f"/media/{media_id}")
        second = _published(client, post)
        client.delete(f"/api/posts/{first}")
        still = reader.get(f"/media/{media_id}").status_code
        client.delete(f"/api/posts/{second}")
        after = (reader.get(f"/media/{media_id}").status_code, client.get(f"/media/{media_id}"))
    assert before == (404, 200)
    assert shown.status_code == 200 and shown.content[:2] == b"\xff\xd8"
    assert {k: shown.headers[k] for k in ("x-content-type-options", "content-security-policy",
                                          "cross-origin-resource-policy", "cache-control")} == {
        "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'; sandbox",
        "cross-origin-resource-policy": "cross-origin", "cache-control": "public, no-cache"}
    assert still == 200
    assert after[0] == 404 and after[1].status_code == 200
    assert (after[1].headers["cross-origin-resource-policy"], after[1].headers["cache-control"]) == (
        "same-origin", "private, max-age=31536000, immutable")


def test_the_author_sees_the_facts_of_the_post_s_photos(backend_server: Endpoint) -> None:
    """Opening one's post to edit it gives the format and size of each photo (others do not get them)."""
    with backend_server.client("demo-senior") as client, backend_server.client() as reader:
        upload = client.post("/api/media", files={"file": ("p.jpg", _photo(), "image/jpeg")}).json()
        post_id = _published(client, article(coupons=None, blocks=[{"kind": "image", "media_id": upload["id"]},
                                                                   *article()["blocks"][:2]]))
        own = client.get(f"/api/posts/{post_id}").json()
        public = reader.get(f"/api/posts/{post_id}").json()
    assert own["media"] == {upload["id"]: {k: upload[k] for k in ("format", "width", "height", "bytes")}}
    assert "media" not in public


def test_a_photo_is_public_exactly_while_the_published_revision_shows_it(held_server: InProcessEndpoint) -> None:
    """An update that swaps a photo: the new one stays the owner's while the update waits and when it is
    rejected, and becomes public once published; the one it dropped stops being public then. After
    deletion neither is served to readers; the owner always gets both."""
    def shown(reader: httpx.Client, owner: httpx.Client, *ids: str) -> list[tuple[int, int]]:
        return [(reader.get(f"/media/{m}").status_code, owner.get(f"/media/{m}").status_code) for m in ids]

    with held_server.client("demo-senior") as owner, held_server.client() as reader:
        old, new, other = (owner.post("/api/media", files={"file": ("p.jpg", _photo(turn), "image/jpeg")}).json()["id"]
                           for turn in (1, 2, 3))
        blocks = article()["blocks"][:2]
        post_id = _held_published(held_server, owner, article(coupons=None, blocks=[
            {"kind": "image", "media_id": old}, *blocks]))
        published = shown(reader, owner, old, new, other)
        assert _update(owner, post_id, article(coupons=None, blocks=[{"kind": "image", "media_id": new}, *blocks]),
                       1).status_code == 202
        waiting = shown(reader, owner, old, new)
        review_queue(held_server)
        swapped = shown(reader, owner, old, new)
        assert _update(owner, post_id, article(coupons=None, hashtags=["free-iphone"], blocks=[
            {"kind": "image", "media_id": new}, {"kind": "image", "media_id": other}, *blocks]), 2).status_code == 202
        review_queue(held_server)
        rejected = shown(reader, owner, new, other)
        assert owner.delete(f"/api/posts/{post_id}").status_code == 204
        deleted = shown(reader, owner, old, new, other)
    assert published == [(200, 200), (404, 200), (404, 200)]
    assert waiting == [(200, 200), (404, 200)]
    assert swapped == [(404, 200), (200, 200)]
    assert rejected == [(200, 200), (404, 200)]
    assert deleted == [(404, 200)] * 3


RACES = 30


def test_an_update_racing_review_s_decision_never_deadlocks(database_url: str, tmp_path: Path) -> None:
    """Review deciding revision 1 while the creator sends revision 2, again and again at the same moment:
    both always finish (the two take a post's locks in the same order), and the outcome is one of the two
    orders: 1 published then 2 waiting, or 1 withdrawn (never published) and 2 waiting (SQLite, PostgreSQL)."""
    settings = Settings.from_env({"CREATORPOST_DATA_DIR": str(tmp_path), **database_env(database_url)})
    svc = build_services(settings)
    prepare_database(svc.db, settings)
    outcomes: set[tuple[str, int | None, bool]] = set()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for race in range(RACES):
                post_id = str(create_post(svc.db, creator_id="c_demo_senior", key=f"race-{race}", request_sha256="x",
                                          post=article(coupons=None), rules_version="1", platform="desktop",
                                          review_delay_seconds=0, answer_extra={}).response["id"])
                with svc.db.write() as conn:
                    conn.execute(update(t.post_revisions).where(t.post_revisions.c.post_id == post_id)
                                 .values(claimed_by="racer", claimed_at=utcnow()))
                start = threading.Barrier(2, timeout=10)

                def decide(post_id: str = post_id, start: threading.Barrier = start) -> str | None:
                    start.wait()
                    return decide_revision(svc.db, post_id, 1, claimed_by="racer", reasons=[])

                def send(post_id: str = post_id, start: threading.Barrier = start) -> object:
                    start.wait()
                    return update_post(svc.db, creator_id="c_demo_senior", post_id=post_id, base_revision=1, key=None,
                                       request_sha256="y", post=article(coupons=None, title="Two"), rules_version="1",
                                       platform="desktop", review_delay_seconds=0, answer_extra={})

                decided, sent = pool.submit(decide), pool.submit(send)
                status, answer = decided.result(timeout=30), sent.result(timeout=30)
                post = get_post(svc.db, post_id)
                assert post is not None and post.revision == 2 and not isinstance(answer, str)
                with svc.db.read() as conn:
                    first = conn.execute(select(t.post_revisions.c.status).where(
                        t.post_revisions.c.post_id == post_id, t.post_revisions.c.revision == 1)).scalar_one()
                outcomes.add((first, post.published_revision, status is not None))
    finally:
        svc.db.dispose()
    assert outcomes <= {("published", 1, True), ("withdrawn", None, False)}
