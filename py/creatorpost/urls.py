"""A small, strict splitter for pasted web addresses, shared by the product and video parsers.

Our own code instead of `urllib.parse`, whose edge cases changed between CPython versions:
the browser and the endpoint must read a pasted link the same way. It follows what a
browser does with the pieces that matter for safety: tabs and line breaks inside are
dropped, `\\` counts as `/`, everything before `@` in the authority is user info (so
`https://aliexpress.com@evil.io/` goes to evil.io).

What creators paste is often more than an address: the text of an app's Share button (words, the
address, more words), or a link at the end of a sentence ("…html."). `find_link` picks the address
out of such text before it is split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST_CHARS = re.compile(r"^[a-z0-9.\-]+$")
_PORT = re.compile(r"^[0-9]{1,5}$")
_INSIDE_NOISE = str.maketrans("", "", "\t\r\n")
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript", "file", "blob", "about"})
# Around a pasted address, these belong to the sentence: brackets, quotes, a full stop after it.
_LEADING = "([{<\"'“‘«「『【（"
_TRAILING = ".,;:!?)]}>\"'”’»」』】）。、，．！？；："
_LOOKS_LIKE_LINK = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://|//|www\.|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+/)", re.IGNORECASE)


@dataclass(frozen=True)
class SplitUrl:
    scheme: str  # "http", "https" or "" when the paste had none
    userinfo: str | None
    host: str  # lower case, without port and trailing dot; may be non-ASCII
    path: str
    query: str
    ascii_host: bool


class UrlProblem(Exception):
    """Why a text is not an http(s) address: `code` is "not_a_link" or "unsafe"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _trimmed(text: str) -> str:
    text = text.strip()
    while text and text[0] in _LEADING:
        text = text[1:]
    while text and text[-1] in _TRAILING:
        text = text[:-1]
    return text


def find_link(text: str) -> str:
    """The address in pasted text: the text itself, without the sentence's punctuation around it; or,
    when the text has words around an address (a Share button's text), the first word that looks
    like one (`scheme://`, `//`, `www.` or `host.tld/`). Text with no such word is returned as it was."""
    stripped = text.strip()
    if not any(ch.isspace() for ch in stripped):
        return _trimmed(stripped) or stripped
    for word in stripped.split():
        candidate = _trimmed(word)
        if _LOOKS_LIKE_LINK.match(candidate):
            return candidate
    return text


def percent_decode(text: str) -> str:
    """`%XX` escapes decoded as UTF-8 (a broken sequence becomes U+FFFD); `+` is kept."""
    if "%" not in text:
        return text
    out = bytearray()
    index = 0
    while index < len(text):
        ch = text[index]
        pair = text[index + 1:index + 3]
        if ch == "%" and len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair):
            out.append(int(pair, 16))
            index += 3
        else:
            out += ch.encode("utf-8")
            index += 1
    return out.decode("utf-8", errors="replace")


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def percent_encode(text: str) -> str:
    """Every byte but the unreserved ones as `%XX` (UTF-8): a value that may sit in a query string."""
    return "".join(chr(b) if chr(b) in _UNRESERVED else f"%{b:02X}" for b in text.encode("utf-8"))


def split_url(text: str) -> SplitUrl:
    """Split a pasted address; raises UrlProblem when it is not an http(s) address."""
    text = text.strip().translate(_INSIDE_NOISE)
    if not text or any(ch.isspace() for ch in text):
        raise UrlProblem("not_a_link")
    scheme = ""
    rest = text
    match = _SCHEME.match(text)
    if match and "." not in match.group(1):
        scheme = match.group(1).lower()
        if scheme in UNSAFE_SCHEMES:
            raise UrlProblem("unsafe")
        if scheme not in ("http", "https"):
            raise UrlProblem("not_a_link")
        rest = text[match.end():]
    rest = rest.replace("\\", "/")
    if rest.startswith("//"):
        rest = rest[2:]
    elif scheme:
        raise UrlProblem("not_a_link")
    end = len(rest)
    for sep in "/?#":
        pos = rest.find(sep)
        if pos != -1 and pos < end:
            end = pos
    authority, tail = rest[:end], rest[end:]
    userinfo = None
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
    host, colon, port = authority.partition(":")
    if colon and not (_PORT.match(port) and int(port) <= 65535):
        raise UrlProblem("not_a_link")
    host = host.lower().rstrip(".")
    if not host or ".." in host or host.startswith(".") or "." not in host:
        raise UrlProblem("not_a_link")
    ascii_host = host.isascii()
    if ascii_host and not _HOST_CHARS.match(host):
        raise UrlProblem("not_a_link")
    tail = tail.split("#", 1)[0]
    path, _, query = tail.partition("?")
    return SplitUrl(scheme, userinfo, host, path or "/", query, ascii_host)


def query_values(query: str, name: str) -> list[str]:
    """Values of `name` in a query string (no percent-decoding; ids are plain ASCII)."""
    values = []
    for pair in query.split("&"):
        key, eq, value = pair.partition("=")
        if eq and key == name:
            values.append(value)
    return values
