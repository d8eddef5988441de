"""Which language a client reads (its Accept-Language header), and messages for codes in that language.

Messages come from the core's catalog (`creatorpost.messages`), endpoint codes included: a test
checks that every code the endpoint can answer with has a message in every language.
"""

from __future__ import annotations

from typing import Any

from creatorpost import messages
from creatorpost.languages import accept_language, pick_language


def request_language(header: str | None) -> str:
    """The best supported language in an Accept-Language header, by q-value; English otherwise."""
    return pick_language(accept_language(header))


def translate(code: str, params: dict[str, Any], lang: str) -> str:
    return messages.message(code, params, lang)
