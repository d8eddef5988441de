"""Banner and photos: picked, dropped or pasted, made to fit on the device, then uploaded.

The core's image policy decides (too small, wrong format, scale down, JPEG or PNG); the
engine does the pixels (Pillow when the page has it, else the browser's codecs). The
result shows at once; it uploads when the creator is signed in and online, and until
then it waits inside the draft. A picture that takes longer than `PROGRESS_AFTER_S` to fit
shows its progress and a Cancel button; Cancel drops it (and the photos still waiting after it).
The banner has an Alt text field; each photo has its own in its block (views/blocks.py).

The image machinery (creatorpost.imaging, the engine) is imported with the first picture, not
before the editor says ready (docs/ARCHITECTURE.md, "A first start imports only what the first
render needs"). A returning creator's snapshot holds it already.
"""

from __future__ import annotations

import asyncio
import base64
from typing import TYPE_CHECKING, Any

import js
from pyodide.ffi import to_js

from creatorpost.browser.api import Offline
from creatorpost.browser.dom import by_id, on, real, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.views import findings as findings_view
from creatorpost.messages import message

if TYPE_CHECKING:
    from creatorpost.imaging.engine import AsyncImageEngine
    from creatorpost.imaging.facts import Role

# Imported with the first picture (by the functions below) and by a snapshot's prepare().
IMAGING_MODULES = ("creatorpost.browser.image_engine", "creatorpost.imaging.pipeline", "creatorpost.imaging.sniff")

MIME = {"jpeg": "image/jpeg", "png": "image/png"}
PROGRESS_AFTER_S = 0.3  # quicker than this, a progress bar would only flicker


class Cancelled(Exception):
    """The creator pressed Cancel while a picture was being fitted."""


class MediaView:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self._engine: AsyncImageEngine | None = None
        self._cancels: dict[str, asyncio.Future[None]] = {}  # "banner-work" / "photos-work" -> its Cancel

    @property
    def engine(self) -> AsyncImageEngine:
        if self._engine is None:
            from creatorpost.browser.image_engine import select_engine

            self._engine = select_engine()
        return self._engine

    def cancel(self, work_id: str) -> None:
        pressed = self._cancels.get(work_id)
        if pressed is not None and not pressed.done():
            pressed.set_result(None)

    # -- picking ------------------------------------------------------------------------
    async def banner_picked(self, _event: Any) -> None:
        files = by_id("banner-file").files
        if files.length:
            await self.add_banner(files.item(0))
        by_id("banner-file").value = ""

    async def photos_picked(self, _event: Any) -> None:
        files = by_id("photos-file").files
        await self.add_photos([files.item(i) for i in range(files.length)])
        by_id("photos-file").value = ""

    async def dropped(self, event: Any) -> None:
        await self.add_photos(_files(real(event.dataTransfer)))

    async def pasted(self, event: Any) -> None:
        await self.add_photos(_files(real(event.clipboardData)))

    # -- processing ---------------------------------------------------------------------
    async def add_banner(self, file: Any) -> None:
        try:
            prepared = await self._prepare(file, "banner", "banner-file", "banner-work")
        except Cancelled:
            return
        if prepared is None:
            return
        self.editor.doc.previews["banner"] = prepared
        alt = (self.editor.doc.post.get("banner") or {}).get("alt")
        self.editor.doc.set("banner", {"alt": alt} if alt else None)  # the new picture waits for its upload
        self.editor.change()
        await self.upload_pending()

    async def add_photos(self, files: list[Any]) -> None:
        if not files:
            return
        for file in files:
            try:
                prepared = await self._prepare(file, "image", "photos", "photos-work")
            except Cancelled:
                break  # the photos after it are dropped too: Cancel stops the whole batch
            if prepared is None:
                continue
            key = self.editor.doc.add_block({"kind": "image"})
            self.editor.doc.previews[key] = prepared
            self.editor.change()
        await self.upload_pending()

    async def _prepare(self, file: Any, role: Role, message_key: str, work_id: str) -> dict[str, Any] | None:
        """The picture fitted and encoded, None when the policy refuses it; raises Cancelled."""
        name = str(file.name or "")
        findings_view.show_local(message_key, "tip", self.editor.t("photos.working", name=name))
        loop = asyncio.get_event_loop()
        self._cancels[work_id] = cancel = loop.create_future()
        work = asyncio.ensure_future(self._fit(file, role, message_key))

        async def reveal() -> None:
            await asyncio.sleep(PROGRESS_AFTER_S)
            if not work.done():
                show(by_id(work_id), True)

        revealing = asyncio.ensure_future(reveal())
        try:
            await asyncio.wait([work, cancel], return_when=asyncio.FIRST_COMPLETED)
        finally:
            revealing.cancel()
            show(by_id(work_id), False)
            self._cancels.pop(work_id, None)
        if not work.done():
            work.cancel()
            findings_view.show_local(message_key, "warning", self.editor.t("photos.cancelled", name=name))
            raise Cancelled(name)
        return work.result()

    async def _fit(self, file: Any, role: Role, message_key: str) -> dict[str, Any] | None:
        from creatorpost.browser.image_engine import blob_bytes, js_options, thumbnail
        from creatorpost.imaging.pipeline import process_async

        name = str(file.name or "")
        data = await blob_bytes(file)
        outcome = await process_async(self.engine, data, role, field=message_key)
        if outcome.error is not None or outcome.image is None:
            finding = outcome.error
            text = message(finding.code, finding.params, self.editor.lang) if finding else message("image.broken")
            findings_view.show_local(message_key, "error", text)
            return None
        image = outcome.image
        blob = js.Blob.new(to_js([image.data]), js_options(type=MIME.get(image.format, "image/jpeg")))
        note = ""
        if (image.width, image.height) != (outcome.facts.upright_width, outcome.facts.upright_height):
            note = self.editor.t("photos.scaled", from_width=outcome.facts.upright_width,
                                 from_height=outcome.facts.upright_height, width=image.width, height=image.height)
        findings_view.show_local(message_key, None)
        return {"src": await thumbnail(blob, image.width, image.height), "width": image.width, "height": image.height,
                "bytes": image.bytes, "format": image.format, "name": name, "note": note,
                "upload": "data:" + MIME.get(image.format, "image/jpeg") + ";base64,"
                          + base64.b64encode(image.data).decode("ascii")}

    async def adopt(self, url: str, name: str) -> dict[str, Any] | None:
        """A picture already on the endpoint (an example's), as a preview waiting to be uploaded as the
        creator's own: the endpoint checks it again then, like any photo. None when it cannot be fetched."""
        from creatorpost.browser.image_engine import blob_bytes, thumbnail
        from creatorpost.imaging.sniff import sniff

        try:
            response = await js.fetch(url)
            if not response.ok:
                return None
            blob = await response.blob()
            data = await blob_bytes(blob)
        except Exception:  # offline: fetch rejects with a TypeError
            return None
        try:
            facts = sniff(data)
        except ValueError:
            return None
        if facts.broken or facts.format not in MIME:
            return None
        return {"src": await thumbnail(blob, facts.width, facts.height), "width": facts.width,
                "height": facts.height, "bytes": len(data), "format": facts.format, "name": name, "note": "",
                "upload": f"data:{MIME[facts.format]};base64," + base64.b64encode(data).decode("ascii")}

    # -- uploading ----------------------------------------------------------------------
    async def upload_pending(self, _event: Any = None) -> None:
        """Send every photo still waiting in the draft; needs a signed-in creator and the network."""
        if self.editor.api.token is None:
            return
        for key, preview in list(self.editor.doc.previews.items()):
            if not preview.get("upload"):
                continue
            role = "banner" if key == "banner" else "image"
            where = "banner-file" if role == "banner" else "photos"
            progress = by_id("banner-work" if role == "banner" else "photos-work")
            findings_view.show_local(where, "tip", self.editor.t("photos.uploading", name=preview.get("name", "")))
            show(progress, True)
            try:
                answer = await self._send(preview, role)
            except Offline:
                findings_view.show_local(where, None)
                preview["note"] = self.editor.t("photos.waiting_network")
                self.editor.render()
                return
            finally:
                show(progress, False)
            if not answer.ok:
                findings_view.show_local(where, "error",
                                         answer.error_message or message("image.broken", {}, self.editor.lang))
                continue
            findings_view.show_local(where, None)
            media_id = str(answer.body["id"])
            preview.pop("upload", None)
            preview.update(media_id=media_id, width=answer.body["width"], height=answer.body["height"],
                           bytes=answer.body["bytes"], format=answer.body["format"])
            if key == "banner":
                self.editor.doc.post["banner"] = {**(self.editor.doc.post.get("banner") or {}), "media_id": media_id}
            elif key in self.editor.doc.keys:
                self.editor.doc.update_block(key, media_id=media_id)
            self.editor.change()

    async def _send(self, preview: dict[str, Any], role: str) -> Any:
        blob = await js.fetch(preview["upload"]).then(lambda response: response.blob())
        form = js.FormData.new()
        form.append("file", blob, preview.get("name") or f"photo.{preview.get('format', 'jpeg')}")
        form.append("role", role)
        return await self.editor.api.call("POST", "/api/media", form=form)


def bind(editor: Editor) -> MediaView:
    view = MediaView(editor)
    on(by_id("banner"), "click", lambda _e: by_id("banner-file").click())
    on(by_id("add-photos"), "click", lambda _e: by_id("photos-file").click())
    on(by_id("banner-file"), "change", view.banner_picked)
    on(by_id("photos-file"), "change", view.photos_picked)
    on(js.document, "dragover", lambda event: event.preventDefault() if _has_files(event) else None)
    on(js.document, "drop", view.dropped, prevent=_has_files)  # else the browser opens the dropped file
    on(js.document, "paste", view.pasted, prevent=_pastes_files)  # a pasted photo must not land in a text field
    on(js.window, "online", view.upload_pending)

    def remove_banner(_event: Any) -> None:
        editor.doc.previews.pop("banner", None)
        editor.doc.post.pop("banner", None)
        editor.change()
        by_id("banner").focus()

    on(by_id("banner-remove"), "click", remove_banner)
    on(by_id("banner-cancel"), "click", lambda _e: view.cancel("banner-work"))
    on(by_id("photos-cancel"), "click", lambda _e: view.cancel("photos-work"))

    def alt_typed(_event: Any) -> None:
        banner = {k: v for k, v in (editor.doc.post.get("banner") or {}).items() if k != "alt"}
        alt = str(by_id("banner-alt").value)
        editor.doc.set("banner", {**banner, "alt": alt} if alt else (banner or None))
        editor.change(group="banner.alt")

    on(by_id("banner-alt"), "input", alt_typed)
    on(by_id("banner-alt"), "blur", lambda _e: editor.history.seal())

    def render() -> None:
        preview = editor.doc.previews.get("banner")
        show(by_id("banner-preview"), preview is not None)
        if preview is not None:
            by_id("banner-image").src = preview["src"]
        by_id("banner").textContent = editor.t("banner.replace" if preview else "banner.add")
        alt = str((editor.doc.post.get("banner") or {}).get("alt") or "")
        if str(by_id("banner-alt").value) != alt:
            by_id("banner-alt").value = alt

    editor.on_render(render)
    return view


def _files(transfer: Any | None) -> list[Any]:
    """The files a drop or a paste carries (none for plain text)."""
    files = transfer.files if transfer is not None else None
    return [files.item(i) for i in range(files.length)] if files is not None else []


def _pastes_files(event: Any) -> bool:
    return bool(_files(real(event.clipboardData)))


def _has_files(event: Any) -> bool:
    transfer = real(event.dataTransfer)
    return transfer is not None and bool(transfer.types.includes("Files"))
