"""The endpoint, from the browser: JSON over fetch, with the network's absence as a normal outcome."""

import json
from dataclasses import dataclass
from typing import Any

import js
from pyodide.ffi import to_js

from creatorpost.browser.dom import query, real


def segment(value: str) -> str:
    """`value` percent-encoded to stand alone as one part of a URL's path or as a query value."""
    from urllib.parse import quote  # with the first call: the editor's first start has no use for urllib

    return quote(value, safe="")


def query_string(params: dict[str, str]) -> str:
    from urllib.parse import urlencode  # as in segment()

    return urlencode(params)


class Offline(Exception):
    """The request never reached the endpoint."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    retry_after: float | None = None  # seconds, when the endpoint said (429, 503)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error_code(self) -> str:
        return self._error_part("code")

    @property
    def error_message(self) -> str:
        return self._error_part("message")

    def _error_part(self, name: str) -> str:
        """One part of the endpoint's `{"error": {"code", "message", "field"}}`, "" when absent."""
        error = self.body.get("error") if isinstance(self.body, dict) else None
        return str(error.get(name, "")) if isinstance(error, dict) else ""


def api_base() -> str:
    meta = query(js.document, 'meta[name="creatorpost-api"]')
    base = str(meta.content) if meta is not None else ""
    return base.rstrip("/")


PARTNER_HEADER = "X-Creatorpost-Partner"


class Api:
    def __init__(self, lang: str = "en") -> None:
        self.token: str | None = None
        self.lang = lang
        # Embedded by a partner: its origin goes with every call (a partner token works only so).
        self.partner: str | None = None

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        sent = {"Accept": "application/json", "Accept-Language": self.lang, **(extra or {})}
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        if self.partner:
            sent[PARTNER_HEADER] = self.partner
        return sent

    async def blob(self, path: str) -> Any | None:
        """The bytes at `path` as a Blob (a photo of one's own post), or None when they cannot be had."""
        init = to_js({"headers": self._headers(None)}, dict_converter=js.Object.fromEntries)
        try:
            response = await js.fetch(api_base() + path, init)
            return await response.blob() if bool(response.ok) else None
        except Exception as error:  # fetch rejects with a TypeError when the network is gone
            raise Offline(str(error)) from error

    async def call(self, method: str, path: str, *, body: Any = None, form: Any = None,
                   headers: dict[str, str] | None = None) -> Answer:
        sent = self._headers(headers)
        init: dict[str, Any] = {"method": method}
        if body is not None:
            sent["Content-Type"] = "application/json"
            init["body"] = json.dumps(body, ensure_ascii=False)
        elif form is not None:
            init["body"] = form
        init["headers"] = sent
        try:
            response = await js.fetch(api_base() + path, to_js(init, dict_converter=js.Object.fromEntries))
            text = str(await response.text())
        except Exception as error:  # fetch rejects with a TypeError when the network is gone
            raise Offline(str(error)) from error
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        return Answer(int(response.status), parsed, _seconds(real(response.headers.get("Retry-After"))))


def _seconds(header: Any) -> float | None:
    """A Retry-After of seconds ("30"); None when absent or a date."""
    try:
        return float(str(header)) if header is not None and str(header).strip() else None
    except ValueError:
        return None
