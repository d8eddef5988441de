"""The review desk in the browser: a reviewer clears the queue with the keyboard alone (reject with reasons,
pass one on, approve), the creator reads why in their language in My posts, fixes the post and sends it again,
and the desk passes axe-core at laptop and tablet widths in each of the six languages (Arabic right to left)."""

import time
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Route, ViewportSize, expect

from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.review_reasons import review_rules
from tests.browser.conftest import Visit
from tests.browser.editor_page import ARTIFACTS, EditorPage, legends_outside_their_cards
from tests.endpoints import ROOT, serve
from tests.server.posts_data import article

LAPTOP: ViewportSize = {"width": 1280, "height": 900}
TABLET: ViewportSize = {"width": 768, "height": 1024}
PHONE: ViewportSize = {"width": 375, "height": 812}
REASONS = [reason.name for reason in review_rules().reasons]
QUEUE_SECONDS = 30.0  # review delay 0: the worker hands posts to people at once; a ceiling, not a wait


@pytest.fixture
def human_url(tmp_path: Path) -> Iterator[str]:
    """A demo endpoint of its own in `human` mode: every post waits for a reviewer."""
    env = {"CREATORPOST_REVIEW_DELAY_SECONDS": "0", "CREATORPOST_REVIEW_MODE": "human"}
    with serve(tmp_path / "data", env=env) as url:
        yield url


def send(url: str, token: str, post: dict[str, Any]) -> str:
    answer = httpx.post(f"{url}/api/posts", json=post, headers={"Authorization": f"Bearer {token}",
                                                                 "Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def queue_of(url: str, count: int) -> list[str]:
    """The post ids waiting for a person, once `count` of them do (the in-process worker hands them over)."""
    deadline = time.monotonic() + QUEUE_SECONDS
    with httpx.Client(base_url=url, headers={"Authorization": "Bearer demo-reviewer"}) as client:
        while True:
            items = client.get("/api/review/queue").json()["items"]
            if len(items) >= count:
                return [str(i["post_id"]) for i in items]
            assert time.monotonic() < deadline, f"{len(items)} of {count} posts reached the reviewers' queue"
            time.sleep(0.05)


def ui_catalog(lang: str) -> dict[str, str]:
    words: dict[str, str] = tomllib.loads((ROOT / "assets" / "ui" / f"{lang}.toml").read_text(encoding="utf-8"))["ui"]
    return words


def post_of(url: str, token: str, post_id: str) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{url}/api/posts/{post_id}", headers={"Authorization": f"Bearer {token}"}).json()
    return body


def open_desk(visit: Visit, url: str) -> Page:
    editor = EditorPage(visit, url).open()
    page = editor.page
    page.get_by_label("Demo creator").select_option("demo-reviewer")
    expect(page.locator("#signed-in")).to_have_text("Signed in as Rita Reviewer · Reviewer")
    expect(page.locator("#desk")).to_be_visible()
    expect(page.locator("#workspace")).to_be_hidden()
    return page


def showing(page: Page, post_id: str) -> None:
    expect(page.locator(f"#desk[data-state='ready'] #desk-post[data-post-id='{post_id}']")).to_be_visible()


def desk_with_two(visit: Visit, url: str, titles: tuple[str, str]) -> tuple[Page, str, str]:
    """Two short posts waiting for a person, and the desk open on the first."""
    first, second = (send(url, "demo-basic", article(coupons=None, title=t, blocks=article()["blocks"][:2])) for t in titles)
    queue_of(url, 2)
    page = open_desk(visit, url)
    showing(page, first)
    return page, first, second


class AnswerOnce:
    """A route handler answering the first request itself, as a failing endpoint or a proxy would (`answered`
    keeps its address); every later one goes through."""

    def __init__(self, status: int, body: str, content_type: str = "application/json", **headers: str) -> None:
        self.status, self.body, self.headers = status, body, {"Content-Type": content_type, **headers}
        self.answered: list[str] = []

    def __call__(self, route: Route) -> None:
        if self.answered:
            route.continue_()
            return
        self.answered.append(route.request.url)
        route.fulfill(status=self.status, headers=self.headers, body=self.body)


def shoot(page: Page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=full_page)


def serious(page: Page) -> list[str]:
    return EditorPage(Visit(page), "").serious_accessibility_violations()


def test_a_reviewer_clears_the_queue_with_the_keyboard(human_url: str, visit: Visit) -> None:
    """Oldest first, the flag shown beside the hashtags it concerns: R, 3, Enter rejects with "Misleading title";
    N passes a post on; A approves; the passed post comes back last; then the desk says nothing waits. Every
    decision reached the endpoint, and the creators' posts say so."""
    text_and_product = article()["blocks"][:2]
    banned = article(coupons=None, title="Free phones inside", hashtags=["free-iphone"])
    flagged = send(human_url, "demo-senior", banned)
    passed = send(human_url, "demo-junior", article(coupons=None, title="My beach week", blocks=text_and_product))
    good = send(human_url, "demo-amateur", article(coupons=None, title="Sandals that last", blocks=text_and_product))
    assert queue_of(human_url, 3) == [flagged, passed, good]
    page = open_desk(visit, human_url)
    showing(page, flagged)
    part = page.locator("#desk-post .desk-part[data-part='hashtags'][data-flagged='true']")
    expect(part.locator(".desk-flag")).to_have_text("The post contains a word that is not allowed: free-iphone.")
    expect(page.locator("#desk-facts")).to_contain_text("Flagged by the automatic checks")
    expect(page.locator("#desk-facts")).to_contain_text("Sam Senior (@demo-senior) · Senior")
    expect(page.locator("#desk-queue-list li")).to_have_count(3)
    shoot(page, "30-review-desk")
    for size in (TABLET, PHONE):
        page.set_viewport_size(size)
        expect(page.locator("#desk-post")).to_be_visible()
        shoot(page, "30-review-desk")
        assert serious(page) == []
    page.set_viewport_size(LAPTOP)

    page.keyboard.press("r")
    expect(page.locator("#desk-reject-form")).to_be_visible()
    expect(page.locator("#desk-reason-1")).to_be_focused()
    page.keyboard.press("3")
    expect(page.get_by_label("Misleading title")).to_be_checked()
    shoot(page, "31-review-desk-reject")
    assert serious(page) == []
    page.keyboard.press("Enter")
    showing(page, passed)
    expect(page.locator("#desk-status")).to_have_text(
        "Rejected: “Free phones inside”. The creator reads why in their language.")
    page.keyboard.press("n")
    showing(page, good)
    page.keyboard.press("a")
    showing(page, passed)  # the one passed over, now that nothing else waits
    page.keyboard.press("a")
    expect(page.locator("#desk[data-state='empty']")).to_be_visible()
    expect(page.locator("#desk-post")).to_contain_text("Nothing waits for a reviewer right now.")
    expect(page.locator("#desk-approve")).to_be_disabled()

    rejected = post_of(human_url, "demo-senior", flagged)
    assert (rejected["status"], [r["code"] for r in rejected["reasons"]]) == ("rejected", ["review.misleading_title"])
    others = (("demo-junior", passed), ("demo-amateur", good))
    assert [post_of(human_url, token, p)["status"] for token, p in others] == ["published", "published"]
    record = httpx.get(f"{human_url}/api/review/decisions", headers={"Authorization": "Bearer demo-reviewer"}).json()
    assert [(d["post_id"], d["outcome"], d["decided_by"]["handle"]) for d in record["decisions"]] == [
        (passed, "approved", "demo-reviewer"), (good, "approved", "demo-reviewer"),
        (flagged, "rejected", "demo-reviewer")]
    visit.assert_clean()


def test_the_creator_reads_why_fixes_the_post_and_it_is_approved(human_url: str, visit: Visit) -> None:
    """Rejected with "Text in the banner" and a note: My posts says so in Spanish; Edit, fix, Update post; the
    reviewer approves revision 2 and the creator's list says Published."""
    post_id = send(human_url, "demo-intermediate", article(coupons=None, title="Mi cupón favorito"))
    queue_of(human_url, 1)
    with httpx.Client(base_url=human_url, headers={"Authorization": "Bearer demo-reviewer"}) as desk:
        assert desk.post(f"/api/review/{post_id}/reject", json={
            "revision": 1, "reasons": ["review.misleading_title", "review.other"],
            "note": "El título habla de un cupón, pero la publicación muestra un bikini."}).status_code == 200
    editor = EditorPage(visit, human_url).open()
    page = editor.page
    page.set_viewport_size(PHONE)
    page.get_by_label("Language").select_option("es")
    page.get_by_label("Creador de demostración").select_option("demo-intermediate")
    expect(page.locator("#desk")).to_be_hidden()
    page.get_by_role("button", name="Mis publicaciones").click()
    item = page.locator(f"#posts-list li[data-post='{post_id}']")
    expect(item.locator(".post-state")).to_have_text(
        "No publicada: El título promete algo que la publicación no muestra. Haz que diga lo que los lectores "
        "encontrarán. Un revisor pide un cambio: su nota dice cuál. Nota del revisor: El título habla de un cupón, "
        "pero la publicación muestra un bikini.")
    shoot(page, "32-my-posts-rejected", full_page=False)  # the dialog, as the phone shows it
    assert serious(page) == []
    item.get_by_role("button", name="Editar: Mi cupón favorito").click()
    expect(editor.field("Título")).to_have_value("Mi cupón favorito")  # the stored post, open as a draft
    expect(editor.button("Actualizar publicación")).to_be_visible()
    editor.field("Título").fill("Mi bikini favorito")
    with page.expect_response(lambda r: r.request.method == "PUT") as sent:
        editor.button("Actualizar publicación").click()
    assert sent.value.status == 202
    queue_of(human_url, 1)
    with httpx.Client(base_url=human_url, headers={"Authorization": "Bearer demo-reviewer"}) as desk:
        assert desk.post(f"/api/review/{post_id}/approve", json={"revision": 2}).status_code == 200
    page.get_by_role("button", name="Mis publicaciones").click()
    expect(item.locator(".post-state")).to_have_text("Publicada")
    assert post_of(human_url, "demo-intermediate", post_id)["post"]["title"] == "Mi bikini favorito"
    visit.assert_clean()


def test_the_desk_speaks_arabic_right_to_left(human_url: str, visit: Visit) -> None:
    """In Arabic the desk reads right to left, its reasons and figures are translated, and axe-core finds nothing
    serious at tablet and laptop widths, where the reasons' title reads whole."""
    post_id = send(human_url, "demo-professional", article(coupons=None, title="Summer in the city"))
    queue_of(human_url, 1)
    page = open_desk(visit, human_url)
    showing(page, post_id)
    page.get_by_label("Language").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#desk-heading")).to_have_text("مكتب المراجعة")
    expect(page.locator("#desk-approve")).to_contain_text("قبول")
    expect(page.locator("#desk-figures")).to_contain_text("بانتظار شخص")
    page.keyboard.press("r")
    expect(page.locator("label[for='desk-reason-2']")).to_contain_text("نص في البانر")
    for size in (TABLET, LAPTOP):
        page.set_viewport_size(size)
        expect(page.locator("#desk-reject-form")).to_be_visible()
        shoot(page, "33-review-desk-arabic")
        assert serious(page) == []
        assert legends_outside_their_cards(page) == []
    page.keyboard.press("Escape")
    expect(page.locator("#desk-reject-form")).to_be_hidden()
    expect(page.locator("#desk-reject")).to_be_focused()
    visit.assert_clean()


def test_the_desk_reads_in_each_of_the_six_languages(human_url: str, visit: Visit) -> None:
    """Language by language, the desk's heading, buttons, reasons, facts and language filter (which offers
    SUPPORTED_LANGS) are the catalog's words for it (English only in English), the finding beside the hashtags is
    said in that language too, and axe-core finds nothing serious."""
    post_id = send(human_url, "demo-basic", article(coupons=None, title="Six languages", hashtags=["free-iphone"],
                                                    blocks=article()["blocks"][:2]))
    queue_of(human_url, 1)
    page = open_desk(visit, human_url)
    showing(page, post_id)
    english = ui_catalog("en")
    flag = page.locator("#desk-post .desk-part[data-part='hashtags'] .desk-flag")
    findings: set[str] = set()
    for lang in SUPPORTED_LANGS:
        words = ui_catalog(lang)
        page.locator("#language").select_option(lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("#desk-heading")).to_have_text(words["desk.heading"])
        for button, key in (("#desk-approve", "desk.approve"), ("#desk-reject", "desk.reject"),
                            ("#desk-next", "desk.next")):
            expect(page.locator(button)).to_contain_text(words[key])
        for key in ("desk.why.flagged", "desk.time_left", "desk.record"):
            expect(page.locator("#desk-facts")).to_contain_text(words[key])
        reasons = [words[f"desk.reason.{code}"] for code in REASONS]
        expect(page.locator("#desk-reasons label span")).to_have_text(reasons)
        filter_options = page.locator("#desk-language option")
        expect(filter_options).to_have_text([words["desk.any_language"],
                                             *(words[f"desk.lang.{code}"] for code in SUPPORTED_LANGS)])
        assert [o.get_attribute("value") for o in filter_options.all()] == ["", *SUPPORTED_LANGS]
        if lang != "en":
            assert words["desk.heading"] != english["desk.heading"]
            assert all(a != b for a, b in zip(reasons, [english[f"desk.reason.{c}"] for c in REASONS], strict=True))
        expect(flag).to_contain_text("free-iphone")
        findings.add(flag.inner_text())
        assert serious(page) == [], lang
    assert len(findings) == len(SUPPORTED_LANGS)  # the finding too is said in each language
    visit.assert_clean()


def test_a_busy_endpoint_slows_the_desk_down_but_loses_no_decision(human_url: str, visit: Visit) -> None:
    """An approval answered 429 (too many requests) is sent again after the Retry-After the endpoint gave: the
    post is published and the desk moves on, the reviewer presses A once."""
    page, first, second = desk_with_two(visit, human_url, ("Busy one", "Busy two"))
    too_many = AnswerOnce(429, '{"error": {"code": "rate_limited", "message": "Too many requests. Wait a moment and '
                               'try again.", "field": null}}', **{"Retry-After": "1"})
    page.route("**/api/review/*/approve", too_many)
    page.keyboard.press("a")
    expect(page.locator("#desk-status")).to_have_text("Too many requests. Wait a moment and try again.")
    showing(page, second)
    expect(page.locator("#desk-status")).to_have_text("Approved: “Busy one” is published.")
    assert too_many.answered == [f"{human_url}/api/review/{first}/approve"]
    assert post_of(human_url, "demo-basic", first)["status"] == "published"
    visit.assert_clean()


def test_a_reason_that_needs_a_note_takes_the_reviewer_to_the_note(human_url: str, visit: Visit) -> None:
    """R, then the number of "Something else": the note has the focus, so what the reviewer types goes there (a
    digit in it is text, not another reason); Tab reaches "Reject post" and Enter sends it, keyboard only."""
    post_id = send(human_url, "demo-basic", article(coupons=None, title="Odd one", blocks=article()["blocks"][:2]))
    queue_of(human_url, 1)
    page = open_desk(visit, human_url)
    showing(page, post_id)
    other = next(n for n, reason in enumerate(review_rules().reasons, start=1) if reason.needs_note)
    page.keyboard.press("r")
    page.keyboard.press(str(other))
    expect(page.locator("#desk-note")).to_be_focused()
    page.keyboard.type("Show 2 photos of the label.")
    expect(page.locator("#desk-reasons input:checked")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.locator("#desk-reject-form button[type='submit']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#desk[data-state='empty']")).to_be_visible()
    rejected = post_of(human_url, "demo-basic", post_id)
    assert [(r["code"], r.get("params", {}).get("note")) for r in rejected["reasons"]][-1] == (
        "review.note", "Show 2 photos of the label.")
    assert [r["code"] for r in rejected["reasons"]][0] == "review.other"
    visit.assert_clean()


def test_an_endpoint_that_fails_keeps_the_post_on_the_desk(human_url: str, visit: Visit) -> None:
    """A decision answered 503 (the database away a moment) leaves the post open with the endpoint's words, so
    pressing A again publishes it; a claim answered by a load balancer's bare 502 says something went wrong
    instead of "Nothing waits" while posts do wait."""
    page, first, second = desk_with_two(visit, human_url, ("Still here", "Next up"))
    unavailable = "The service cannot reach its database right now. Your work is safe; please try again in a minute."
    page.route("**/api/review/*/approve", AnswerOnce(
        503, '{"error": {"code": "server.unavailable", "message": "' + unavailable + '", "field": null}}',
        **{"Retry-After": "30"}))
    page.keyboard.press("a")
    expect(page.locator("#desk-status")).to_have_text(unavailable)
    showing(page, first)
    page.keyboard.press("a")
    showing(page, second)
    expect(page.locator("#desk-status")).to_have_text("Approved: “Still here” is published.")
    assert post_of(human_url, "demo-basic", first)["status"] == "published"

    page.route("**/api/review/*/claim", lambda route: route.fulfill(status=502, body="<h1>Bad Gateway</h1>",
                                                                     headers={"Content-Type": "text/html"}))
    page.keyboard.press("n")  # passes `second` on: the only post, claimed again, and the balancer fails
    expect(page.locator("#desk-status")).to_have_text("Passed on “Next up”: another reviewer can take it now. "
                                                      "Something went wrong on our side. Please try again later.")
    expect(page.locator("#desk[data-state='empty']")).to_have_count(0)
    expect(page.locator("#desk-post")).not_to_contain_text("Nothing waits")
    assert post_of(human_url, "demo-basic", second)["status"] == "pending_review"  # still waiting
    visit.assert_clean()


def test_a_decision_that_went_through_says_so_whatever_fails_next(human_url: str, visit: Visit) -> None:
    """A proxy's bare 404 to an approval is no sign the post went elsewhere: it stays open and undecided. An
    approval that went through, followed by a claim the endpoint cannot answer, says both, and the decided post,
    still in view, cannot be decided again."""
    page, first, second = desk_with_two(visit, human_url, ("Through", "Waiting"))
    approvals: list[str] = []
    page.on("request", lambda request: approvals.append(request.url) if request.url.endswith("/approve") else None)
    page.route("**/api/review/*/approve", AnswerOnce(404, "<h1>Not Found</h1>", "text/html"))
    page.keyboard.press("a")
    expect(page.locator("#desk-status")).to_have_text("Something went wrong on our side. Please try again later.")
    showing(page, first)
    assert post_of(human_url, "demo-basic", first)["status"] == "pending_review"

    page.route("**/api/review/*/claim", lambda route: route.fulfill(
        status=503, headers={"Content-Type": "application/json"},
        body='{"error": {"code": "server.unavailable", "message": "Try again in a minute.", "field": null}}'))
    page.keyboard.press("a")
    expect(page.locator("#desk-status")).to_have_text("Approved: “Through” is published. Try again in a minute.")
    assert post_of(human_url, "demo-basic", first)["status"] == "published"
    expect(page.locator("#desk-approve")).to_be_disabled()
    expect(page.locator("#desk-reject")).to_be_disabled()
    page.keyboard.press("a")  # nothing to decide: no "already decided", the words stay
    expect(page.locator("#desk-status")).to_have_text("Approved: “Through” is published. Try again in a minute.")

    page.unroute("**/api/review/*/claim")
    page.keyboard.press("n")  # the endpoint is back: Next opens the post that waits
    showing(page, second)
    assert len(approvals) == 2  # the one the proxy answered and the one that went through; none after
    visit.assert_clean()


def test_enter_on_back_goes_back_and_rejects_nothing(human_url: str, visit: Visit) -> None:
    """With the reasons open, a reviewer who Tabs to "Back" and presses Enter goes back (as with Esc): the post
    stays open and undecided. Enter on a reason still rejects."""
    post_id = send(human_url, "demo-basic", article(coupons=None, title="Second look", blocks=article()["blocks"][:2]))
    queue_of(human_url, 1)
    page = open_desk(visit, human_url)
    showing(page, post_id)
    page.keyboard.press("r")
    page.keyboard.press("1")
    back = page.locator("#desk-reject-cancel")
    for _ in range(len(REASONS) + 2):  # from reason 1: the other reasons, the note, "Reject post", then "Back"
        page.keyboard.press("Tab")
    expect(back).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#desk-reject-form")).to_be_hidden()
    expect(page.locator("#desk-reject")).to_be_focused()
    showing(page, post_id)
    assert post_of(human_url, "demo-basic", post_id)["status"] == "pending_review"
    page.keyboard.press("r")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.locator("#desk[data-state='empty']")).to_be_visible()
    # The last decision's words stay beside "nothing waits" (the status is what a screen reader announces).
    expect(page.locator("#desk-status")).to_have_text("Rejected: “Second look”. The creator reads why in their "
                                                      "language. Nothing waits for a reviewer right now.")
    assert post_of(human_url, "demo-basic", post_id)["status"] == "rejected"
    visit.assert_clean()


def test_the_desk_marks_a_post_at_risk_by_the_operators_setting(tmp_path: Path, visit: Visit) -> None:
    """CREATORPOST_REVIEW_AT_RISK_SECONDS moves the line the figures count "at risk" by; the desk marks the same
    posts urgent (in the queue and beside the post), not those 20 hours old whatever the setting."""
    env = {"CREATORPOST_REVIEW_DELAY_SECONDS": "0", "CREATORPOST_REVIEW_MODE": "human",
           "CREATORPOST_REVIEW_AT_RISK_SECONDS": "0.001"}  # every waiting post is past it
    with serve(tmp_path / "data", env=env) as url:
        post_id = send(url, "demo-basic", article(coupons=None, title="Urgent one", blocks=article()["blocks"][:2]))
        queue_of(url, 1)
        page = open_desk(visit, url)
        showing(page, post_id)
        expect(page.locator(f"#desk-queue-list li[data-post='{post_id}']")).to_have_attribute("data-urgency", "urgent")
        expect(page.locator("#desk-facts dd[data-urgency]")).to_have_attribute("data-urgency", "urgent")
    visit.assert_clean()
