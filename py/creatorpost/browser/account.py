"""The signed-in creator, kept on the device for the studio's origin so a browser restart keeps the
session: one record, `{token, creator}` (the creator as last seen online: level and stores, so the
rules still apply offline). "Sign out" forgets it. Pure Python over a KeyValue (localStorage in the
browser, a dict in tests).

Earlier versions kept the creator under a key holding the raw token (`creatorpost.creator.<token>`)
and the token in the tab's sessionStorage; `sweep_legacy` removes the first and adopts the second.
"""

import json
from dataclasses import dataclass
from typing import Any

from creatorpost.browser.drafts import KeyValue
from creatorpost.browser.storage_keys import LEGACY_CREATOR, LEGACY_TOKEN, SESSION


@dataclass(frozen=True)
class SavedSession:
    token: str
    creator: dict[str, Any] | None  # GET /api/creators/me as last answered


def load_session(storage: KeyValue) -> SavedSession | None:
    raw = storage.get(SESSION)
    try:
        data = json.loads(raw) if raw else None
        if not isinstance(data, dict) or not isinstance(data.get("token"), str) or not data["token"]:
            return None
        creator = data.get("creator")
        return SavedSession(data["token"], creator if isinstance(creator, dict) else None)
    except ValueError:
        return None


def save_session(storage: KeyValue, token: str, creator: dict[str, Any] | None) -> None:
    storage.set(SESSION, json.dumps({"token": token, "creator": creator}, ensure_ascii=False))


def forget_session(storage: KeyValue) -> None:
    storage.remove(SESSION)


def sweep_legacy(local: KeyValue, tab: KeyValue) -> None:
    """Drop keys that hold a token in their name; keep a tab's old token as the device's session."""
    for key in local.keys():
        if key.startswith(LEGACY_CREATOR):
            local.remove(key)
    old = tab.get(LEGACY_TOKEN)
    if old is not None:
        tab.remove(LEGACY_TOKEN)
        if load_session(local) is None and old:
            save_session(local, old, None)
