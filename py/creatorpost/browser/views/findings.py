"""Findings shown next to their fields: the pattern every field follows.

A finding's field path (`title`, `hashtags.3`, `blocks.2.caption`) is looked up as a message
element `<p class="message" id="{key}-message">` where key is the path with dots as dashes,
dropping trailing parts until one exists. The control with id `{key}` (when it is a form
field) gets aria-describedby pointing at the message, and aria-invalid while it is an error.
"""

from dataclasses import dataclass
from typing import Any

import js

from creatorpost.browser.dom import maybe_id, real, set_flag

SEVERITY_ORDER = {"error": 0, "warning": 1, "tip": 2}
_FORM_CONTROLS = {"INPUT", "TEXTAREA", "SELECT"}


@dataclass(frozen=True)
class Shown:
    field: str
    severity: str
    text: str


def target_key(field: str) -> str | None:
    parts = field.split(".") if field else []
    while parts:
        key = "-".join(parts)
        if maybe_id(f"{key}-message") is not None:
            return key
        parts.pop()
    return None


def render(shown: list[Shown]) -> list[Shown]:
    """Show each message element's most serious finding; returns those with no place on the page."""
    by_key: dict[str, Shown] = {}
    homeless: list[Shown] = []
    for item in sorted(shown, key=lambda s: SEVERITY_ORDER.get(s.severity, 9)):
        key = target_key(item.field)
        if key is None:
            homeless.append(item)
        else:
            by_key.setdefault(key, item)
    for message in js.document.querySelectorAll("p.message[data-for]"):
        key = str(message.getAttribute("data-for"))
        if key in _LOCAL_ONLY:
            continue
        _show(key, message, by_key.get(key))
    return homeless


# Messages owned by a view (a photo that could not be used, a product link): not cleared by validation.
_LOCAL_ONLY = {"photos", "banner-file", "product-url", "videos", "coupons-confirm"}


def show_local(key: str, severity: str | None, text: str = "") -> None:
    message = maybe_id(f"{key}-message")
    if message is not None:
        _show(key, message, Shown(key, severity, text) if severity else None)


def _show(key: str, message: Any, item: Shown | None) -> None:
    control = maybe_id(key)
    if item is None:
        message.hidden = True
        message.textContent = ""
        message.removeAttribute("data-severity")
    else:
        message.textContent = item.text
        message.setAttribute("data-severity", item.severity)
        message.hidden = False
    if control is None:
        return
    described = [d for d in str(real(control.getAttribute("aria-describedby")) or "").split() if d != message.id]
    if item is not None:
        described.append(str(message.id))
    if described:
        control.setAttribute("aria-describedby", " ".join(described))
    else:
        control.removeAttribute("aria-describedby")
    if str(control.tagName) in _FORM_CONTROLS:
        set_flag(control, "aria-invalid", item is not None and item.severity == "error")
