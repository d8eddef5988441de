"""Product links: every common form of an AliExpress product address gives its id; others are refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.links import ProductLink, accepted_forms, parse_product_link

ID = "1005001234567890"
FORMS = accepted_forms()


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
        # Forms collected from other projects' tests and from what the apps' Share buttons give:
        f"https://us.aliexpress.com/item/{ID}.html",
        f"https://www.aliexpress.com/i/{ID}",
        f"https://m.aliexpress.com/i/{ID}/",
        f"https://star.aliexpress.com/share/share.htm?image=x.jpg&businessType=ProductDetail&redirectUrl="
        f"https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F{ID}.html%3Fspm%3Da2g0o",
        f"https://star.aliexpress.com/share/share.htm?platform=AE&businessType=ProductDetail&productId={ID}",
        f"https://www.aliexpress.com/item/{ID}.html,",
        f"https://www.aliexpress.com/item/{ID}.html.",
        f"(https://www.aliexpress.com/item/{ID}.html)",
        f"«https://www.aliexpress.com/item/{ID}.html»。",
        f"Look what I found on AliExpress! https://www.aliexpress.com/item/{ID}.html Free shipping",
        f"US $18.99 | Bohemian Triangle Bikini Set\nhttps://www.aliexpress.com/item/{ID}.html?sourceType=1",
        f"I just found this on AliExpress: ₽ 1 234 https://aliexpress.ru/item/{ID}.html",
    ],
)
def test_product_pages_give_the_id(text: str) -> None:
    link = parse_product_link(text)
    assert (link.product_id, link.needs_resolution, link.code) == (ID, False, None)
    assert link.url == f"https://www.aliexpress.com/item/{ID}.html"


@pytest.mark.parametrize(
    "text",
    ["https://s.click.aliexpress.com/e/_DmPq5Yx", "s.click.aliexpress.com/e/_oFq1ABC?bz=1", "https://a.aliexpress.com/_mKxYz12",
     "https://aliexpress.ru/e/_DdPq5Yx", "Смотри, что я нашёл на AliExpress! https://aliexpress.ru/e/_DdPq5Yx",
     "https://a.aliexpress.com/_mKxYz12."],
)
def test_short_links_are_left_to_the_endpoint(text: str) -> None:
    link = parse_product_link(text)
    assert (link.product_id, link.needs_resolution, link.code) == (None, True, None)


def test_a_short_link_in_share_text_is_handed_on_alone() -> None:
    """The endpoint follows the short link itself, never the words around it."""
    link = parse_product_link("Only US $4.99! https://a.aliexpress.com/_mKxYz12, free shipping")
    assert link.url == "https://a.aliexpress.com/_mKxYz12"


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("", "product.not_a_link", {"forms": FORMS}),
        ("   ", "product.not_a_link", {"forms": FORMS}),
        ("Bohemian dress", "product.not_a_link", {"forms": FORMS}),
        ("ftp://aliexpress.com/item/1005001234567890.html", "product.not_a_link", {"forms": FORMS}),
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
        ("https://www.aliexpress.com/", "product.link_no_id", {"forms": FORMS}),
        ("https://www.aliexpress.com/store/912345678", "product.link_no_id", {"forms": FORMS}),
        ("https://www.aliexpress.com/item/12.html", "product.link_no_id", {"forms": FORMS}),
        ("https://best.aliexpress.com/", "product.link_no_id", {"forms": FORMS}),
        ("https://xx.aliexpress.com/item/1005001234567890.html", "product.link_no_id", {"forms": FORMS}),
        ("https://www.aliexpress.com/item/１００５００１２３４.html", "product.link_no_id", {"forms": FORMS}),
        ("https://www.aliexpress.com:99999/item/1005001234567890.html", "product.not_a_link", {"forms": FORMS}),
        # A share page whose redirect goes elsewhere is not a product; the redirect is followed once only.
        ("https://star.aliexpress.com/share/share.htm?redirectUrl=https%3A%2F%2Fevil.io%2Fitem%2F1005001234567890.html",
         "product.link_no_id", {"forms": FORMS}),
        ("https://star.aliexpress.com/share/share.htm?redirectUrl=https%3A%2F%2Fstar.aliexpress.com%2Fshare%2Fshare.htm"
         "%3FredirectUrl%3Dhttps%253A%252F%252Fwww.aliexpress.com%252Fitem%252F1005001234567890.html",
         "product.link_no_id", {"forms": FORMS}),
        ("Look what I found! Free shipping", "product.not_a_link", {"forms": FORMS}),
        ("Look https://www.amazon.com/dp/B000123 here", "product.link_other_host", {"host": "www.amazon.com"}),
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


def test_a_refusal_names_the_forms_we_accept() -> None:
    """The creator learns what to paste instead, in their language."""
    from creatorpost.messages import message

    refused = parse_product_link("https://www.aliexpress.com/store/912345678")
    text = message(refused.code or "", refused.params, "en")
    assert "aliexpress.com/item/<id>.html" in text and "a.aliexpress.com/_…" in text and "Share" in text
    for lang in SUPPORTED_LANGS:
        assert "aliexpress.ru/e/_…" in message(refused.code or "", refused.params, lang)


_WORDS = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC!$€₽ 0123456789éж", min_size=1, max_size=12)
                  .map(str.strip).filter(lambda w: w and "." not in w and "/" not in w), max_size=4)


@given(_WORDS, _WORDS, st.from_regex(r"[1-9][0-9]{5,19}", fullmatch=True),
       st.sampled_from(["", ".", ",", "!", ")", "。", "、", "…"[:0]]),
       st.sampled_from(["https://www.aliexpress.com/item/{}.html", "https://us.aliexpress.com/item/{}.html",
                        "aliexpress.com/i/{}", "https://m.aliexpress.com/i/{}.html?x=1"]))
def test_a_link_inside_share_text_gives_its_id(before: list[str], after: list[str], product_id: str, stop: str,
                                                form: str) -> None:
    """Words before and after the address, and the sentence's punctuation, never hide the product."""
    text = " ".join([*before, form.format(product_id) + stop, *after])
    assert parse_product_link(text).product_id == product_id


@given(st.from_regex(r"[1-9][0-9]{5,19}", fullmatch=True),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789=_.-", max_size=20),
       st.sampled_from(["www.", "es.", "m.", ""]))
def test_a_share_page_gives_the_product_it_redirects_to(product_id: str, query: str, sub: str) -> None:
    inner = f"https://{sub}aliexpress.com/item/{product_id}.html?{query}"
    encoded = "".join(c if c.isalnum() or c in "-_." else f"%{ord(c):02X}" for c in inner)
    text = f"https://star.aliexpress.com/share/share.htm?image=a.jpg&redirectUrl={encoded}&platform=AE"
    assert parse_product_link(text).product_id == product_id
