"""Videos: YouTube links give an 11-character id; only Intermediate creators and above may add one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creatorpost.rules import load_rules
from creatorpost.videos import parse_youtube
from tests.unit.post_helpers import TEXT, F, creator, findings, post

VID = "dQw4w9WgXcQ"
RULES = load_rules()


@pytest.mark.parametrize(
    "text",
    [
        f"https://www.youtube.com/watch?v={VID}",
        f"https://youtube.com/watch?v={VID}&t=42s",
        f"https://m.youtube.com/watch?feature=share&v={VID}",
        f"youtube.com/watch?v={VID}",
        f"http://www.youtube.com/watch?v={VID}#t=1",
        f"https://youtu.be/{VID}",
        f"youtu.be/{VID}?si=abcdEFG",
        f"https://www.youtube.com/shorts/{VID}",
        f"https://youtube.com/shorts/{VID}?feature=share",
        f"https://www.youtube.com/embed/{VID}",
        f"https://www.youtube-nocookie.com/embed/{VID}?rel=0",
        f"https://www.youtube.com/live/{VID}",
        f"https://music.youtube.com/watch?v={VID}&list=RD",
        f"  https://www.youtube.com/watch?v={VID}  ",
    ],
)
def test_youtube_forms_give_the_id(text: str) -> None:
    assert parse_youtube(text) == VID


@pytest.mark.parametrize(
    "text",
    [
        "", "not a link", f"https://vimeo.com/{VID}", f"https://youtube.com.evil.io/watch?v={VID}",
        f"https://youtube.com@evil.io/watch?v={VID}", "https://www.youtube.com/watch?v=short",
        f"https://www.youtube.com/watch?v={VID}x", f"https://youtu.be/{VID}/extra", "https://www.youtube.com/",
        f"javascript:alert('{VID}')", f"https://www.youtube.com/watch?v={VID}&v={VID}",
        "https://www.youtube.com/channel/UC1234567890",
    ],
)
def test_other_links_give_nothing(text: str) -> None:
    assert parse_youtube(text) is None


@given(st.text())
def test_never_raises(text: str) -> None:
    vid = parse_youtube(text)
    assert vid is None or (len(vid) == 11 and vid.isascii())


def test_levels_below_intermediate_cannot_add_videos() -> None:
    """A Junior creator sees why the video cannot stay; Intermediate and above can."""
    video = {"kind": "video", "url": f"https://youtu.be/{VID}"}
    body = post(blocks=[TEXT, video])
    assert RULES.videos.min_level.value == "intermediate"
    for level in ("basic", "amateur", "junior"):
        assert findings(body, "publish", creator(level)) == [
            F("video.level_required", "error", "blocks.1", min_level="intermediate", level=level)
        ]
    for level in ("intermediate", "senior", "professional"):
        assert findings(body, "publish", creator(level)) == []


def test_video_length_limits_per_platform() -> None:
    desktop, app = RULES.videos.desktop_max_seconds, RULES.videos.app_max_seconds
    def video(seconds: int) -> dict[str, object]:
        return post(blocks=[{"kind": "video", "url": f"https://youtu.be/{VID}", "duration_seconds": seconds}])
    assert findings(video(desktop), platform="desktop") == []
    assert findings(video(desktop + 1), platform="desktop") == [
        F("video.too_long", "error", "blocks.0.duration_seconds", seconds=desktop + 1, max_seconds=desktop, platform="desktop")
    ]
    assert findings(video(app - 1), platform="app") == []
    assert findings(video(app + 1), platform="app") == [
        F("video.too_long", "error", "blocks.0.duration_seconds", seconds=app + 1, max_seconds=app, platform="app")
    ]


def test_a_bad_video_link_is_flagged_on_its_field() -> None:
    assert findings(post(blocks=[{"kind": "video", "url": "https://vimeo.com/1"}])) == [
        F("video.url_invalid", "error", "blocks.0.url")
    ]
