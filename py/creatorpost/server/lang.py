"""Which language a client reads (Accept-Language), and messages for codes in that language.

Messages come from the core's catalog (`creatorpost.messages`), endpoint codes included: a test
checks that every code the endpoint can answer with has a message in every language.
"""

from __future__ import annotations

from typing import Any

from creatorpost import messages

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
    return messages.message(code, params, lang)
