"""The editor: one document, checked by the core on every change, saved as a draft, undoable.

Views (one module per part of the page) read the page, change the document through
`Editor.change`, and render from it. Nothing else writes the document.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import js

from creatorpost.browser.api import Api
from creatorpost.browser.document import EditorDocument
from creatorpost.browser.dom import by_id, set_flag
from creatorpost.browser.drafts import Draft, DraftStore, new_draft_id
from creatorpost.browser.history import History
from creatorpost.browser.post_links import PostLink, PostLinks
from creatorpost.browser.storage import StorageFull, local, session
from creatorpost.browser.storage_keys import CURRENT_DRAFT
from creatorpost.browser.views import findings as findings_view
from creatorpost.browser.views.findings import Shown
from creatorpost.creators import CreatorContext
from creatorpost.graphemes import count_graphemes
from creatorpost.messages import message
from creatorpost.rules import RuleSet, load_rules
from creatorpost.text import normalize_introduction, normalize_title
from creatorpost.ui_text import direction, ui_text
from creatorpost.validation import MediaInfo, Mode, Platform, Report, validate


class Editor:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rules: RuleSet = load_rules()
        self.api = Api(lang)
        self.context: CreatorContext | None = None
        self.creator: dict[str, Any] | None = None
        self.doc = EditorDocument()
        self.history = History(self.doc.content_json())
        self.storage = local()
        self.drafts = DraftStore(self.storage)
        self.links = PostLinks(self.storage)
        self.draft_id = new_draft_id()
        self.draft_revision = 0
        self.report: Report | None = None
        # After a Create that found problems, fields show what Create needs, not only what is wrong.
        self.showing: Mode = "draft"
        # Photo previews are saved apart from the text, and only when they change (see content_json).
        self._previews_saved: tuple[Any, ...] | None = None
        self._previews_seen: dict[str, dict[str, Any]] = {}  # so undo brings back a removed photo's preview
        self._renderers: list[Callable[[], None]] = []
        # Work that must finish before Create checks the post (photos still waiting to upload).
        self.before_create: list[Callable[[], Awaitable[None]]] = []
        self._language_listeners: list[Callable[[], None]] = []
        self.saved_listeners: list[Callable[[str], None]] = []  # told the draft's id after each save

    # -- wiring -------------------------------------------------------------------------
    def on_render(self, renderer: Callable[[], None]) -> None:
        """Views register how they draw themselves from the document."""
        self._renderers.append(renderer)

    def on_language(self, listener: Callable[[], None]) -> None:
        self._language_listeners.append(listener)

    def t(self, key: str, **params: Any) -> str:
        return ui_text(key, self.lang, **params)

    @property
    def platform(self) -> Platform:
        """Desktop when the screen is wide with a fine pointer; otherwise the phone (app) rules apply."""
        return "desktop" if js.matchMedia("(min-width: 900px)").matches else "app"

    # -- changes ------------------------------------------------------------------------
    def change(self, group: str | None = None) -> None:
        """The document changed: record an undo step, save the draft, check and (re)draw."""
        content = self.doc.content_json()  # serialised once per change: undo step and draft share it
        self.history.record(content, group)
        self.save_draft(content)
        self.render()
        self._update_undo_buttons()

    def replace_document(self, document: EditorDocument, *, reset_history: bool) -> None:
        self.doc = document
        if reset_history:
            self.history = History(self.doc.content_json())
        self.render()
        self._update_undo_buttons()

    def undo(self, _event: Any = None) -> None:
        self._step_to(self.history.undo())

    def redo(self, _event: Any = None) -> None:
        self._step_to(self.history.redo())

    def _step_to(self, snapshot: str | None) -> None:
        if snapshot is not None:
            known = self._previews_seen | self.doc.previews
            self.doc = EditorDocument.from_json(snapshot)
            self.doc.adopt_previews(known)
            self.save_draft()
            self.render()
        self._update_undo_buttons()

    def _update_undo_buttons(self) -> None:
        by_id("undo").disabled = not self.history.can_undo
        by_id("redo").disabled = not self.history.can_redo

    # -- drafts -------------------------------------------------------------------------
    def save_draft(self, content: str | None = None) -> None:
        """Save the document (`content`: its content_json when the caller has it already)."""
        title = normalize_title(self.doc.title_text())
        document = self.doc.content_json() if content is None else content
        try:
            saved = self.drafts.save(self.draft_id, self.draft_revision, title, document, js.Date.now())
            self._save_previews(saved.draft.id, moved=saved.draft.id != self.draft_id)
        except StorageFull:
            by_id("draft-status").textContent = self.t("drafts.storage_full")
            return
        if not self.storage.persistent:
            by_id("draft-status").textContent = self.t("drafts.memory_only")
        elif saved.forked_from is not None:
            by_id("draft-status").textContent = self.t("drafts.conflict", title=title or self.t("drafts.untitled"))
        else:
            time = js.Date.new(saved.draft.saved_at).toLocaleTimeString(self.lang)
            by_id("draft-status").textContent = self.t("drafts.saved", time=str(time))
        if saved.forked_from is not None and (link := self.links.get(saved.forked_from)) is not None:
            self.links.sent(saved.draft.id, link)  # the fork is still an update of that post, never a new one
        self.draft_id, self.draft_revision = saved.draft.id, saved.draft.revision
        session().set(CURRENT_DRAFT, self.draft_id)
        for listener in self.saved_listeners:
            listener(self.draft_id)

    def _save_previews(self, draft_id: str, moved: bool) -> None:
        self._previews_seen.update(self.doc.previews)
        signature = self.doc.previews_signature()
        if moved or signature != self._previews_saved:
            self.drafts.save_previews(draft_id, self.doc.previews_json())
            self._previews_saved = signature

    def _document_of(self, draft: Draft) -> EditorDocument:
        """The draft's document with its previews (kept apart; inside the document in older drafts)."""
        document = EditorDocument.from_json(draft.document)
        document.adopt_previews(self.drafts.load_previews(draft.id))
        return document

    def open_draft(self, draft_id: str) -> bool:
        draft = self.drafts.load(draft_id)
        if draft is None:
            return False
        try:
            document = self._document_of(draft)
        except ValueError:
            return False  # damaged beyond use; the drafts list still shows it so it can be deleted
        self.draft_id, self.draft_revision = draft.id, draft.revision
        self._previews_saved = None  # the next save writes them where this version keeps them
        self.showing = "draft"
        session().set(CURRENT_DRAFT, draft.id)
        self.replace_document(document, reset_history=True)
        return True

    @property
    def post_link(self) -> PostLink | None:
        """The post this draft became (then Create sends an update of it), if any."""
        return self.links.get(self.draft_id)

    def open_as_new_draft(self, document: EditorDocument, link: PostLink | None) -> None:
        """Start a draft from a document made elsewhere (a stored post, a partner's prefill) and open it."""
        self.new_post()
        if link is not None:
            self.links.sent(self.draft_id, link)
        self.replace_document(document, reset_history=True)
        self.save_draft()

    def new_post(self) -> None:
        self.draft_id, self.draft_revision = new_draft_id(), 0
        self._previews_saved = None
        self.showing = "draft"
        session().set(CURRENT_DRAFT, self.draft_id)
        self.replace_document(EditorDocument(), reset_history=True)

    def restore_on_start(self) -> bool:
        """This tab's draft after a reload; else the newest draft on the device (a crash or a closed tab)."""
        current = session().get(CURRENT_DRAFT)
        if current is not None and self.open_draft(str(current)):
            return True
        newest = self.drafts.all()
        return bool(newest) and self.open_draft(newest[0].id)

    def draft_changed_elsewhere(self) -> None:
        """Another tab saved our draft. Take its version when this tab has nothing newer of its own."""
        stored = self.drafts.load(self.draft_id)
        if stored is None or stored.revision == self.draft_revision:
            return
        if self.history.current == self.doc.content_json():
            self.draft_revision = stored.revision
            self.replace_document(self._document_of(stored), reset_history=False)
            self._previews_saved = self.doc.previews_signature()
            self.history.record(self.doc.content_json())
            by_id("draft-status").textContent = self.t("drafts.updated_elsewhere")

    # -- checking -----------------------------------------------------------------------
    def media_info(self) -> dict[str, MediaInfo]:
        known: dict[str, MediaInfo] = {}
        for preview in self.doc.previews.values():
            if preview.get("media_id") and preview.get("format"):
                known[preview["media_id"]] = MediaInfo(format=preview["format"], width=preview["width"],
                                                       height=preview["height"], bytes=preview["bytes"])
        return known

    def validate(self, mode: Mode) -> Report:
        post = self.doc.post if mode == "draft" else self.doc.post_for_create()
        return validate(post, mode, self.context, platform=self.platform, media=self.media_info())

    def shown(self, report: Report) -> list[Shown]:
        return [Shown(f.field, f.severity, message(f.code, f.params, self.lang)) for f in report.findings]

    def check(self) -> None:
        self.report = self.validate(self.showing)
        findings_view.render(self.shown(self.report))
        self._counters()

    def _counters(self) -> None:
        title = count_graphemes(normalize_title(self.doc.title_text()))
        intro = count_graphemes(normalize_introduction(str(self.doc.post.get("introduction") or "")))
        for name, count, limit in (("title", title, self.rules.title.max_graphemes),
                                   ("introduction", intro, self.rules.introduction.max_graphemes),
                                   ("hashtags", len(self.doc.hashtags), self.rules.hashtags.max_count)):
            counter = by_id(f"{name}-counter")
            counter.textContent = f"{count}/{limit}"
            set_flag(counter, "data-over", count > limit)

    def render(self) -> None:
        for renderer in self._renderers:
            renderer()
        self.check()

    # -- language -----------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.api.lang = lang
        root = js.document.documentElement
        root.lang = lang
        root.dir = direction(lang)
        for node in js.document.querySelectorAll("[data-i18n]"):
            node.textContent = self.t(str(node.getAttribute("data-i18n")))
        for node in js.document.querySelectorAll("[data-i18n-alt]"):
            node.alt = self.t(str(node.getAttribute("data-i18n-alt")))
        for node in js.document.querySelectorAll("[data-i18n-aria-label]"):
            node.setAttribute("aria-label", self.t(str(node.getAttribute("data-i18n-aria-label"))))
        js.document.title = self.t("app.title")
        for listener in self._language_listeners:
            listener()
        self.render()
