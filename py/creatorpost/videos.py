"""YouTube links -> the 11-character video id.

Accepted: `youtube.com/watch?v=<id>` (any other query parameters around it),
`youtu.be/<id>`, `/shorts/<id>`, `/embed/<id>`, `/live/<id>`, `/v/<id>`, on the hosts of
`[videos] hosts` (with or without `www`/`m`, YouTube Music, the no-cookie embed host),
with http, https or no scheme. Anything else is None.
"""

from __future__ import annotations

import re
from typing import Any

from creatorpost.rules import RuleSet, load_rules
from creatorpost.urls import UrlProblem, query_values, split_url

_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PATH_ID = re.compile(r"^/(?:shorts|embed|live|v)/([A-Za-z0-9_-]{11})/?$")
_SHORT_HOST = "youtu.be"
_SHORT_PATH_ID = re.compile(r"^/([A-Za-z0-9_-]{11})/?$")


def parse_youtube(text: Any, rules: RuleSet | None = None) -> str | None:
    """The video id of a YouTube link, or None; never raises."""
    rules = rules or load_rules()
    if not isinstance(text, str):
        return None
    try:
        url = split_url(text)
    except UrlProblem:
        return None
    if url.userinfo is not None or url.host not in rules.videos.hosts:
        return None
    if url.host == _SHORT_HOST:
        match = _SHORT_PATH_ID.match(url.path)
        return match.group(1) if match else None
    if url.path in ("/watch", "/watch/"):
        ids = query_values(url.query, "v")
        return ids[0] if len(ids) == 1 and _ID.match(ids[0]) else None
    match = _PATH_ID.match(url.path)
    return match.group(1) if match else None


def watch_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"
