"""POST /api/media: receive one photo, re-check it with Pillow, apply the image policy, store it.

The endpoint never trusts the browser: a partner's site may send camera originals. The upload
is streamed to an anonymous temporary file with a byte cap (413 `upload.too_large` the moment
it is passed, before the rest is read); the header is sniffed from the first bytes so a bomb,
a too-small picture or a non-image is refused without decoding; only then is the file read
and handed to the same policy and Pillow engine the editor uses. Any failure of a bad file is
a coded 4xx, never a 500.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

from fastapi import APIRouter, Depends, Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from creatorpost.findings import Finding, error
from creatorpost.imaging.facts import Decision, Role
from creatorpost.imaging.limits import role_limits, upload_max_bytes
from creatorpost.imaging.pillow_engine import PillowEngine
from creatorpost.imaging.pipeline import Outcome, process
from creatorpost.imaging.policy import decide
from creatorpost.imaging.sniff import PREFIX_BYTES, NeedMoreData, sniff
from creatorpost.server.auth import Creator, current_creator
from creatorpost.server.deps import services
from creatorpost.server.errors import ApiError
from creatorpost.server.media_slots import MediaSlots
from creatorpost.server.uploads import record_media

log = logging.getLogger("creatorpost.server.media")

router = APIRouter()

FILE_FIELD = "file"
ROLE_FIELD = "role"
ROLES: tuple[Role, ...] = ("image", "banner")
# A form field other than the file is a word or two; anything longer is not ours.
_MAX_FIELD_BYTES = 64
# Refusal codes that mean "this is not a picture we can read as such" rather than "fix it".
_UNSUPPORTED = frozenset({"image.unsupported_format"})
_SPOOL_IN_MEMORY = 1024 * 1024


@router.post("/api/media", status_code=201)
async def upload_media(request: Request, creator: Creator = Depends(current_creator)) -> dict[str, Any]:
    """Store one image (multipart field `file`, optional `role` = image|banner) after re-checking it."""
    max_bytes = upload_max_bytes()
    svc = services(request)
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
        form = await _receive(request, spool, max_bytes)
        role = _role(form.fields.get(ROLE_FIELD))
        if not form.has_file:
            raise ApiError(422, "request.invalid", field=FILE_FIELD)
        # Refuse from the header alone when it already tells (bomb, too small, not an image).
        spool.seek(0)
        early = _early_refusal(spool.read(PREFIX_BYTES), form.file_bytes, role)
        if early is not None:
            raise _api_error(early)
        async with svc.media_slots.slot():
            if svc.settings.fault_inject == "media-decoding":
                await _hold_first_decode(svc.media_slots)
            spool.seek(0)
            data = spool.read()
            outcome = await run_in_threadpool(_checked, data, role)
            del data
    if outcome.image is None:
        error = outcome.error
        raise _api_error(error if error is not None else _broken())
    image = outcome.image
    media_id = await run_in_threadpool(svc.store.put, creator.id, image.data, image.format)
    await run_in_threadpool(record_media, svc.db, media_id, creator.id, image.format, image.width,
                            image.height, image.bytes)
    return {"id": media_id, "width": image.width, "height": image.height, "bytes": image.bytes,
            "format": image.format}


@dataclass
class _Form:
    fields: dict[str, str] = field(default_factory=dict)
    has_file: bool = False
    file_bytes: int = 0


class _TooLarge(Exception):
    pass


async def _receive(request: Request, spool: IO[bytes], max_bytes: int) -> _Form:
    """Stream the multipart body: the `file` part into `spool` (at most max_bytes), small fields kept."""
    content_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise ApiError(415, "request.unsupported_media_type", field=FILE_FIELD)
    form = _Form()
    part: dict[str, Any] = {}

    def on_part_begin() -> None:
        part.clear()
        part.update(header=b"", value=b"", headers={}, name=None, data=bytearray())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        part["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        part["value"] += data[start:end]

    def on_header_end() -> None:
        part["headers"][part["header"].lower()] = part["value"]
        part["header"], part["value"] = b"", b""

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(part["headers"].get(b"content-disposition"))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        part["name"] = name
        if name == FILE_FIELD:
            if form.has_file:
                raise ApiError(422, "request.invalid", field=FILE_FIELD)  # one photo per request
            form.has_file = True

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part["name"] == FILE_FIELD:
            form.file_bytes += end - start
            if form.file_bytes > max_bytes:
                raise _TooLarge
            spool.write(data[start:end])
        elif len(part["data"]) + end - start <= _MAX_FIELD_BYTES:
            part["data"] += data[start:end]
        else:
            raise ApiError(422, "request.invalid", field=part["name"] or None)

    def on_part_end() -> None:
        if part["name"] and part["name"] != FILE_FIELD:
            form.fields[part["name"]] = part["data"].decode("utf-8", "replace").strip()

    parser = MultipartParser(boundary, callbacks={
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end,
    })
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except _TooLarge:
        raise ApiError(413, "upload.too_large", field=FILE_FIELD, params={"max_bytes": max_bytes}) from None
    except (FormParserError, ValueError) as exc:
        raise ApiError(422, "request.invalid", field=FILE_FIELD) from exc
    return form


_held: list[bool] = []


async def _hold_first_decode(slots: MediaSlots) -> None:
    """Test hook: the first photo holds its slot until another upload waits, and says what it saw."""
    if _held:
        return
    _held.append(True)
    print(f"FAULT media-decoding decoding={slots.decoding}", flush=True)
    await asyncio.wait_for(slots.someone_waits(), timeout=30)
    print(f"FAULT media-queued decoding={slots.decoding} waiting={slots.waiting}", flush=True)


def _role(value: str | None) -> Role:
    if value is None or value == "":
        return "image"
    for role in ROLES:
        if value == role:
            return role
    raise ApiError(422, "request.invalid", field=ROLE_FIELD)


def _early_refusal(prefix: bytes, total: int, role: Role) -> Finding | None:
    try:
        facts = sniff(prefix, complete=False, total_bytes=total)
    except NeedMoreData:
        return None  # a header longer than the prefix: the full check below decides
    if facts.broken:
        return None
    decision = decide(facts, role_limits(role), FILE_FIELD)
    return decision.error


def _checked(data: bytes, role: Role) -> Outcome:
    engine = PillowEngine()
    try:
        return process(engine, data, role, FILE_FIELD)
    except Exception:  # a decoder bug on a hostile file must still be a 422, not a 500
        log.warning("image check failed unexpectedly", exc_info=True,
                    extra={"event": "media.decode_failed", "bytes": len(data)})
        return Outcome(facts=sniff(data), decision=Decision(action="reject", findings=(_broken(),)), image=None)


def _broken() -> Finding:
    return error("image.broken", FILE_FIELD)


def _api_error(finding: Finding) -> ApiError:
    status = 415 if finding.code in _UNSUPPORTED else 422
    params = dict(finding.params)
    for key in ("formats",):
        if isinstance(params.get(key), list):
            params[key] = ", ".join(str(v) for v in params[key])
    return ApiError(status, finding.code, field=FILE_FIELD, params=params)
