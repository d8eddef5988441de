"""The one place that decides whether we run inside a browser (Pyodide) or on CPython."""

import sys

IN_BROWSER: bool = sys.platform == "emscripten" or "pyodide" in sys.modules
