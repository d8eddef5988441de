# The browser's global scope as Pyodide exposes it (`import js`): typed as Any on purpose,
# so every use of the JavaScript boundary is visible as such and checked around it.
from typing import Any

def __getattr__(name: str) -> Any: ...
