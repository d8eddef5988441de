"""Answering with a stored object (a photo, a catalog picture), the way CREATORPOST_MEDIA_REDIRECT says:
streamed through the endpoint (a folder's file with sendfile, a bucket's object piece by piece), or a 302
to a short-lived presigned URL of the bucket. Whoever calls this has already decided that the caller may
see the object (routes/media.py): a presigned URL is handed only to them, and works for minutes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from creatorpost.server.errors import ApiError
from creatorpost.server.media.storage import Download
from creatorpost.server.middleware import HEAD_ONLY
from creatorpost.server.services import Services


async def stored_object(request: Request, svc: Services, key: str, content_type: str,
                        headers: Mapping[str, str], not_found: str) -> Response:
    storage = svc.store.storage
    settings = svc.settings
    if settings.media_redirect == "presigned":
        url = await run_in_threadpool(storage.presigned_url, key, settings.media_presigned_seconds)
        if url is not None:
            # Not kept by anyone: who may see the object can change; the URL it leads to is the same for a while,
            # so the browser's copy of the bytes is reused.
            vary = {"Vary": headers["Vary"]} if "Vary" in headers else {}
            return Response(status_code=302, headers={"Location": url, "Cache-Control": "no-store", **vary})
    path = await run_in_threadpool(storage.local_file, key)
    if path is not None:
        return FileResponse(path, media_type=content_type, headers=dict(headers))
    if request.scope.get(HEAD_ONLY):  # the size is all a HEAD needs: no download
        size = await run_in_threadpool(storage.size, key)
        if size is None:
            raise ApiError(404, not_found)
        return Response(media_type=content_type, headers={**headers, "Content-Length": str(size)})
    download = await run_in_threadpool(storage.open, key)
    if download is None:
        raise ApiError(404, not_found)
    return StreamingResponse(_pieces(download), media_type=content_type,
                             headers={**headers, "Content-Length": str(download.size)})


async def _pieces(download: Download) -> AsyncIterator[bytes]:
    """The download's pieces, each read in a worker thread; closed however the response ends (a client
    that hangs up included)."""
    try:
        while (piece := await run_in_threadpool(next, download.chunks, None)) is not None:
            yield piece
    finally:
        download.close()
