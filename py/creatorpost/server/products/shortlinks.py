"""Following a platform short link (`https://a.aliexpress.com/_mKxyz`) to the product it names.

One parser decides everything (creatorpost.links): the pasted text becomes a `ShortLink` there or
nothing is requested; each redirect's Location is read by the same splitter and followed only to
another short-link host of the rule file (`links.redirect_hop`), or ends the chain when it names a
product. Each request goes through products.outbound (checked addresses only, header bytes capped),
at most `short_link_max_hops` of them, all within one deadline.

A refused chain raises `ShortLinkRefused` with one of our codes; a network failure raises OSError.
"""

from __future__ import annotations

import logging

from creatorpost import links
from creatorpost.rules import RuleSet, load_rules
from creatorpost.server.products.outbound import Deadline, Outbound, OutboundRefused
from creatorpost.server.products.provider import ProviderError
from creatorpost.urls import UrlProblem, split_url

log = logging.getLogger("creatorpost.shortlinks")

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class ShortLinkRefused(ProviderError):
    """The chain was stopped on purpose: `code` says why, in words a creator can act on."""

    def __init__(self, code: str, status: int = 422, **params: str | int) -> None:
        super().__init__(code, status, ", ".join(f"{k}={v}" for k, v in params.items()), params=params)


def follow_short_link(link: links.ShortLink, outbound: Outbound, timeout: float,
                      rules: RuleSet | None = None) -> str | None:
    """The product id `link` leads to, or None when its last answer is not a redirect."""
    rules = rules or load_rules()
    max_hops = rules.products.short_link_max_hops
    deadline = Deadline(timeout)
    current = link
    for _ in range(max_hops):
        try:
            answer = outbound.head(current, deadline)
        except OutboundRefused as refused:
            log.warning("short link refused", extra={"event": "shortlink.refused", "reason": str(refused),
                                                     "host": current.host})
            if refused.reason == "address":
                raise ShortLinkRefused("product.short_link_blocked") from None
            raise ShortLinkRefused("product.short_link_unreadable", status=502) from None
        if answer.status not in _REDIRECTS or not answer.location:
            return None
        location = _absolute(answer.location, current)
        product = links.parse_product_link(location, rules)
        if product.product_id is not None:
            return product.product_id
        hop = links.redirect_hop(location, rules)
        if hop is None:
            host = _host_of(location)
            log.warning("short link leads elsewhere", extra={"event": "shortlink.elsewhere", "host": host})
            raise ShortLinkRefused("product.short_link_elsewhere", host=host)
        current = hop
    raise ShortLinkRefused("product.short_link_too_many_hops", max_hops=max_hops)


def _absolute(location: str, current: links.ShortLink) -> str:
    """A Location made absolute against the current request, as a browser would read it
    (a leading backslash counts as a slash); the result is parsed by the one parser anyway."""
    text = location.strip()
    lead = text[:2].replace("\\", "/")
    if lead == "//":
        return "https:" + text
    if lead[:1] == "/":
        return f"https://{current.host}{text}"
    if "://" in text or text.lower().startswith(("http:", "https:")):
        return text
    directory = current.target.split("?", 1)[0].rsplit("/", 1)[0]
    return f"https://{current.host}{directory}/{text}"


def _host_of(location: str) -> str:
    try:
        return split_url(location).host
    except UrlProblem:
        return location[:60]
