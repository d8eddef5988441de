"""The editor in the browser: bind the form, check it with the core on every change, show findings.

UI handlers stay thin: read the page, call the core, render. What a creator typed before
Python was ready is simply read from the inputs and checked at start.
"""

from typing import Any

import js  # type: ignore[import-not-found]
from pyodide.ffi import create_proxy  # type: ignore[import-not-found]

from creatorpost.browser.fields import Shown, TextField
from creatorpost.browser.language import pick_language
from creatorpost.browser.partner_api import expose
from creatorpost.graphemes import count_graphemes
from creatorpost.messages import message
from creatorpost.rules import load_rules
from creatorpost.validation import validate


class Editor:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rules = load_rules("article")
        self.title = TextField.bind("title", counted=True)
        self._listeners: list[Any] = []

    def post(self) -> dict[str, Any]:
        return {"schema": 1, "type": "article", "title": self.title.value}

    def check(self, _event: Any = None) -> None:
        report = validate(self.post(), "draft")
        shown = [
            Shown(f.severity, message(f.code, f.params, self.lang))
            for f in report.findings
            if f.field == "title" or f.field.startswith("title.")
        ]
        self.title.show(shown)
        self.title.show_count(count_graphemes(self.title.value.strip()), self.rules.title.max_graphemes)

    def listen(self) -> None:
        handler = create_proxy(self.check)
        self._listeners.append(handler)  # a proxy must outlive the call that made it
        self.title.input.addEventListener("input", handler)


async def start() -> None:
    lang = pick_language(list(js.navigator.languages), js.URLSearchParams.new(js.location.search).get("lang"))
    editor = Editor(lang)
    editor.listen()
    editor.check()
    expose()
    js.document.documentElement.dataset.python = "ready"
    js.performance.mark("python-ready")
