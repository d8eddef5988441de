"""The body: an ordered list of blocks (text, photo, product, video) to fill, move and remove.

Moving works three ways: drag and drop, the Up/Down buttons, and Alt+Arrow keys on a block.
The list is rebuilt only when blocks are added, removed or moved; typing updates the
document in place so focus and caret stay where the creator is.
"""

from typing import Any

from creatorpost.browser.dom import by_id, clear, closest, el, maybe_id, on, query, real
from creatorpost.browser.editor import Editor


def bind(editor: Editor) -> None:
    view = BlocksView(editor)
    on(by_id("add-text"), "click", view.add_text)
    on(view.list, "input", view.typed)
    on(view.list, "focusout", lambda _e: editor.history.seal())
    on(view.list, "click", view.clicked)
    on(view.list, "keydown", view.keydown)
    on(view.list, "dragstart", view.drag_start)
    on(view.list, "dragover", view.drag_over)
    on(view.list, "drop", view.drop)
    on(view.list, "dragend", view.drag_end)
    editor.on_render(view.render)
    editor.on_language(view.force_render)


class BlocksView:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.list = by_id("blocks")
        self._shape: tuple[tuple[str, str], ...] | None = None
        self._dragged: str | None = None

    # -- events -------------------------------------------------------------------------
    def add_text(self, _event: Any = None) -> None:
        key = self.editor.doc.add_block({"kind": "text", "text": ""})
        self.editor.change()
        self._focus(key, "text")

    def typed(self, event: Any) -> None:
        target = event.target
        key, part = real(target.dataset.key), real(target.dataset.part)
        if key is None or part is None:
            return
        self.editor.doc.update_block(str(key), **{str(part): str(target.value)})
        self.editor.change(group=f"{key}.{part}")

    def clicked(self, event: Any) -> None:
        button = closest(event, "button[data-action]")
        if button is None:
            return
        key, action = str(button.dataset.key), str(button.dataset.action)
        index = self.editor.doc.index_of(key)
        if action == "remove":
            self.editor.doc.remove_block(key)
            self.editor.change()
            self._focus_after_remove(index)
        elif action in ("up", "down"):
            self.move(key, index + (-1 if action == "up" else 1), focus=action)

    def keydown(self, event: Any) -> None:
        if not event.altKey or event.key not in ("ArrowUp", "ArrowDown"):
            return
        item = closest(event, "li[data-key]")
        if item is None:
            return
        event.preventDefault()
        key = str(item.dataset.key)
        index = self.editor.doc.index_of(key)
        self.move(key, index + (-1 if event.key == "ArrowUp" else 1), focus=str(event.target.dataset.part or "up"))

    def move(self, key: str, to: int, focus: str) -> None:
        if not 0 <= to < len(self.editor.doc.blocks):
            return
        position = self.editor.doc.move_block(key, to) + 1
        self.editor.change()
        by_id("blocks-live").textContent = self.editor.t("block.moved", position=position,
                                                         count=len(self.editor.doc.blocks))
        self._focus(key, focus)

    def drag_start(self, event: Any) -> None:
        item = closest(event, "li[data-key]")
        if item is None:
            return
        self._dragged = str(item.dataset.key)
        event.dataTransfer.effectAllowed = "move"
        event.dataTransfer.setData("text/plain", self._dragged)
        item.classList.add("dragging")

    def drag_over(self, event: Any) -> None:
        if self._dragged is not None:
            event.preventDefault()
            event.dataTransfer.dropEffect = "move"

    def drop(self, event: Any) -> None:
        if self._dragged is None:
            return
        event.preventDefault()
        target = closest(event, "li[data-key]")
        if target is not None and str(target.dataset.key) != self._dragged:
            box = target.getBoundingClientRect()
            index = self.editor.doc.index_of(str(target.dataset.key))
            after = event.clientY > box.top + box.height / 2
            current = self.editor.doc.index_of(self._dragged)
            to = index + (1 if after else 0) - (1 if current < index else 0)
            self.move(self._dragged, to, focus="up")
        self._dragged = None

    def drag_end(self, _event: Any) -> None:
        self._dragged = None
        for item in self.list.querySelectorAll(".dragging"):
            item.classList.remove("dragging")

    # -- drawing ------------------------------------------------------------------------
    def force_render(self) -> None:
        self._shape = None

    def render(self) -> None:
        doc = self.editor.doc
        shape = tuple(zip(doc.keys, (str(b.get("kind")) for b in doc.blocks)))
        if shape == self._shape:
            self._sync_values()
            return
        self._shape = shape
        clear(self.list)
        if not doc.blocks:
            self.list.append(el("li", {"class": "blocks-empty"}, text=self.editor.t("body.empty")))
        for index, (key, block) in enumerate(zip(doc.keys, doc.blocks)):
            self.list.append(self._item(index, key, block))

    def _sync_values(self) -> None:
        for key, block in zip(self.editor.doc.keys, self.editor.doc.blocks):
            for node in self.list.querySelectorAll(f'[data-key="{key}"][data-part]'):
                value = str(block.get(str(node.dataset.part)) or "")
                if str(node.tagName) in ("INPUT", "TEXTAREA") and str(node.value) != value:
                    node.value = value

    def _item(self, index: int, key: str, block: dict[str, Any]) -> Any:
        t = self.editor.t
        count = len(self.editor.doc.blocks)
        kind = str(block.get("kind"))
        heading_id = f"blocks-{index}-heading"
        item = el("li", {"class": f"block block-{kind}", "data-key": key, "id": f"blocks-{index}",
                         "draggable": "true", "aria-labelledby": heading_id})
        head = el("div", {"class": "block-head"},
                  el("span", {"class": "grip", "aria-hidden": "true"}, text="⠿"),
                  el("h3", {"id": heading_id, "class": "block-title"},
                     text=f"{t('block.kind.' + kind)} · {t('block.position', position=index + 1, count=count)}"),
                  self._button(key, "up", t("block.up"), disabled=index == 0),
                  self._button(key, "down", t("block.down"), disabled=index == count - 1),
                  self._button(key, "remove", t("block.remove")))
        item.append(head)
        item.append(self._content(index, key, block))
        item.append(el("p", {"class": "message", "id": f"blocks-{index}-message", "data-for": f"blocks-{index}",
                             "hidden": ""}))
        return item

    def _button(self, key: str, action: str, label: str, disabled: bool = False) -> Any:
        button = el("button", {"type": "button", "class": "ghost small", "data-key": key, "data-action": action,
                               "data-part": action}, text=label)
        if disabled:
            button.setAttribute("aria-disabled", "true")
        return button

    def _content(self, index: int, key: str, block: dict[str, Any]) -> Any:
        t = self.editor.t
        kind = block.get("kind")
        box = el("div", {"class": "block-body"})
        if kind == "text":
            box.append(*_labelled(index, key, block, "text", t("body.text_label"), "textarea"))
            return box
        preview = self.editor.doc.previews.get(key, {})
        if kind == "image":
            if preview.get("src"):
                box.append(el("img", {"src": preview["src"], "alt": str(block.get("alt") or block.get("caption") or ""),
                                      "class": "block-photo"}))
            if preview.get("note"):
                box.append(el("p", {"class": "hint"}, text=str(preview["note"])))
            label, field = _labelled(index, key, block, "alt", t("alt.label"), "input")
            hint_id = f"blocks-{index}-alt-hint"
            field.setAttribute("aria-describedby", hint_id)
            box.append(label, el("p", {"class": "hint", "id": hint_id}, text=t("alt.hint")), field,
                       el("p", {"class": "message", "id": f"blocks-{index}-alt-message",
                                "data-for": f"blocks-{index}-alt", "hidden": ""}))
        elif kind == "product":
            product = self.editor.doc.products.get(str(block.get("product_id")), {})
            box.append(product_card(product, str(block.get("product_id") or ""), t))
        elif kind == "video":
            box.append(el("p", {"class": "video-link"}, text=str(block.get("url") or "")))
        box.append(*_labelled(index, key, block, "caption", t("block.caption"), "input"))
        return box

    # -- focus --------------------------------------------------------------------------
    def _focus(self, key: str, part: str) -> None:
        node = query(self.list, f'[data-key="{key}"][data-part="{part}"]')
        if node is not None and node.getAttribute("aria-disabled") == "true":
            node = query(self.list, f'[data-key="{key}"][data-part]')
        if node is not None:
            node.focus()

    def _focus_after_remove(self, index: int) -> None:
        keys = self.editor.doc.keys
        if keys:
            self._focus(keys[min(index, len(keys) - 1)], "remove")
        else:
            target = maybe_id("add-text")
            if target is not None:
                target.focus()


def _labelled(index: int, key: str, block: dict[str, Any], part: str, label: str, tag: str) -> tuple[Any, Any]:
    """A block's text field with its visible label; its id is the findings path (blocks-2-caption)."""
    field_id = f"blocks-{index}-{part}"
    attrs = {"id": field_id, "data-key": key, "data-part": part, "dir": "auto"}
    attrs.update({"rows": "4"} if tag == "textarea" else {"type": "text"})
    field = el(tag, attrs)
    field.value = str(block.get(part) or "")
    return el("label", {"for": field_id}, text=label), field


def product_card(product: dict[str, Any], product_id: str, t: Any) -> Any:
    """A product as readers see it: picture, title, price, store."""
    card = el("div", {"class": "product"})
    if product.get("image"):
        card.append(el("img", {"src": str(product["image"]), "alt": "", "class": "product-image"}))
    price = product.get("price") or {}
    store = (product.get("store") or {}).get("name")
    card.append(el("div", {"class": "product-text"},
                   el("p", {"class": "product-title"}, text=str(product.get("title") or product_id)),
                   el("p", {"class": "product-price"},
                      text=f"{price.get('currency', '')} {price.get('amount', '')}".strip()) if price else None,
                   el("p", {"class": "product-store"}, text=t("products.store", store=store)) if store else None))
    return card
