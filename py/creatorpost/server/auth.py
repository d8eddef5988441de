"""Bearer tokens: who is calling, at what level, with which stores.

Tokens are stored as their sha256 only. Level and collaborations are server-side facts read
from the database on every call, never taken from the request. Production mode refuses demo
tokens even if a demo database is reused.

A partner token (`creatorpost issue-token --partner ORIGIN --ttl 1h`) stops working when it expires
and works only from the editor embedded in that partner's page. The editor runs on the studio's
origin, so the browser's `Origin` header of its calls names the studio, never the partner; the
partner is named by `X-Creatorpost-Partner`, which the editor sets to the embedding origin the
browser reported (the `origin` of the partner's token message). The endpoint accepts the token when
that header names its partner, the partner is still in CREATORPOST_PARTNER_ORIGINS, and the browser
says the call comes from a page of ours or of that partner (`Origin`, or `Sec-Fetch-Site:
same-origin` on a same-origin GET, which carries no Origin). Another site's page cannot forge these
headers; a client outside a browser can, which the expiry bounds (docs/ARCHITECTURE.md, "Embedding").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from fastapi import Request

from creatorpost.creators import CreatorContext, Level
from creatorpost.server.errors import ApiError
from creatorpost.server.services import Services, services
from creatorpost.server.store.accounts import TokenHolder, token_holder
from creatorpost.server.store.db import Database, utcnow
from creatorpost.server.store.reviewers import reviewer_holder

_CHALLENGE = {"WWW-Authenticate": "Bearer"}
PARTNER_HEADER = "X-Creatorpost-Partner"


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


class _Held(Protocol):
    @property
    def demo_token(self) -> bool: ...


_H = TypeVar("_H", bound=_Held)


def _looked_up(svc: Services, token: str, look_up: Callable[[Database, str], _H | None]) -> _H | None:
    """Who holds a token in one table, or None (production mode: never a demo token, by name or by its row)."""
    if not svc.settings.is_demo and token.startswith("demo-"):
        return None
    holder = look_up(svc.db, token)
    if holder is None or (holder.demo_token and not svc.settings.is_demo):
        return None
    return holder


def holder_of(svc: Services, token: str) -> TokenHolder | None:
    """Who holds a creator's token, or None."""
    return _looked_up(svc, token, token_holder)


def creator_for_token(request: Request, token: str) -> Creator:
    svc = services(request)
    holder = holder_of(svc, token)
    if holder is None and reviewer_of(svc, token) is not None:
        raise ApiError(403, "auth.creators_only")  # the review desk: a reviewer never writes as a creator
    if holder is None:
        raise ApiError(401, "auth.invalid", headers=_CHALLENGE)
    if holder.expires_at is not None and holder.expires_at <= utcnow():
        raise ApiError(401, "auth.expired", headers=_CHALLENGE)
    if holder.partner_origin is not None and not _from_partner_editor(request, holder.partner_origin):
        raise ApiError(403, "auth.partner_only")
    return Creator(holder.id, holder.handle, holder.display_name, holder.level, holder.store_ids)


def _from_partner_editor(request: Request, partner: str) -> bool:
    settings = services(request).settings
    if partner not in settings.partner_origins:
        return False  # the studio no longer lets this partner embed the editor
    if request.headers.get(PARTNER_HEADER, "").strip().rstrip("/").lower() != partner:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site") == "same-origin"
    ours = {f"{request.url.scheme}://{request.url.netloc}", settings.public_url, *settings.cors_origins, partner}
    return origin.rstrip("/").lower() in {o.lower() for o in ours if o}


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


# --- the review desk: reviewers, and the two roles kept apart (docs/ARCHITECTURE.md, "The review desk") ---
@dataclass(frozen=True)
class Reviewer:
    id: str
    handle: str
    display_name: str


def reviewer_of(svc: Services, token: str) -> Reviewer | None:
    """The reviewer holding `token`, or None."""
    holder = _looked_up(svc, token, reviewer_holder)
    return None if holder is None else Reviewer(holder.id, holder.handle, holder.display_name)


def current_reviewer(request: Request) -> Reviewer:
    """FastAPI dependency: the calling reviewer; 403 `auth.reviewers_only` for a creator's token."""
    token = _bearer(request)
    if token is None:
        raise ApiError(401, "auth.required", headers=_CHALLENGE)
    svc = services(request)
    reviewer = reviewer_of(svc, token)
    if reviewer is not None:
        return reviewer
    if holder_of(svc, token) is not None:
        raise ApiError(403, "auth.reviewers_only")  # a creator's token, valid where creators write
    raise ApiError(401, "auth.invalid", headers=_CHALLENGE)
