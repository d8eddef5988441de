"""Finding and building the page's elements; a missing one fails loudly at start, never silently later."""

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy, jsnull

# Event handler proxies must live as long as the page; this keeps them (and lets nothing leak per call).
_HANDLERS: list[Any] = []
_TASKS: set[Any] = set()  # running async handlers started by `on(..., prevent=...)`, kept until done


def real(value: Any) -> Any | None:
    """JavaScript's null and undefined as None (Pyodide gives null as `jsnull`, which is not None)."""
    return None if value is None or value is jsnull else value


def closest(event: Any, selector: str) -> Any | None:
    target = real(event.target)
    return real(target.closest(selector)) if target is not None and hasattr(target, "closest") else None


def query(root: Any, selector: str) -> Any | None:
    return real(root.querySelector(selector))


def by_id(element_id: str) -> Any:
    element = real(js.document.getElementById(element_id))
    if element is None:
        raise LookupError(f"the page has no element #{element_id}; web/index.html and the browser code disagree")
    return element


def maybe_id(element_id: str) -> Any | None:
    return real(js.document.getElementById(element_id))


def on(target: Any, event: str, handler: Callable[..., Any], *,
       prevent: Callable[[Any], bool] | None = None) -> None:
    """Call handler on each event. Pyodide starts an async handler only after the event has been
    dispatched, when preventDefault() no longer cancels anything (a form is already submitted, a
    dropped file already opened): `prevent` is a plain check run at once that cancels it in time."""
    if prevent is not None:
        handler = _preventing(handler, prevent)
    proxy = create_proxy(handler)
    _HANDLERS.append(proxy)
    target.addEventListener(event, proxy)


def _preventing(handler: Callable[..., Any], prevent: Callable[[Any], bool]) -> Callable[[Any], None]:
    def handle(event: Any) -> None:
        if prevent(event):
            event.preventDefault()
        result = handler(event)
        if inspect.iscoroutine(result):
            task = asyncio.ensure_future(result)
            _TASKS.add(task)
            task.add_done_callback(_TASKS.discard)

    return handle


def set_flag(element: Any, attribute: str, on_: bool) -> None:
    """Set `attribute="true"` when on, remove it otherwise (ARIA states read best that way)."""
    if on_:
        element.setAttribute(attribute, "true")
    else:
        element.removeAttribute(attribute)


def el(tag: str, attrs: dict[str, str] | None = None, *children: Any, text: str | None = None) -> Any:
    """A new element; text is always set as text (user words never become markup)."""
    node = js.document.createElement(tag)
    for name, value in (attrs or {}).items():
        if name == "class":
            node.className = value
        else:
            node.setAttribute(name, value)
    if text is not None:
        node.textContent = text
    for child in children:
        if child is not None:
            node.append(child)
    return node


def clear(node: Any) -> None:
    node.replaceChildren()


def show(node: Any, visible: bool) -> None:
    node.hidden = not visible
