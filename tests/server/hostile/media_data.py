"""Photos the hostile tests upload (drawn here, no fixture files)."""

from __future__ import annotations

import io

import httpx
from PIL import Image


def photo(seed: int = 0, size: tuple[int, int] = (900, 600)) -> bytes:
    """A JPEG the image step keeps as it is (within 2000×2000, above 750×360); `seed` changes its bytes."""
    image = Image.merge("RGB", [Image.linear_gradient("L").resize(size),
                                Image.radial_gradient("L").resize(size),
                                Image.new("L", size, seed % 256)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def upload(client: httpx.Client, data: bytes, role: str = "image") -> str:
    answer = client.post("/api/media", files={"file": ("photo.jpg", data, "image/jpeg")}, data={"role": role})
    assert answer.status_code == 201, answer.text
    media_id: str = answer.json()["id"]
    return media_id
