"""Reading one photo from a multipart body as it streams in: the file part into a spool (with a
byte cap: 413 `upload.too_large` the moment it is passed, before the rest is read), the few small
fields kept. Anything that is not one photo in a well-formed form is a coded 4xx, and a form with
more parts or longer part headers than a photo needs is refused at the first one too many, before
the rest is parsed (a body of 400,000 tiny fields cost 7 s of CPU to parse whole)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from creatorpost.server.errors import ApiError

FILE_FIELD = "file"
# What a form that carries one photo needs (HTTP framing, not a rule a creator meets): the file and
# its role, with room for a client that adds a field or two; a field other than the file is a word
# or two; a part's headers are a Content-Disposition and a Content-Type.
MAX_PARTS = 8
_MAX_FIELD_BYTES = 64
_MAX_PART_HEADER_BYTES = 2048
_CLOSE = {"Connection": "close"}  # the rest of the body is never read


@dataclass
class UploadForm:
    fields: dict[str, str] = field(default_factory=dict)
    has_file: bool = False
    file_bytes: int = 0


class _TooLarge(Exception):
    pass


async def receive_upload(request: Request, spool: IO[bytes], max_bytes: int) -> UploadForm:
    """Stream the multipart body: the `file` part into `spool` (at most max_bytes), small fields kept."""
    content_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise ApiError(415, "request.unsupported_media_type", field=FILE_FIELD)
    form = UploadForm()
    part: dict[str, Any] = {}
    parts = 0

    def on_part_begin() -> None:
        nonlocal parts
        parts += 1
        if parts > MAX_PARTS:
            raise ApiError(422, "upload.too_many_parts", field=FILE_FIELD, params={"max_parts": MAX_PARTS},
                           headers=_CLOSE)
        part.clear()
        part.update(header=b"", value=b"", headers={}, name=None, data=bytearray(), header_bytes=0)

    def _header_bytes(count: int) -> None:
        part["header_bytes"] += count
        if part["header_bytes"] > _MAX_PART_HEADER_BYTES:
            raise ApiError(422, "request.invalid", field=FILE_FIELD, headers=_CLOSE)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        _header_bytes(end - start)
        part["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        _header_bytes(end - start)
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

    callbacks = {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end,
    }
    try:
        parser = MultipartParser(boundary, callbacks=callbacks)  # type: ignore[arg-type]
    except (FormParserError, ValueError):  # a boundary the parser does not take (longer than 256 bytes)
        raise ApiError(415, "request.unsupported_media_type", field=FILE_FIELD) from None
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except _TooLarge:
        raise ApiError(413, "upload.too_large", field=FILE_FIELD, params={"max_bytes": max_bytes}) from None
    except (FormParserError, ValueError) as exc:
        raise ApiError(422, "request.invalid", field=FILE_FIELD) from exc
    return form
