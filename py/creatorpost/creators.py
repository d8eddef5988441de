"""Who is writing: the creator's level and the stores they collaborate with.

Levels come from the help page, lowest first; the platform recomputes them monthly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Level(str, Enum):
    BASIC = "basic"
    AMATEUR = "amateur"
    JUNIOR = "junior"
    INTERMEDIATE = "intermediate"
    SENIOR = "senior"
    PROFESSIONAL = "professional"

    @property
    def rank(self) -> int:
        """0 for Basic up to 5 for Professional."""
        return _RANKS[self]

    def at_least(self, other: Level) -> bool:
        return self.rank >= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank


_RANKS: dict[Level, int] = {level: rank for rank, level in enumerate(Level)}


@dataclass(frozen=True)
class CreatorContext:
    """What validation needs to know about the creator (the endpoint reads it from the account)."""

    level: Level
    store_ids: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_json(cls, data: Any) -> CreatorContext | None:
        """`{"level": "junior", "store_ids": ["912345678"]}` as used by the test vectors; None stays None."""
        if data is None:
            return None
        if not isinstance(data, dict):
            raise ValueError("creator context must be an object")
        store_ids = data.get("store_ids", [])
        if not isinstance(store_ids, list) or not all(isinstance(s, str) for s in store_ids):
            raise ValueError("store_ids must be a list of strings")
        return cls(level=Level(data["level"]), store_ids=frozenset(store_ids))

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level.value, "store_ids": sorted(self.store_ids)}
