"""Bearer tokens: who is calling, at what level, with which stores.

Tokens are stored as their sha256 only. Level and collaborations are server-side facts read
from the database on every call, never taken from the request. Production mode refuses demo
tokens even if a demo database is reused.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import select

from creatorpost.creators import CreatorContext, Level
from creatorpost.server import schema_tables as t
from creatorpost.server.deps import services
from creatorpost.server.errors import ApiError

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Creator:
    id: str
    handle: str
    display_name: str
    level: Level
    store_ids: frozenset[str]

    @property
    def context(self) -> CreatorContext:
        return CreatorContext(level=self.level, store_ids=self.store_ids)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "cps_" + secrets.token_urlsafe(32)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "auth.invalid", headers=_CHALLENGE)
    return token.strip()


def creator_for_token(request: Request, token: str) -> Creator:
    svc = services(request)
    if not svc.settings.is_demo and token.startswith("demo-"):
        raise ApiError(401, "auth.invalid", headers=_CHALLENGE)
    with svc.db.read() as conn:
        row = conn.execute(
            select(t.creators, t.tokens.c.demo)
            .join(t.tokens, t.tokens.c.creator_id == t.creators.c.id)
            .where(t.tokens.c.token_sha256 == hash_token(token))
        ).first()
        if row is None or (row.demo and not svc.settings.is_demo):
            raise ApiError(401, "auth.invalid", headers=_CHALLENGE)
        store_ids = frozenset(
            conn.execute(select(t.collaborations.c.store_id).where(t.collaborations.c.creator_id == row.id)).scalars()
        )
    return Creator(row.id, row.handle, row.display_name, Level(row.level), store_ids)


def current_creator(request: Request) -> Creator:
    """FastAPI dependency: the calling creator, or 401 `auth.required` / `auth.invalid`."""
    token = _bearer(request)
    if token is None:
        raise ApiError(401, "auth.required", headers=_CHALLENGE)
    return creator_for_token(request, token)


def optional_creator(request: Request) -> Creator | None:
    """FastAPI dependency: the calling creator when a token is sent (a bad token is still 401)."""
    token = _bearer(request)
    return None if token is None else creator_for_token(request, token)
