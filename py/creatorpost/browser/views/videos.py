"""Videos: a YouTube link becomes a video block (with its start time), for Intermediate creators and above only."""

from typing import Any

from creatorpost.browser.dom import by_id, on, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.views import findings as findings_view
from creatorpost.messages import message
from creatorpost.videos import parse_youtube, start_seconds, watch_url


def bind(editor: Editor) -> None:
    field = by_id("videos")

    def add(_event: Any = None) -> None:
        video_id = parse_youtube(str(field.value), editor.rules)
        if video_id is None:
            findings_view.show_local("videos", "error", message("video.url_invalid", {}, editor.lang))
            return
        findings_view.show_local("videos", None)
        start = start_seconds(str(field.value), editor.rules)  # "t=42s": readers' players start there too
        editor.doc.add_block({"kind": "video", "url": watch_url(video_id, start)})
        field.value = ""
        editor.change()

    def enter(event: Any) -> None:
        if event.key == "Enter":
            event.preventDefault()
            add()

    def render() -> None:
        allowed = editor.context is not None and editor.context.level.at_least(editor.rules.videos.min_level)
        show(by_id("videos-allowed"), allowed)
        locked = by_id("videos-locked")
        show(locked, not allowed)
        if editor.context is None:
            locked.textContent = editor.t("videos.signed_out")
        elif not allowed:
            level = editor.t(f"session.level.{editor.context.level.value}")
            locked.textContent = editor.t("videos.locked", level=level)

    on(by_id("video-add"), "click", add)
    on(field, "keydown", enter)
    editor.on_render(render)
