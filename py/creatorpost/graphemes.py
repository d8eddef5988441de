"""Count characters as a person counts them: extended grapheme clusters (UAX #29).

An emoji with skin tone, a family joined by ZWJ, a flag, a Hangul syllable typed as jamo,
a Devanagari conjunct: each is one. The break properties come from the generated
`_grapheme_table` (not from `unicodedata`, whose Unicode version differs between CPython
3.11 and 3.14), so the browser and the endpoint always agree; tests compare with the
browser engine's `Intl.Segmenter`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from creatorpost import _grapheme_table as t

_STARTS = t.STARTS
_VALUES = t.VALUES
_MASK = t.GCB_MASK
_CONTROLS = frozenset({t.CR, t.LF, t.CONTROL})
_EXTENDS = frozenset({t.EXTEND, t.ZWJ, t.SPACINGMARK})
_HANGUL_AFTER_L = frozenset({t.L, t.V, t.LV, t.LVT})
_HANGUL_V_SIDE = frozenset({t.LV, t.V})
_HANGUL_T_SIDE = frozenset({t.LVT, t.T})
_HANGUL_AFTER_V = frozenset({t.V, t.T})

# GB9c progress: a consonant, then extends and linkers; a linker seen after the consonant.
_INCB_NONE, _INCB_CONSONANT, _INCB_LINKED = 0, 1, 2
_ASTRAL = 0x10000

UNICODE_DATA = t.UNICODE_DATA


def _value(cp: int) -> int:
    return _VALUES[bisect_right(_STARTS, cp) - 1]


@cache
def _special() -> re.Pattern[str]:
    """Runs of code points that may take part in a joining rule (compiled on the first non-ASCII
    text, tens of ms).

    A code point with value 0 (Grapheme_Cluster_Break Other, no flag) always starts a cluster
    unless a Prepend precedes it, and it resets every look-back state; so runs of them are
    skipped at regex speed and only the rest goes through the rules one by one. Every code
    point above the BMP counts as special: one range keeps the character class a fast
    lookup table (mostly emoji up there, which are special anyway).
    """
    ranges = []
    for index, (start, value) in enumerate(zip(_STARTS, _VALUES)):
        if value and start < _ASTRAL:
            last = min(_STARTS[index + 1] - 1 if index + 1 < len(_STARTS) else 0x10FFFF, _ASTRAL - 1)
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(last))}")
    ranges.append(f"{chr(_ASTRAL)}-{chr(0x10FFFF)}")
    return re.compile("[" + "".join(ranges) + "]+")


def _boundaries(text: str) -> list[int]:
    """Offsets (in code points) where a new cluster starts, the first one being 0."""
    starts: list[int] = []
    prev = -1  # Grapheme_Cluster_Break of the previous code point; -1 at the start of text
    in_pict = False  # inside ExtPict Extend* (GB11, before the ZWJ)
    pict_zwj = False  # previous code point is the ZWJ of ExtPict Extend* ZWJ
    ri_odd = False  # an odd number of regional indicators precede (GB12/13)
    incb = _INCB_NONE
    pos, end = 0, len(text)
    search = _special().search
    # Locals: this loop runs per code point of emoji-heavy text.
    CR, LF, L, T, PREPEND, ZWJ, EXTEND, RI = t.CR, t.LF, t.L, t.T, t.PREPEND, t.ZWJ, t.EXTEND, t.REGIONAL_INDICATOR
    CONSONANT, LINKER, INCB_EXTEND, EXT_PICT = t.INCB_CONSONANT, t.INCB_LINKER, t.INCB_EXTEND, t.EXT_PICT
    values, range_starts, mask = _VALUES, _STARTS, _MASK
    while pos < end:
        run = search(text, pos)
        plain_end = run.start() if run else end
        if plain_end > pos:
            starts.extend(range(pos + 1 if prev == PREPEND else pos, plain_end))
            prev, in_pict, pict_zwj, ri_odd, incb = t.OTHER, False, False, False, _INCB_NONE
        if run is None:
            break
        for i in range(run.start(), run.end()):
            value = values[bisect_right(range_starts, ord(text[i])) - 1]
            gcb = value & mask
            if prev == -1:
                brk = True
            elif prev == CR and gcb == LF:
                brk = False  # GB3
            elif prev in _CONTROLS or gcb in _CONTROLS:
                brk = True  # GB4, GB5
            elif prev == L and gcb in _HANGUL_AFTER_L:
                brk = False  # GB6
            elif prev in _HANGUL_V_SIDE and gcb in _HANGUL_AFTER_V:
                brk = False  # GB7
            elif prev in _HANGUL_T_SIDE and gcb == T:
                brk = False  # GB8
            elif gcb in _EXTENDS or prev == PREPEND:
                brk = False  # GB9, GB9a, GB9b
            elif incb == _INCB_LINKED and value & CONSONANT:
                brk = False  # GB9c
            elif pict_zwj and value & EXT_PICT:
                brk = False  # GB11
            elif prev == RI and gcb == RI and ri_odd:
                brk = False  # GB12, GB13
            else:
                brk = True  # GB999
            if brk:
                starts.append(i)

            # State for the rules that look further back than one code point.
            if value & EXT_PICT:
                pict_zwj, in_pict = False, True
            elif gcb == ZWJ:
                pict_zwj, in_pict = in_pict, False
            elif gcb == EXTEND:
                pict_zwj = False
            else:
                pict_zwj = in_pict = False
            ri_odd = (not ri_odd) if gcb == RI else False
            if value & CONSONANT:
                incb = _INCB_CONSONANT
            elif incb != _INCB_NONE and value & (LINKER | INCB_EXTEND):
                incb = _INCB_LINKED if value & LINKER else incb
            else:
                incb = _INCB_NONE
            prev = gcb
        pos = run.end()
    return starts


def count_graphemes(text: str) -> int:
    """The number of user-perceived characters in `text`."""
    if text.isascii():
        # In ASCII only CR LF joins; every other code point is a cluster of its own.
        return len(text) - text.count("\r\n")
    return len(_boundaries(text))


def split_graphemes(text: str) -> list[str]:
    """`text` cut into user-perceived characters."""
    starts = _boundaries(text)
    ends = starts[1:] + [len(text)]
    return [text[a:b] for a, b in zip(starts, ends)]


def at_most(text: str, limit: int) -> bool:
    """True when `text` has at most `limit` graphemes (cheap when the code point count decides)."""
    if len(text) <= limit:
        return True
    return count_graphemes(text) <= limit


def length_over(text: str, limit: int, code_points_per_character: int) -> int | None:
    """None when `text` has at most `limit` graphemes, else the length to tell the writer.

    Counting costs per code point, so a text of more than `limit * code_points_per_character` code
    points is over the limit without being counted, and its length shown is its code point count."""
    if len(text) <= limit:
        return None
    if len(text) > limit * code_points_per_character:
        return len(text)
    length = count_graphemes(text)
    return length if length > limit else None


split = split_graphemes
