"""Add products: paste a product address, "Get info" shows its card, "Add" puts it in the post."""

from typing import Any

from creatorpost.browser.api import Offline, segment
from creatorpost.browser.dom import by_id, clear, on, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.views import findings as findings_view
from creatorpost.browser.views.blocks import product_card
from creatorpost.links import parse_product_link
from creatorpost.messages import message


class ProductsView:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.found: dict[str, Any] | None = None

    def toggle(self, _event: Any = None) -> None:
        form, button = by_id("product-form"), by_id("add-products")
        opening = bool(form.hidden)
        show(form, opening)
        button.setAttribute("aria-expanded", "true" if opening else "false")
        if opening:
            by_id("product-url").focus()

    def _say(self, severity: str | None, text: str = "") -> None:
        findings_view.show_local("product-url", severity, text)

    async def get_info(self, _event: Any = None) -> None:
        self.found = None
        self._show_card(None)
        link = parse_product_link(str(by_id("product-url").value), self.editor.rules)
        if link.code is not None:
            self._say("error", message(link.code, link.params, self.editor.lang))
            return
        self._say("tip", self.editor.t("products.loading"))
        try:
            answer = await self.editor.api.call("GET", "/api/products/resolve?url=" + segment(link.url or ""))
        except Offline:
            self._say("warning", self.editor.t("products.offline"))
            return
        if not answer.ok:
            self._say("error", answer.error_message or message(answer.error_code or "product.not_found", {},
                                                               self.editor.lang))
            return
        self._say(None)
        self.found = dict(answer.body)
        self._show_card(self.found)

    def _show_card(self, product: dict[str, Any] | None) -> None:
        card = by_id("product-card")
        clear(card)
        if product is not None:
            card.append(product_card(product, str(product.get("product_id")), self.editor.t))
        show(card, product is not None)
        show(by_id("product-add"), product is not None)

    def add(self, _event: Any = None) -> None:
        if self.found is None:
            return
        product_id = str(self.found["product_id"])
        self.editor.doc.products[product_id] = self.found
        self.editor.doc.add_block({"kind": "product", "product_id": product_id})
        self.found = None
        by_id("product-url").value = ""
        self._show_card(None)
        self.editor.change()
        by_id("product-url").focus()


def bind(editor: Editor) -> None:
    view = ProductsView(editor)
    on(by_id("add-products"), "click", view.toggle)
    on(by_id("get-info"), "click", view.get_info)
    on(by_id("product-add"), "click", view.add)

    async def enter(event: Any) -> None:
        if event.key == "Enter":
            await view.get_info()

    # Enter here means Get info, never the form's implicit submit (which would create the post).
    on(by_id("product-url"), "keydown", enter, prevent=lambda event: event.key == "Enter")
