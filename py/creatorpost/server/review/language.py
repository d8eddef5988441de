"""Which of our languages a post is written in, as far as its words tell: the desk's language filter.

A post carries no language (a creator may write Spanish in the English editor), so the queue guesses
from the words readers will see: Arabic and Cyrillic letters say Arabic and Russian; between the
Latin-script languages, the most frequent small words decide (articles, prepositions, pronouns,
the words every sentence has). Too few words, or a tie, is no guess (None): such posts show under
every language.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from creatorpost.server.review.moderation import texts

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 3

# Frequent words that, among these four, belong to one language only (or nearly: "a", "de", "que" are
# shared and left out).
_COMMON: dict[str, frozenset[str]] = {
    "en": frozenset("the and is are was this that with for you your my it of to in on have has be not but "
                    "they we all what so from at one".split()),
    "es": frozenset("el los las del y es está son muy pero para por con mi mis su sus una lo como más "
                    "este esta esto también cuando hay".split()),
    "pt": frozenset("o os do da dos das e é são muito mas para por com meu minha seu sua uma não como "
                    "mais este esta isso também quando tem em no na".split()),
    "fr": frozenset("le les du des et est sont très mais pour par avec mon ma mes son sa une pas comme "
                    "plus ce cette aussi quand il elle je nous vous dans sur".split()),
}


def _script_share(text: str) -> dict[str, int]:
    counts = {"arabic": 0, "cyrillic": 0, "latin": 0}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            counts["arabic"] += 1
        elif name.startswith("CYRILLIC"):
            counts["cyrillic"] += 1
        elif name.startswith("LATIN"):
            counts["latin"] += 1
    return counts


def guess_text_language(text: str) -> str | None:
    scripts = _script_share(text)
    letters = sum(scripts.values())
    if letters == 0:
        return None
    if scripts["arabic"] * 2 > letters:
        return "ar"
    if scripts["cyrillic"] * 2 > letters:
        return "ru"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    scores = {lang: sum(1 for w in words if w in common) for lang, common in _COMMON.items()}
    best = max(scores.values())
    leaders = [lang for lang, score in scores.items() if score == best]
    return leaders[0] if best > 0 and len(leaders) == 1 else None


def guess_post_language(post: dict[str, Any]) -> str | None:
    """The language of the words a reader sees in the post (title, introduction, body, captions; not tags)."""
    return guess_text_language("\n".join(text for field, text in texts(post) if not field.startswith("hashtags")))
