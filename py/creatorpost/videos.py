"""YouTube links -> the 11-character video id, and the moment the video should start.

Accepted: `youtube.com/watch?v=<id>` (any other query parameters around it; when `v=` is
repeated the first wins), `youtu.be/<id>`, `/shorts/<id>`, `/embed/<id>`, `/live/<id>` and the
legacy `/v/<id>` and `/e/<id>`, on the hosts of `[videos] hosts` (with or without `www`/`m`,
YouTube Music, the no-cookie embed host), with http, https or no scheme, alone or inside the text
of a Share button. Junk pasted after the id (`?v=<id>/`, `youtu.be/<id>/`, `?v=<id>?feature=x`)
is ignored; anything else is None.

The start time (`t=42s`, `t=1m30s`, `start=42`, `#t=42`) is kept, so the reader's player starts
where the creator meant (`start_seconds`, `embed_url`).
"""

from __future__ import annotations

import re
from typing import Any

from creatorpost.rules import RuleSet, load_rules
from creatorpost.urls import SplitUrl, UrlProblem, find_link, query_values, split_url

# An id, then nothing or something that cannot be part of an id ("/", "?", "&", "#").
_ID_THEN_JUNK = re.compile(r"^([A-Za-z0-9_-]{11})(?:[^A-Za-z0-9_-].*)?$", re.DOTALL)
_PATH_ID = re.compile(r"^/(?:shorts|embed|live|v|e)/([A-Za-z0-9_-]{11})(?:/|&.*)?$", re.DOTALL)
_SHORT_HOST = "youtu.be"
_SHORT_PATH_ID = re.compile(r"^/([A-Za-z0-9_-]{11})(?:/|&.*)?$", re.DOTALL)
_TIME = re.compile(r"^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$")
_MAX_START = 24 * 3600


def _split(text: Any, rules: RuleSet) -> SplitUrl | None:
    if not isinstance(text, str):
        return None
    try:
        url = split_url(find_link(text))
    except UrlProblem:
        return None
    if url.userinfo is not None or url.host not in rules.videos.hosts:
        return None
    return url


def parse_youtube(text: Any, rules: RuleSet | None = None) -> str | None:
    """The video id of a YouTube link, or None; never raises."""
    rules = rules or load_rules()
    url = _split(text, rules)
    if url is None:
        return None
    if url.host == _SHORT_HOST:
        match = _SHORT_PATH_ID.match(url.path)
        return match.group(1) if match else None
    if url.path in ("/watch", "/watch/"):
        ids = query_values(url.query, "v")
        match = _ID_THEN_JUNK.match(ids[0]) if ids else None
        return match.group(1) if match else None
    match = _PATH_ID.match(url.path)
    return match.group(1) if match else None


def _seconds(value: str) -> int | None:
    match = _TIME.match(value.strip().lower())
    if not value.strip() or match is None:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total if 0 < total <= _MAX_START else None


def start_seconds(text: Any, rules: RuleSet | None = None) -> int | None:
    """Where a YouTube link says to start (`t=42s` -> 42), or None; never raises."""
    rules = rules or load_rules()
    url = _split(text, rules)
    if url is None or parse_youtube(text, rules) is None:
        return None
    link = find_link(str(text))
    fragment = link.split("#", 1)[1] if "#" in link else ""
    # "?v=ID?t=42" pastes: the junk after the id may hold the time too.
    query = url.query.replace("?", "&")
    for source in (query, fragment):
        for name in ("t", "start", "time_continue"):
            for value in query_values(source, name):
                found = _seconds(value)
                if found is not None:
                    return found
    return None


def watch_url(video_id: str, start: int | None = None) -> str:
    """The link a post stores: the watch page, with its start time when there is one."""
    return f"https://www.youtube.com/watch?v={video_id}" + (f"&t={start}s" if start else "")


def embed_url(video_id: str, start: int | None = None, rules: RuleSet | None = None) -> str:
    """The player a reader's page loads once the reader clicks play (`[videos] embed_origin`)."""
    origin = (rules or load_rules()).videos.embed_origin
    params = "autoplay=1" + (f"&start={start}" if start else "")
    return f"{origin}/embed/{video_id}?{params}"
