"""Undo and redo over snapshots of the editor document.

Typing into one field makes one undo step, not one per key: consecutive records with the
same `group` replace the newest step instead of adding one.
"""

from dataclasses import dataclass, field


@dataclass
class History:
    current: str
    limit: int = 200
    _past: list[str] = field(default_factory=list)
    _future: list[str] = field(default_factory=list)
    _group: str | None = None

    def record(self, snapshot: str, group: str | None = None) -> None:
        if snapshot == self.current:
            return
        if group is None or group != self._group or not self._past:
            self._past.append(self.current)
            del self._past[: -self.limit]
        elif snapshot == self._past[-1]:
            # The running edit was taken back by hand (typed, then erased): drop its step, or
            # the next Undo would change nothing.
            self._past.pop()
            group = None
        self.current = snapshot
        self._future.clear()
        self._group = group

    def seal(self) -> None:
        """End the running group: the next change starts a new undo step."""
        self._group = None

    @property
    def can_undo(self) -> bool:
        return bool(self._past)

    @property
    def can_redo(self) -> bool:
        return bool(self._future)

    def undo(self) -> str | None:
        if not self._past:
            return None
        self._future.append(self.current)
        self.current = self._past.pop()
        self._group = None
        return self.current

    def redo(self) -> str | None:
        if not self._future:
            return None
        self._past.append(self.current)
        self.current = self._future.pop()
        self._group = None
        return self.current
