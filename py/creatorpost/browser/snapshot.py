"""What a memory snapshot of the started interpreter holds, and the check a restored one must pass.

The page's own interpreter is never snapshotted. After a first visit, `web/snapshot_worker.mjs`
starts a second Pyodide in a worker (no page, no DOM, no storage), runs `prepare()` and keeps its
memory in Cache Storage; the next visit restores it (`web/interpreter.mjs`) and runs `check()`
before the editor starts. So a snapshot holds the interpreter with the core and the editor's modules
imported (and the image machinery, which a first visit imports only with the first picture), the
rule set and the message catalogs parsed, and nothing of a creator: no draft, no token, no page.
"""

import importlib

from creatorpost import messages, ui_text
from creatorpost.browser.views.media import IMAGING_MODULES
from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.validation import validate
from creatorpost.warm_up import warm_up

EDITOR_MODULE = "creatorpost.browser.app"
_SAMPLE = {"type": "article", "title": "x" * 61}
_SAMPLE_CODES = ["title.too_long", "post.empty", "post.no_picture"]


def prepare() -> None:
    """Do at once what every start would do first: import the editor, read the rules and catalogs."""
    importlib.import_module(EDITOR_MODULE)
    for name in IMAGING_MODULES:
        importlib.import_module(name)
    warm_up()
    for lang in SUPPORTED_LANGS:
        messages.catalog(lang)
        ui_text.direction(lang)
    check()


def check() -> None:
    """Raise unless the rules check a sample post as they must (a restored snapshot failing this is dropped)."""
    codes = [finding.code for finding in validate(_SAMPLE, "publish").findings]
    if codes != _SAMPLE_CODES:
        raise RuntimeError(f"the restored interpreter checks a sample post wrongly: {codes}")
