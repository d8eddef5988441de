"""QR codes as inline SVG, so a reader's phone can open a page (no image request, no other host)."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
import qrcode.image.svg

from creatorpost.server.html.page import e


@lru_cache(maxsize=256)  # ~8 KB each; a page's six languages, and the examples page, share their codes
def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8").replace(' id="qr-path"', "")  # a page may hold several codes
    return svg[svg.index("<svg"):] if "<svg" in svg else svg


def qr_figure(url: str, label: str, caption: str) -> str:
    """The code as one image with a name (`label`) for screen readers, and a visible caption."""
    svg = qr_svg(url).replace("<svg", '<svg aria-hidden="true" focusable="false"', 1)
    return (f'<figure class="qr"><div role="img" aria-label="{e(label)}">{svg}</div>'
            f'<figcaption>{e(caption)}</figcaption></figure>')
