"""Simple local product pictures for the demo catalog (flat colours and shapes, no text), drawn
with Pillow at seed time so that no demo URL points at another host."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

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


def image_url(product_id: str) -> str:
    return f"{URL_PREFIX}{product_id}.png"


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


def ensure_product_images(folder: Path, products: Iterable[Mapping[str, Any]]) -> None:
    """Draw the pictures that are missing. Several processes may start together on a new data folder:
    each draws into a temporary file of its own and renames it into place, so whichever rename comes
    last leaves the same picture, and a picture already there is success."""
    folder.mkdir(parents=True, exist_ok=True)
    for product in products:
        target = folder / f"{product['id']}.png"
        if target.is_file():
            continue
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{product['id']}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                draw_product(product["id"], product.get("category", "")).save(handle, format="PNG", optimize=True)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
