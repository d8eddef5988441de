"""Write tests/vectors/validation.json: shared cases for CPython and Pyodide. GENERATOR.

Each case's `expected` is the report CPython gives today; the unit tests pin the rules
themselves, this file pins that both runtimes agree. After a deliberate rule change run
`python tests/vectors/make_validation_vectors.py` and review the diff like code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from creatorpost.testing.vectors import run_vector

OUT = Path(__file__).with_name("validation.json")
FLAG = "\U0001F1EA\U0001F1F8"
FAMILY = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"
TEXT = {"kind": "text", "text": "Five pieces that work on the beach and in town."}
PRODUCT = {"kind": "product", "product_id": "1005001234567890", "caption": "My favourite"}
VIDEO = {"kind": "video", "url": "https://youtu.be/dQw4w9WgXcQ"}
STORE = "912345678"


def post(**parts: Any) -> dict[str, Any]:
    return {"schema": 1, "type": "article", **parts}


def cases() -> list[dict[str, Any]]:
    c: list[dict[str, Any]] = []

    def add(name: str, body: Any, mode: str = "draft", context: dict[str, Any] | None = None, **extra: Any) -> None:
        c.append({"name": name, "post": body, "mode": mode, "context": context, **extra})

    add("empty draft", post())
    add("empty publish", post(), "publish")
    add("design example", post(
        banner={"media_id": "m_banner"}, title="Bohemian Chic for less", introduction="Five pieces that ...",
        hashtags=["Bikinis", "Baby&Kids", "CheerForAliExpress"],
        blocks=[TEXT, {"kind": "image", "media_id": "m_1", "caption": "On the beach"}, PRODUCT, VIDEO],
        coupons=[{"store_id": STORE, "coupon_ids": ["C123", "C124"]}], repost=["facebook", "pinterest"]),
        "publish", {"level": "intermediate", "store_ids": [STORE]})
    for n in (59, 60, 61):
        add(f"title {n} ascii", post(title="a" * n))
        add(f"title {n} flags", post(title=FLAG * n))
        add(f"title {n} families", post(title=FAMILY * n))
    for n in (999, 1000, 1001):
        add(f"introduction {n} mixed", post(introduction=("é" + FLAG + "\u0915\u094D\u0937-") * (n // 4) + "x" * (n % 4)))
    add("title with invisibles", post(title="  \u200b Bohemian Chic for less \u0007 "))
    add("hashtags 5", post(hashtags=["a", "b", "c", "d", "e"]))
    add("hashtags 6", post(hashtags=["a", "b", "c", "d", "e", "f"]))
    add("hashtags duplicates", post(hashtags=["#Baby&Kids", "baby&kids", "", "two words", "a,b", "x" * 41]))
    add("hashtags fullwidth, composed and punctuated",
        post(hashtags=["＃sale", "#Sale!", "caf\u00e9", "#CAFE\u0301。", "夏、", "#Baby&Kids."]))
    add("alt text given or missing", post(banner={"media_id": "m1", "alt": "Linen dresses on a rail"}, blocks=[
        {"kind": "image", "media_id": "a", "alt": "A straw hat"}, {"kind": "image", "media_id": "b", "caption": "Dusk"},
        {"kind": "image", "media_id": "c", "alt": "  "}]))
    add("banner metadata bad", post(banner={"media_id": "m1"}), media={"m1": {"format": "gif", "width": 749, "height": 360, "bytes": 5242881}})
    add("banner metadata ok", post(banner={"media_id": "m1"}), media={"m1": {"format": "png", "width": 750, "height": 360, "bytes": 5242880}})
    add("image too small and scaled", post(blocks=[{"kind": "image", "media_id": "s"}, {"kind": "image", "media_id": "l"}]),
        media={"s": {"format": "jpeg", "width": 640, "height": 480, "bytes": 1000},
               "l": {"format": "jpeg", "width": 4000, "height": 3000, "bytes": 1000}})
    for level in ("junior", "intermediate"):
        add(f"video by {level}", post(blocks=[VIDEO]), "publish", {"level": level, "store_ids": []})
    add("video bad link", post(blocks=[{"kind": "video", "url": "https://vimeo.com/1"}]))
    add("video too long on app", post(blocks=[{**VIDEO, "duration_seconds": 301}]), platform="app")
    add("coupons not collaborating", post(blocks=[TEXT], coupons=[{"store_id": STORE, "coupon_ids": ["C1", "C1", "bad id"]}]),
        "publish", {"level": "senior", "store_ids": ["1234567"]})
    add("coupon store id format", post(coupons=[{"store_id": "12a", "coupon_ids": []}]), "publish")
    add("repost on app", post(blocks=[TEXT], repost=["facebook", "myspace", "facebook"]), platform="app")
    add("empty blocks publish", post(blocks=[{"kind": "text", "text": " "}, {"kind": "image"}, {"kind": "product"}, {"kind": "video"}]), "publish")
    add("bad product id", post(blocks=[{"kind": "product", "product_id": "12345"}, PRODUCT, PRODUCT]))
    add("unknown fields and kinds", {"schema": 2, "type": "poll", "colour": "red", "title": 5, "banner": "m",
                                     "blocks": [{"kind": "poll"}, {"text": "x"}, 7, {"kind": "image", "size": 1}],
                                     "hashtags": "#a #b", "coupons": [{"store_id": 1}], "repost": [None]})
    add("not an object", "not a post")
    add("list instead of post", [])
    return c


def main() -> None:
    out = []
    for case in cases():
        case["expected"] = run_vector(case)
        out.append(case)
    OUT.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(out)} cases to {OUT}")


if __name__ == "__main__":
    main()
