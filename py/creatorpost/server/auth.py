"""Bearer tokens: who is calling, at what level, with which stores.

Tokens are stored as their sha256 only. Level and collaborations are server-side facts read
from the database on every call, never taken from the request. Production mode refuses demo
tokens even if a demo database is reused.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from creatorpost.creators import CreatorContext, Level
from creatorpost.server.errors import ApiError
from creatorpost.server.services import Services, services
from creatorpost.server.store.accounts import TokenHolder, token_holder

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


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "auth.invalid", headers=_CHALLENGE)
    return token.strip()


def holder_of(svc: Services, token: str) -> TokenHolder | None:
    """Who holds a token, or None (production mode: never a demo token)."""
    if not svc.settings.is_demo and token.startswith("demo-"):
        return None
    holder = token_holder(svc.db, token)
    if holder is None or (holder.demo_token and not svc.settings.is_demo):
        return None
    return holder


def creator_for_token(request: Request, token: str) -> Creator:
    holder = holder_of(services(request), token)
    if holder is None:
        raise ApiError(401, "auth.invalid", headers=_CHALLENGE)
    return Creator(holder.id, holder.handle, holder.display_name, holder.level, holder.store_ids)


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
