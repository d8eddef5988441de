"""Product links: every common form of an AliExpress product address gives its id; others are refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creatorpost.links import ProductLink, parse_product_link

ID = "1005001234567890"


@pytest.mark.parametrize(
    "text",
    [
        f"https://www.aliexpress.com/item/{ID}.html",
        f"http://aliexpress.com/item/{ID}.html",
        f"www.aliexpress.com/item/{ID}.html",
        f"aliexpress.com/item/{ID}.html",
        f"//www.aliexpress.com/item/{ID}.html",
        f"  https://es.aliexpress.com/item/{ID}.html  \n",
        f"https://pt.aliexpress.com/item/{ID}.html?spm=a2g0o.home.0.0&gatewayAdapt=glo2bra",
        f"https://fr.aliexpress.com/item/{ID}.html#reviews",
        f"https://ru.aliexpress.com/item/{ID}.html",
        f"https://ar.aliexpress.com/item/{ID}.html",
        f"https://m.aliexpress.com/item/{ID}.html",
        f"https://www.aliexpress.us/item/{ID}.html",
        f"https://aliexpress.ru/item/{ID}.html?sku_id=12000",
        f"https://www.aliexpress.com/i/{ID}.html",
        f"https://www.aliexpress.com/item/Bohemian-Dress/{ID}.html",
        f"https://www.aliexpress.com/store/product/Bohemian-Dress/912345678_{ID}.html",
        f"https://m.aliexpress.com/app/detail.html?productId={ID}",
        f"HTTPS://WWW.ALIEXPRESS.COM/ITEM/{ID}.HTML",
        f"https://www.aliexpress.com:443/item/{ID}.html",
        f"https://www.aliexpress.com./item/{ID}.html",
        f"https://www.aliexpress.com/item/{ID}.html?aff_fcid=x&aff_trace_key=y&terminal_id=z&utm_source=ig",
    ],
)
def test_product_pages_give_the_id(text: str) -> None:
    link = parse_product_link(text)
    assert (link.product_id, link.needs_resolution, link.code) == (ID, False, None)
    assert link.url == f"https://www.aliexpress.com/item/{ID}.html"


@pytest.mark.parametrize(
    "text",
    ["https://s.click.aliexpress.com/e/_DmPq5Yx", "s.click.aliexpress.com/e/_oFq1ABC?bz=1", "https://a.aliexpress.com/_mKxYz12"],
)
def test_short_links_are_left_to_the_endpoint(text: str) -> None:
    link = parse_product_link(text)
    assert (link.product_id, link.needs_resolution, link.code) == (None, True, None)


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("", "product.not_a_link", {}),
        ("   ", "product.not_a_link", {}),
        ("Bohemian dress", "product.not_a_link", {}),
        ("ftp://aliexpress.com/item/1005001234567890.html", "product.not_a_link", {}),
        ("javascript:alert(1)", "product.link_unsafe", {}),
        ("JavaScript:alert(1)//aliexpress.com/item/1005001234567890.html", "product.link_unsafe", {}),
        ("java\tscript:alert(1)", "product.link_unsafe", {}),
        ("data:text/html,<script>alert(1)</script>", "product.link_unsafe", {}),
        ("https://www.amazon.com/dp/B000123", "product.link_other_host", {"host": "www.amazon.com"}),
        ("https://aliexpress.com.evil.io/item/1005001234567890.html", "product.link_lookalike", {"host": "aliexpress.com.evil.io"}),
        ("https://aliexpress-com.io/item/1005001234567890.html", "product.link_lookalike", {"host": "aliexpress-com.io"}),
        ("https://xn--aliexpres-i4a.com/item/1005001234567890.html", "product.link_lookalike", {"host": "xn--aliexpres-i4a.com"}),
        ("https://аliexpress.com/item/1005001234567890.html", "product.link_lookalike", {"host": "аliexpress.com"}),
        ("https://aliexpress.com@evil.io/item/1005001234567890.html", "product.link_lookalike", {"host": "evil.io"}),
        ("https://evil.io\\@aliexpress.com/item/1005001234567890.html", "product.link_other_host", {"host": "evil.io"}),
        ("https://myaliexpress.com/item/1005001234567890.html", "product.link_lookalike", {"host": "myaliexpress.com"}),
        ("https://www.aliexpress.com/", "product.link_no_id", {}),
        ("https://www.aliexpress.com/store/912345678", "product.link_no_id", {}),
        ("https://www.aliexpress.com/item/12.html", "product.link_no_id", {}),
        ("https://best.aliexpress.com/", "product.link_no_id", {}),
        ("https://xx.aliexpress.com/item/1005001234567890.html", "product.link_no_id", {}),
        ("https://www.aliexpress.com/item/１００５００１２３４.html", "product.link_no_id", {}),
        ("https://www.aliexpress.com:99999/item/1005001234567890.html", "product.not_a_link", {}),
    ],
)
def test_other_addresses_are_refused_with_a_reason(text: str, code: str, params: dict[str, str]) -> None:
    assert parse_product_link(text) == ProductLink(code=code, params=params)


@given(st.text())
def test_never_raises_and_ids_are_digits(text: str) -> None:
    link = parse_product_link(text)
    assert (link.code is None) == (link.product_id is not None or link.needs_resolution)
    if link.product_id is not None:
        assert link.product_id.isascii() and link.product_id.isdigit()


@given(st.sampled_from(["https://", "http://", "", "//"]),
       st.sampled_from(["www.", "m.", "es.", ""]),
       st.sampled_from(["/item/", "/i/"]),
       st.from_regex(r"[1-9][0-9]{5,19}", fullmatch=True),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789=&_.-%", max_size=30))
def test_generated_product_pages_round_trip(scheme: str, sub: str, path: str, product_id: str, query: str) -> None:
    link = parse_product_link(f"{scheme}{sub}aliexpress.com{path}{product_id}.html?{query}")
    assert link.product_id == product_id
