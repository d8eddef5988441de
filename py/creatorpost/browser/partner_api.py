"""`window.creatorpost`: the checks of the editor for the page that embeds it (and for tests)."""

import js
from pyodide.ffi import create_proxy

from creatorpost.jsonapi import validate_json
from creatorpost.rules import load_rules


def expose() -> None:
    api = js.Object.new()
    api.validate = create_proxy(validate_json)
    api.rulesVersion = str(load_rules().version)
    js.globalThis.creatorpost = api
