"""Benchmark: full validation of a 30-block article with 5 hashtags, 1000 calls, on CPython.

    python bench/bench_validate.py [--calls 1000]

Prints the median and p99 time per call (and, apart, a 1 MB body text). The browser side
runs the same `sample_post()` through `creatorpost.validation.validate` inside Pyodide.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from typing import Any

from creatorpost.creators import CreatorContext, Level
from creatorpost.media import MediaInfo
from creatorpost.validation import validate

STORE = "912345678"


def sample_post() -> dict[str, Any]:
    """A realistic full article: banner, title, introduction, 5 hashtags, 30 blocks, coupons, repost."""
    kinds = ["text", "image", "product", "text", "video", "image"]
    blocks: list[dict[str, Any]] = []
    for i in range(30):
        kind = kinds[i % len(kinds)]
        if kind == "text":
            blocks.append({"kind": "text", "text": f"Paragraph {i}: " + "Light linen, warm sand, a straw hat. " * 12})
        elif kind == "image":
            blocks.append({"kind": "image", "media_id": f"m_{i}", "caption": "On the beach at sunset 🌅"})
        elif kind == "product":
            blocks.append({"kind": "product", "product_id": str(1005001234567000 + i), "caption": "My favourite 👗"})
        else:
            blocks.append({"kind": "video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s"})
    return {
        "schema": 1,
        "type": "article",
        "banner": {"media_id": "m_banner"},
        "title": "Bohemian Chic for less 🇪🇸 — five pieces, one summer",
        "introduction": "Five pieces that work on the beach and in town. " * 15,
        "hashtags": ["#Bikinis", "Baby&Kids", "CheerForAliExpress", "Summer", "Boho"],
        "blocks": blocks,
        "coupons": [{"store_id": STORE, "coupon_ids": ["C123", "C124"]}],
        "repost": ["facebook", "pinterest"],
    }


def sample_media() -> dict[str, MediaInfo]:
    media = {f"m_{i}": MediaInfo(format="jpeg", width=1600, height=1200, bytes=400_000) for i in range(30)}
    media["m_banner"] = MediaInfo(format="jpeg", width=1500, height=720, bytes=900_000)
    return media


def measure(post: dict[str, Any], calls: int, **kwargs: Any) -> dict[str, float]:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        validate(post, "publish", **kwargs)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "calls": calls,
        "median_ms": round(statistics.median(times), 4),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 4),
        "min_ms": round(times[0], 4),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args(argv)
    context = CreatorContext(Level.SENIOR, frozenset({STORE}))
    post = sample_post()
    report = validate(post, "publish", context, media=sample_media())
    assert report.valid, report
    validate(post, "publish", context, media=sample_media())  # warm caches before timing
    result = {
        "python": platform.python_version(),
        "article_30_blocks": measure(post, args.calls, context=context, media=sample_media()),
    }
    big = {"schema": 1, "blocks": [{"kind": "text", "text": ("Long read. " * 100 + "\n") * 950}]}
    result["body_1mb"] = measure(big, 50)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
