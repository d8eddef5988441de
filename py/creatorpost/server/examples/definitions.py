"""The example articles as written in `assets/examples/examples.toml`, read once.

An example is a post whose pictures are names of drawings (`art`) instead of media ids, and
whose author is a demo creator named by level. Its post id is derived from its slug, so every
server on demo data knows where each example lives without a table of its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from creatorpost.resources import asset_table


@dataclass(frozen=True)
class Example:
    slug: str
    name: str  # as the help page names it: "Bohemian Chic"
    author_level: str
    post: dict[str, Any]  # banner and image blocks carry `art` instead of `media_id`

    @property
    def post_id(self) -> str:
        return example_post_id(self.slug)

    @property
    def creator_id(self) -> str:
        return f"c_demo_{self.author_level}"


def example_post_id(slug: str) -> str:
    """`p_` and 20 hex digits, like every post id; the same slug always gives the same id."""
    return "p_" + hashlib.sha256(f"example:{slug}".encode()).hexdigest()[:20]


@cache
def load_examples() -> tuple[Example, ...]:
    data = asset_table("examples/examples.toml")
    found = []
    for entry in data["example"]:
        post = {"schema": 1, "type": "article", **{k: v for k, v in entry.items()
                                                   if k not in ("slug", "name", "author")}}
        found.append(Example(slug=entry["slug"], name=entry["name"], author_level=entry["author"], post=post))
    return tuple(found)


def example_by_slug(slug: str) -> Example | None:
    return next((example for example in load_examples() if example.slug == slug), None)
