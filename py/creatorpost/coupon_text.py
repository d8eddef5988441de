"""What a store coupon is worth, in words a reader understands: "US $3 off orders over US $20,
until 31 Dec 2031" instead of a coupon id. Used by the editor's preview and the readers' pages.

A coupon comes as the endpoint describes it (POST /api/coupons/verify): `discount` as the store
wrote it ("US $3 off", "10% off"), `min_spend` `{amount, currency}` and `valid_until` (ISO 8601).
Discounts of those two shapes are told in the reader's language; any other is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from creatorpost.formats import format_date, money
from creatorpost.ui_text import ui_text

_AMOUNT_OFF = re.compile(r"^\s*US\s*\$\s*([0-9]+(?:\.[0-9]{1,2})?)\s+off\s*$", re.IGNORECASE)
_PERCENT_OFF = re.compile(r"^\s*([0-9]{1,2})\s*%\s+off\s*$", re.IGNORECASE)


def _cents(amount: object) -> int | None:
    try:
        return round(float(str(amount)) * 100)
    except ValueError:
        return None


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def discount_text(discount: str, lang: str) -> str:
    amount = _AMOUNT_OFF.match(discount)
    if amount:
        return ui_text("coupon.amount_off", lang, amount=money(round(float(amount.group(1)) * 100), "USD"))
    percent = _PERCENT_OFF.match(discount)
    if percent:
        return ui_text("coupon.percent_off", lang, percent=percent.group(1))
    return discount


def coupon_worth(coupon: Mapping[str, Any], lang: str) -> str:
    """The coupon's worth in one line; the parts it does not know are left out."""
    off = discount_text(str(coupon.get("discount") or ""), lang)
    raw = coupon.get("min_spend")
    spend: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    cents = _cents(spend.get("amount")) if spend else None
    until = _day(coupon.get("valid_until"))
    if cents:
        text = ui_text("coupon.min_spend", lang, off=off, amount=money(cents, str(spend.get("currency") or "USD")))
    else:
        text = off
    if until is not None:
        text = ui_text("coupon.until", lang, worth=text, date=format_date(until, lang))
    return text
