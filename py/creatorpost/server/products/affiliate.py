"""Product details from the platform's affiliate API (`aliexpress.affiliate.productdetail.get`).

Request (system parameters + business parameters, form-encoded POST to the gateway):
  app_key, method, timestamp (ms since the epoch), sign_method=sha256, format=json, v=2.0,
  product_ids, target_currency, target_language, [tracking_id], sign.
The signature is HMAC-SHA256 keyed with the app secret over every parameter except `sign`,
sorted by name and concatenated as name+value, in upper-case hex.

Answers: `{"aliexpress_affiliate_productdetail_get_response": {"resp_result": {"resp_code": 200,
"result": {"products": {"product": [...]}}}}}` or `{"error_response": {"code", "msg"}}`.
Timeouts, 5xx and call-limit errors are retried with exponential backoff; what still fails
becomes a `ProviderError` with one of our codes (`product.unavailable`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from creatorpost import links
from creatorpost.rules import load_rules
from creatorpost.server.products.outbound import Outbound
from creatorpost.server.products.provider import Product, ProductProvider, ProviderError
from creatorpost.server.products.shortlinks import ShortLinkRefused, follow_short_link
from creatorpost.server.settings import Settings

log = logging.getLogger("creatorpost.affiliate")

METHOD = "aliexpress.affiliate.productdetail.get"
RESPONSE_KEY = "aliexpress_affiliate_productdetail_get_response"
# Gateway error codes worth another try (limits and transient faults); everything else is final.
_RETRYABLE_CODES = {"ApiCallLimit", "AppCallLimit", "isp.remote-service-error", "isp.unknown-error",
                    "ServiceUnavailable", "isp.remote-service-timeout"}
_EMPTY_RESULT_CODES = {405}  # resp_code the API uses for "no product for these ids"


def sign(params: Mapping[str, str], secret: str) -> str:
    message = "".join(f"{key}{params[key]}" for key in sorted(params) if key != "sign")
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest().upper()


class _Retry(Exception):
    pass


class AffiliateProvider:
    def __init__(
        self,
        api_url: str,
        app_key: str,
        app_secret: str,
        *,
        tracking_id: str = "",
        timeout: float = 5.0,
        retries: int = 2,
        backoff: float = 0.25,
        currency: str = "USD",
        language: str = "EN",
        fallback_short_links: ProductProvider | None = None,
        clock: Callable[[], float] = time.time,
        pause: Callable[[float], None] = time.sleep,
        outbound: Outbound | None = None,
    ) -> None:
        self.api_url = api_url
        self.app_key = app_key
        self.app_secret = app_secret
        self.tracking_id = tracking_id
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.currency = currency
        self.language = language
        self.fallback_short_links = fallback_short_links
        self.clock = clock
        self.pause = pause
        # How short links are followed: the system resolver, TLS, public addresses only.
        self.outbound = outbound or Outbound(max_header_bytes=load_rules().products.short_link_max_header_bytes)

    @classmethod
    def from_settings(cls, settings: Settings, fallback_short_links: ProductProvider | None = None) -> AffiliateProvider:
        return cls(settings.affiliate_api_url, settings.affiliate_app_key, settings.affiliate_app_secret,
                   tracking_id=settings.affiliate_tracking_id, timeout=settings.affiliate_timeout_seconds,
                   retries=settings.affiliate_retries, fallback_short_links=fallback_short_links)

    def signed_params(self, product_id: str) -> dict[str, str]:
        params = {
            "app_key": self.app_key,
            "method": METHOD,
            "timestamp": str(int(self.clock() * 1000)),
            "sign_method": "sha256",
            "format": "json",
            "v": "2.0",
            "product_ids": product_id,
            "target_currency": self.currency,
            "target_language": self.language,
        }
        if self.tracking_id:
            params["tracking_id"] = self.tracking_id
        params["sign"] = sign(params, self.app_secret)
        return params

    def _call_once(self, product_id: str) -> dict[str, Any]:
        data = urllib.parse.urlencode(self.signed_params(product_id)).encode("ascii")
        request = urllib.request.Request(self.api_url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded;charset=utf-8", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(2_000_000)
        except urllib.error.HTTPError as failed:
            if failed.code >= 500 or failed.code == 429:
                raise _Retry(f"http {failed.code}") from None
            raise ProviderError("product.unavailable", 502, f"http {failed.code}") from None
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as failed:
            raise _Retry(f"network: {failed}") from None
        try:
            body = json.loads(raw)
        except ValueError:
            raise _Retry("not json") from None
        if not isinstance(body, dict):
            raise ProviderError("product.unavailable", 502, "unexpected answer")
        if "error_response" in body:
            error = body["error_response"] if isinstance(body["error_response"], dict) else {}
            code = str(error.get("code", ""))
            if code in _RETRYABLE_CODES:
                raise _Retry(code)
            log.error("affiliate API refused", extra={"event": "affiliate.error", "code": code,
                                                      "api_msg": str(error.get("msg", ""))[:200]})
            raise ProviderError("product.unavailable", 502, code)
        return body

    def _call(self, product_id: str) -> dict[str, Any]:
        attempt = 0
        while True:
            try:
                return self._call_once(product_id)
            except _Retry as transient:
                if attempt >= self.retries:
                    log.warning("affiliate API unavailable", extra={"event": "affiliate.unavailable",
                                                                    "reason": str(transient), "attempts": attempt + 1})
                    raise ProviderError("product.unavailable", 503, str(transient)) from None
                self.pause(self.backoff * (2 ** attempt))
                attempt += 1

    def product(self, product_id: str) -> Product | None:
        body = self._call(product_id)
        result = (body.get(RESPONSE_KEY) or {}).get("resp_result") or {}
        code = result.get("resp_code")
        if code in _EMPTY_RESULT_CODES:
            return None
        if code != 200:
            raise ProviderError("product.unavailable", 502, f"resp_code {code}")
        items = ((result.get("result") or {}).get("products") or {}).get("product") or []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and str(item.get("product_id")) == product_id:
                return _product(item)
        return None

    def resolve_short_link(self, url: str) -> str | None:
        # The gateway has no short-link call: follow the redirects (products.shortlinks). When that
        # fails or is refused, the embedded table (demo short links) may still know the link.
        link = links.parse_product_link(url).short_link
        if link is None:
            return None
        failure: ProviderError | None = None
        try:
            found = follow_short_link(link, self.outbound, self.timeout)
        except ShortLinkRefused as refused:
            found, failure = None, refused
        except OSError as unreachable:
            log.warning("short link unreachable", extra={"event": "shortlink.unreachable", "host": link.host,
                                                         "reason": str(unreachable)[:200]})
            found, failure = None, ProviderError("product.unavailable", 503, "short link unreachable")
        if found is None and self.fallback_short_links is not None:
            found = self.fallback_short_links.resolve_short_link(link.url)
        if found is None and failure is not None:
            raise failure
        return found


def _product(item: Mapping[str, Any]) -> Product:
    price = item.get("target_sale_price") or item.get("sale_price") or "0"
    try:
        cents = int((Decimal(str(price)) * 100).to_integral_value())
    except InvalidOperation:
        cents = 0
    return Product(
        id=str(item["product_id"]),
        title=str(item.get("product_title") or ""),
        image=str(item.get("product_main_image_url") or ""),
        price_cents=cents,
        currency=str(item.get("target_sale_price_currency") or item.get("sale_price_currency") or "USD"),
        store_id=str(item.get("shop_id") or ""),
        store_name=str(item.get("shop_name") or ""),
        category=str(item.get("first_level_category_name") or ""),
        url=str(item.get("product_detail_url") or ""),
    )
