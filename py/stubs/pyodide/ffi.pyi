# The part of pyodide.ffi that creatorpost.browser uses.
from collections.abc import Callable
from typing import Any

jsnull: Any

class JsProxy:
    def __getattr__(self, name: str) -> Any: ...

class JsException(Exception): ...

def create_proxy(obj: Callable[..., Any], *, capture_this: bool = ..., roundtrip: bool = ...) -> Any: ...
def to_js(obj: Any, *, depth: int = ..., pyproxies: Any = ..., create_pyproxies: bool = ...,
          dict_converter: Callable[..., Any] | None = ..., default_converter: Callable[..., Any] | None = ...) -> Any: ...
