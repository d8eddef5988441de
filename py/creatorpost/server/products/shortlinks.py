"""Resolving a platform short link (`https://a.aliexpress.com/_mKxyz`) by following its redirects
until an address names a product. Only the first hop may be any host the caller trusts; every
later hop must be a platform address, so a short link cannot walk us around the internet."""

from __future__ import annotations

import http.client
import urllib.parse

from creatorpost import links

MAX_HOPS = 5


def _location(url: str, timeout: float) -> str | None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_type(parts.hostname, parts.port, timeout=timeout)
    try:
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        connection.request("GET", target, headers={"User-Agent": "CreatorPostStudio/1", "Accept": "text/html"})
        response = connection.getresponse()
        if response.status in {301, 302, 303, 307, 308}:
            location = response.getheader("Location")
            return urllib.parse.urljoin(url, location) if location else None
        return None
    finally:
        connection.close()


def follow_short_link(url: str, timeout: float = 5.0) -> str | None:
    """The product id the short link leads to, or None. Network errors propagate (OSError)."""
    current = url
    for _ in range(MAX_HOPS):
        nxt = _location(current, timeout)
        if nxt is None:
            return None
        parsed = links.parse_product_link(nxt)
        if parsed.product_id:
            return parsed.product_id
        if not parsed.needs_resolution:
            return None
        current = nxt
    return None
