"""Posts the server tests publish (the demo catalog's products, stores and coupons)."""

from __future__ import annotations

import copy
from typing import Any

BIKINI = "1005001234567890"  # Sunny Beachwear Official Store, in the demo catalog
BEACH_STORE = "912345678"  # demo-junior, -intermediate and -professional collaborate with it
HOME_STORE = "913001122"

ARTICLE: dict[str, Any] = {
    "schema": 1,
    "type": "article",
    "title": "Bohemian Chic for less",
    "introduction": "Five pieces that make a beach week.",
    "hashtags": ["Bikinis", "CheerForAliExpress"],
    "blocks": [
        {"kind": "text", "text": "I wore this all summer.\nIt still looks new."},
        {"kind": "product", "product_id": BIKINI, "caption": "The one in the photo"},
        {"kind": "video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
    ],
    "coupons": [{"store_id": BEACH_STORE, "coupon_ids": ["C100", "C101"]}],
}


def article(**changes: Any) -> dict[str, Any]:
    post = copy.deepcopy(ARTICLE)
    post.update(changes)
    return post
