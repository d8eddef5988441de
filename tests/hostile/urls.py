"""Parser-differential addresses: texts that one URL parser reads as a platform short link and
another as a loopback address (or the other way round), generated from a few families.

`pasted_links(port)` are what a creator (or an attacker) could paste; `redirect_locations(port)`
what a short-link server could answer in Location. Every one names 127.0.0.1:port somewhere, in
some spelling; a test listens there and must see no connection at all.
"""

from __future__ import annotations

from itertools import product

SHORT_HOSTS = ("a.aliexpress.com", "s.click.aliexpress.com", "click.aliexpress.com")
SCHEMES = ("https://", "http://", "", "//", "HTTPS://", "https:\\\\", "https:/\\", "http:/", "https:", " https://",
           "\thttps://", "https:///")


def loopback_spellings(port: int) -> list[str]:
    """127.0.0.1 and friends: IPv6, decimal, hex, octal, short forms, trailing dots, Unicode digits
    and dots, mapped IPv6, names that resolve to loopback, with and without the port."""
    hosts = [
        "127.0.0.1", "127.1", "127.0.1", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "017700000001",
        "127.000.000.001", "127.0.0.1.", "0", "0.0.0.0", "localhost", "localhost.", "LOCALHOST",
        "[::1]", "[::]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]",
        "[fe80::1%25lo]", "①②⑦.0.0.1", "127。0。0。1", "１２７.０.０.１", "127.0.0.1.nip.io", "localtest.me",
        "169.254.169.254", "10.0.0.1", "[64:ff9b::7f00:1]", "[2002:7f00:1::]",
    ]
    return [*(f"{host}:{port}" for host in hosts), *hosts[:8]]


# {p} is the short-link host's path prefix ("/_", "/e/_"), {bp} the same with backslashes.
_PASTED_TEMPLATES = (
    "{scheme}{short}{bp}x@{loop}{p}abc",
    "{scheme}{short}\\@{loop}{p}abc",
    "{scheme}{short}@{loop}{p}abc",
    "{scheme}{short}:@{loop}{p}abc",
    "{scheme}{short}:443@{loop}{p}abc",
    "{scheme}{short}%40{loop}{p}abc",
    "{scheme}{short}%2f@{loop}{p}abc",
    "{scheme}{short}%5c@{loop}{p}abc",
    "{scheme}{short}#@{loop}{p}abc",
    "{scheme}{short}?@{loop}{p}abc",
    "{scheme}{short}{p}x@{loop}{p}abc",
    "{scheme}{short}{p}abc/..%2f..%2f@{loop}",
    "{scheme}{short}{p}%2e%2e/%2e%2e/{loop}{p}abc",
    "{scheme}{short}{p}abc%0d%0aHost:%20{loop}",
    "{scheme}{short}{p}abc\r\nHost: {loop}",
    "{scheme}{short}{p}abc?next=//{loop}/",
    "{scheme}{short}{p}abc#//{loop}/",
    "{scheme}{loop}\\@{short}{p}abc",
    "{scheme}{loop}#@{short}{p}abc",
    "{scheme}{loop}?@{short}{p}abc",
    "{scheme}{loop}/{short}{p}abc",
    "{scheme}{loop}{p}abc",
    "{scheme}{short}.{loop}{p}abc",
    "{scheme}{loop}.{short}{p}abc",
)
_PREFIX = {"a.aliexpress.com": "/_", "s.click.aliexpress.com": "/e/_", "click.aliexpress.com": "/e/_"}
_HOST_TRICKS = (
    "{short}", "{upper}", "{short}.", "{short}..", "{short}%2e", "{dotted}", "ａ.aliexpress.com", "a.aliexpress。com",
    "a.аliexpress.com", "xn--a-aliexpress-com.com", "a.aliexpress.com.evil.io", "a-aliexpress.com",
    "{short}:{port}", "{short}:0", "{short}:65536", "[{short}]", "{short}\t",
)


def _fill(template: str, short: str, scheme: str, **values: str) -> str:
    prefix = _PREFIX[short]
    return template.format(scheme=scheme, short=short, p=prefix, bp=prefix.replace("/", "\\"), upper=short.upper(),
                           dotted=short.replace(".", "%2e"), **values)


def _odd_scheme(index: int) -> str:
    return SCHEMES[2 + index % (len(SCHEMES) - 2)]


def pasted_links(port: int) -> list[str]:
    """Every template with every spelling and every short-link host, once with http:// and once with
    one of the other schemes in turn; then host tricks with every scheme."""
    combos = product(_PASTED_TEMPLATES, loopback_spellings(port), SHORT_HOSTS)
    found = [_fill(template, short, scheme, loop=loop)
             for index, (template, loop, short) in enumerate(combos)
             for scheme in ("http://", "https://" if index % 3 == 0 else _odd_scheme(index))]
    found += [_fill(trick + "{p}abc", short, scheme, port=str(port))
              for trick, short, scheme in product(_HOST_TRICKS, SHORT_HOSTS, SCHEMES)]
    return found


_LOCATION_TEMPLATES = (
    "{scheme}{loop}{p}x", "{scheme}{short}\\@{loop}{p}x", "{scheme}{short}@{loop}{p}x", "{scheme}{loop}\\@{short}{p}x",
    "{scheme}{short}%2f@{loop}{p}x", "{scheme}{short}.{loop}{p}x", "{scheme}{loop}#@{short}{p}x",
    "{scheme}{short}{bp}x@{loop}{p}x",
)
_LOCATION_SCHEMES = ("https://", "http://", "//", "/\\", "\\\\", "\\/", "https:\\\\", "HTTPS://", " //", "https:/")


def redirect_locations(port: int) -> list[str]:
    combos = product(_LOCATION_TEMPLATES, _LOCATION_SCHEMES, loopback_spellings(port))
    found = [_fill(template, SHORT_HOSTS[index % len(SHORT_HOSTS)], scheme, loop=loop)
             for index, (template, scheme, loop) in enumerate(combos)]
    return [*found, f"ftp://127.0.0.1:{port}/", "file:///etc/passwd", "javascript:alert(1)", "data:,x", "", " "]
