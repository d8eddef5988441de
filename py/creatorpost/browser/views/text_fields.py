"""Title and Introduction: plain text fields whose value is the document's."""

from typing import Any

from creatorpost.browser.dom import by_id, on
from creatorpost.browser.editor import Editor

TEXT_FIELDS = ("title", "introduction")


def bind(editor: Editor) -> None:
    for name in TEXT_FIELDS:
        field = by_id(name)

        def typed(_event: Any, name: str = name, field: Any = field) -> None:
            editor.doc.set(name, str(field.value))
            editor.change(group=name)

        on(field, "input", typed)
        on(field, "blur", lambda _e: editor.history.seal())

    def render() -> None:
        for name in TEXT_FIELDS:
            field = by_id(name)
            value = str(editor.doc.post.get(name) or "")
            if str(field.value) != value:
                field.value = value

    editor.on_render(render)


def adopt_typed_before_start(editor: Editor) -> bool:
    """What the creator typed while Python loaded wins over an empty restored draft field."""
    adopted = False
    for name in TEXT_FIELDS:
        typed = str(by_id(name).value)
        if typed and not editor.doc.post.get(name):
            editor.doc.set(name, typed)
            adopted = True
    return adopted
