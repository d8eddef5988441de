"""The frame of every server-rendered page, and `e`: the one function that escapes user text.

Pages load nothing from another host: styles are inline, pictures come from this origin.
"""

from __future__ import annotations

import html

from fastapi.responses import HTMLResponse

from creatorpost.ui_text import direction

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:720px;padding:1rem;color:#222}
img{max-width:100%;height:auto}.banner{width:100%;border-radius:8px}
.card{display:flex;gap:1rem;border:1px solid #ddd;border-radius:8px;padding:.75rem;margin:1rem 0}
.card img{width:96px;height:96px;object-fit:cover}.price{font-weight:600}
.coupon{display:flex;justify-content:space-between;align-items:center;border:1px dashed #e62e04;
border-radius:8px;padding:.5rem 1rem;margin:.5rem 0}.get{background:#e62e04;color:#fff;padding:.3rem 1rem;
border-radius:4px;text-decoration:none}.tags span{margin-right:.5rem;color:#555}.qr svg{width:140px;height:140px}
"""


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: str, lang: str = "en", status: int = 200) -> HTMLResponse:
    document = (f'<!doctype html><html lang="{e(lang)}" dir="{direction(lang)}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width,initial-scale=1">'
                f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>")
    return HTMLResponse(document, status_code=status, headers={
        "Content-Security-Policy": "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"})
