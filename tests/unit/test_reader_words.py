"""Words readers see that the core builds: what a coupon is worth, dates, amounts, share links."""

from __future__ import annotations

from datetime import date

import pytest

from creatorpost.coupon_text import coupon_worth
from creatorpost.formats import format_date, money
from creatorpost.share import share_links

COUPON = {"discount": "US $3 off", "min_spend": {"amount": "20.00", "currency": "USD"},
          "valid_until": "2031-12-31T23:59:59Z"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "US $3 off orders over US $20, until 31 Dec 2031"),
    ("es", "US $3 de descuento en pedidos de más de US $20, hasta el 31 dic 2031"),
    ("pt", "US $3 de desconto em pedidos acima de US $20, até 31 dez 2031"),
    ("fr", "US $3 de réduction dès US $20 d'achat, jusqu'au 31 déc. 2031"),
    ("ru", "скидка US $3 на заказ от US $20, до 31 дек. 2031"),
    ("ar", "خصم US $3 على الطلبات التي تزيد على US $20، حتى 31 ديسمبر 2031"),
])
def test_a_coupon_says_what_it_is_worth_in_every_language(lang: str, text: str) -> None:
    assert coupon_worth(COUPON, lang) == text


def test_the_parts_a_coupon_lacks_are_left_out() -> None:
    assert coupon_worth({**COUPON, "discount": "10% off", "min_spend": {"amount": "0.00", "currency": "USD"}},
                        "en") == "10% off, until 31 Dec 2031"
    assert coupon_worth({"discount": "Free gift wrap"}, "en") == "Free gift wrap"
    assert coupon_worth({**COUPON, "valid_until": "not a date"}, "en") == "US $3 off orders over US $20"


def test_amounts_and_dates() -> None:
    assert [money(2000, "USD"), money(1250, "usd"), money(300, "EUR"), money(99, "BRL")] == [
        "US $20", "US $12.50", "€3", "0.99 BRL"]
    assert [format_date(date(2031, 6, 30), lang) for lang in ("en", "ru", "xx")] == [
        "30 Jun 2031", "30 июн. 2031", "30 Jun 2031"]


def test_share_links_follow_the_rule_file_and_encode_the_page() -> None:
    links = share_links(["vk", "facebook", "myspace", "vk", 5], "https://s.example/p/p_1?a=b&c",
                        "Bohemian Chic & more", "https://s.example/media/m_1")
    assert [link.network for link in links] == ["facebook", "vk"]
    assert links[0].href == "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fs.example%2Fp%2Fp_1%3Fa%3Db%26c"
    assert links[1].href == ("https://vk.com/share.php?url=https%3A%2F%2Fs.example%2Fp%2Fp_1%3Fa%3Db%26c"
                             "&title=Bohemian%20Chic%20%26%20more&image=https%3A%2F%2Fs.example%2Fmedia%2Fm_1")
    assert share_links([], "https://s.example/p/p_1") == []
