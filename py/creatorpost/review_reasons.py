"""The reasons a reviewer may give for rejecting a post (`assets/rules/review.toml`), read once.

The desk in the browser lists them (keys 1, 2, 3... in this order) and the endpoint accepts these
codes and no others; the creator reads each one in their language from the message catalog (the
code is the key), so a rejection says what to fix the same way everywhere. A reviewer's free note
travels as one more reason, `review.note`, whose message carries the note's words.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from creatorpost.resources import asset_table

Part = Literal["banner", "title", "introduction", "hashtags", "blocks", "coupons", "post"]
NOTE_CODE = "review.note"
_NAMED_PARTS = ("banner", "title", "introduction", "hashtags", "coupons")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RejectionReason(_Section):
    code: str = Field(pattern=r"^review\.[a-z_]+$")
    part: Part
    needs_note: bool = False

    @property
    def name(self) -> str:
        """The code without its `review.` prefix: the key of its short name (`desk.reason.<name>`)."""
        return self.code.removeprefix("review.")


class NoteRule(_Section):
    max_chars: int = Field(gt=0)


class ReviewRules(_Section):
    version: str
    note: NoteRule
    reasons: tuple[RejectionReason, ...] = Field(min_length=1)

    def reason(self, code: str) -> RejectionReason | None:
        return next((r for r in self.reasons if r.code == code), None)


@cache
def review_rules() -> ReviewRules:
    rules = ReviewRules.model_validate(asset_table("rules/review.toml"))
    codes = [r.code for r in rules.reasons]
    if len(set(codes)) != len(codes) or NOTE_CODE in codes:
        raise ValueError("rules/review.toml: each reason once, and none may be review.note")
    return rules


def part_of(field: str | None) -> str:
    """The part of a post a finding's field concerns, as the desk shows it: "banner", "title", "introduction",
    "hashtags", "coupons", "blocks.<n>" (one block), or "post" (the whole post, or a field it cannot place)."""
    if not field:
        return "post"
    head, _, rest = field.partition(".")
    index = rest.split(".", 1)[0]
    if head == "blocks" and index.isdigit():
        return f"blocks.{int(index)}"
    return head if head in _NAMED_PARTS else "post"
