"""Finding the page's elements; a missing one fails loudly at start, never silently later."""

from typing import Any

import js  # type: ignore[import-not-found]


def by_id(element_id: str) -> Any:
    element = js.document.getElementById(element_id)
    if element is None:
        raise LookupError(f"the page has no element #{element_id}; web/index.html and the browser code disagree")
    return element


def set_flag(element: Any, attribute: str, on: bool) -> None:
    """Set `attribute="true"` when on, remove it otherwise (ARIA states read best that way)."""
    if on:
        element.setAttribute(attribute, "true")
    else:
        element.removeAttribute(attribute)
