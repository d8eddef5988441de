"""Ids and consistency (issue 10 §7), on SQLite and PostgreSQL: media ids are random and say nothing about
the photo; a photo is served to its owner before a published post shows it and to anyone after, never
to others before (media in a folder, in a bucket, and by a presigned URL of the bucket); validate checks media
ownership as publish does; a video link pasted without a scheme is the canonical https link on /p/; migration
0002 carries stored posts and media over."""

from __future__ import annotations

import hashlib
import html
import string
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from creatorpost.server.review.worker import ReviewWorker
from creatorpost.server.store import tables as t
from creatorpost.server.store.accounts import hash_token
from creatorpost.server.store.db import Database, utcnow
from creatorpost.videos import start_seconds, watch_url
from tests.endpoints import InProcessEndpoint, start_in_process, wait_for_status
from tests.hostile.posts import examples
from tests.server.conftest import MakeApp
from tests.server.hostile.media_data import photo, upload
from tests.server.postgres import database_env
from tests.server.posts_data import article
from tests.server.s3 import S3Server

ID_CHARS = string.ascii_letters + string.digits + "-_"


def test_media_ids_are_random_and_each_creators_own(media_server: InProcessEndpoint) -> None:
    """The same photo twice from one creator is one id; from two creators two ids; no id is the old
    sha256(creator, bytes), so holding a photo tells nothing about who uploaded it."""
    data = photo(seed=101)
    with media_server.client("demo-junior") as junior, media_server.client("demo-senior") as senior:
        first, again, other = upload(junior, data), upload(junior, data), upload(senior, data)
    assert first == again != other
    for creator, media_id in (("c_demo_junior", first), ("c_demo_senior", other)):
        assert media_id != "m_" + hashlib.sha256(creator.encode() + b"\0" + data).hexdigest()[:32]


# Where the photos are and how they are answered: a folder (streamed), a bucket streamed, a bucket by presigned URL.
SERVING = ("file", "s3", "s3-presigned")


@pytest.fixture(scope="module", params=SERVING)
def stage_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """An endpoint whose posts wait (an hour, no worker of its own) for the review a test runs itself."""
    env = {"CREATORPOST_INPROCESS_WORKER": "false", "CREATORPOST_REVIEW_DELAY_SECONDS": "3600",
           "CREATORPOST_RATE_LIMIT_BURST": "5000"}
    if request.param != "file":
        s3: S3Server = request.getfixturevalue("s3")
        env.update(s3.env(s3.create_bucket("stages")))
    if request.param == "s3-presigned":
        env["CREATORPOST_MEDIA_REDIRECT"] = "presigned"
    running = start_in_process(tmp_path_factory.mktemp("stages"), fake_dist, env=env)
    yield running
    running.stop()


def fetched(answer: httpx.Response) -> httpx.Response:
    """What a browser's <img> ends up with: the answer itself, or what a GET of the presigned URL it redirects to
    gives (moto's server on loopback)."""
    if answer.status_code != 302:
        return answer
    assert answer.headers["cache-control"] == "no-store"
    with httpx.Client(timeout=30) as browser:
        return browser.get(answer.headers["location"])


@pytest.fixture(scope="module")
def stages(stage_app: InProcessEndpoint) -> dict[str, Any]:
    """Four photos of demo-intermediate: only uploaded, in a pending post, in a published post, in a
    rejected post (reviewed by a real ReviewWorker once their posts are made due)."""
    app = stage_app
    photos: dict[str, str] = {}
    with app.client("demo-intermediate") as client:
        for number, stage in enumerate(("uploaded", "pending", "published", "rejected")):
            photos[stage] = upload(client, photo(seed=200 + number))
        posts = {}
        for stage, title in (("pending", "Waiting"), ("published", "Fine"), ("rejected", "Win a free-iphone")):
            posts[stage] = client.post("/api/posts", json=article(coupons=None, title=title,
                                                                   banner={"media_id": photos[stage]}),
                                       headers={"Idempotency-Key": f"stage-{uuid.uuid4()}"}).json()["id"]
        svc = app.services
        with svc.db.write() as conn:
            conn.execute(sa.update(t.post_revisions)
                         .where(t.post_revisions.c.post_id.in_([posts["published"], posts["rejected"]]))
                         .values(review_due_at=utcnow()))
        assert ReviewWorker(svc, name="stages").run_once() == 2
        assert client.get(f"/api/posts/{posts['published']}").json()["status"] == "published"
        assert client.get(f"/api/posts/{posts['rejected']}").json()["status"] == "rejected"
    return {"photos": photos, "posts": posts}


@examples(60)
@given(stage=st.sampled_from(("uploaded", "pending", "published", "rejected", "never issued")),
       who=st.sampled_from((None, "demo-intermediate", "demo-professional")), method=st.sampled_from(("GET", "HEAD")),
       made_up=st.text("0123456789abcdef", min_size=32, max_size=32))
def test_who_may_fetch_a_photo(stage_app: InProcessEndpoint, stages: dict[str, Any], stage: str,
                               who: str | None, method: str, made_up: str) -> None:
    """Its owner always (the editor fetches with its token); anyone once a published post shows it; anyone
    else never before, and an id never issued is the same 404 (nobody learns whether a photo exists)."""
    media_id = stages["photos"].get(stage, f"m_{made_up}")
    with stage_app.client(who) as client:
        answer = client.request(method, f"/media/{media_id}")
    allowed = stage != "never issued" and (stage == "published" or who == "demo-intermediate")
    presigned = stage_app.services.settings.media_redirect == "presigned"
    assert answer.status_code == (302 if allowed and presigned else 200 if allowed else 404), (stage, who)
    if allowed:
        if not presigned:
            # A public copy is revalidated on every use (a deletion takes effect at once); the owner's is theirs to
            # keep.
            assert answer.headers["cache-control"] == ("public, no-cache" if stage == "published"
                                                       else "private, max-age=31536000, immutable")
        photo_answer = fetched(answer)
        assert photo_answer.status_code == 200
        assert photo_answer.headers["content-type"] == "image/jpeg"
        assert int(photo_answer.headers["content-length"]) > 1000
        assert photo_answer.content[:2] == (b"" if method == "HEAD" and not presigned else b"\xff\xd8")
    elif method == "GET":
        assert answer.json()["error"]["code"] == "media.not_found"


def test_a_published_page_shows_its_photos_to_anyone(stage_app: InProcessEndpoint, stages: dict[str, Any]) -> None:
    with stage_app.client() as reader:
        page = reader.get(f"/p/{stages['posts']['published']}")
        assert f'src="/media/{stages["photos"]["published"]}"' in page.text
        assert fetched(reader.get(f"/media/{stages['photos']['published']}")).content[:2] == b"\xff\xd8"


@pytest.fixture(scope="module")
def owned(backend_server: InProcessEndpoint) -> dict[str, str]:
    """One photo each of demo-professional and demo-basic: token -> media id."""
    found = {}
    for number, token in enumerate(("demo-professional", "demo-basic")):
        with backend_server.client(token) as client:
            found[token] = upload(client, photo(seed=300 + number))
    return found


@examples(40)
@given(where=st.sampled_from(("banner", "block")), whose=st.sampled_from(("own", "other's", "unknown", "malformed")),
       mode=st.sampled_from(("draft", "publish")))
def test_validate_with_a_token_checks_media_like_publish(backend_server: InProcessEndpoint, owned: dict[str, str],
                                                         where: str, whose: str, mode: str) -> None:
    """`/api/posts/validate` with a token says media.not_found for a photo that is not the caller's, at the
    field, as publish does; without a token (nobody to own photos) it cannot and does not."""
    media_id = {"own": owned["demo-professional"], "other's": owned["demo-basic"], "unknown": "m_" + "e" * 32,
                "malformed": "m_\x00"}[whose]
    post = article(coupons=None, banner={"media_id": media_id}) if where == "banner" else article(
        coupons=None, blocks=[*article()["blocks"], {"kind": "image", "media_id": media_id}])
    field = "banner.media_id" if where == "banner" else "blocks.3.media_id"
    with backend_server.client("demo-professional") as client, backend_server.client() as anonymous:
        checked = client.post(f"/api/posts/validate?mode={mode}", json=post).json()
        published = client.post("/api/posts", json=post, headers={"Idempotency-Key": f"own-{uuid.uuid4()}"})
        unsigned = anonymous.post(f"/api/posts/validate?mode={mode}", json=post).json()
    not_found = [f["field"] for f in checked["findings"] if f["code"] == "media.not_found"]
    assert not_found == ([] if whose == "own" else [field])
    assert published.status_code == (202 if whose == "own" else 422)
    if whose != "own":
        assert (published.json()["error"]["code"], published.json()["error"]["field"]) == ("media.not_found", field)
    assert [f for f in unsigned["findings"] if f["code"] == "media.not_found"] == []


def _video_link(video_id: str, form: int, extra: str) -> tuple[str, str]:
    """A way a creator pastes a YouTube link, and the id it names."""
    forms = [f"www.youtube.com/watch?v={video_id}", f"youtube.com/watch?v={video_id}&t=42{extra}",
             f"http://www.youtube.com/watch?feature=share&v={video_id}", f"m.youtube.com/watch?v={video_id}",
             f"youtu.be/{video_id}", f"https://youtu.be/{video_id}?si={extra}", f"www.youtube.com/shorts/{video_id}",
             f"music.youtube.com/watch?v={video_id}", f"  https://www.youtube.com/embed/{video_id}  ",
             f"WWW.YOUTUBE.COM/watch?v={video_id}"]
    return forms[form % len(forms)], video_id


@examples(4)
@given(links=st.lists(st.tuples(st.text(ID_CHARS, min_size=11, max_size=11), st.integers(0, 9),
                                 st.text(string.ascii_letters, max_size=6)).map(lambda d: _video_link(*d)),
                      min_size=1, max_size=10))
def test_video_links_render_as_the_canonical_https_link(backend_server: InProcessEndpoint,
                                                        links: list[tuple[str, str]]) -> None:
    """However a video link was pasted (no scheme, http, mobile, short, shorts, embed, upper case), the
    published page links to https://www.youtube.com/watch?v=<id> (with its start time), never to a path
    of our own site."""
    blocks = [{"kind": "text", "text": "Watch these."}] + [{"kind": "video", "url": url} for url, _ in links]
    with backend_server.client("demo-professional") as client:
        created = client.post("/api/posts", json=article(coupons=None, blocks=blocks),
                              headers={"Idempotency-Key": f"video-{uuid.uuid4()}"})
        assert created.status_code == 202, created.text
        assert wait_for_status(client, created.json()["id"])["status"] == "published"
        page = client.get(f"/p/{created.json()['id']}").text
    videos = page.split('<figure class="video">')[1:]
    hrefs = [figure.split('<a href="', 1)[1].split('"', 1)[0] for figure in videos]
    assert hrefs == [html.escape(watch_url(video_id, start_seconds(url))) for url, video_id in links]
    assert all(href.startswith("https://www.youtube.com/watch?v=") for href in hrefs)


def test_migration_0002_carries_stored_posts_and_media_over(make_app: MakeApp, tmp_path: Path,
                                                            database_url: str) -> None:
    """A database made before this change (revision 0001: content-derived media ids, no post_media): after
    `migrate`, the photos of its published post are public, those of its pending post and the unused one
    its owner's only, and the same photo uploaded again gets a new random id (old rows have no hash)."""
    data_dir = tmp_path / "old"
    db = Database(database_url or f"sqlite:///{(data_dir / 'creatorpost.db').resolve()}")
    db.migrate("0001")
    now = utcnow()
    pictures = {name: photo(seed=400 + n) for n, name in enumerate(("banner", "block", "pending", "unused"))}
    old_ids = {name: "m_" + hashlib.sha256(b"c_old\0" + data).hexdigest()[:32] for name, data in pictures.items()}
    media = sa.table("media", *(sa.column(c) for c in ("id", "creator_id", "format", "width", "height", "bytes",
                                                       "created_at")))
    posts = sa.table("posts", sa.column("body", sa.JSON), *(sa.column(c) for c in (
        "id", "creator_id", "status", "title", "rules_version", "platform", "created_at", "review_due_at")))
    with db.write() as conn:
        conn.execute(sa.insert(t.creators).values(id="c_old", handle="old", display_name="Old", level="senior",
                                                  created_at=now))
        conn.execute(sa.insert(t.tokens).values(token_sha256=hash_token("old-token"), creator_id="c_old", demo=False,
                                                created_at=now))
        for name, data in pictures.items():
            conn.execute(sa.insert(media).values(id=old_ids[name], creator_id="c_old", format="jpeg", width=900,
                                                 height=600, bytes=len(data), created_at=now))
            (data_dir / "media" / "c_old").mkdir(parents=True, exist_ok=True)
            (data_dir / "media" / "c_old" / f"{old_ids[name]}.jpeg").write_bytes(data)
        for post_id, status, body in (
                ("p_published", "published", article(coupons=None, banner={"media_id": old_ids["banner"]},
                                                     blocks=[{"kind": "image", "media_id": old_ids["block"]}])),
                ("p_pending", "pending_review", article(coupons=None, banner={"media_id": old_ids["pending"]}))):
            conn.execute(sa.insert(posts).values(id=post_id, creator_id="c_old", status=status, title="Old",
                                                 body=body, rules_version="1", platform="desktop", created_at=now,
                                                 review_due_at=now.replace(year=now.year + 1)))
    db.migrate()
    with db.read() as conn:
        links = {tuple(row) for row in conn.execute(sa.select(t.post_media.c.post_id, t.post_media.c.media_id))}
        hashes = set(conn.execute(sa.select(t.media.c.content_sha256)).scalars())
    db.dispose()
    assert links == {("p_published", old_ids["banner"]), ("p_published", old_ids["block"]),
                     ("p_pending", old_ids["pending"])}
    assert hashes == {None}

    running = make_app({**database_env(database_url), "CREATORPOST_REVIEW_DELAY_SECONDS": "3600"}, data_dir=data_dir)
    with running.client() as reader, running.client("old-token") as owner:
        assert {name: reader.get(f"/media/{old_ids[name]}").status_code for name in old_ids} == {
            "banner": 200, "block": 200, "pending": 404, "unused": 404}
        owned = {name: owner.get(f"/media/{old_ids[name]}").status_code for name in old_ids}
        assert owned == dict.fromkeys(old_ids, 200)
        again = upload(owner, pictures["unused"])
    assert again not in old_ids.values()
