"""One form field on the page: its input, its live counter and the message shown next to it.

The pattern every field follows: while a finding stands, the message is text beside the
input, the input points at it with aria-describedby, and an error sets aria-invalid.
"""

from dataclasses import dataclass
from typing import Any

import js  # type: ignore[import-not-found]

from creatorpost.browser.dom import by_id, set_flag

_SEVERITY_ORDER = {"error": 0, "warning": 1, "tip": 2}


@dataclass(frozen=True)
class Shown:
    """A finding as the creator reads it."""

    severity: str
    text: str


@dataclass
class TextField:
    name: str
    input: Any
    message: Any
    counter: Any | None
    hint_id: str | None

    @classmethod
    def bind(cls, name: str, *, counted: bool = False) -> "TextField":
        hint = f"{name}-hint"
        return cls(
            name=name,
            input=by_id(name),
            message=by_id(f"{name}-message"),
            counter=by_id(f"{name}-counter") if counted else None,
            hint_id=hint if js.document.getElementById(hint) is not None else None,
        )

    @property
    def value(self) -> str:
        return str(self.input.value)

    def show_count(self, count: int, limit: int) -> None:
        if self.counter is None:
            return
        self.counter.textContent = f"{count}/{limit}"
        set_flag(self.counter, "data-over", count > limit)

    def show(self, shown: list[Shown]) -> None:
        """Show the most serious finding (errors first) or clear the field."""
        first = min(shown, key=lambda s: _SEVERITY_ORDER.get(s.severity, 9), default=None)
        described = [self.hint_id] if self.hint_id else []
        if first is None:
            self.message.hidden = True
            self.message.textContent = ""
            self.message.removeAttribute("data-severity")
        else:
            self.message.textContent = first.text
            self.message.setAttribute("data-severity", first.severity)
            self.message.hidden = False
            described.append(self.message.id)
        set_flag(self.input, "aria-invalid", first is not None and first.severity == "error")
        if described:
            self.input.setAttribute("aria-describedby", " ".join(described))
        else:
            self.input.removeAttribute("aria-describedby")
