"""Product links: a pasted AliExpress address -> the product id ("Get info").

Accepted: http(s) or no scheme; the hosts of `[products] hosts`, bare or with one label of
`[products] subdomains` (country sites, `www`, `m`, `us`, `star`); the paths `/item/<id>.html`,
`/i/<id>.html` (`.html` optional), `/item/<slug>/<id>.html`,
`/store/product/<slug>/<store>_<id>.html` and a `productId=<id>` query; a share page's
`redirectUrl=<percent-encoded product address>` (`[products] redirect_parameters`); any other
query (tracking parameters) and fragment are ignored. The address may sit inside the text of a
Share button or end a sentence (`urls.find_link`).
Short links (`[products] short_links`, `aliexpress.ru/e/_…` partner links among them, a code
matching `short_link_code_pattern` after the path prefix) need a redirect to find the product:
they are recognised (`needs_resolution`, with `short_link`: the only address the endpoint will
contact for them) and left to the endpoint.
Rejected with a code: not an address, `javascript:`/`data:`, another site, a look-alike
site (user info before `@`, a host that contains "aliexpress" but is not ours, non-ASCII
or punycode hosts), and AliExpress pages that are not a product. Refusals a creator can act on
carry `forms`: what we accept (`[products] accepted_forms`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from creatorpost.rules import RuleSet, load_rules
from creatorpost.urls import SplitUrl, UrlProblem, find_link, percent_decode, query_values, split_url

_PATHS = (
    re.compile(r"^/(?:item|i)/(?:[^/]+/)?([0-9]+)\.html?$", re.IGNORECASE),
    re.compile(r"^/(?:item|i)/([0-9]+)/?$", re.IGNORECASE),
    re.compile(r"^/store/product/[^/]+/[0-9]+_([0-9]+)\.html?$", re.IGNORECASE),
)
_BRAND = "aliexpress"


@dataclass(frozen=True)
class ShortLink:
    """A request the endpoint may send while following a short link: always https, to a host of
    `[products] short_links`, with a request target made of safe ASCII only. Only this module
    makes one, so the address that is checked is the address that is contacted."""

    host: str
    target: str  # path and query, percent-encoded: what goes on the request line

    @property
    def url(self) -> str:
        return "https://" + self.host + self.target


@dataclass(frozen=True)
class ProductLink:
    product_id: str | None = None
    needs_resolution: bool = False
    code: str | None = None  # finding code when the link is rejected
    params: dict[str, Any] = field(default_factory=dict)
    url: str | None = None  # the canonical address of an accepted link
    short_link: ShortLink | None = None  # for a short link: what the endpoint may request

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


def accepted_forms(rules: RuleSet | None = None) -> list[str]:
    """The product address forms a refusal names (`forms` of `product.not_a_link` and `product.link_no_id`)."""
    return list((rules or load_rules()).products.accepted_forms)


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


def _short_link(url: SplitUrl, rules: RuleSet) -> ShortLink | None:
    code_pattern = re.compile(rules.products.short_link_code_pattern)
    for short in rules.products.short_links:
        if url.host == short.host and url.path.startswith(short.path_prefix):
            code = url.path[len(short.path_prefix):].removesuffix("/")
            if code_pattern.fullmatch(code):
                # Tracking parameters do not name the product: the canonical link has none.
                return ShortLink(host=short.host, target=short.path_prefix + code)
    return None


def redirect_hop(text: str, rules: RuleSet | None = None) -> ShortLink | None:
    """Where a redirect on the way from a short link may lead next: an address on a short-link
    host (any path), read by the same splitter as a pasted link; None for anything else."""
    rules = rules or load_rules()
    try:
        url = split_url(text)
    except UrlProblem:
        return None
    if url.userinfo is not None or url.scheme not in ("http", "https") or not url.ascii_host:
        return None  # an http hop is allowed: it is requested over https like every other
    if url.host not in {short.host for short in rules.products.short_links}:
        return None
    target = _percent_encoded(url.path) + ("?" + _percent_encoded(url.query) if url.query else "")
    return ShortLink(host=url.host, target=target)


# What may stand as is in a request target; every other byte is percent-encoded (UTF-8), and a
# "%" that does not start an escape becomes "%25".
_TARGET_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _percent_encoded(text: str) -> str:
    out: list[str] = []
    pos = 0
    while pos < len(text):
        if text[pos] == "%" and _ESCAPE.match(text, pos):
            out.append(text[pos:pos + 3].upper())
            pos += 3
            continue
        out.extend(chr(b) if b in _TARGET_SAFE else f"%{b:02X}" for b in text[pos].encode("utf-8", "surrogatepass"))
        pos += 1
    return "".join(out)


def parse_product_link(text: Any, rules: RuleSet | None = None) -> ProductLink:
    """Read a pasted product address; never raises."""
    rules = rules or load_rules()
    if not isinstance(text, str):
        return _rejected("product.not_a_link", forms=accepted_forms(rules))
    return _parse(find_link(text), rules, follow_redirect=True)


def _parse(text: str, rules: RuleSet, follow_redirect: bool) -> ProductLink:
    try:
        url = split_url(text)
    except UrlProblem as problem:
        if problem.code == "unsafe":
            return _rejected("product.link_unsafe")
        return _rejected("product.not_a_link", forms=accepted_forms(rules))
    if url.userinfo is not None:
        return _rejected("product.link_lookalike", host=url.host)
    short = _short_link(url, rules)
    if short is not None:
        return ProductLink(needs_resolution=True, url=short.url, short_link=short)
    if not _is_ours(url.host, rules):
        if any(url.host.endswith("." + host) for host in rules.products.hosts):
            # a real AliExpress site, but not a product page
            return _rejected("product.link_no_id", forms=accepted_forms(rules))
        if _looks_like_us(url):
            return _rejected("product.link_lookalike", host=url.host)
        return _rejected("product.link_other_host", host=url.host)
    product_id = _product_id(url)
    if product_id is None and follow_redirect:
        for name in rules.products.redirect_parameters:
            for value in query_values(url.query, name):
                inner = _parse(percent_decode(value), rules, follow_redirect=False)
                if inner.accepted:
                    return inner
    if product_id is None or not valid_product_id(product_id, rules):
        return _rejected("product.link_no_id", forms=accepted_forms(rules))
    return ProductLink(product_id=product_id, url=f"https://www.aliexpress.com/item/{product_id}.html")
