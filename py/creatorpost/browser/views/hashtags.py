"""Hashtags: typed one at a time (Enter or comma) or pasted several at once, shown as removable
chips, checked by the core.

A paste ("#Bikinis, #Baby&Kids #Summer") becomes one chip per tag (`hashtags.split_tags`); tags
beyond the limit are refused with their count. A refused tag stays in the field, selected, so
the next keystroke replaces it instead of joining it. Chips isolate their text (`<bdi>`) so a
Latin tag reads `#Bikinis` inside an Arabic page.
"""

from typing import Any

from creatorpost.browser.dom import by_id, clear, closest, el, on
from creatorpost.browser.editor import Editor
from creatorpost.browser.views import findings as findings_view
from creatorpost.hashtags import clean_tag, normalize_hashtags, split_tags
from creatorpost.messages import message


def bind(editor: Editor) -> None:
    field = by_id("hashtags")
    chips = by_id("hashtag-list")

    def problem(text: str) -> Any | None:
        """The core's finding about adding `text` to the chosen tags, if any."""
        current = editor.doc.hashtags
        _, found = normalize_hashtags(current + [text], editor.rules)
        return next((f for f in found if f.field == f"hashtags.{len(current)}"), None)

    def add_all(text: str, select: bool = True) -> None:
        """Add every tag of `text`; what cannot be added stays in the field with the reason (selected,
        unless the creator is leaving the field: focus never follows them back)."""
        pieces = split_tags(text, editor.rules)
        added = 0
        refused: list[str] = []
        over: list[str] = []
        reason: tuple[str, str] | None = None
        for piece in pieces:
            finding = problem(piece)
            if finding is None:
                editor.doc.set("hashtags", editor.doc.hashtags + [clean_tag(piece, editor.rules)])
                added += 1
            elif finding.code == "hashtags.too_many" and len(pieces) > 1:
                over.append(piece)  # a paste: the extras are told by their count below
            else:
                refused.append(piece)
                reason = reason or (finding.severity, message(finding.code, finding.params, editor.lang))
        if over:
            reason = ("error", editor.t("hashtags.refused_extra", max_count=editor.rules.hashtags.max_count,
                                        count=len(over)))
        if added:
            editor.change()  # checks the post again, so the reason is shown after it
        if reason is None:
            findings_view.show_local("hashtags", None)
        else:
            findings_view.show_local("hashtags", reason[0], reason[1])
        field.value = ", ".join(refused + over)
        if (refused or over) and select:
            field.focus()
            field.select()

    def keydown(event: Any) -> None:
        if event.key in ("Enter", ",") and not event.isComposing:
            event.preventDefault()
            add_all(str(field.value))
        elif event.key == "Backspace" and not str(field.value) and editor.doc.hashtags:
            remove(len(editor.doc.hashtags) - 1)

    def typed(event: Any) -> None:
        value = str(field.value)
        pasted = str(event.inputType or "") in ("insertFromPaste", "insertFromDrop")
        stripped = value.rstrip()
        if (pasted and len(split_tags(value, editor.rules)) > 1) or (
                str(event.inputType or "") == "insertText" and stripped[-1:] in tuple(editor.rules.hashtags.separators)
                and stripped):
            add_all(value)  # a paste of several tags, or a separator typed by an input method ("、")

    def left_field(_event: Any) -> None:
        if str(field.value).strip():
            add_all(str(field.value), select=False)

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
                            el("span", None, el("bdi", text=f"#{tag}")),
                            el("button", {"type": "button", "data-index": str(index), "aria-label": label,
                                          "title": label, "class": "chip-remove"}, text="×")))

    on(field, "keydown", keydown)
    on(field, "input", typed)
    on(field, "blur", left_field)
    on(chips, "click", clicked)
    editor.on_render(render)
