"""Generated hostile input for the hardening tests (issue 10): posts and JSON bodies that a careless
client or an attacker sends. Every strategy is bounded: sizes go a little past each bound of
`[limits]` (assets/rules/article.toml), never to megabytes, so hundreds of examples stay quick.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from creatorpost.rules import load_rules
from tests.server.posts_data import BEACH_STORE, BIKINI

LIMITS = load_rules().limits
# Stand-ins a test swaps for real media ids: one the sending creator uploaded, one another creator did.
OWNED, FOREIGN = "m_owned", "m_foreign"
LONE_SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff")
# Text a person never types but a client may send: controls, invisibles, bidi overrides, combining
# marks piled up, a lone surrogate, NUL, the largest code point, emoji sequences.
ODD_TEXT = ("\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "e" + "\u0301" * 40, "\U0010ffff",
            "\U0001F468\u200d\U0001F469\u200d\U0001F467", "\U0001F1EA\U0001F1F8", "\r\n", "\u2028", "%00", "<script>")


def examples(count: int) -> settings:
    """Hypothesis settings of a hostile test: `count` examples, no deadline (the endpoint is busy)."""
    return settings(max_examples=count, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def text() -> st.SearchStrategy[str]:
    """Short strings of any code point (lone surrogates included) and the odd ones above, mixed."""
    pieces = st.one_of(st.text(st.characters(codec=None), max_size=8), st.sampled_from(ODD_TEXT + LONE_SURROGATES),
                       st.sampled_from(("Bikinis", "Summer", "C100", BEACH_STORE, BIKINI, "", " ")))
    return st.lists(pieces, max_size=4).map("".join)


def _past(bound: int) -> st.SearchStrategy[int]:
    """A length around a bound: small, at it, just past it, or far past it."""
    return st.one_of(st.integers(0, 3), st.sampled_from((bound, bound + 1, bound * 3)))


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False), text())


@dataclass(frozen=True)
class Deep:
    """Stands for `[[[...["bottom"]...]]]`, `depth` lists deep: kept as a marker so that neither
    hypothesis's printing nor json.dumps meets thousands of levels (`encode` writes it out)."""

    depth: int

    def value(self) -> Any:
        built: Any = "bottom"
        for _ in range(self.depth):
            built = [built]
        return built


_DEEP = re.compile(r'"\\u0000deep:(\d+)"')


def nested(depth: int) -> st.SearchStrategy[Deep]:
    return st.just(Deep(depth))


def materialize(value: Any, media: dict[str, str] | None = None) -> Any:
    """The JSON value a server gets once it has parsed what `encode` sent (with `media`'s stand-ins
    swapped for real ids)."""
    if isinstance(value, Deep):
        return value.value()
    if isinstance(value, dict):
        return {key: materialize(item, media) for key, item in value.items()}
    if isinstance(value, list):
        return [materialize(item, media) for item in value]
    if media and isinstance(value, str) and value in media:
        return media[value]
    return value


def with_media(value: Any, media: dict[str, str]) -> Any:
    """`value` with the media stand-ins swapped, Deep markers kept (for `encode`)."""
    if isinstance(value, dict):
        return {key: with_media(item, media) for key, item in value.items()}
    if isinstance(value, list):
        return [with_media(item, media) for item in value]
    return media.get(value, value) if isinstance(value, str) else value


def junk() -> st.SearchStrategy[Any]:
    """Any small JSON value, a little nested."""
    return st.recursive(scalars(), lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                           st.dictionaries(text(), inner, max_size=3)), max_leaves=6)


def media_ids() -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from((OWNED, FOREIGN, "m_" + "0" * 32, "", "m_\x00")), text())


def _block() -> st.SearchStrategy[Any]:
    kinds = st.sampled_from(("text", "image", "product", "video", "poll", ""))
    return st.one_of(
        st.fixed_dictionaries({"kind": kinds}, optional={
            "text": st.one_of(text(), junk()), "media_id": media_ids(),
            "caption": text(), "product_id": st.one_of(st.just(BIKINI), text()),
            "url": st.one_of(st.just("www.youtube.com/watch?v=dQw4w9WgXcQ"), text()),
            "duration_seconds": st.one_of(st.integers(-1, 10**6), junk()), "extra": junk()}),
        junk())


def _group() -> st.SearchStrategy[Any]:
    ids = st.one_of(st.lists(st.one_of(st.just("C100"), text()), max_size=4),
                    _past(LIMITS.coupon_ids_per_group).map(lambda n: [f"C{i}" for i in range(n)]))
    return st.one_of(st.fixed_dictionaries({"store_id": st.one_of(st.just(BEACH_STORE), text(), junk()),
                                            "coupon_ids": ids}), junk())


def posts() -> st.SearchStrategy[dict[str, Any]]:
    """Post bodies: right-looking parts mixed with hostile values, lists around their bounds, unknown fields."""
    return st.fixed_dictionaries({}, optional={
        "schema": st.one_of(st.just(1), junk()),
        "type": st.one_of(st.just("article"), text()),
        "banner": st.one_of(st.fixed_dictionaries({"media_id": media_ids()}), junk()),
        "title": st.one_of(text(), junk(), st.integers(0, 80).map(lambda n: "é" * n)),
        "introduction": st.one_of(text(), junk()),
        "hashtags": st.one_of(st.lists(st.one_of(text(), junk()), max_size=7),
                              _past(LIMITS.hashtags).map(lambda n: [f"tag{i % 9}" for i in range(n)])),
        "blocks": st.one_of(st.lists(_block(), max_size=4),
                            _past(LIMITS.blocks).map(lambda n: [{"kind": "text", "text": "x"}] * n)),
        "coupons": st.one_of(st.lists(_group(), max_size=3),
                             _past(LIMITS.coupon_groups).map(lambda n: [{"store_id": BEACH_STORE,
                                                                          "coupon_ids": ["C100"]}] * n)),
        "repost": st.one_of(st.lists(st.one_of(st.sampled_from(("facebook", "vk")), text()), max_size=4),
                            _past(LIMITS.repost).map(lambda n: ["facebook"] * n)),
        "unknown": junk(),
        "\ud800key": junk(),
        "deep": st.sampled_from((LIMITS.depth - 2, LIMITS.depth + 1, 5000)).flatmap(nested),
    }).map(lambda post: {k: v for k, v in post.items()})


def near_valid_posts() -> st.SearchStrategy[dict[str, Any]]:
    """A publishable article (with the sender's own photo as banner) with none, one or two parts
    replaced by what `posts()` draws for them: the side where publish must accept."""
    base: dict[str, Any] = {
        "schema": 1, "type": "article", "banner": {"media_id": OWNED}, "title": "Bohemian Chic for less",
        "introduction": "Five pieces.", "hashtags": ["Bikinis"],
        "blocks": [{"kind": "text", "text": "I wore this all summer."}, {"kind": "image", "media_id": OWNED},
                   {"kind": "product", "product_id": BIKINI}],
        "coupons": [{"store_id": BEACH_STORE, "coupon_ids": ["C100"]}]}
    return st.tuples(st.lists(st.sampled_from(sorted(base)), max_size=2, unique=True), posts()).map(
        lambda drawn: {**base, **{k: v for k, v in drawn[1].items() if k in drawn[0]}})


def with_many_unknown_fields() -> st.SearchStrategy[dict[str, Any]]:
    return _past(LIMITS.unknown_fields).map(lambda n: {f"x{i}": i for i in range(n)})


def encode(value: Any) -> bytes:
    """JSON text as a client would send it: lone surrogates as \\ud800 escapes (ASCII-only JSON)."""
    text = json.dumps(value, ensure_ascii=True, default=lambda deep: f"\0deep:{deep.depth}")
    return _DEEP.sub(lambda m: "[" * int(m.group(1)) + '"bottom"' + "]" * int(m.group(1)), text).encode("ascii")


def nesting_depth(value: Any) -> int:
    """How many lists and objects deep a JSON value goes (a scalar is 0)."""
    depth, level = 0, [(value, 1)]
    while level:
        item, here = level.pop()
        if isinstance(item, (list, dict)):
            depth = max(depth, here)
            level.extend((child, here + 1) for child in (item.values() if isinstance(item, dict) else item))
    return depth
