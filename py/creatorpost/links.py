"""Product links: a pasted AliExpress address -> the product id ("Get info").

Accepted: http(s) or no scheme; the hosts of `[products] hosts`, bare or with one label of
`[products] subdomains` (country sites, `www`, `m`); the paths `/item/<id>.html`,
`/i/<id>.html`, `/item/<slug>/<id>.html`, `/store/product/<slug>/<store>_<id>.html` and a
`productId=<id>` query; any other query (tracking parameters) and fragment are ignored.
Short links (`[products] short_links`) need a redirect to find the product: they are
recognised (`needs_resolution`) and left to the endpoint.
Rejected with a code: not an address, `javascript:`/`data:`, another site, a look-alike
site (user info before `@`, a host that contains "aliexpress" but is not ours, non-ASCII
or punycode hosts), and AliExpress pages that are not a product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from creatorpost.rules import RuleSet, load_rules
from creatorpost.urls import SplitUrl, UrlProblem, query_values, split_url

_PATHS = (
    re.compile(r"^/(?:item|i)/(?:[^/]+/)?([0-9]+)\.html?$", re.IGNORECASE),
    re.compile(r"^/item/([0-9]+)/?$", re.IGNORECASE),
    re.compile(r"^/store/product/[^/]+/[0-9]+_([0-9]+)\.html?$", re.IGNORECASE),
)
_BRAND = "aliexpress"


@dataclass(frozen=True)
class ProductLink:
    product_id: str | None = None
    needs_resolution: bool = False
    code: str | None = None  # finding code when the link is rejected
    params: dict[str, Any] = field(default_factory=dict)
    url: str | None = None  # the canonical address of an accepted link

    @property
    def accepted(self) -> bool:
        return self.code is None


def valid_product_id(text: str, rules: RuleSet) -> bool:
    products = rules.products
    return text.isascii() and text.isdigit() and products.id_min_digits <= len(text) <= products.id_max_digits


def _is_ours(host: str, rules: RuleSet) -> bool:
    products = rules.products
    if host in products.hosts:
        return True
    label, _, parent = host.partition(".")
    return parent in products.hosts and label in products.subdomains


def _looks_like_us(url: SplitUrl) -> bool:
    if not url.ascii_host or "xn--" in url.host:
        return True
    return _BRAND in url.host.replace("-", "").replace(".", "")


def _rejected(code: str, **params: Any) -> ProductLink:
    return ProductLink(code=code, params=params)


def _product_id(url: SplitUrl) -> str | None:
    for pattern in _PATHS:
        match = pattern.match(url.path)
        if match:
            return match.group(1)
    for name in ("productId", "productIds"):
        for value in query_values(url.query, name):
            if value.isascii() and value.isdigit():
                return value
    return None


def parse_product_link(text: Any, rules: RuleSet | None = None) -> ProductLink:
    """Read a pasted product address; never raises."""
    rules = rules or load_rules()
    if not isinstance(text, str):
        return _rejected("product.not_a_link")
    try:
        url = split_url(text)
    except UrlProblem as problem:
        return _rejected("product.link_unsafe" if problem.code == "unsafe" else "product.not_a_link")
    if url.userinfo is not None:
        return _rejected("product.link_lookalike", host=url.host)
    for short in rules.products.short_links:
        if url.host == short.host and url.path.startswith(short.path_prefix) and len(url.path) > len(short.path_prefix):
            scheme = url.scheme or "https"
            query = f"?{url.query}" if url.query else ""
            return ProductLink(needs_resolution=True, url=f"{scheme}://{url.host}{url.path}{query}")
    if not _is_ours(url.host, rules):
        if any(url.host.endswith("." + host) for host in rules.products.hosts):
            return _rejected("product.link_no_id")  # a real AliExpress site, but not a product page
        if _looks_like_us(url):
            return _rejected("product.link_lookalike", host=url.host)
        return _rejected("product.link_other_host", host=url.host)
    product_id = _product_id(url)
    if product_id is None or not valid_product_id(product_id, rules):
        return _rejected("product.link_no_id")
    return ProductLink(product_id=product_id, url=f"https://www.aliexpress.com/item/{product_id}.html")
