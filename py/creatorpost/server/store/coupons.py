"""Stores and their coupons: names, which coupon ids a store has and until when they are valid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, as_utc


@dataclass(frozen=True)
class CouponRow:
    id: str
    title: str
    discount: str
    min_spend_cents: int
    currency: str
    valid_until: datetime


def store_coupons(db: Database, store_id: str, coupon_ids: list[str]) -> tuple[str | None, dict[str, CouponRow]]:
    """The store's name (None when unknown) and those of `coupon_ids` that it has."""
    with db.read() as conn:
        store_name = conn.execute(select(t.stores.c.name).where(t.stores.c.id == store_id)).scalar()
        rows = conn.execute(select(t.coupons).where(t.coupons.c.store_id == store_id,
                                                    t.coupons.c.id.in_(sorted(set(coupon_ids)))))
        found = {r.id: CouponRow(r.id, r.title, r.discount, r.min_spend_cents, r.currency,
                                 as_utc(r.valid_until)) for r in rows}  # type: ignore[arg-type]
    return store_name, found


def store_names(db: Database, store_ids: list[str]) -> dict[str, str]:
    """id -> name of the known stores among `store_ids`."""
    with db.read() as conn:
        rows = conn.execute(select(t.stores.c.id, t.stores.c.name).where(t.stores.c.id.in_(store_ids)))
        return {row.id: row.name for row in rows}
