"""What the creator pressed while Python was starting, done now that it has (the script in web/index.html).

Each control marked `data-early` that was pressed carries `data-pending` (how many presses, or
"files" when its file picker, named by `data-picker`, holds files chosen meanwhile) and
`data-pending-order` (when it was first pressed). They are replayed in that order, through the
handlers the views have just bound, so a press does exactly what it does later: those marked
`data-early` when Python is ready, those marked `data-early="after-sign-in"` (Create) once the
creator's session is known.
"""

from typing import Any

import js

from creatorpost.browser.dom import by_id, real

AFTER_SIGN_IN = "after-sign-in"
_MARKS = ("data-pending", "data-pending-order", "aria-busy")


def replay(stage: str = "") -> int:
    """Act on the presses kept for `stage` ("" or AFTER_SIGN_IN), in the order made; returns how many controls."""
    waiting = sorted((c for c in js.document.querySelectorAll("[data-pending]") if str(c.dataset.early) == stage),
                     key=lambda c: int(c.dataset.pendingOrder or 0))
    for control in waiting:
        pending = str(control.dataset.pending)
        for mark in _MARKS:
            control.removeAttribute(mark)
        if pending == "files":
            _picked(by_id(str(control.dataset.picker)))
        else:
            for _ in range(int(pending) if pending.isdigit() else 0):
                control.click()
    return len(waiting)


def _picked(picker: Any) -> None:
    if real(picker.files) is not None and picker.files.length:
        picker.dispatchEvent(js.Event.new("change"))
