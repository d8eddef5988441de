"""Which language a client reads (Accept-Language), and messages for codes in that language.

Messages come from the core's catalog (`creatorpost.messages`). A few HTTP-level codes that only
the endpoint produces have an English fallback here until the catalog carries them, so a client
never sees a bare code.
"""

from __future__ import annotations

from typing import Any

from creatorpost import messages

_ENDPOINT_FALLBACK: dict[str, str] = {
    "route.not_found": "There is nothing at this address.",
    "method.not_allowed": "This address does not accept that kind of request.",
    "request.not_acceptable": "The server cannot answer in a format the client accepts.",
    "request.conflict": "The request conflicts with the current state.",
    "request.unsupported_media_type": "The request body has a type this address does not accept.",
    "auth.forbidden": "This account may not do that.",
    "server.error": "Something went wrong on our side. Please try again later.",
    "moderation.banned_word": "The post contains a word that is not allowed: {word}.",
    "coupon.expired": "This coupon has expired.",
    "product.unavailable": "Product information is not available right now. Please try again later.",
}


def supported_languages() -> tuple[str, ...]:
    return tuple(messages.SUPPORTED_LANGS)


def request_language(header: str | None) -> str:
    """The best supported language in an Accept-Language header, by q-value; English otherwise."""
    if not header:
        return "en"
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, rest = piece.partition(";")
        quality = 1.0
        rest = rest.strip()
        if rest.startswith("q="):
            try:
                quality = float(rest[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if quality > 0 and primary:
            choices.append((-quality, index, primary))
    supported = supported_languages()
    for _, _, primary in sorted(choices):
        if primary in supported:
            return primary
    return "en"


def translate(code: str, params: dict[str, Any], lang: str) -> str:
    try:
        text = messages.message(code, params, lang)
    except (KeyError, LookupError):
        text = ""
    if text and text != code:
        return text
    fallback = _ENDPOINT_FALLBACK.get(code)
    if fallback is None:
        return text or code
    try:
        return fallback.format(**params)
    except (KeyError, IndexError, ValueError):
        return fallback
