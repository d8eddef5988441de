"""Checking an uploaded photo on the endpoint: refused from its header alone when that already
tells (bomb, too small, not an image), else decoded by Pillow and put through the same policy the
editor uses. A failure of a bad file is a coded finding, never an exception."""

from __future__ import annotations

import logging

from creatorpost.findings import Finding, error
from creatorpost.imaging.facts import Decision, Role
from creatorpost.imaging.limits import role_limits
from creatorpost.imaging.pillow_engine import PillowEngine
from creatorpost.imaging.pipeline import Outcome, process
from creatorpost.imaging.policy import decide
from creatorpost.imaging.sniff import NeedMoreData, sniff
from creatorpost.server.errors import ApiError
from creatorpost.server.media.upload import FILE_FIELD

log = logging.getLogger("creatorpost.server.media")

# Refusal codes that mean "this is not a picture we can read as such" rather than "fix it".
_UNSUPPORTED = frozenset({"image.unsupported_format"})


def early_refusal(prefix: bytes, total: int, role: Role) -> Finding | None:
    try:
        facts = sniff(prefix, complete=False, total_bytes=total)
    except NeedMoreData:
        return None  # a header longer than the prefix: the full check below decides
    if facts.broken:
        return None
    decision = decide(facts, role_limits(role), FILE_FIELD)
    return decision.error


def checked(data: bytes, role: Role) -> Outcome:
    engine = PillowEngine()
    try:
        return process(engine, data, role, FILE_FIELD)
    except Exception:  # a decoder bug on a hostile file must still be a 422, not a 500
        log.warning("image check failed unexpectedly", exc_info=True,
                    extra={"event": "media.decode_failed", "bytes": len(data)})
        return Outcome(facts=sniff(data), decision=Decision(action="reject", findings=(broken(),)), image=None)


def broken() -> Finding:
    return error("image.broken", FILE_FIELD)


def api_error(finding: Finding) -> ApiError:
    status = 415 if finding.code in _UNSUPPORTED else 422
    params = dict(finding.params)
    for key in ("formats",):
        if isinstance(params.get(key), list):
            params[key] = ", ".join(str(v) for v in params[key])
    return ApiError(status, finding.code, field=FILE_FIELD, params=params)
