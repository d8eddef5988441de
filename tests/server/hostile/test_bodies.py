"""Post bodies a careless client or an attacker sends (issue 10 §2, §7): validate and publish always
agree on the same body, on SQLite and PostgreSQL; deep nesting, broken text (lone surrogates) and
huge lists get a coded 4xx or a bounded report, never a 500."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.endpoints import InProcessEndpoint
from tests.hostile.posts import (FOREIGN, LIMITS, LONE_SURROGATES, OWNED, encode, examples, near_valid_posts, posts,
                           with_media)
from tests.server.hostile.media_data import photo, upload
from tests.server.posts_data import article

JSON = {"Content-Type": "application/json"}
TOKENS = ("demo-basic", "demo-intermediate", "demo-professional")
OTHER = "demo-senior"  # the creator whose photo is "foreign" to the others
AGREEMENT_EXAMPLES = 400


@pytest.fixture(scope="module")
def photos(backend_server: InProcessEndpoint) -> dict[str, str]:
    """One uploaded photo per demo creator: token -> media id."""
    found = {}
    for number, token in enumerate((*TOKENS, OTHER)):
        with backend_server.client(token) as client:
            found[token] = upload(client, photo(seed=number + 1))
    return found


def _send(endpoint: InProcessEndpoint, token: str, body: bytes, platform: str) -> tuple[Any, Any]:
    with endpoint.client(token, **JSON) as client:
        checked = client.post(f"/api/posts/validate?mode=publish&platform={platform}", content=body)
        published = client.post(f"/api/posts?platform={platform}", content=body,
                                headers={"Idempotency-Key": f"agree-{uuid.uuid4()}"})
    return checked, published


def assert_agree(checked: Any, published: Any) -> None:
    """validate's answer and publish's answer say the same about one body."""
    assert checked.status_code < 500 and published.status_code < 500, (checked.text, published.text)
    if checked.status_code != 200:  # refused before any rule: the same refusal from both
        assert (published.status_code, published.json()["error"]) == (checked.status_code, checked.json()["error"])
        return
    report = checked.json()
    if report["valid"]:
        assert published.status_code == 202, published.text
        return
    assert published.status_code == 422, published.text
    refused = published.json()
    assert refused["findings"] == report["findings"]
    first = next(f for f in report["findings"] if f["severity"] == "error")
    assert refused["error"] == {"code": first["code"], "message": first["message"], "field": first["field"] or None}


@examples(AGREEMENT_EXAMPLES)
@given(raw=st.one_of(posts(), near_valid_posts()), token=st.sampled_from(TOKENS),
       platform=st.sampled_from(("desktop", "app")))
def test_validate_and_publish_always_agree(backend_server: InProcessEndpoint, photos: dict[str, str],
                                           raw: dict[str, Any], token: str, platform: str) -> None:
    """Whatever the body, `POST /api/posts/validate` (with the creator's token) says valid exactly when
    `POST /api/posts` accepts it, and publish refuses with exactly validate's findings."""
    body = encode(with_media(raw, {OWNED: photos[token], FOREIGN: photos[OTHER]}))
    checked, published = _send(backend_server, token, body, platform)
    event(f"publish answered {published.status_code}")
    assert_agree(checked, published)


@pytest.fixture(scope="module")
def own_posts(backend_server: InProcessEndpoint) -> dict[str, str]:
    """One post per demo creator to send updates to: token -> post id."""
    found = {}
    for token in TOKENS:
        with backend_server.client(token) as client:
            created = client.post("/api/posts", json=article(coupons=None, blocks=article()["blocks"][:2]),
                                  headers={"Idempotency-Key": f"own-{uuid.uuid4()}"})
            assert created.status_code == 202, created.text
            found[token] = created.json()["id"]
    return found


@examples(AGREEMENT_EXAMPLES // 4)
@given(raw=st.one_of(posts(), near_valid_posts()), token=st.sampled_from(TOKENS))
def test_validate_and_update_always_agree(backend_server: InProcessEndpoint, photos: dict[str, str],
                                          own_posts: dict[str, str], raw: dict[str, Any], token: str) -> None:
    """An update (`PUT /api/posts/{id}`) is checked exactly as a new post: accepted exactly when validate
    says valid, refused with exactly validate's findings (issue 11: the same validation, level gates and
    coupon checks)."""
    body = encode(with_media(raw, {OWNED: photos[token], FOREIGN: photos[OTHER]}))
    post_id = own_posts[token]
    with backend_server.client(token, **JSON) as client:
        checked = client.post("/api/posts/validate?mode=publish", content=body)
        revision = client.get(f"/api/posts/{post_id}").headers["etag"]
        updated = client.put(f"/api/posts/{post_id}", content=body, headers={"If-Match": revision})
    event(f"update answered {updated.status_code}")
    assert_agree(checked, updated)


def _nest(kind: str, depth: int) -> str:
    return "[" * depth + "0" + "]" * depth if kind == "list" else '{"a":' * depth + "0" + "}" * depth


@examples(60)
@given(depth=st.one_of(st.integers(1, LIMITS.depth + 2), st.sampled_from((100, 999, 1000, 5000, 100_000))),
       kind=st.sampled_from(("list", "object")), where=st.sampled_from(("post", "title", "blocks", "unknown")),
       path=st.sampled_from(("/api/posts/validate", "/api/posts")))
def test_deep_json_is_refused_as_a_whole(server: InProcessEndpoint, depth: int, kind: str, where: str,
                                         path: str) -> None:
    """JSON nested deeper than `[limits] depth` is 422 request.too_deep on both calls, however deep
    (100,000 levels is far past what Python's parser takes); shallower JSON is checked as usual."""
    value = _nest(kind, depth)
    body, total = {
        "post": ('{"a":' * depth + "0" + "}" * depth, depth),
        "title": ('{"title":' + value + "}", depth + 1),
        "blocks": ('{"blocks":[' + value + "]}", depth + 2),
        "unknown": ('{"blocks":[{"kind":"text","text":"x"}],"extra":' + value + "}", depth + 1),
    }[where]
    with server.client("demo-professional", **JSON) as client:
        answer = client.post(path, content=body.encode(), headers={"Idempotency-Key": f"deep-{uuid.uuid4()}"})
    assert answer.status_code < 500, answer.text
    too_deep = answer.status_code == 422 and answer.json()["error"]["code"] == "request.too_deep"
    assert too_deep == (total > LIMITS.depth), answer.text
    if too_deep:
        assert answer.json()["error"]["message"] == (
            f"This request nests deeper than {LIMITS.depth} levels; a post is never that deep.")


TEXT_FIELDS = ("title", "introduction", "hashtags.0", "blocks.0.text", "blocks.1.caption", "coupons.0.coupon_ids.0",
               "coupons.0.store_id", "blocks.2.url", "type", "repost.0")


def _set(post: dict[str, Any], path: str, value: str) -> None:
    *parents, last = path.split(".")
    node: Any = post
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


@examples(60)
@given(field=st.sampled_from(TEXT_FIELDS), surrogate=st.sampled_from(LONE_SURROGATES),
       before=st.text(st.characters(exclude_categories=["Cs"]), max_size=5), lang=st.sampled_from(("en", "ar")))
def test_broken_text_is_refused_where_it_is(backend_server: InProcessEndpoint, field: str, surrogate: str,
                                            before: str, lang: str) -> None:
    """A lone surrogate anywhere a person types makes the post invalid with text.invalid_character at that
    field, in validate and in publish alike (it used to be "valid", then a 500 on publish)."""
    post = article(repost=["facebook"])
    _set(post, field, before + surrogate)
    checked, published = _send_lang(backend_server, encode(post), lang)
    assert_agree(checked, published)
    assert {"code": "text.invalid_character", "field": field} in [
        {"code": f["code"], "field": f["field"]} for f in checked.json()["findings"]]


def _send_lang(endpoint: InProcessEndpoint, body: bytes, lang: str) -> tuple[Any, Any]:
    with endpoint.client("demo-professional", **JSON, **{"Accept-Language": lang}) as client:
        checked = client.post("/api/posts/validate?mode=publish", content=body)
        published = client.post("/api/posts", content=body, headers={"Idempotency-Key": f"broken-{uuid.uuid4()}"})
    return checked, published


HEAVY = {
    "coupon groups": {"blocks": [{"kind": "text", "text": "x"}],
                      "coupons": [{"store_id": "912345678", "coupon_ids": ["C100"]}] * 40_000},
    "coupon ids": {"blocks": [{"kind": "text", "text": "x"}],
                   "coupons": [{"store_id": "912345678", "coupon_ids": ["C100"] * 150_000}]},
    "blocks": {"blocks": [{"kind": "product", "product_id": "1005001234567890"}] * 30_000},
    "hashtags": {"blocks": [{"kind": "text", "text": "x"}], "hashtags": ["Bikinis"] * 180_000},
    "repost": {"blocks": [{"kind": "text", "text": "x"}], "repost": ["vk"] * 300_000},
    "unknown fields": {f"x{i}": 0 for i in range(150_000)},
    "accented title": {"blocks": [{"kind": "text", "text": "x"}], "title": "e" + "\u0301" * 900_000},
    "accented hashtags": {"blocks": [{"kind": "text", "text": "x"}], "hashtags": ["a" + "\u0301" * 45_000] * 20},
    "fields in blocks": {"blocks": [{"kind": "text", **{f"k{i}": 0 for i in range(1_500)}}] * 100},
}


@pytest.mark.parametrize("name", sorted(HEAVY))
def test_heavy_bodies_get_a_bounded_answer(server: InProcessEndpoint, name: str) -> None:
    """Bodies just under the 2 MB cap built to cost the most CPU get a short report (each list past its
    bound is one finding) and the same refusal from publish."""
    body = json.dumps(HEAVY[name], ensure_ascii=False).encode()
    assert len(body) <= 2 * 1024 * 1024
    with server.client("demo-professional", **JSON) as client:
        checked = client.post("/api/posts/validate?mode=publish", content=body)
        published = client.post("/api/posts", content=body, headers={"Idempotency-Key": f"heavy-{uuid.uuid4()}"})
    assert_agree(checked, published)
    report = checked.json()
    assert report["valid"] is False and len(report["findings"]) <= 2 * LIMITS.blocks + 30
