"""Store coupons: a store id and its coupon ids, only from stores the creator collaborates with.

Formats and bounds come from `[coupons]`. Whether a coupon really exists is the endpoint's
question (POST /api/coupons/verify); here only what can be known without the network.
In a draft a store may wait for its coupon ids; Create needs at least one per store.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from creatorpost.creators import CreatorContext
from creatorpost.findings import Finding, error, warning
from creatorpost.rules import RuleSet


@lru_cache(maxsize=8)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def valid_store_id(text: str, rules: RuleSet) -> bool:
    coupons = rules.coupons
    return text.isascii() and text.isdigit() and coupons.store_id_min_digits <= len(text) <= coupons.store_id_max_digits


def valid_coupon_id(text: str, rules: RuleSet) -> bool:
    return _pattern(rules.coupons.coupon_id_pattern).fullmatch(text) is not None


def check_coupons(raw: Any, rules: RuleSet, mode: str, context: CreatorContext | None) -> list[Finding]:
    if not isinstance(raw, list):
        return []
    limits = rules.coupons
    found: list[Finding] = []
    if len(raw) > limits.max_stores:
        found.append(error("coupons.too_many", "coupons", count=len(raw), max_stores=limits.max_stores))
    stores_seen: set[str] = set()
    for index, group in enumerate(raw):
        if isinstance(group, dict):
            found += _check_group(group, f"coupons.{index}", rules, mode, context, stores_seen)
    return found


def _check_group(
    group: dict[str, Any], where: str, rules: RuleSet, mode: str, context: CreatorContext | None, stores_seen: set[str]
) -> list[Finding]:
    limits = rules.coupons
    found: list[Finding] = []
    store_id = group.get("store_id")
    if isinstance(store_id, str) and store_id:
        field = f"{where}.store_id"
        if not valid_store_id(store_id, rules):
            found.append(
                error(
                    "coupon.store_id_invalid", field,
                    min_digits=limits.store_id_min_digits, max_digits=limits.store_id_max_digits,
                )
            )
        elif store_id in stores_seen:
            found.append(error("coupons.duplicate_store", field, store_id=store_id))
        elif context is not None and store_id not in context.store_ids:
            found.append(error("coupon.store_not_collaborating", field, store_id=store_id))
        stores_seen.add(store_id)
    elif mode == "publish":
        found.append(error("field.missing", f"{where}.store_id"))
    coupon_ids = group.get("coupon_ids")
    if not isinstance(coupon_ids, list):
        coupon_ids = []
    strings = [c for c in coupon_ids if isinstance(c, str)]
    if len(strings) > limits.max_coupon_ids_per_store:
        found.append(
            error("coupon.too_many_ids", f"{where}.coupon_ids", count=len(strings), max_coupon_ids=limits.max_coupon_ids_per_store)
        )
    ids_seen: set[str] = set()
    for index, coupon_id in enumerate(coupon_ids):
        if not isinstance(coupon_id, str):
            continue
        field = f"{where}.coupon_ids.{index}"
        if not valid_coupon_id(coupon_id, rules):
            found.append(error("coupon.id_invalid", field, coupon_id=coupon_id))
        elif coupon_id in ids_seen:
            found.append(warning("coupon.duplicate_id", field, coupon_id=coupon_id))
        ids_seen.add(coupon_id)
    if mode == "publish" and not strings:
        found.append(error("coupon.ids_required", f"{where}.coupon_ids"))
    return found
