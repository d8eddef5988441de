"""Media: `POST /api/media` receives one photo, re-checks it, applies the image policy and stores
it; `GET /media/{id}` serves the stored bytes.

The endpoint never trusts the browser: a partner's site may send camera originals. The upload
is streamed to an anonymous temporary file with a byte cap (`creatorpost.server.media.upload`);
the header is sniffed from the first bytes so a bomb, a too-small picture or a non-image is
refused without decoding; only then is the file read and handed to the same policy and Pillow
engine the editor uses (`creatorpost.server.media.checks`). Any failure of a bad file is a coded
4xx, never a 500.

Only a photo that passed is stored (`media/files.py`: a folder or a bucket, whole or not at all, a large
one in parts), and only once it is stored does it get its row: a crash leaves no row without its bytes.
A stored photo gets a random id; the same bytes from the same creator again give the id they got
the first time (content hash, `store/media.py`). `GET /media/{id}` serves a photo to anyone while the
published revision of a live post shows it, and to its owner (their bearer token) otherwise; to anyone
else it does not exist (404), so nobody can learn whether a creator uploaded a given photo.
"""

from __future__ import annotations

import hashlib
import tempfile
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response
from starlette.concurrency import run_in_threadpool

from creatorpost.imaging.facts import Role
from creatorpost.imaging.limits import upload_max_bytes
from creatorpost.imaging.sniff import PREFIX_BYTES
from creatorpost.server import faults
from creatorpost.server.auth import Creator, current_creator, optional_creator
from creatorpost.server.errors import ApiError
from creatorpost.server.media.checks import api_error, broken, checked, early_refusal
from creatorpost.server.media.files import content_type, is_media_id, new_media_id
from creatorpost.server.media.responses import stored_object
from creatorpost.server.media.upload import FILE_FIELD, receive_upload
from creatorpost.server.services import services
from creatorpost.server.store.media import media_by_content, media_row, record_media, shown_on_a_published_post

router = APIRouter(tags=["media"])

ROLE_FIELD = "role"
ROLES: tuple[Role, ...] = ("image", "banner")
_SPOOL_IN_MEMORY = 1024 * 1024


@router.post("/api/media", status_code=201)
async def upload_media(request: Request, creator: Creator = Depends(current_creator)) -> dict[str, Any]:
    """Store one image (multipart field `file`, optional `role` = image|banner) after re-checking it."""
    max_bytes = upload_max_bytes()
    svc = services(request)
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
        form = await receive_upload(request, spool, max_bytes)
        role = _role(form.fields.get(ROLE_FIELD))
        if not form.has_file:
            raise ApiError(422, "request.invalid", field=FILE_FIELD)
        # Refuse from the header alone when it already tells (bomb, too small, not an image).
        spool.seek(0)
        early = early_refusal(spool.read(PREFIX_BYTES), form.file_bytes, role)
        if early is not None:
            raise api_error(early)
        async with svc.media_slots.slot():
            if svc.settings.fault_inject == "media-decoding":
                await faults.hold_first_decode(svc.media_slots)
            spool.seek(0)
            data = spool.read()
            outcome = await run_in_threadpool(checked, data, role)
            del data
    if outcome.image is None:
        error = outcome.error
        raise api_error(error if error is not None else broken())
    image = outcome.image
    content = hashlib.sha256(image.data).hexdigest()
    row = await run_in_threadpool(media_by_content, svc.db, creator.id, content)
    if row is None:
        # The object first, then its row: a crash in between leaves an object without a row, which the
        # sweep removes; never a row without its object.
        media_id = new_media_id()
        await run_in_threadpool(svc.store.put, creator.id, media_id, image.data, image.format)
        if svc.settings.fault_inject == "media-before-row":
            faults.hang_before_media_row(media_id)
        row = await run_in_threadpool(record_media, svc.db, media_id, creator.id, image.format, image.width,
                                      image.height, image.bytes, content)
        if row.id != media_id:  # the same photo, uploaded at the same moment, was stored first
            await run_in_threadpool(svc.store.delete, creator.id, media_id, image.format)
    return {"id": row.id, "width": row.width, "height": row.height, "bytes": row.bytes, "format": row.format}


def _role(value: str | None) -> Role:
    if value is None or value == "":
        return "image"
    for role in ROLES:
        if value == role:
            return role
    raise ApiError(422, "request.invalid", field=ROLE_FIELD)


@router.get("/media/{media_id}", include_in_schema=False)
async def media_file(request: Request, media_id: str,
                     creator: Creator | None = Depends(optional_creator)) -> Response:
    """The stored bytes: to anyone while a published revision of a live post shows them, otherwise to
    their owner only (`Authorization`); to anyone else the id does not exist (404, the same as an id
    never issued). The bytes of an id never change, but whether readers may see them does (a post
    deleted, an update that drops the photo published): public copies are revalidated on every use
    (ETag), so a shared cache stops serving them at once; the owner's browser may keep its own. Sent
    streamed or as a 302 to a presigned URL of the bucket (`media/responses.py`)."""
    svc = services(request)
    row = await run_in_threadpool(media_row, svc.db, media_id) if is_media_id(media_id) else None
    if row is None:
        raise ApiError(404, "media.not_found")
    own = creator is not None and creator.id == row.creator_id
    public = await run_in_threadpool(shown_on_a_published_post, svc.db, row.id)
    if not (own or public):
        raise ApiError(404, "media.not_found")
    headers = {
        "ETag": f'"{row.id}"',
        "Cache-Control": "public, no-cache" if public else "private, max-age=31536000, immutable",
        "Vary": "Authorization",
        # Bytes are only ever shown as a picture: never sniffed, never run, never a document.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        # Published pictures may appear on other sites (apps, partners); a creator's unpublished ones may not.
        "Cross-Origin-Resource-Policy": "cross-origin" if public else "same-origin",
    }
    if request.headers.get("if-none-match", "").strip() in {f'"{row.id}"', f'W/"{row.id}"'}:
        return Response(status_code=304, headers=headers)
    return await stored_object(request, svc, svc.store.key(row.creator_id, row.id, row.format),
                               content_type(row.format), headers, not_found="media.not_found")
