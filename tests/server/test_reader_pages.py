"""What readers get: the help page's four example articles, the published page (video facade,
coupon worth, text alternatives, share links and previews) and the profile's cards.

The pages are HTML; `Tags` reads them the way a browser would find elements, so each test checks
what a reader (or a network's link preview) would see, not how the markup happens to be spelt."""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from creatorpost import validation
from creatorpost.creators import CreatorContext, Level
from creatorpost.media import MediaInfo
from creatorpost.server.examples.definitions import example_post_id, load_examples
from creatorpost.server.html.page import PLAYER_SCRIPT_HASH
from creatorpost.server.html.qr import qr_svg
from tests.endpoints import Endpoint, wait_for_status
from tests.server.conftest import GENEROUS_RATE, MakeApp
from tests.server.posts_data import article

LEVELS_WITH_VIDEO = {"intermediate", "senior", "professional"}
STORES = {"basic": set(), "amateur": {"912345679"}, "junior": {"912345678"},
          "intermediate": {"912345678", "913001122"}, "senior": {"914567001", "915100200"},
          "professional": {"912345678", "913224455", "915339871"}}
PUBLIC = "https://studio.example"
EXAMPLE_NAMES = ["Bohemian Chic", "Life in Motion", "Movie Madness", "First Date Dresses"]


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the page's visible text."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags
                if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())]

    def meta(self, key: str) -> str | None:
        for attrs in self.all("meta"):
            if key in (attrs.get("property"), attrs.get("name")):
                return attrs.get("content")
        return None

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def _page(client: httpx.Client, path: str, **headers: str) -> tuple[httpx.Response, Tags]:
    response = client.get(path, headers={"Accept": "text/html", **headers})
    return response, Tags(response.text)


def test_four_examples_are_complete_published_articles_by_demo_creators(server: Endpoint) -> None:
    """Each example is published by a demo creator, passes the publish rules with the author's real
    level and stores, and has a banner, photos with text alternatives, products and body text."""
    examples = load_examples()
    assert [example.name for example in examples] == EXAMPLE_NAMES
    with server.client() as client:
        for example in examples:
            answer = client.get(f"/api/posts/{example_post_id(example.slug)}").json()
            post, level = answer["post"], answer["creator"]["level"]
            assert (answer["status"], answer["creator"]["handle"]) == ("published", f"demo-{level}")
            kinds = [block["kind"] for block in post["blocks"]]
            assert {"text", "image", "product"} <= set(kinds) and post["banner"]["alt"]
            assert ("video" in kinds) <= (level in LEVELS_WITH_VIDEO)
            assert {c["store_id"] for c in post.get("coupons", [])} <= STORES[level]
            media: dict[str, MediaInfo] = {}
            for block in [post["banner"], *[b for b in post["blocks"] if b["kind"] == "image"]]:
                assert block.get("alt"), "every picture says what it shows"
                picture = client.get(f"/media/{block['media_id']}")
                assert picture.status_code == 200 and picture.content[:2] == b"\xff\xd8"
                from PIL import Image
                import io
                width, height = Image.open(io.BytesIO(picture.content)).size
                assert width >= 750 and height >= 360
                media[block["media_id"]] = MediaInfo(format="jpeg", width=width, height=height,
                                                     bytes=len(picture.content))
            for block in post["blocks"]:
                if block["kind"] == "product":
                    found = client.get("/api/products/resolve",
                                       params={"url": f"https://www.aliexpress.com/item/{block['product_id']}.html"})
                    assert found.status_code == 200, block["product_id"]
            context = CreatorContext(Level(level), frozenset(STORES[level]))
            report = validation.validate(post, "publish", context, media=media)
            assert [f.code for f in report.findings if f.severity != "tip"] == []


def test_examples_page_has_a_card_and_a_qr_code_of_the_public_address_per_example(make_app: MakeApp) -> None:
    """With CREATORPOST_PUBLIC_URL set, each QR code holds the absolute address of its article."""
    running = make_app({"CREATORPOST_PUBLIC_URL": PUBLIC})
    with running.client() as client:
        response, page = _page(client, "/examples")
    assert response.status_code == 200
    cards = response.text.split('<li class="card">')[1:]
    assert len(cards) == 4
    for card, example in zip(cards, load_examples()):
        post_id = example_post_id(example.slug)
        assert qr_svg(f"{PUBLIC}/p/{post_id}").replace("<svg", '<svg aria-hidden="true" focusable="false"', 1) in card
        assert f'href="/p/{post_id}?lang=en"' in card
        assert f'href="/?example={example.slug}&amp;lang=en"' in card
    assert len(page.all("div", role="img")) == 4
    assert page.visible.count("Start from this example") == 4
    assert "<script" not in response.text and "frame-src" not in response.headers["content-security-policy"]


@pytest.mark.parametrize(("how", "lang", "heading", "direction"), [
    ({"Accept-Language": "ar"}, "ar", "مقالات نموذجية", "rtl"),
    ({"Accept-Language": "es-MX,es;q=0.9"}, "es", "Artículos de ejemplo", "ltr"),
    ({"query": "?lang=fr"}, "fr", "Articles d'exemple", "ltr"),
])
def test_examples_page_speaks_the_readers_language(server: Endpoint, how: dict[str, str], lang: str, heading: str,
                                                   direction: str) -> None:
    query = how.pop("query", "")
    with server.client() as client:
        _, page = _page(client, f"/examples{query}", **how)
    assert page.all("html") == [{"lang": lang, "dir": direction}]
    assert heading in page.visible
    assert "Start from this example" not in page.visible


def _example_page(client: httpx.Client, slug: str, **headers: str) -> tuple[httpx.Response, Tags]:
    return _page(client, f"/p/{example_post_id(slug)}", **headers)


def test_a_video_waits_for_a_click_and_only_its_page_may_frame_the_player(server: Endpoint) -> None:
    """No player and no third-party request until the reader clicks; the start time is kept
    (t=42s -> start=42); pages without a video allow no frame and no script."""
    with server.client() as client:
        video, with_video = _example_page(client, "life-in-motion")
        plain, without = _example_page(client, "first-date-dresses")
    assert with_video.all("iframe") == []
    buttons = with_video.all("button", **{"class": "play"})
    assert [b["data-player"] for b in buttons] == [
        "https://www.youtube-nocookie.com/embed/9bZkp7q19f0?autoplay=1&start=42"]
    policy = video.headers["content-security-policy"]
    assert f"frame-src https://www.youtube-nocookie.com" in policy and f"script-src '{PLAYER_SCRIPT_HASH}'" in policy
    for attrs in with_video.all("img"):
        assert attrs["src"].startswith("/"), "pictures come from this site"
    assert without.all("button", **{"class": "play"}) == [] and "<script" not in plain.text
    assert "frame-src" not in plain.headers["content-security-policy"]
    assert "script-src" not in plain.headers["content-security-policy"]


def test_coupons_say_what_they_are_worth(server: Endpoint) -> None:
    """US $3 off orders over US $20, until 31 Dec 2031 — with Get, and no coupon id in sight."""
    with server.client() as client:
        _, english = _example_page(client, "movie-madness")
        _, arabic = _example_page(client, "movie-madness", **{"Accept-Language": "ar"})
    assert "US $3 off orders over US $20, until 31 Dec 2031 VoltTech Electronics Flagship Get" in english.visible
    assert "C109" not in english.visible
    assert [a["href"] for a in english.all("a", **{"class": "get"})] == ["https://www.aliexpress.com/store/913224455"]
    assert "خصم US $3 على الطلبات التي تزيد على US $20، حتى 31 ديسمبر 2031" in arabic.visible


def test_every_picture_has_a_text_alternative(server: Endpoint) -> None:
    """Banner and photos carry their Alt text; a photo without one falls back to its caption."""
    with server.client("demo-intermediate") as client:
        example = client.get(f"/api/posts/{example_post_id('bohemian-chic')}").json()["post"]
        _, page = _example_page(client, "bohemian-chic")
        banner = example["banner"]
        photos = [b for b in example["blocks"] if b["kind"] == "image"]
        captioned = article(coupons=None, banner=banner, blocks=[
            {"kind": "text", "text": "Captions stand in for Alt text."},
            {"kind": "image", "media_id": photos[0]["media_id"], "caption": "Only a caption"}])
    alts = {attrs["src"]: attrs["alt"] for attrs in page.all("img")}
    assert alts[f"/media/{banner['media_id']}"] == "Warm sand dunes under a low orange sun"
    assert alts[f"/media/{photos[0]['media_id']}"] == photos[0]["alt"]
    assert all("alt" in attrs for attrs in page.all("img"))
    from creatorpost.server.html.post import render_post
    from creatorpost.server.html.page import render_document

    fallback = Tags(render_document(render_post("p_x", captioned, None, {}, [], "en", PUBLIC)))
    assert {a["src"]: a["alt"] for a in fallback.all("img")}[f"/media/{photos[0]['media_id']}"] == "Only a caption"


def test_a_shared_link_previews_with_absolute_addresses(make_app: MakeApp) -> None:
    """Open Graph and Twitter-card meta: title, the introduction, the banner, all absolute."""
    running = make_app({"CREATORPOST_PUBLIC_URL": PUBLIC})
    with running.client() as client:
        post = client.get(f"/api/posts/{example_post_id('movie-madness')}").json()["post"]
        _, page = _example_page(client, "movie-madness")
    url = f"{PUBLIC}/p/{example_post_id('movie-madness')}"
    assert page.meta("og:title") == page.meta("twitter:title") == post["title"]
    assert page.meta("og:description") == post["introduction"]
    assert page.meta("og:image") == page.meta("twitter:image") == f"{PUBLIC}/media/{post['banner']['media_id']}"
    assert page.meta("og:url") == url and page.meta("twitter:card") == "summary_large_image"
    assert page.all("link", rel="canonical") == [{"rel": "canonical", "href": url}]


def test_share_links_only_for_the_networks_the_creator_chose(make_app: MakeApp) -> None:
    """The networks' own share pages, filled with the page's address; the endpoint calls none of them."""
    running = make_app({"CREATORPOST_PUBLIC_URL": PUBLIC})
    with running.client() as client:
        _, everywhere = _example_page(client, "movie-madness")
        _, pinterest = _example_page(client, "first-date-dresses")
    encoded = f"https%3A%2F%2Fstudio.example%2Fp%2F{example_post_id('movie-madness')}"
    shares = [a["href"] for a in everywhere.all("a", target="_blank")]
    assert [href.split("?")[0] for href in shares] == [
        "https://www.facebook.com/sharer/sharer.php", "https://www.pinterest.com/pin/create/button/",
        "https://x.com/intent/post", "https://vk.com/share.php"]
    assert all(f"url={encoded}" in href or f"u={encoded}" in href for href in shares)
    assert [a["href"].split("?")[0] for a in pinterest.all("a", target="_blank")] == [
        "https://www.pinterest.com/pin/create/button/"]
    assert everywhere.all("nav", **{"class": "share desktop-only"}), "desktop only while in testing"


def _publish(client: httpx.Client, title: str, introduction: str) -> str:
    post = article(coupons=None, title=title, introduction=introduction, hashtags=["Cards", "Newest"],
                   blocks=article()["blocks"][:2])
    created = client.post("/api/posts", json=post, headers={"Idempotency-Key": f"cards-{uuid.uuid4()}"})
    assert created.status_code == 202, created.text
    return str(created.json()["id"])


def test_profile_shows_cards_newest_first_a_page_at_a_time(make_app: MakeApp) -> None:
    """Title, the introduction's first line, the date and the hashtags; 12 to a page; name, level and QR on top."""
    running = make_app({"CREATORPOST_PUBLIC_URL": PUBLIC, **GENEROUS_RATE})
    with running.client("demo-basic") as client:
        ids = [_publish(client, f"Post number {n}", f"First line {n}\nSecond line {n}") for n in range(14)]
        for post_id in ids:
            assert wait_for_status(client, post_id)["status"] == "published"
        first, one = _page(client, "/c/demo-basic")
        _, two = _page(client, "/c/demo-basic?page=2")
        _, arabic = _page(client, "/c/demo-basic?lang=ar&page=2")
    titles = [t for t in re.findall(r"Post number \d+", one.visible)]
    assert titles == [f"Post number {n}" for n in range(13, 1, -1)]
    assert re.findall(r"Post number \d+", two.visible) == ["Post number 1", "Post number 0"]
    assert "First line 13" in one.visible and "Second line 13" not in one.visible
    assert "#Cards #Newest" in one.visible and "Page 1 of 2" in one.visible
    assert [a["href"] for a in one.all("a", rel="next")] == ["/c/demo-basic?page=2"]
    assert [a["href"] for a in two.all("a", rel="prev")] == ["/c/demo-basic?page=1"]
    assert "Bea Basic" in one.visible and "Basic" in one.visible
    assert qr_svg(f"{PUBLIC}/c/demo-basic").replace("<svg", '<svg aria-hidden="true" focusable="false"', 1) in first.text
    assert arabic.all("html") == [{"lang": "ar", "dir": "rtl"}]
    assert [a["href"] for a in arabic.all("a", rel="prev")] == ["/c/demo-basic?lang=ar&page=1"]
    assert "الصفحة 2 من 2" in arabic.visible


def test_an_example_opens_as_the_start_of_a_draft(server: Endpoint) -> None:
    """The post without its author's coupons and repost, its product cards, and its pictures' addresses."""
    with server.client() as client:
        listed = client.get("/api/examples").json()["examples"]
        answer = client.get("/api/examples/movie-madness").json()
        missing = client.get("/api/examples/no-such-example")
    assert [e["name"] for e in listed] == EXAMPLE_NAMES
    post = answer["post"]
    assert "coupons" not in post and "repost" not in post and post["title"].startswith("Movie Madness")
    product_ids = {b["product_id"] for b in post["blocks"] if b["kind"] == "product"}
    assert set(answer["products"]) == product_ids
    assert answer["products"]["1005001234987597"]["title"] == "Portable Mini Projector, 1080p Supported"
    pictures = {post["banner"]["media_id"], *[b["media_id"] for b in post["blocks"] if b["kind"] == "image"]}
    assert set(answer["media"]) == pictures
    assert all(m["url"] == f"/media/{key}" and m["width"] >= 750 for key, m in answer["media"].items())
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "post.not_found")


def test_production_has_no_examples_and_says_so(make_app: MakeApp) -> None:
    running = make_app({"CREATORPOST_MODE": "production"})
    with running.client() as client:
        response, page = _page(client, "/examples")
        listed = client.get("/api/examples").json()
    assert response.status_code == 200 and "The example articles are not on this server yet." in page.visible
    assert listed == {"examples": []}


def test_seeding_twice_adds_nothing(server: Endpoint) -> None:
    """A restart finds the examples in place and draws nothing again."""
    from creatorpost.server.examples.seed import seed_examples
    from sqlalchemy import func, select

    from creatorpost.server.store import tables as t

    svc: Any = server.services  # type: ignore[attr-defined]

    def counts() -> tuple[int, int]:
        with svc.db.read() as conn:
            return (conn.execute(select(func.count()).select_from(t.posts)).scalar_one(),
                    conn.execute(select(func.count()).select_from(t.media)).scalar_one())

    before = counts()
    seed_examples(svc.db, svc.store)
    assert counts() == before
