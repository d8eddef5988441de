"""Videos: YouTube links give an 11-character id; only Intermediate creators and above may add one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creatorpost.rules import load_rules
from creatorpost.videos import embed_url, parse_youtube, start_seconds, watch_url
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
        # Forms collected from other projects' tests: a repeated v= (the first wins), junk after the
        # id, live streams, the legacy /v/ and /e/ paths, a link inside share text.
        f"https://www.youtube.com/watch?v={VID}&v={VID}",
        f"https://www.youtube.com/watch?v={VID}&v=aaaaaaaaaaa",
        f"https://www.youtube.com/watch?v={VID}/",
        f"https://youtu.be/{VID}/",
        f"https://www.youtube.com/watch?v={VID}?feature=x",
        f"https://youtube.com/live/{VID}?feature=share",
        f"https://www.youtube.com/v/{VID}",
        f"https://www.youtube.com/v/{VID}&fs=1",
        f"https://www.youtube.com/e/{VID}",
        f"Watch this! https://youtu.be/{VID}?si=abc so good",
        f"https://youtu.be/{VID}.",
    ],
)
def test_youtube_forms_give_the_id(text: str) -> None:
    assert parse_youtube(text) == VID


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (f"https://youtube.com/watch?v={VID}&t=42s", 42),
        (f"https://youtu.be/{VID}?t=42", 42),
        (f"https://youtu.be/{VID}?t=1m30s", 90),
        (f"https://www.youtube.com/watch?v={VID}&t=1h2m3s", 3723),
        (f"https://www.youtube.com/embed/{VID}?start=15", 15),
        (f"https://www.youtube.com/watch?v={VID}#t=42", 42),
        (f"https://www.youtube.com/watch?v={VID}?t=42s", 42),
        (f"https://www.youtube.com/watch?v={VID}", None),
        (f"https://www.youtube.com/watch?v={VID}&t=abc", None),
        (f"https://www.youtube.com/watch?v={VID}&t=0", None),
        (f"https://vimeo.com/1?t=42", None),
    ],
)
def test_the_start_time_is_kept(text: str, seconds: int | None) -> None:
    """t=42s means the reader's player starts at 42 seconds."""
    assert start_seconds(text) == seconds


def test_player_and_watch_links_carry_the_start() -> None:
    assert watch_url(VID, 42) == f"https://www.youtube.com/watch?v={VID}&t=42s"
    assert start_seconds(watch_url(VID, 42)) == 42
    assert embed_url(VID, 42) == f"https://www.youtube-nocookie.com/embed/{VID}?autoplay=1&start=42"
    assert embed_url(VID) == f"https://www.youtube-nocookie.com/embed/{VID}?autoplay=1"


_IDS = st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True)


@given(_IDS, st.sampled_from(["/", "?feature=x", "&x=1", "#t", "/?si=1", "?"]), st.sampled_from(["", "&t=1"]))
def test_junk_after_a_watch_id_is_ignored(video_id: str, junk: str, more: str) -> None:
    assert parse_youtube(f"https://www.youtube.com/watch?v={video_id}{junk}{more}") == video_id


@given(st.lists(_IDS, min_size=2, max_size=4), st.sampled_from(["www.", "m.", ""]))
def test_the_first_of_repeated_ids_wins(ids: list[str], sub: str) -> None:
    query = "&".join(f"v={i}" for i in ids)
    assert parse_youtube(f"https://{sub}youtube.com/watch?{query}") == ids[0]


@given(_IDS, st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_any_written_time_gives_its_seconds(video_id: str, h: int, m: int, s: int) -> None:
    total = h * 3600 + m * 60 + s
    written = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s or not (h or m) else "")
    assert start_seconds(f"https://youtu.be/{video_id}?t={written}") == (total or None)
    assert start_seconds(f"https://youtu.be/{video_id}?t={total}") == (total or None)


@pytest.mark.parametrize(
    "text",
    [
        "", "not a link", f"https://vimeo.com/{VID}", f"https://youtube.com.evil.io/watch?v={VID}",
        f"https://youtube.com@evil.io/watch?v={VID}", "https://www.youtube.com/watch?v=short",
        f"https://www.youtube.com/watch?v={VID}x", f"https://youtu.be/{VID}/extra", "https://www.youtube.com/",
        f"javascript:alert('{VID}')", f"https://www.youtube.com/watch?v=&v={VID}",
        f"https://www.youtube.com/e/{VID}x", f"https://www.youtube.com/live/{VID}/more",
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
