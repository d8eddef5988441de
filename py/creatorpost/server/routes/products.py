""""Get info": `GET /api/products/resolve?url=` and the demo catalog's pictures."""

from __future__ import annotations

import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from creatorpost import links
from creatorpost.server.errors import ApiError
from creatorpost.server.media.responses import stored_object
from creatorpost.server.products.images import URL_PREFIX
from creatorpost.server.products.provider import ProviderError
from creatorpost.server.services import services

router = APIRouter(tags=["products"])

_PRODUCT_IMAGE = re.compile(r"^[0-9]{6,20}\.png$")


@router.get("/api/products/resolve", summary="Product id, title, image, price and store for a pasted product link")
async def resolve(request: Request, url: str = Query(..., min_length=1, max_length=2048)) -> JSONResponse:
    svc = services(request)
    parsed = links.parse_product_link(url)
    product_id = parsed.product_id
    try:
        if product_id is None and parsed.needs_resolution:
            # The canonical link, not the pasted text: what was checked is what gets followed.
            product_id = await run_in_threadpool(svc.provider.resolve_short_link, parsed.url or "")
            if product_id is None:
                raise ApiError(404, "product.not_found", field="url")
        if product_id is None:
            raise ApiError(422, "product.not_a_link", field="url",
                           params={"reason": parsed.code or "", "forms": links.accepted_forms()})
        product = await run_in_threadpool(svc.provider.product, product_id)
    except ProviderError as failed:
        raise ApiError(failed.status, failed.code, field="url", params=failed.params) from None
    if product is None:
        raise ApiError(404, "product.not_found", field="url", params={"product_id": product_id})
    return JSONResponse(product.to_json(), headers={"Cache-Control": "private, max-age=300"})


@router.get(URL_PREFIX + "{name}", include_in_schema=False)
async def catalog_image(request: Request, name: str) -> Response:
    """A catalog picture from the media storage, as photos are answered (streamed or presigned)."""
    if not _PRODUCT_IMAGE.match(name):
        raise ApiError(404, "route.not_found")
    svc = services(request)
    return await stored_object(request, svc, svc.store.catalog_key(name), "image/png",
                               {"Cache-Control": "public, max-age=86400"}, not_found="route.not_found")
