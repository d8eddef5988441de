""""Get info" and coupon checks, from the embedded catalog and from the affiliate API."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from creatorpost.server.products.affiliate import AffiliateProvider, sign
from creatorpost.server.products.provider import ProviderError
from tests.endpoints import Endpoint
from tests.server.conftest import MakeApp
from tests.server.posts_data import BEACH_STORE, BIKINI, HOME_STORE


@pytest.mark.parametrize("url", [
    f"https://www.aliexpress.com/item/{BIKINI}.html",
    f"https://es.aliexpress.com/item/{BIKINI}.html?spm=a2g0o&gatewayAdapt=glo2esp",
    f"https://m.aliexpress.com/i/{BIKINI}.html",
    f"aliexpress.com/item/{BIKINI}.html",
    "https://a.aliexpress.com/_mDemoA1",
    f"https://us.aliexpress.com/item/{BIKINI}.html,",
    f"https://star.aliexpress.com/share/share.htm?redirectUrl=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F{BIKINI}.html",
    "Look what I found on AliExpress! https://a.aliexpress.com/_mDemoA1 Free shipping",
])
def test_resolve_product_links(server: Endpoint, url: str) -> None:
    """Every common form of a product address, and a demo short link, gives the same product card."""
    with server.client("demo-basic") as client:
        response = client.get("/api/products/resolve", params={"url": url})
    assert response.status_code == 200
    assert response.json() == {
        "product_id": BIKINI, "title": "Bohemian Triangle Bikini Set, Floral Print",
        "image": f"/catalog/images/{BIKINI}.png", "price": {"amount": "18.99", "currency": "USD"},
        "store": {"id": BEACH_STORE, "name": "Sunny Beachwear Official Store"}, "category": "swimwear",
        "url": f"https://www.aliexpress.com/item/{BIKINI}.html"}


def test_partner_short_links_of_aliexpress_ru_resolve_like_the_others(server: Endpoint) -> None:
    """aliexpress.ru/e/_… partner links, pasted alone or with the app's share text, give the product."""
    with server.client("demo-basic") as client:
        for url in ("https://aliexpress.ru/e/_DdemoRu5", "Смотри! https://aliexpress.ru/e/_DdemoRu5?sub=1."):
            response = client.get("/api/products/resolve", params={"url": url})
            assert (response.status_code, response.json()["product_id"]) == (200, "1005001234963840")


def test_a_refused_link_says_what_we_accept(server: Endpoint) -> None:
    with server.client(**{"Accept-Language": "fr"}) as client:
        response = client.get("/api/products/resolve", params={"url": "just some words"})
    assert response.status_code == 422
    assert "aliexpress.com/item/<id>.html" in response.json()["error"]["message"]
    assert response.json()["error"]["message"].startswith("Collez")


def test_product_image_is_local_and_a_png(server: Endpoint) -> None:
    """The card's picture comes from this endpoint, not from another host."""
    with server.client() as client:
        image = client.get(f"/catalog/images/{BIKINI}.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


@pytest.mark.parametrize(("url", "status", "code"), [
    ("https://www.aliexpress.com/item/1005009999999999.html", 404, "product.not_found"),
    ("https://a.aliexpress.com/_mUnknown", 404, "product.not_found"),
    ("https://example.com/item/1005001234567890.html", 422, "product.not_a_link"),
    ("javascript:alert(1)", 422, "product.not_a_link"),
])
def test_resolve_failures(server: Endpoint, url: str, status: int, code: str) -> None:
    """Unknown products are a 404 and other addresses a 422, each with its code."""
    with server.client() as client:
        response = client.get("/api/products/resolve", params={"url": url})
    assert response.status_code == status
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == (code, "url")


def test_coupon_verify(server: Endpoint) -> None:
    """Existing, expired and unknown coupons are told apart, and collaboration decides attachability."""
    with server.client("demo-junior") as client:
        own = client.post("/api/coupons/verify", json={"store_id": BEACH_STORE,
                                                       "coupon_ids": ["C100", "C102", "NOPE"]}).json()
        other = client.post("/api/coupons/verify", json={"store_id": HOME_STORE, "coupon_ids": ["C106"]}).json()
        unknown = client.post("/api/coupons/verify", json={"store_id": "999", "coupon_ids": ["C1"]})
    assert own["collaborating"] is True
    assert [(c["id"], c["exists"], c["valid"], c["attachable"], c["reason"]) for c in own["coupons"]] == [
        ("C100", True, True, True, None), ("C102", True, False, False, "coupon.expired"),
        ("NOPE", False, False, False, "coupon.unknown")]
    assert other["collaborating"] is False
    assert [(c["attachable"], c["reason"]) for c in other["coupons"]] == [(False, "coupon.store_not_collaborating")]
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "coupon.unknown")


# -- the affiliate adapter against a local server answering in the documented format ----------

SECRET = "s3cret"
RESPONSES: list[tuple[int, dict[str, Any]]] = []


class _Gateway(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers["Content-Length"])
        params = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        _Gateway.seen.append(params)
        if params.get("sign") != sign(params, SECRET):
            status, body = 200, {"error_response": {"type": "ISV", "code": "IncompleteSignature",
                                                    "msg": "The request signature does not conform"}}
        else:
            status, body = RESPONSES.pop(0)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Gateway.seen.clear()
    RESPONSES.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sync"
    httpd.shutdown()


def _found(product_id: str) -> dict[str, Any]:
    return {"aliexpress_affiliate_productdetail_get_response": {"resp_result": {
        "resp_code": 200, "resp_msg": "Call succeeds", "result": {"current_record_count": 1, "products": {"product": [{
            "product_id": int(product_id), "product_title": "Linen Shirt", "product_main_image_url":
            "https://ae01.alicdn.com/kf/x.jpg", "target_sale_price": "21.99", "target_sale_price_currency": "EUR",
            "shop_id": 915100200, "shop_name": "Urban Thread", "first_level_category_name": "Apparel",
            "product_detail_url": f"https://www.aliexpress.com/item/{product_id}.html"}]}}},
        "request_id": "0ba2887315178178017221014"}}


def _provider(url: str, secret: str = SECRET) -> AffiliateProvider:
    pauses: list[float] = []
    provider = AffiliateProvider(url, "12345", secret, tracking_id="studio", timeout=2, retries=2, backoff=0.01,
                                 clock=lambda: 1_700_000_000.123, pause=pauses.append)
    provider.pauses = pauses  # type: ignore[attr-defined]
    return provider


def test_affiliate_signs_and_maps_a_product(gateway: str) -> None:
    """A signed productdetail call becomes our product card."""
    RESPONSES.append((200, _found("1005006000000001")))
    product = _provider(gateway).product("1005006000000001")
    assert product is not None
    assert product.to_json() == {
        "product_id": "1005006000000001", "title": "Linen Shirt", "image": "https://ae01.alicdn.com/kf/x.jpg",
        "price": {"amount": "21.99", "currency": "EUR"}, "store": {"id": "915100200", "name": "Urban Thread"},
        "category": "Apparel", "url": "https://www.aliexpress.com/item/1005006000000001.html"}
    sent = _Gateway.seen[0]
    assert {k: sent[k] for k in ("app_key", "method", "sign_method", "timestamp", "product_ids", "tracking_id")} == {
        "app_key": "12345", "method": "aliexpress.affiliate.productdetail.get", "sign_method": "sha256",
        "timestamp": "1700000000123", "product_ids": "1005006000000001", "tracking_id": "studio"}


def test_affiliate_retries_transient_failures_with_backoff(gateway: str) -> None:
    """A 503 and a call limit are retried, with growing pauses, before succeeding."""
    RESPONSES.extend([(503, {}), (200, {"error_response": {"code": "ApiCallLimit", "msg": "slow down"}}),
                      (200, _found("1005006000000002"))])
    provider = _provider(gateway)
    assert provider.product("1005006000000002") is not None
    assert provider.pauses == [0.01, 0.02]  # type: ignore[attr-defined]


def test_affiliate_gives_up_with_our_code(gateway: str) -> None:
    """When every try fails, the caller gets product.unavailable, not an exception of the HTTP library."""
    RESPONSES.extend([(503, {})] * 3)
    with pytest.raises(ProviderError) as failed:
        _provider(gateway).product("1005006000000003")
    assert (failed.value.code, failed.value.status) == ("product.unavailable", 503)


def test_affiliate_bad_signature_and_empty_result(gateway: str) -> None:
    """A wrong secret is a final error; an empty result means the product is unknown."""
    with pytest.raises(ProviderError) as failed:
        _provider(gateway, secret="wrong").product("1005006000000004")
    assert (failed.value.code, failed.value.status, len(_Gateway.seen)) == ("product.unavailable", 502, 1)
    RESPONSES.append((200, {"aliexpress_affiliate_productdetail_get_response": {"resp_result": {
        "resp_code": 405, "resp_msg": "The result is empty"}}}))
    assert _provider(gateway).product("1005006000000005") is None


def test_endpoint_uses_the_affiliate_api_when_configured(gateway: str, make_app: MakeApp) -> None:
    """With the affiliate provider switched on, Get info answers from the API."""
    running = make_app({"CREATORPOST_PRODUCT_PROVIDER": "affiliate", "CREATORPOST_AFFILIATE_API_URL": gateway,
                           "CREATORPOST_AFFILIATE_APP_KEY": "12345", "CREATORPOST_AFFILIATE_APP_SECRET": SECRET})
    RESPONSES.append((200, _found("1005006000000006")))
    RESPONSES.append((200, {"error_response": {"code": "isv.appkey-not-exists", "msg": "no"}}))
    with running.client() as client:
        found = client.get("/api/products/resolve", params={"url": "https://www.aliexpress.com/item/1005006000000006.html"})
        refused = client.get("/api/products/resolve", params={"url": "https://www.aliexpress.com/item/1005006000000007.html"})
    assert (found.status_code, found.json()["title"]) == (200, "Linen Shirt")
    assert (refused.status_code, refused.json()["error"]["code"]) == (502, "product.unavailable")
