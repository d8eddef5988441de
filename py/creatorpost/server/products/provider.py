"""What a product provider is and answers: `Product`, `ProviderError`, the `ProductProvider` protocol.

Providers are synchronous (called in a worker thread) and raise `ProviderError` with one of our
codes. `creatorpost.server.products` picks one from the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class ProviderError(Exception):
    """The provider could not answer; `code` is one of ours (e.g. `product.unavailable`)."""

    def __init__(self, code: str, status: int = 502, detail: str = "",
                 params: Mapping[str, str | int] | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.status = status
        self.params = dict(params or {})


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    image: str
    price_cents: int
    currency: str
    store_id: str
    store_name: str
    category: str = ""
    url: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "product_id": self.id,
            "title": self.title,
            "image": self.image,
            "price": {"amount": f"{self.price_cents / 100:.2f}", "currency": self.currency},
            "store": {"id": self.store_id, "name": self.store_name},
            "category": self.category,
            "url": self.url or f"https://www.aliexpress.com/item/{self.id}.html",
        }


class ProductProvider(Protocol):
    def product(self, product_id: str) -> Product | None:
        """The product, or None when the platform does not know it."""
        ...

    def resolve_short_link(self, url: str) -> str | None:
        """The product id a short link leads to, or None."""
        ...


def normalise_short_link(url: str) -> str:
    """`https://a.aliexpress.com/_mKxyz?x=1` and `a.aliexpress.com/_mKxyz` name the same link."""
    text = url.strip()
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme):]
    text = text.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    host, _, rest = text.partition("/")
    return f"{host.lower()}/{rest}"
