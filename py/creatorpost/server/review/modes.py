"""Who decides a revision once the automatic checks have run: they, or a person (CREATORPOST_REVIEW_MODE).

- `auto`: the checks publish a clean revision and reject one they flag (the demo default).
- `human`: every revision waits for a reviewer, with what the checks found.
- `auto-then-human`: the checks publish clean revisions; what they flag, and a sample of the clean ones
  (CREATORPOST_REVIEW_SAMPLE, e.g. 0.05), waits for a reviewer (the production default).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from creatorpost.server.settings import Settings
from creatorpost.server.store.review_queue import Why


def waits_for_person(settings: Settings, findings: list[dict[str, Any]],
                     draw: Callable[[], float] = random.random) -> Why | None:
    """Why a person must decide, or None when the automatic checks decide."""
    if settings.review_mode == "auto":
        return None
    if findings:
        return "flagged"
    if settings.review_mode == "human":
        return "every"
    return "sample" if draw() < settings.review_sample else None
