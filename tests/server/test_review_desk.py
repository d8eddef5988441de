"""The reviewers' desk: the three review modes, claims that expire, two reviewers racing for one post,
reject → the creator reads why → resubmit → approve, every decision recorded, and the reasons list.
Tests taking `desk` run on SQLite and PostgreSQL (human mode, review held until the test runs it)."""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import update

from creatorpost.review_reasons import review_rules
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import utcnow
from creatorpost.server.store.reviewers import add_reviewer
from tests.endpoints import ROOT, InProcessEndpoint, start_in_process
from tests.server.conftest import BACKENDS, GENEROUS_RATE, MakeApp, backend_env
from tests.server.posts_data import article
from tests.server.s3 import S3Server
from tests.server.review import review_queue

HELD = {**GENEROUS_RATE, "CREATORPOST_REVIEW_DELAY_SECONDS": "3600", "CREATORPOST_INPROCESS_WORKER": "false"}
REVIEWER = "demo-reviewer"


@pytest.fixture(scope="module", params=BACKENDS)
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """A demo endpoint in `human` mode on each database; the test runs the automatic checks (`review_queue`)."""
    env = {**HELD, "CREATORPOST_REVIEW_MODE": "human", **backend_env(request, "desk")}
    running = start_in_process(tmp_path_factory.mktemp(f"desk-{request.param}"), fake_dist, env=env)
    yield running
    running.stop()


def clean(title: str) -> dict[str, Any]:
    return article(coupons=None, title=title, blocks=article()["blocks"][:2])


def flagged(title: str) -> dict[str, Any]:
    return clean(title) | {"hashtags": ["free-iphone"]}


def create(client: httpx.Client, post: dict[str, Any]) -> str:
    answer = client.post("/api/posts", json=post, headers={"Idempotency-Key": f"desk-{uuid.uuid4()}"})
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:6]}"


def waiting(client: httpx.Client, **params: str) -> dict[str, dict[str, Any]]:
    answer = client.get("/api/review/queue", params={"limit": "200", **params})
    assert answer.status_code == 200, answer.text
    return {item["post_id"]: item for item in answer.json()["items"]}


def creatorpost(data: Path, *args: str, mode: str = "demo") -> subprocess.CompletedProcess[str]:
    """The `creatorpost` command on the data folder of an endpoint a test started."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")}
    environment |= {"CREATORPOST_DATA_DIR": str(data), "CREATORPOST_MODE": mode}
    return subprocess.run([sys.executable, "-m", "creatorpost.server.cli", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)


def new_reviewer(endpoint: InProcessEndpoint, handle: str) -> str:
    return add_reviewer(endpoint.services.db, handle=f"{handle}-{uuid.uuid4().hex[:6]}", display_name=handle.title())


# -- modes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "sample", "clean_outcome", "flagged_outcome"), [
    ("auto", "0.05", "published", "rejected"),
    ("human", "0", "every", "flagged"),
    ("auto-then-human", "0", "published", "flagged"),
    ("auto-then-human", "1", "sample", "flagged"),
])
def test_the_mode_decides_who_decides(make_app: MakeApp, mode: str, sample: str, clean_outcome: str,
                                      flagged_outcome: str) -> None:
    """auto: the checks publish or reject; human: every post waits for a person; auto-then-human: clean posts
    are published (but the sample), flagged ones wait. Waiting posts are still "pending_review" to their creator."""
    app = make_app({**HELD, "CREATORPOST_REVIEW_MODE": mode, "CREATORPOST_REVIEW_SAMPLE": sample})
    with app.client("demo-senior") as creator, app.client(REVIEWER) as reviewer:
        ids = {"clean": create(creator, clean(unique("Clean"))), "flagged": create(creator, flagged(unique("Flag")))}
        assert review_queue(app) == 2
        queue = waiting(reviewer)
        status = {kind: creator.get(f"/api/posts/{post_id}").json()["status"] for kind, post_id in ids.items()}
        seen = {kind: queue[post_id]["why"] if post_id in queue else status[kind] for kind, post_id in ids.items()}
        statuses = {status[kind] for kind, post_id in ids.items() if post_id in queue}
        stats = reviewer.get("/api/review/stats").json()
    assert seen == {"clean": clean_outcome, "flagged": flagged_outcome}
    assert statuses <= {"pending_review"}
    assert (stats["mode"], stats["queue"]) == (mode, len(queue))


def test_the_sample_is_the_share_the_setting_names() -> None:
    """auto-then-human with CREATORPOST_REVIEW_SAMPLE=0.05: a clean post goes to a person when the draw falls
    below 0.05, a flagged one always; of 10,000 clean posts drawn at random about 500 wait for a person."""
    import random

    from creatorpost.server.review.modes import waits_for_person
    from creatorpost.server.settings import Settings

    settings = Settings.from_env({"CREATORPOST_REVIEW_MODE": "auto-then-human", "CREATORPOST_REVIEW_SAMPLE": "0.05"})
    finding = [{"code": "moderation.banned_word", "field": "hashtags.0"}]
    draws = [0.0, 0.0499, 0.05, 0.9]
    assert [waits_for_person(settings, [], iter([d]).__next__) for d in draws] == ["sample", "sample", None, None]
    assert {waits_for_person(settings, finding, iter([d]).__next__) for d in draws} == {"flagged"}
    seeded = random.Random(15)
    sampled = sum(waits_for_person(settings, [], seeded.random) == "sample" for _ in range(10_000))
    assert 400 < sampled < 600


def test_default_modes_are_auto_in_the_demo_and_auto_then_human_in_production() -> None:
    """Without CREATORPOST_REVIEW_MODE the demo decides automatically; production asks people about flagged posts."""
    from creatorpost.server.settings import Settings, SettingsError

    assert Settings.from_env({}).review_mode == "auto"
    production = Settings.from_env({"CREATORPOST_MODE": "production"})
    assert (production.review_mode, production.review_sample) == ("auto-then-human", 0.05)
    with pytest.raises(SettingsError, match="CREATORPOST_REVIEW_SAMPLE"):
        Settings.from_env({"CREATORPOST_REVIEW_SAMPLE": "5"})
    with pytest.raises(SettingsError, match="CREATORPOST_REVIEW_MODE"):
        Settings.from_env({"CREATORPOST_REVIEW_MODE": "people"})


# -- the queue -----------------------------------------------------------------------------------
def test_queue_shows_findings_creator_history_and_time_left_and_filters(desk: InProcessEndpoint) -> None:
    """Each waiting post comes with what the checks found (in the reviewer's language), the creator's level and
    record, and the time left of the 24 hours; the oldest first; filters by the post's language and by flag."""
    with desk.client("demo-amateur") as creator, desk.client(REVIEWER, **{"Accept-Language": "fr"}) as reviewer:
        english = create(creator, flagged(unique("This is the one I wear"))
                         | {"introduction": "It is the best and I love it."})
        spanish = create(creator, clean(unique("Mi favorito")) | {
            "introduction": "Es el mejor bikini que tengo y lo uso todos los días para la playa.",
            "blocks": [{"kind": "text", "text": "Lo compré en verano y está muy bien."}]})
        review_queue(desk)
        everything = waiting(reviewer)
        in_spanish = waiting(reviewer, language="es")
        only_flagged = waiting(reviewer, flag="moderation.banned_word")
        by_why = waiting(reviewer, flag="every")
        bad = reviewer.get("/api/review/queue", params={"language": "xx"})
    item = everything[english]
    assert list(everything).index(english) < list(everything).index(spanish)
    assert (item["revision"], item["why"], item["language"]) == (1, "flagged", "en")
    assert [(f["code"], f["field"]) for f in item["findings"]] == [("moderation.banned_word", "hashtags.0")]
    assert "free-iphone" in item["findings"][0]["message"] and "mot" in item["findings"][0]["message"]
    assert item["creator"]["handle"] == "demo-amateur" and item["creator"]["level"] == "amateur"
    assert {"published", "rejected"} <= item["creator"].keys()
    assert 86400 - 120 < item["seconds_left"] <= 86400
    assert datetime.fromisoformat(item["due_at"]) - datetime.fromisoformat(item["sent_at"]) == timedelta(days=1)
    assert item["claim"] is None
    assert spanish in in_spanish and english not in in_spanish
    assert english in only_flagged and spanish not in only_flagged
    assert spanish in by_why and english not in by_why
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "request.invalid")


# -- claims --------------------------------------------------------------------------------------
def _lapse_claims(endpoint: InProcessEndpoint, post_id: str) -> None:
    """What the clock does after CREATORPOST_REVIEW_CLAIM_SECONDS, done at once."""
    with endpoint.services.db.write() as conn:
        conn.execute(update(t.review_queue).where(t.review_queue.c.post_id == post_id)
                     .values(claim_expires_at=utcnow() - timedelta(seconds=1)))


def test_a_claim_keeps_others_off_until_it_expires(desk: InProcessEndpoint) -> None:
    """While Ann's claim runs, Ben can neither claim nor decide the post; once it has run out, Ben takes it
    and Ann's late approval is refused."""
    ann_token, ben_token = new_reviewer(desk, "ann"), new_reviewer(desk, "ben")
    with desk.client("demo-junior") as creator, desk.client(ann_token) as ann, desk.client(ben_token) as ben:
        post_id = create(creator, clean(unique("Claimed")))
        review_queue(desk)
        took = ann.post(f"/api/review/{post_id}/claim")
        refused = ben.post(f"/api/review/{post_id}/claim")
        ben_decides = ben.post(f"/api/review/{post_id}/approve", json={"revision": 1})
        listed = waiting(ben)[post_id]["claim"]
        _lapse_claims(desk, post_id)
        ben_takes = ben.post(f"/api/review/{post_id}/claim")
        ann_late = ann.post(f"/api/review/{post_id}/approve", json={"revision": 1})
        ben_approves = ben.post(f"/api/review/{post_id}/approve", json={"revision": 1})
        published = creator.get(f"/api/posts/{post_id}").json()
    assert took.status_code == 200 and took.json()["claim"]["mine"] is True
    until = datetime.fromisoformat(took.json()["claim"]["until"])
    assert timedelta(seconds=290) < until - utcnow() <= timedelta(seconds=300)
    assert took.json()["post"]["title"].startswith("Claimed") and "product" in str(took.json()["products"])
    ann_handle = took.json()["claim"]["by"]
    assert (refused.status_code, refused.json()["error"]["code"], refused.json()["claim"]["by"]) == (
        409, "review.claimed", ann_handle)
    assert ann_handle in refused.json()["error"]["message"]
    assert (ben_decides.status_code, ben_decides.json()["error"]["code"]) == (409, "review.claimed")
    assert listed["by"] == ann_handle and listed["mine"] is False
    assert ben_takes.status_code == 200 and ben_takes.json()["claim"]["mine"] is True
    assert (ann_late.status_code, ann_late.json()["error"]["code"]) == (409, "review.claimed")
    assert ben_approves.status_code == 200 and ben_approves.json()["status"] == "published"
    assert (published["status"], published["published_revision"]) == ("published", 1)


def test_release_lets_another_reviewer_take_the_post_at_once(desk: InProcessEndpoint) -> None:
    """"Next" without a decision gives the post back: the next reviewer need not wait for the claim to run out."""
    other = new_reviewer(desk, "cy")
    with desk.client("demo-junior") as creator, desk.client(REVIEWER) as rita, desk.client(other) as cy:
        post_id = create(creator, clean(unique("Skipped")))
        review_queue(desk)
        assert rita.post(f"/api/review/{post_id}/claim").status_code == 200
        assert rita.post(f"/api/review/{post_id}/release").status_code == 204
        assert cy.post(f"/api/review/{post_id}/claim").status_code == 200
        assert cy.post(f"/api/review/{post_id}/approve").status_code == 200


def _race(calls: list[Any]) -> list[httpx.Response]:
    start = threading.Barrier(len(calls))

    def run(call: Any) -> httpx.Response:
        start.wait(timeout=30)
        result: httpx.Response = call()
        return result

    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_two_reviewers_racing_for_one_post_one_wins(desk: InProcessEndpoint) -> None:
    """Two reviewers claiming the same post at the same moment: one holds it, the other is told who does. Two
    approving one post at once: one decision is taken and recorded, the other refused."""
    tokens = [new_reviewer(desk, "dee"), new_reviewer(desk, "eve")]
    with desk.client("demo-senior") as creator, desk.client(tokens[0]) as dee, desk.client(tokens[1]) as eve:
        claimed = [create(creator, clean(unique(f"Race {n}"))) for n in range(4)]
        decided = [create(creator, clean(unique(f"Both approve {n}"))) for n in range(4)]
        review_queue(desk)
        for post_id in claimed:
            answers = _race([lambda p=post_id: dee.post(f"/api/review/{p}/claim"),
                             lambda p=post_id: eve.post(f"/api/review/{p}/claim")])
            assert sorted(a.status_code for a in answers) == [200, 409]
            loser = next(a for a in answers if a.status_code == 409)
            winner = next(a for a in answers if a.status_code == 200)
            assert loser.json()["error"]["code"] == "review.claimed"
            assert loser.json()["claim"]["by"] == winner.json()["claim"]["by"]
        for post_id in decided:
            answers = _race([lambda p=post_id: dee.post(f"/api/review/{p}/approve"),
                             lambda p=post_id: eve.post(f"/api/review/{p}/approve")])
            assert sorted(a.status_code for a in answers) == [200, 409]
            assert next(a for a in answers if a.status_code == 409).json()["error"]["code"] in {
                "review.decided", "review.claimed"}
            record = dee.get("/api/review/decisions", params={"post_id": post_id}).json()["decisions"]
            assert [(d["outcome"], d["decided_by"]["kind"]) for d in record] == [("approved", "reviewer")]


def test_a_decision_racing_an_update_or_a_deletion_is_one_or_the_other(desk: InProcessEndpoint) -> None:
    """A reviewer's approval arriving with the creator's update (or deletion) of the same post: either the
    approval wins (published, then the update waits its turn) or the update does (the approval is told the post
    was withdrawn); never both, never an error, on either database (PostgreSQL locks the post first in both)."""
    seen: set[tuple[int, int]] = set()
    with desk.client("demo-senior") as creator, desk.client(REVIEWER) as rita:
        for round_ in range(10):
            post_id = create(creator, clean(unique(f"Raced {round_}")))
            review_queue(desk)
            deleting = bool(round_ % 2)

            def change(p: str = post_id, deleting: bool = deleting) -> httpx.Response:
                if deleting:
                    return creator.delete(f"/api/posts/{p}")
                return creator.put(f"/api/posts/{p}", json=clean(unique("Changed")), headers={"If-Match": '"1"'})

            approved, changed = _race([lambda p=post_id: rita.post(f"/api/review/{p}/approve", json={"revision": 1}),
                                       change])
            assert changed.status_code in (202, 204), changed.text
            assert approved.status_code in (200, 409), approved.text
            if approved.status_code == 409:
                assert approved.json()["error"]["code"] == "review.withdrawn"
            seen.add((approved.status_code, changed.status_code))
            record = rita.get("/api/review/decisions", params={"post_id": post_id}).json()["decisions"]
            assert [d["outcome"] for d in record] == (["approved"] if approved.status_code == 200 else [])
    assert seen  # at least one way through each round; which one is up to the race


# -- reject, resubmit, approve -------------------------------------------------------------------
def _photo(mirrored: bool = False) -> bytes:
    out = io.BytesIO()
    gradient = Image.linear_gradient("L").resize((800, 400)).convert("RGB")
    (gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM) if mirrored else gradient).save(out, "JPEG", quality=85)
    return out.getvalue()


def test_reject_the_creator_reads_why_resubmits_and_it_is_approved(desk: InProcessEndpoint) -> None:
    """A reviewer rejects with reasons from the list and a note; the creator's list says why in Spanish; the fixed
    post comes back as revision 2 and, once approved, is what readers see. Both decisions are on record."""
    title = unique("Text on my banner")
    with desk.client("demo-intermediate") as creator, desk.client(REVIEWER) as rita, desk.client() as reader:
        banner = creator.post("/api/media", files={"file": ("b.jpg", _photo(), "image/jpeg")}, data={"role": "banner"})
        assert banner.status_code == 201, banner.text
        media_id = banner.json()["id"]
        post_id = create(creator, clean(title) | {"banner": {"media_id": media_id, "alt": "A beach"}})
        review_queue(desk)
        opened = rita.post(f"/api/review/{post_id}/claim")
        photo = rita.get(f"/api/review/{post_id}/media/{media_id}")
        elsewhere = rita.get(f"/api/review/{post_id}/media/m_{'0' * 32}")
        no_reason = rita.post(f"/api/review/{post_id}/reject", json={"revision": 1, "reasons": []})
        unknown = rita.post(f"/api/review/{post_id}/reject", json={"revision": 1, "reasons": ["review.ugly"]})
        no_note = rita.post(f"/api/review/{post_id}/reject", json={"revision": 1, "reasons": ["review.other"]})
        rejected = rita.post(f"/api/review/{post_id}/reject", json={
            "revision": 1, "reasons": ["review.text_in_banner", "review.other"], "note": "Crop the price tag out."})
        listed = next(p for p in creator.get("/api/posts", headers={"Accept-Language": "es"}).json()["posts"]
                      if p["id"] == post_id)
        own = creator.get(f"/api/posts/{post_id}", headers={"Accept-Language": "es"}).json()
        hidden = reader.get(f"/p/{post_id}").status_code
        again = creator.put(f"/api/posts/{post_id}", json=clean(title + " (fixed)"), headers={"If-Match": '"1"'})
        assert again.status_code == 202, again.text
        review_queue(desk)
        late = rita.post(f"/api/review/{post_id}/approve", json={"revision": 1})
        queued = waiting(rita)[post_id]
        approved = rita.post(f"/api/review/{post_id}/approve", json={"revision": 2})
        done = creator.get(f"/api/posts/{post_id}").json()
        page = reader.get(f"/p/{post_id}")
        record = rita.get("/api/review/decisions", params={"post_id": post_id}).json()["decisions"]
    assert opened.status_code == 200 and media_id in opened.json()["media"]
    assert (photo.status_code, photo.headers["content-type"], photo.headers["cache-control"]) == (
        200, "image/jpeg", "private, no-store")
    assert elsewhere.status_code == 404
    refusals = (no_reason, unknown, no_note)
    assert [(a.status_code, a.json()["error"]["code"], a.json()["error"]["field"]) for a in refusals] == [
        (422, "review.reason_required", "reasons"), (422, "review.reason_unknown", "reasons.0"),
        (422, "review.note_required", "note")]
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert (listed["status"], listed["url"]) == ("rejected", None)
    assert [r["code"] for r in listed["rejection"]] == ["review.text_in_banner", "review.other", "review.note"]
    assert listed["rejection"][0]["message"].startswith("El banner tiene texto")
    assert listed["rejection"][2]["message"] == "Nota del revisor: Crop the price tag out."
    assert own["status"] == "rejected" and own["reasons"][0]["field"] == "banner"
    assert hidden == 404
    assert (late.status_code, late.json()["error"]["code"]) == (409, "review.outdated")
    assert (queued["revision"], queued["creator"]["rejected"]) == (2, 1)
    assert approved.status_code == 200 and approved.json()["revision"] == 2
    assert (done["status"], done["revision"], done["published_revision"]) == ("published", 2, 2)
    assert page.status_code == 200 and title + " (fixed)" in page.text
    assert [(d["revision"], d["outcome"], d["decided_by"]["handle"], [r["code"] for r in d["reasons"]], d["note"])
            for d in record] == [
        (2, "approved", "demo-reviewer", [], None),
        (1, "rejected", "demo-reviewer", ["review.text_in_banner", "review.other", "review.note"],
         "Crop the price tag out.")]
    assert all(d["why"] == "every" and d["sent_at"] <= d["decided_at"] for d in record)


def test_a_note_is_stored_as_the_creator_can_read_it(desk: InProcessEndpoint) -> None:
    """A note holding half an emoji (a lone surrogate, as a cut-off paste leaves it) is refused with the field
    named, not recorded where no answer could carry it (the decision log and the creator's post answered 500
    from then on); controls and invisibles are dropped as from a post's text, and a reason given twice is
    given once."""
    with desk.client("demo-basic") as creator, desk.client(REVIEWER) as rita:
        post_id = create(creator, clean(unique("A note's words")))
        review_queue(desk)
        broken = rita.post(f"/api/review/{post_id}/reject", content=b'{"reasons": ["review.other"], '
                           b'"note": "Crop it \\ud83d"}', headers={"Content-Type": "application/json"})
        rejected = rita.post(f"/api/review/{post_id}/reject", json={
            "reasons": ["review.other", "review.other"], "note": " Crop\u0000 the \u202etag\u200b out.\u0007 "})
        record = rita.get("/api/review/decisions", params={"post_id": post_id})
        own = creator.get(f"/api/posts/{post_id}")
    assert (broken.status_code, broken.json()["error"]["code"], broken.json()["error"]["field"]) == (
        422, "text.invalid_character", "note")
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["note"] == "Crop the tag out."
    assert record.status_code == 200 and [d["note"] for d in record.json()["decisions"]] == ["Crop the tag out."]
    assert [r["code"] for r in record.json()["decisions"][0]["reasons"]] == ["review.other", "review.note"]
    assert own.status_code == 200 and own.json()["status"] == "rejected"


@pytest.mark.parametrize("redirect", ["stream", "presigned"])
def test_a_waiting_post_s_photo_comes_from_the_bucket(make_app: MakeApp, s3: S3Server, redirect: str) -> None:
    """Media in an S3-compatible bucket: the desk gets a waiting post's photo streamed by the endpoint or, with
    CREATORPOST_MEDIA_REDIRECT=presigned, through a 302 to the bucket (never kept by a cache); a creator's token
    gets nothing, and neither does a photo the waiting revision does not show."""
    bucket = s3.create_bucket(f"desk-{redirect}")
    app = make_app({**HELD, **s3.env(bucket), "CREATORPOST_MEDIA_REDIRECT": redirect,
                    "CREATORPOST_REVIEW_MODE": "human"})
    picture = _photo()
    with app.client("demo-intermediate") as creator, app.client(REVIEWER) as rita:
        shown = creator.post("/api/media", files={"file": ("b.jpg", picture, "image/jpeg")}, data={"role": "banner"})
        other = creator.post("/api/media", files={"file": ("o.jpg", _photo(mirrored=True), "image/jpeg")},
                             data={"role": "banner"})
        assert shown.status_code == other.status_code == 201, shown.text
        assert other.json()["id"] != shown.json()["id"]
        media_id = shown.json()["id"]
        post_id = create(creator, clean(unique("From the bucket")) | {"banner": {"media_id": media_id, "alt": "Sea"}})
        review_queue(app)
        answer = rita.get(f"/api/review/{post_id}/media/{media_id}")
        not_shown = rita.get(f"/api/review/{post_id}/media/{other.json()['id']}")
        from_creator = creator.get(f"/api/review/{post_id}/media/{media_id}")
    assert answer.status_code == (302 if redirect == "presigned" else 200)
    assert answer.headers["cache-control"] == ("no-store" if redirect == "presigned" else "private, no-store")
    if redirect == "presigned":
        assert answer.headers["location"].startswith(s3.endpoint_url)
        with httpx.Client(timeout=30) as browser:
            answer = browser.get(answer.headers["location"])
        assert answer.status_code == 200
    with Image.open(io.BytesIO(answer.content)) as seen:
        assert seen.size == (800, 400)
    assert (not_shown.status_code, not_shown.json()["error"]["code"]) == (404, "media.not_found")
    assert (from_creator.status_code, from_creator.json()["error"]["code"]) == (403, "auth.reviewers_only")


def test_a_post_deleted_or_replaced_while_waiting_cannot_be_decided(desk: InProcessEndpoint) -> None:
    """The creator deletes a waiting post: it leaves the queue, and a reviewer's decision on it is refused."""
    with desk.client("demo-basic") as creator, desk.client(REVIEWER) as rita:
        post_id = create(creator, clean(unique("Deleted while waiting")))
        review_queue(desk)
        assert post_id in waiting(rita)
        assert creator.delete(f"/api/posts/{post_id}").status_code == 204
        gone = rita.post(f"/api/review/{post_id}/approve")
        queue = waiting(rita)
        unknown = rita.post("/api/review/p_nothing/claim")
    assert (gone.status_code, gone.json()["error"]["code"]) == (409, "review.withdrawn")
    assert post_id not in queue
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "review.not_waiting")


def test_the_automatic_checks_decisions_are_recorded_too(make_app: MakeApp) -> None:
    """In auto mode the worker's decisions are on record as the automatic checks', with their reasons."""
    app = make_app({**HELD, "CREATORPOST_REVIEW_MODE": "auto"})
    with app.client("demo-senior") as creator, app.client(REVIEWER) as rita:
        good, bad = create(creator, clean(unique("Fine"))), create(creator, flagged(unique("Not fine")))
        review_queue(app)
        record = {p: rita.get("/api/review/decisions", params={"post_id": p}).json()["decisions"] for p in (good, bad)}
    assert [(d["outcome"], d["decided_by"], d["reasons"]) for d in record[good]] == [
        ("approved", {"kind": "automatic_checks"}, [])]
    assert [(d["outcome"], [r["code"] for r in d["reasons"]]) for d in record[bad]] == [
        ("rejected", ["moderation.banned_word"])]


def test_an_operator_reads_the_decisions_with_the_cli(make_app: MakeApp, tmp_path: Path) -> None:
    """`creatorpost decisions [--post ID]` prints what GET /api/review/decisions answers, one JSON object a line,
    newest first: the checks' rejection and the reviewer's approval of the fixed revision, who and which revision."""
    data = tmp_path / "cli-data"
    app = make_app({**HELD, "CREATORPOST_REVIEW_MODE": "auto-then-human", "CREATORPOST_REVIEW_SAMPLE": "1"},
                   data_dir=data)
    with app.client("demo-senior") as creator, app.client(REVIEWER) as rita:
        post_id = create(creator, flagged(unique("Operators read this")))
        other = create(creator, clean(unique("Not this one")))
        review_queue(app)
        assert rita.post(f"/api/review/{post_id}/reject", json={"revision": 1, "reasons": ["review.other"],
                                                                "note": "Take the tag out."}).status_code == 200
        fixed = creator.put(f"/api/posts/{post_id}", json=clean(unique("Fixed")), headers={"If-Match": '"1"'})
        assert fixed.status_code == 202, fixed.text
        review_queue(app)
        assert rita.post(f"/api/review/{post_id}/approve", json={"revision": 2}).status_code == 200
        served = rita.get("/api/review/decisions", params={"post_id": post_id}).json()["decisions"]

    def listed(*args: str) -> list[dict[str, Any]]:
        ran = creatorpost(data, "decisions", *args)
        assert ran.returncode == 0, ran.stderr
        return [json.loads(line) for line in ran.stdout.splitlines()]

    printed, everything = listed("--post", post_id), listed("--limit", "2")
    assert printed == served
    assert [(d["revision"], d["outcome"], d["decided_by"].get("handle"), [r["code"] for r in d["reasons"]])
            for d in printed] == [(2, "approved", REVIEWER, []),
                                  (1, "rejected", REVIEWER, ["review.other", "review.note"])]
    assert printed[1]["note"] == "Take the tag out." and printed[1]["why"] == "flagged"
    assert [d["post_id"] for d in everything] == [post_id, post_id] and other not in {d["post_id"] for d in printed}


def test_the_reason_list_is_translated_and_matches_the_rule_file(desk: InProcessEndpoint) -> None:
    """The desk's reasons are the rule file's, in order, with the words the creator will read in Arabic."""
    with desk.client(REVIEWER, **{"Accept-Language": "ar"}) as rita:
        body = rita.get("/api/review/reasons").json()
    rules = review_rules()
    assert [r["code"] for r in body["reasons"]] == [r.code for r in rules.reasons]
    assert body["note_max_chars"] == rules.note.max_chars
    assert all(r["message"] and r["message"] != r["code"] and not r["message"].isascii() for r in body["reasons"])
    assert [r["code"] for r in body["reasons"] if r["needs_note"]] == ["review.other"]


def test_creating_a_reviewer_prints_a_token_that_opens_the_desk(make_app: MakeApp, tmp_path: Path) -> None:
    """`creatorpost create-reviewer NAME` prints a token; it works on the desk and nowhere a creator's does."""
    data = tmp_path / "cli-data"
    app = make_app({**HELD, "CREATORPOST_MODE": "production"}, data_dir=data)
    made = creatorpost(data, "create-reviewer", "nora", "--name", "Nora", mode="production")
    assert made.returncode == 0, made.stderr
    printed = json.loads(made.stdout)
    again = creatorpost(data, "create-reviewer", "nora", mode="production")
    with app.client(printed["token"]) as nora, app.client(REVIEWER) as demo:
        me = nora.get("/api/review/me").json()
        demo_refused = demo.get("/api/review/queue").status_code
    assert (printed["handle"], printed["role"], printed["token"].startswith("cps_")) == ("nora", "reviewer", True)
    assert (again.returncode, "already a reviewer" in again.stderr) == (1, True)
    assert (me["handle"], me["display_name"], me["role"]) == ("nora", "Nora", "reviewer")
    assert demo_refused == 401  # production refuses demo tokens, the demo reviewer's too
