"""Hashtags: typed one at a time (Enter or comma), shown as removable chips, checked by the core."""

from typing import Any

from creatorpost.browser.dom import by_id, clear, closest, el, on
from creatorpost.browser.editor import Editor
from creatorpost.browser.views import findings as findings_view
from creatorpost.hashtags import clean_tag, normalize_hashtags
from creatorpost.messages import message


def bind(editor: Editor) -> None:
    field = by_id("hashtags")
    chips = by_id("hashtag-list")

    def add(text: str) -> bool:
        """Add one tag; a tag the core would flag stays in the field with its message."""
        if not text.strip():
            return True
        current = editor.doc.hashtags
        _, found = normalize_hashtags(current + [text], editor.rules)
        mine = [f for f in found if f.field == f"hashtags.{len(current)}"]
        if mine:
            findings_view.show_local("hashtags", mine[0].severity, message(mine[0].code, mine[0].params, editor.lang))
            return False
        editor.doc.set("hashtags", current + [clean_tag(text, editor.rules)])
        editor.change()
        return True

    def keydown(event: Any) -> None:
        if event.key in ("Enter", ",") and not event.isComposing:
            event.preventDefault()
            if add(str(field.value)):
                field.value = ""
        elif event.key == "Backspace" and not str(field.value) and editor.doc.hashtags:
            remove(len(editor.doc.hashtags) - 1)

    def pasted_or_typed(_event: Any) -> None:
        value = str(field.value)
        if "," in value:  # a pasted list: "#a, #b"
            parts = value.split(",")
            left = [p for p in parts[:-1] if not add(p)]
            field.value = ", ".join(left + [parts[-1]]) if left else parts[-1].lstrip()

    def remove(index: int) -> None:
        tags = editor.doc.hashtags
        del tags[index]
        editor.doc.set("hashtags", tags)
        editor.change()
        field.focus()

    def clicked(event: Any) -> None:
        button = closest(event, "button[data-index]")
        if button is not None:
            remove(int(button.dataset.index))

    def render() -> None:
        clear(chips)
        chips.setAttribute("aria-label", editor.t("hashtags.list"))
        for index, tag in enumerate(editor.doc.hashtags):
            label = editor.t("hashtags.remove", tag=tag)
            chips.append(el("li", {"class": "chip", "id": f"hashtags-{index}"},
                            el("span", text=f"#{tag}"),
                            el("button", {"type": "button", "data-index": str(index), "aria-label": label,
                                          "title": label, "class": "chip-remove"}, text="×")))

    on(field, "keydown", keydown)
    on(field, "input", pasted_or_typed)
    def left_field(_event: Any) -> None:
        if add(str(field.value)):
            field.value = ""

    on(field, "blur", left_field)
    on(chips, "click", clicked)
    editor.on_render(render)
