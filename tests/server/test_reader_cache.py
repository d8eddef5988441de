"""Readers at scale: what a reader's browser or a CDN in front of the endpoint notices of the page cache.

A published page (`/p/`, `/c/`) carries an ETag and may be kept briefly by anyone (`public`), so a CDN
revalidates it with If-None-Match and gets 304 while nothing changed; a new publication is seen on the
next request, also by another endpoint process; each language is a page of its own and `Vary` says what
picks it; answers saying a page is not there are kept by nobody."""

from __future__ import annotations

import re
import threading
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from creatorpost.creators import Level
from creatorpost.server.examples.definitions import example_by_slug
from creatorpost.server.review.worker import ReviewWorker
from creatorpost.server.settings import Settings
from creatorpost.server.store import tables as t
from creatorpost.server.store.accounts import create_creator
from creatorpost.server.store.page_state import PageStates
from tests.endpoints import Endpoint, InProcessEndpoint, wait_for_status
from tests.server.conftest import GENEROUS_RATE, MakeApp, MakeServer
from tests.server.loops import run_apart
from tests.server.posts_data import BIKINI, article
from tests.server.review import review_queue

_EXAMPLE = example_by_slug("movie-madness")
assert _EXAMPLE is not None
EXAMPLE_ID, EXAMPLE_AUTHOR = _EXAMPLE.post_id, f"demo-{_EXAMPLE.author_level}"
EXAMPLE_PAGE, EXAMPLE_AUTHOR_PAGE = f"/p/{EXAMPLE_ID}", f"/c/{EXAMPLE_AUTHOR}"
PUBLIC_FOR_A_MINUTE = "public, max-age=60, stale-while-revalidate=30"
HELD_REVIEW = {"CREATORPOST_INPROCESS_WORKER": "false", **GENEROUS_RATE}


def _get(client: httpx.Client, path: str, method: str = "GET", **headers: str) -> httpx.Response:
    return client.request(method, path, headers={"Accept": "text/html", **headers})


def _lang_of(page: httpx.Response) -> str:
    found = re.search(r'<html lang="([a-z]+)"', page.text)
    assert found is not None, page.text[:200]
    return found.group(1)


def _publish(client: httpx.Client, title: str) -> str:
    post = article(coupons=None, title=title, hashtags=["Fresh"], blocks=article()["blocks"][:2])
    created = client.post("/api/posts", json=post, headers={"Idempotency-Key": f"cache-{uuid.uuid4()}"})
    assert created.status_code == 202, created.text
    return str(created.json()["id"])


def _review_now(data_dir: Path) -> None:
    """The review worker, run apart from the endpoints (as `creatorpost worker` does), over their database."""
    worker = ReviewWorker(_services_of(data_dir))
    try:
        assert worker.run_once() >= 1
    finally:
        worker.svc.db.dispose()


def _services_of(data_dir: Path):  # type: ignore[no-untyped-def]
    from creatorpost.server.app import build_services

    return build_services(Settings.from_env({"CREATORPOST_DATA_DIR": str(data_dir)}, dist=data_dir / "no-dist"))


def _new_creator(endpoint: Endpoint, level: Level = Level.BASIC) -> tuple[str, str]:
    """A creator of its own (handle, token) on a shared endpoint: nobody else's test changes their profile."""
    handle = f"cache-{uuid.uuid4().hex[:10]}"
    settings = endpoint.services.settings  # type: ignore[attr-defined]
    return handle, create_creator(settings, handle=handle, display_name="Cache Tester", level=level, store_ids=[])


@pytest.mark.parametrize("kind", ["post", "profile"])
def test_a_cdn_revalidates_a_published_page_and_gets_304_while_it_is_unchanged(server: Endpoint, kind: str) -> None:
    path = EXAMPLE_PAGE if kind == "post" else f"/c/{_new_creator(server)[0]}"
    with server.client() as client:
        first = _get(client, path, **{"Accept-Language": "en"})
        etag = first.headers["etag"]
        again = _get(client, path, **{"Accept-Language": "en", "If-None-Match": etag})
        weak = _get(client, path, **{"Accept-Language": "en", "If-None-Match": f"W/{etag}"})
        among_others = _get(client, path, **{"Accept-Language": "en", "If-None-Match": f'"0123", {etag}'})
        anything = _get(client, path, **{"Accept-Language": "en", "If-None-Match": "*"})
        # A client that takes no gzip revalidates the same bytes with the gzip answer's tag.
        plain = _get(client, path, **{"Accept-Language": "en", "Accept-Encoding": "identity", "If-None-Match": etag})
        other = _get(client, path, **{"Accept-Language": "en", "If-None-Match": '"not-this-page"'})
        head = _get(client, path, "HEAD", **{"Accept-Language": "en", "If-None-Match": etag})
        head_full = _get(client, path, "HEAD", **{"Accept-Language": "en", "Accept-Encoding": "identity"})
        full = _get(client, path, **{"Accept-Language": "en", "Accept-Encoding": "identity"})
    assert first.status_code == 200 and first.headers["content-encoding"] == "gzip"
    assert first.headers["cache-control"] == PUBLIC_FOR_A_MINUTE
    assert etag.startswith('"') and etag.endswith('.gz"')
    for revalidated in (again, weak, among_others, anything, head):
        assert revalidated.status_code == 304 and revalidated.content == b""
        assert revalidated.headers["etag"] == etag
        assert revalidated.headers["cache-control"] == PUBLIC_FOR_A_MINUTE
        assert revalidated.headers["vary"] == first.headers["vary"]
    assert plain.status_code == 304 and plain.headers["etag"] == etag.removesuffix('.gz"') + '"'
    assert other.status_code == 200 and other.text == first.text
    assert head_full.status_code == 200 and head_full.content == b""
    assert int(head_full.headers["content-length"]) == len(full.content) and full.text == first.text
    assert head_full.headers["etag"] == full.headers["etag"] == plain.headers["etag"]


def test_each_language_is_a_page_of_its_own_and_vary_says_what_picks_it(make_app: MakeApp) -> None:
    running = make_app(GENEROUS_RATE)  # its own demo data: the example author's profile changes for no one
    with running.client() as client:
        spanish = _get(client, EXAMPLE_PAGE, **{"Accept-Language": "es"})
        french = _get(client, EXAMPLE_PAGE, **{"Accept-Language": "fr-CA,fr;q=0.9"})
        spanish_again = _get(client, EXAMPLE_PAGE, **{"Accept-Language": "es"})
        # A CDN holding the Spanish page asks for a French reader: the Spanish tag must not validate.
        crossed = _get(client, EXAMPLE_PAGE, **{"Accept-Language": "fr", "If-None-Match": spanish.headers["etag"]})
        chosen = _get(client, f"{EXAMPLE_PAGE}?lang=ar", **{"Accept-Language": "es"})
        unknown = _get(client, f"{EXAMPLE_PAGE}?lang=xx", **{"Accept-Language": "pt"})
        profile_by_header = _get(client, EXAMPLE_AUTHOR_PAGE, **{"Accept-Language": "ru"})
        profile_by_address = _get(client, f"{EXAMPLE_AUTHOR_PAGE}?lang=ru", **{"Accept-Language": "en"})
    assert [_lang_of(p) for p in (spanish, french, spanish_again, crossed, chosen, unknown)] == \
        ["es", "fr", "es", "fr", "ar", "pt"]
    assert spanish.headers["content-language"] == "es" and chosen.headers["content-language"] == "ar"
    assert spanish.headers["etag"] != french.headers["etag"] and crossed.status_code == 200
    assert spanish_again.text == spanish.text
    assert "Accept-Language" in spanish.headers["vary"] and "Accept-Language" in unknown.headers["vary"]
    assert chosen.headers["vary"] == "Accept-Encoding"  # ?lang=ar alone picks the language
    # Both Russian, but only the page asked with ?lang=ru keeps it in the links it shows.
    assert _lang_of(profile_by_header) == _lang_of(profile_by_address) == "ru"
    assert f'href="{EXAMPLE_PAGE}?lang=ru"' in profile_by_address.text
    assert f'href="{EXAMPLE_PAGE}"' in profile_by_header.text


def test_missing_and_unpublished_pages_are_kept_by_no_cache(make_app: MakeApp) -> None:
    """A 404 may turn into a page a moment later (the post is published): nobody may keep it."""
    running = make_app(HELD_REVIEW)
    with running.client("demo-basic") as creator, running.client() as reader:
        before = _get(reader, "/c/demo-basic")
        post_id = _publish(creator, "Held for review")
        pending = _get(reader, f"/p/{post_id}")
        pending_json = reader.get(f"/p/{post_id}")
        nobody = _get(reader, "/c/no-such-creator")
        unchanged = _get(reader, "/c/demo-basic", **{"If-None-Match": before.headers["etag"]})
        _review_now(running.data_dir)
        published = _get(reader, f"/p/{post_id}")
        profile = _get(reader, "/c/demo-basic", **{"If-None-Match": before.headers["etag"]})
    for missing in (pending, pending_json, nobody):
        assert missing.status_code == 404
        assert missing.headers["cache-control"] == "no-store"
    assert pending_json.json()["error"]["code"] == "post.not_found"
    assert unchanged.status_code == 304  # the pending post changes nothing readers see
    assert published.status_code == 200 and "Held for review" in published.text
    assert published.headers["cache-control"] == PUBLIC_FOR_A_MINUTE
    assert profile.status_code == 200 and "Held for review" in profile.text
    assert profile.headers["etag"] != before.headers["etag"]


def test_another_process_shows_a_new_post_on_the_next_request(make_server: MakeServer, tmp_path: Path) -> None:
    """Two endpoint processes over one database: the one that kept the profile page shows a post
    published through the other at once, not when its copy would have been old enough."""
    shared = tmp_path / "shared"
    writer = make_server(HELD_REVIEW, data_dir=shared)
    reader_side = make_server(HELD_REVIEW, data_dir=shared)
    with writer.client("demo-basic") as creator, reader_side.client() as reader:
        kept = _get(reader, "/c/demo-basic")
        assert _get(reader, "/c/demo-basic", **{"If-None-Match": kept.headers["etag"]}).status_code == 304
        post_id = _publish(creator, "Written through the other process")
        _review_now(shared)
        assert wait_for_status(creator, post_id)["status"] == "published"
        fresh = _get(reader, "/c/demo-basic", **{"If-None-Match": kept.headers["etag"]})
        page = _get(reader, f"/p/{post_id}")
    assert fresh.status_code == 200 and "Written through the other process" in fresh.text
    assert "Written through the other process" not in kept.text
    assert page.status_code == 200 and page.headers["cache-control"] == PUBLIC_FOR_A_MINUTE


def test_a_new_post_shows_on_the_profile_on_each_database(backend_server: Endpoint) -> None:
    """SQLite and PostgreSQL: the profile's state covers its posts, so a new one shows at once."""
    handle, token = _new_creator(backend_server)
    with backend_server.client(token) as creator, backend_server.client() as reader:
        empty = _get(reader, f"/c/{handle}")
        post_id = _publish(creator, "First of many")
        assert wait_for_status(creator, post_id)["status"] == "published"
        listed = _get(reader, f"/c/{handle}", **{"If-None-Match": empty.headers["etag"]})
        page = _get(reader, f"/p/{post_id}")
        revalidated = _get(reader, f"/p/{post_id}", **{"If-None-Match": page.headers["etag"]})
    assert empty.status_code == 200 and "First of many" not in empty.text
    assert listed.status_code == 200 and "First of many" in listed.text
    assert page.status_code == 200 and revalidated.status_code == 304


def test_product_cards_follow_the_catalog_once_the_page_is_max_age_old(make_app: MakeApp) -> None:
    """The page's state is the post's; a product's price comes from the catalog and is read again
    once the page is `CREATORPOST_READER_MAX_AGE_SECONDS` old (here 0: at once)."""
    running = make_app({"CREATORPOST_READER_MAX_AGE_SECONDS": "0", **GENEROUS_RATE})
    with running.client("demo-junior") as creator, running.client() as reader:
        post_id = _publish(creator, "A bikini worth its price")
        assert wait_for_status(creator, post_id)["status"] == "published"
        before = _get(reader, f"/p/{post_id}")
        with running.services.db.write() as conn:
            conn.execute(update(t.products).where(t.products.c.id == BIKINI).values(price_cents=123_456))
        after = _get(reader, f"/p/{post_id}")
    assert "$1234.56" not in before.text and "$1234.56" in after.text
    assert after.headers["cache-control"] == "public, max-age=0, stale-while-revalidate=30"


def test_a_crowd_asking_for_one_page_at_once_costs_one_render(make_app: MakeApp) -> None:
    """Everyone who scanned the QR code at the same moment gets the page; it is rendered once (as
    /healthz tells the operator), and once more for a reader of another language."""
    running: InProcessEndpoint = make_app(GENEROUS_RATE)
    answers: list[httpx.Response] = []
    start = threading.Barrier(16)

    def read() -> None:
        with running.client() as reader:
            start.wait(timeout=30)
            answers.append(_get(reader, EXAMPLE_PAGE, **{"Accept-Language": "en"}))

    readers = [threading.Thread(target=read) for _ in range(16)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join(timeout=60)
    with running.client() as operator:
        kept = operator.get("/healthz").json()["reader_pages"]
        assert _lang_of(_get(operator, EXAMPLE_PAGE, **{"Accept-Language": "ar"})) == "ar"
        then = operator.get("/healthz").json()["reader_pages"]
    assert len(answers) == 16 and {a.status_code for a in answers} == {200}
    assert len({a.text for a in answers}) == 1
    assert kept["renders"] == 1 and kept["pages"] == 1
    assert then["renders"] == 2 and then["pages"] == 2 and 0 < then["bytes"] <= then["max_bytes"]


def test_a_look_the_quick_sqlite_connection_cannot_make_is_made_through_sqlalchemy(server: Endpoint) -> None:
    """A lone surrogate cannot be bound by sqlite3 itself: the look falls back to SQLAlchemy (which binds
    U+FFFD), finds nothing, and the next look uses the quick connection again."""
    states = PageStates(server.services.db)  # type: ignore[attr-defined]
    try:
        assert run_apart(states.post("p_\ud800")) is None
        found = run_apart(states.post(EXAMPLE_ID))
        profile = run_apart(states.profile(EXAMPLE_AUTHOR, 99, 12))
    finally:
        states.close()
    assert found is not None and EXAMPLE_AUTHOR in found
    assert profile is not None and profile.page == profile.pages  # page 99 is the last page: the oldest post
    assert EXAMPLE_ID in str(profile.state)


def _update(client: httpx.Client, post_id: str, title: str, revision: int) -> None:
    post = article(coupons=None, title=title, hashtags=["Fresh"], blocks=article()["blocks"][:2])
    changed = client.put(f"/api/posts/{post_id}", json=post, headers={"If-Match": f'"{revision}"'})
    assert changed.status_code == 202, changed.text


def test_an_update_shows_once_reviewed_and_a_deletion_at_once(held_server: InProcessEndpoint) -> None:
    """A CDN revalidating the page gets 304 while an update waits for review, the new version on the
    first request after review, and 410 (kept by nobody) on the first request after the deletion."""
    handle, token = _new_creator(held_server)
    first, second = f"Before {uuid.uuid4().hex[:6]}", f"After {uuid.uuid4().hex[:6]}"
    with held_server.client(token) as creator, held_server.client() as reader:
        post_id = _publish(creator, first)
        review_queue(held_server)
        page = f"/p/{post_id}"
        v1 = _get(reader, page)
        profile_v1 = _get(reader, f"/c/{handle}")
        _update(creator, post_id, second, 1)
        waiting = _get(reader, page, **{"If-None-Match": v1.headers["etag"]})
        review_queue(held_server)
        v2 = _get(reader, page, **{"If-None-Match": v1.headers["etag"]})
        profile_v2 = _get(reader, f"/c/{handle}", **{"If-None-Match": profile_v1.headers["etag"]})
        assert creator.delete(f"/api/posts/{post_id}").status_code == 204
        gone = _get(reader, page, **{"If-None-Match": v2.headers["etag"]})
        gone_json = reader.get(page)
        profile_after = _get(reader, f"/c/{handle}", **{"If-None-Match": profile_v2.headers["etag"]})
    assert v1.status_code == 200 and first in v1.text
    assert waiting.status_code == 304  # the update waits for review: readers still see the first version
    assert v2.status_code == 200 and second in v2.text and first not in v2.text
    assert profile_v2.status_code == 200 and second in profile_v2.text and first not in profile_v2.text
    assert gone.status_code == 410 and gone.headers["cache-control"] == "no-store"
    assert gone_json.status_code == 410 and gone_json.json()["error"]["code"] == "post.deleted"
    assert gone_json.headers["cache-control"] == "no-store"
    assert profile_after.status_code == 200 and second not in profile_after.text


def test_another_process_shows_an_update_and_a_deletion_on_the_next_request(make_server: MakeServer,
                                                                             tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    writer = make_server(HELD_REVIEW, data_dir=shared)
    reader_side = make_server(HELD_REVIEW, data_dir=shared)
    first, second = "Seen first everywhere", "Seen second everywhere"
    with writer.client("demo-basic") as creator, reader_side.client() as reader:
        post_id = _publish(creator, first)
        _review_now(shared)
        kept = _get(reader, f"/p/{post_id}")
        assert _get(reader, f"/p/{post_id}", **{"If-None-Match": kept.headers["etag"]}).status_code == 304
        _update(creator, post_id, second, 1)
        _review_now(shared)
        updated = _get(reader, f"/p/{post_id}", **{"If-None-Match": kept.headers["etag"]})
        assert creator.delete(f"/api/posts/{post_id}").status_code == 204
        gone = _get(reader, f"/p/{post_id}", **{"If-None-Match": updated.headers["etag"]})
    assert first in kept.text
    assert updated.status_code == 200 and second in updated.text and first not in updated.text
    assert gone.status_code == 410 and gone.headers["cache-control"] == "no-store"
