"""Store coupons: "Confirm" (or Enter in either field) shows the coupons as readers will see them,
with what each is worth, or says which ids are wrong ("C109,C109": listed twice)."""

import re
from typing import Any

from creatorpost.browser.api import Offline
from creatorpost.browser.dom import by_id, clear, closest, el, on
from creatorpost.browser.editor import Editor
from creatorpost.browser.views import findings as findings_view
from creatorpost.coupon_text import coupon_worth
from creatorpost.coupons import check_coupons
from creatorpost.messages import message

_SEPARATORS = re.compile(r"[\s,;]+")


def coupon_card(coupon: dict[str, Any], t: Any, lang: str) -> Any:
    """A coupon as readers see it: what it is worth, with its (inactive here) Get button."""
    worth = coupon_worth(coupon, lang) if coupon.get("discount") else str(coupon.get("id") or "")
    return el("li", {"class": "coupon"},
              el("div", {"class": "coupon-text"},
                 el("p", {"class": "coupon-title"}, text=worth),
                 el("p", {"class": "coupon-detail"}, text=str(coupon.get("title") or ""))),
              el("span", {"class": "coupon-get", "aria-hidden": "true"}, text=t("coupons.get")))


class CouponsView:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor

    def _say(self, severity: str | None, text: str = "") -> None:
        findings_view.show_local("coupons-confirm", severity, text)

    def _groups_without(self, store_id: str) -> list[dict[str, Any]]:
        """The post's coupon groups but the store's own (replaced on Confirm, dropped on Remove)."""
        return [g for g in (self.editor.doc.post.get("coupons") or []) if g.get("store_id") != store_id]

    async def confirm(self, _event: Any = None) -> None:
        store_id = str(by_id("store-id").value).strip()
        coupon_ids = [c for c in _SEPARATORS.split(str(by_id("coupon-ids").value)) if c]
        group = {"store_id": store_id, "coupon_ids": coupon_ids}
        local = check_coupons([group], self.editor.rules, "publish", self.editor.context)
        if local:
            self._say("error", message(local[0].code, local[0].params, self.editor.lang))
            return
        if self.editor.api.token is None:
            self._say("error", self.editor.t("coupons.signed_out"))
            return
        self._say("tip", self.editor.t("coupons.checking"))
        try:
            answer = await self.editor.api.call("POST", "/api/coupons/verify", body=group)
        except Offline:
            self._say("warning", self.editor.t("coupons.offline"))
            return
        if not answer.ok:
            self._say("error", answer.error_message or message(answer.error_code, {}, self.editor.lang))
            return
        coupons = list(answer.body.get("coupons") or [])
        unknown = [c["id"] for c in coupons if not c.get("exists")]
        expired = [c["id"] for c in coupons if c.get("exists") and not c.get("valid")]
        if not answer.body.get("collaborating"):
            self._say("error", message("coupon.store_not_collaborating", {}, self.editor.lang))
            return
        if unknown or expired:
            parts = []
            if unknown:
                parts.append(self.editor.t("coupons.unknown_ids", ids=", ".join(unknown)))
            if expired:
                parts.append(self.editor.t("coupons.expired_ids", ids=", ".join(expired)))
            self._say("error", " ".join(parts))
            return
        self._say(None)
        self.editor.doc.set("coupons", self._groups_without(store_id) + [group])
        self.editor.doc.coupons[store_id] = coupons
        by_id("store-id").value = ""
        by_id("coupon-ids").value = ""
        self.editor.change()

    def clicked(self, event: Any) -> None:
        button = closest(event, "button[data-store]")
        if button is None:
            return
        store_id = str(button.dataset.store)
        self.editor.doc.set("coupons", self._groups_without(store_id))
        self.editor.doc.coupons.pop(store_id, None)
        self.editor.change()
        by_id("store-id").focus()

    def render(self) -> None:
        listing = by_id("coupon-list")
        clear(listing)
        t = self.editor.t
        for index, group in enumerate(self.editor.doc.post.get("coupons") or []):
            store_id = str(group.get("store_id"))
            cards = el("ul", {"class": "coupon-cards"})
            shown = self.editor.doc.coupons.get(store_id) or [{"id": c} for c in group.get("coupon_ids", [])]
            for coupon in shown:
                cards.append(coupon_card(coupon, t, self.editor.lang))
            label = t("coupons.remove", store=store_id)
            listing.append(el("li", {"class": "coupon-store", "id": f"coupons-{index}"},
                              el("p", {"class": "coupon-store-name"}, text=f"{t('coupons.store_id')} {store_id}"),
                              cards,
                              el("button", {"type": "button", "class": "ghost small", "data-store": store_id,
                                            "aria-label": label}, text=t("block.remove"))))


def bind(editor: Editor) -> None:
    view = CouponsView(editor)
    on(by_id("coupons-confirm"), "click", view.confirm)

    async def enter(event: Any) -> None:
        if event.key == "Enter" and not event.isComposing:
            await view.confirm()

    # Enter here means Confirm, never the form's implicit submit (which would create the post).
    for field in ("store-id", "coupon-ids"):
        on(by_id(field), "keydown", enter, prevent=lambda event: event.key == "Enter")
    on(by_id("coupon-list"), "click", view.clicked)
    editor.on_render(view.render)
