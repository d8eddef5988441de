"""Simple local product pictures for the demo catalog (flat colours and shapes, no text), drawn
with Pillow at start so that no demo URL points at another host, and kept in the media storage
(`catalog/<product_id>.png`, served at `/catalog/images/<product_id>.png`)."""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Iterable, Mapping
from typing import Any

from PIL import Image, ImageDraw

from creatorpost.server.media.files import CATALOG, MediaStore

SIZE = 480
URL_PREFIX = "/catalog/images/"

_PALETTES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "swimwear": ((255, 214, 165), (0, 150, 199)),
    "baby_kids": ((255, 236, 239), (255, 143, 171)),
    "home": ((237, 232, 208), (120, 144, 156)),
    "electronics": ((33, 37, 41), (0, 200, 255)),
    "beauty": ((252, 228, 236), (214, 51, 132)),
    "outdoor": ((220, 237, 200), (46, 125, 50)),
    "fashion": ((245, 245, 245), (94, 53, 177)),
    "accessories": ((255, 248, 225), (191, 144, 0)),
    "sports": ((227, 242, 253), (239, 83, 80)),
    "toys": ((255, 249, 196), (255, 112, 67)),
}


def image_name(product_id: str) -> str:
    return f"{product_id}.png"


def image_url(product_id: str) -> str:
    return URL_PREFIX + image_name(product_id)


def draw_product(product_id: str, category: str) -> Image.Image:
    background, accent = _PALETTES.get(category, ((240, 240, 240), (90, 90, 90)))
    seed = hashlib.sha256(product_id.encode()).digest()
    image = Image.new("RGB", (SIZE, SIZE), background)
    pen = ImageDraw.Draw(image)
    for i in range(3):
        x, y = 60 + seed[i] % 240, 60 + seed[i + 3] % 240
        r = 50 + seed[i + 6] % 70
        tint = tuple(min(255, max(0, c + (seed[i + 9] % 60) - 30)) for c in accent)
        box = (x - r // 2, y - r // 2, x + r, y + r)
        if seed[i + 12] % 3 == 0:
            pen.ellipse(box, fill=tint)
        elif seed[i + 12] % 3 == 1:
            pen.rectangle(box, fill=tint)
        else:
            pen.polygon([(box[0], box[3]), ((box[0] + box[2]) // 2, box[1]), (box[2], box[3])], fill=tint)
    return image


@functools.lru_cache(maxsize=256)
def product_png(product_id: str, category: str) -> bytes:
    """The picture as PNG bytes. The same for the same product, so drawn once per process: a process that
    starts endpoints on several new storages (the test suite) does not encode the catalog again each time."""
    buffer = io.BytesIO()
    draw_product(product_id, category).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_product_images(store: MediaStore, products: Iterable[Mapping[str, Any]]) -> int:
    """Draw the pictures the storage lacks (one listing, then one put each); how many were drawn. Several
    processes may start together on a new storage: each put is whole, the same picture whoever puts it last."""
    there = {stored.key for stored in store.storage.objects(CATALOG) if not stored.temporary}
    drawn = 0
    for product in products:
        key = store.catalog_key(image_name(product["id"]))
        if key in there:
            continue
        store.storage.put(key, product_png(product["id"], product.get("category", "")), "image/png")
        drawn += 1
    return drawn
