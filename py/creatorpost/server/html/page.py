"""The frame of every server-rendered page, and `e`: the one function that escapes user text.

Pages load nothing from another host: styles are inline, pictures come from this origin. A page
with a video may frame one origin (`[videos] embed_origin`), and only after the reader clicks
play: it carries one small script, allowed by its hash, that swaps the play button for the player.
`render_document` is a pure function of the `Document`, so a page can be cached as text.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass

from fastapi.responses import HTMLResponse

from creatorpost.ui_text import direction, ui_text

_STYLE = """
:root{--ink:#1d1d1f;--muted:#5a5e63;--line:#d9dbe0;--accent:#b3261e;--page:#f5f6f8;color:var(--ink);
background:var(--page);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif}
*{box-sizing:border-box}body{margin:0}a{color:#0b57d0}
:focus-visible{outline:3px solid #1a56c4;outline-offset:2px}
.site{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.7rem 1rem;background:#fff;
border-block-end:1px solid var(--line)}.site a{color:var(--ink);font-weight:700;text-decoration:none}
main{max-width:46rem;margin:0 auto;padding:1rem 1rem 3rem;overflow-wrap:anywhere}
main.wide{max-width:72rem}
img{max-width:100%;height:auto}
.banner{display:block;width:100%;aspect-ratio:2/1;object-fit:cover;border-radius:12px}
h1{font-size:1.6rem;line-height:1.25;margin:.8rem 0 .3rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.byline,.muted{color:var(--muted);margin:0 0 1rem}.intro{font-size:1.1rem;font-weight:600}
.tags{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0;padding:0;list-style:none}
.tags li{background:#e8f0fe;color:#174ea6;border-radius:999px;padding:.1rem .6rem;font-size:.9rem}
figure{margin:1rem 0}figure img{display:block;border-radius:10px}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.3rem}
.product{display:flex;gap:.8rem;align-items:center;margin:1rem 0;padding:.6rem;border:1px solid var(--line);
border-radius:10px;background:#fff}.product img{width:96px;height:96px;object-fit:cover;border-radius:8px;flex:none}
.product p{margin:.1rem 0}.price{font-weight:700;color:var(--accent)}.store{color:var(--muted);font-size:.9rem}
.play{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:.6rem;width:100%;
aspect-ratio:16/9;border:0;border-radius:12px;background:#111;color:#fff;font:inherit;font-weight:700;cursor:pointer}
.play-icon{display:grid;place-items:center;width:4rem;height:4rem;border-radius:50%;background:#c4302b;font-size:1.5rem}
.player{display:block;width:100%;aspect-ratio:16/9;border:0;border-radius:12px}
.coupons{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
.coupon{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.6rem .9rem;
border:1px dashed var(--accent);border-radius:10px;background:#fff5f2}.coupon p{margin:0}
.worth{font-weight:700;color:#8c1d00}.get{flex:none;padding:.35rem 1.1rem;border-radius:999px;background:var(--accent);
color:#fff;font-weight:700;text-decoration:none}
.share ul{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0;list-style:none}
.share a{display:inline-block;padding:.35rem .9rem;border:1px solid var(--line);border-radius:999px;background:#fff;
color:var(--ink);text-decoration:none;font-weight:600}
@media (max-width:899px){.desktop-only{display:none}}
.qr{display:flex;align-items:center;gap:1rem;margin:1.5rem 0}.qr svg{width:120px;height:120px;flex:none;background:#fff}
.qr p{margin:0}
.cards{list-style:none;margin:1rem 0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
.card{display:flex;flex-direction:column;overflow:hidden;border:1px solid var(--line);border-radius:12px;background:#fff}
.card img,.card .no-picture{display:block;width:100%;aspect-ratio:2/1;object-fit:cover;border-radius:0}
.card .no-picture{background:#e9eaee}
.card-body{display:flex;flex-direction:column;flex:1;gap:.35rem;padding:.7rem .9rem .9rem}
.card .qr{margin:auto 0 0;padding-top:.5rem}.card h2{font-size:1.05rem;margin:0}
.card p{margin:0}.card .tags{margin:0}.card time{color:var(--muted);font-size:.9rem}
.card .actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.3rem}
.button{display:inline-block;padding:.45rem 1rem;border-radius:8px;background:var(--accent);color:#fff;
font-weight:700;text-decoration:none}
.profile{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:1rem;padding:1rem;
border:1px solid var(--line);border-radius:12px;background:#fff}.profile h1{margin:0}.profile p{margin:.2rem 0 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.pager{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:1rem}
"""

PLAYER_SCRIPT = (
    'document.addEventListener("click",function(event){'
    'var button=event.target.closest("button[data-player]");if(!button)return;'
    'var frame=document.createElement("iframe");frame.src=button.getAttribute("data-player");'
    'frame.title=button.getAttribute("data-title");frame.className="player";'
    'frame.allow="autoplay; encrypted-media; picture-in-picture; fullscreen";'
    'frame.setAttribute("allowfullscreen","");button.replaceWith(frame);frame.focus();});'
)
PLAYER_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(PLAYER_SCRIPT.encode()).digest()).decode()
# Readers' pages are never framed by anyone (clickjacking), videos aside they run no script.
BASE_POLICY = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; "
               "form-action 'none'; frame-ancestors 'none'")


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def words_with(key: str, lang: str, slot: str, markup: str) -> str:
    """Screen words of `key` with one slot filled by markup (a link, an isolated name), the rest escaped."""
    return e(ui_text(key, lang, **{slot: "\ue000"})).replace("\ue000", markup)


@dataclass(frozen=True)
class Document:
    """A page for readers: everything `render_document` needs, nothing it must look up."""

    title: str
    main: str  # the markup inside <main>, already escaped
    lang: str = "en"
    meta: tuple[tuple[str, str, str], ...] = ()  # (attribute, key, content): ("property", "og:title", "…")
    canonical: str = ""
    video_origin: str = ""  # set on pages with a video: the one origin they may frame
    wide: bool = False

    @property
    def content_security_policy(self) -> str:
        if not self.video_origin:
            return BASE_POLICY
        return f"{BASE_POLICY}; script-src '{PLAYER_SCRIPT_HASH}'; frame-src {self.video_origin}"


def render_document(document: Document) -> str:
    lang = document.lang
    head = [f'<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
            f"<title>{e(document.title)}</title>"]
    head += [f'<meta {attribute}="{e(key)}" content="{e(content)}">' for attribute, key, content in document.meta]
    if document.canonical:
        head.append(f'<link rel="canonical" href="{e(document.canonical)}">')
    head.append(f"<style>{_STYLE}</style>")
    script = f"<script>{PLAYER_SCRIPT}</script>" if document.video_origin else ""
    main_class = ' class="wide"' if document.wide else ""
    return (f'<!doctype html><html lang="{e(lang)}" dir="{direction(lang)}"><head>{"".join(head)}</head><body>'
            f'<header class="site"><a href="/">{e(ui_text("app.name", lang))}</a>'
            f'<a href="/examples?lang={e(lang)}">{e(ui_text("app.examples", lang))}</a></header>'
            f"<main{main_class}>{document.main}</main>{script}</body></html>")


def document_headers(document: Document) -> dict[str, str]:
    """The headers that belong to the page itself, whoever answers with it (cached or not)."""
    return {"Content-Security-Policy": document.content_security_policy, "Content-Language": document.lang,
            "Referrer-Policy": "strict-origin-when-cross-origin",  # other sites learn our origin, never the page
            "X-Content-Type-Options": "nosniff"}


def respond(document: Document, status: int = 200) -> HTMLResponse:
    return HTMLResponse(render_document(document), status_code=status,
                        headers={**document_headers(document), "Cache-Control": "no-cache"})


def page(title: str, body: str, lang: str = "en", status: int = 200) -> HTMLResponse:
    """A plain page (a not-found message, say) in the reader's language."""
    return respond(Document(title=title, main=body, lang=lang), status)
