"""Repost to SNS: the networks of the rule file, offered on desktop only while in testing."""

from typing import Any

from creatorpost.browser.dom import by_id, clear, el, on
from creatorpost.browser.editor import Editor


def bind(editor: Editor) -> None:
    box = by_id("repost-networks")

    def toggled(event: Any) -> None:
        network = event.target.value
        chosen = [n for n in (editor.doc.post.get("repost") or []) if n != network]
        if event.target.checked:
            chosen.append(str(network))
        order = list(editor.rules.repost.networks)
        editor.doc.set("repost", sorted(chosen, key=lambda n: order.index(n) if n in order else len(order)))
        editor.change()

    def render() -> None:
        clear(box)
        offered = editor.platform == "desktop" or not editor.rules.repost.desktop_only
        if not offered:
            box.append(el("p", {"class": "locked"}, text=editor.t("repost.desktop_only")))
            return
        chosen = set(editor.doc.post.get("repost") or [])
        for network in editor.rules.repost.networks:
            box_id = f"repost-{network}"
            check = el("input", {"type": "checkbox", "id": box_id, "value": network})
            check.checked = network in chosen
            box.append(el("label", {"class": "choice", "for": box_id}, check,
                          el("span", text=editor.t(f"repost.network.{network}"))))

    on(box, "change", toggled)
    editor.on_render(render)
