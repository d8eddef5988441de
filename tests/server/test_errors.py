"""One error shape for every 4xx, in the client's language, never a traceback."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import create_engine

from tests.endpoints import Endpoint
from tests.server.conftest import MakeApp


def _shape(body: Any) -> tuple[str, str | None]:
    """Asserts the canonical shape and returns (code, field)."""
    assert set(body) >= {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "field"}
    assert isinstance(error["message"], str) and error["message"] and error["message"] != error["code"]
    assert "Traceback" not in error["message"]
    return error["code"], error["field"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code", "field"),
    [
        ("GET", "/api/nothing-here", {}, 404, "route.not_found", None),
        ("DELETE", "/api/rules", {}, 405, "method.not_allowed", None),
        ("GET", "/api/products/resolve", {}, 422, "request.invalid", "url"),
        ("POST", "/api/posts/validate", {"content": b"{not json"}, 422, "request.invalid", None),
        ("POST", "/api/posts/validate", {"json": [1, 2]}, 422, "request.invalid", None),
        ("POST", "/api/posts/validate", {"content": b"x", "headers": {"Content-Type": "text/plain"}}, 415,
         "request.unsupported_media_type", None),
        ("POST", "/api/posts/validate?mode=final", {"json": {}}, 422, "request.invalid", "mode"),
        ("GET", "/api/creators/me", {}, 401, "auth.required", None),
        ("GET", "/api/creators/me", {"headers": {"Authorization": "Basic abc"}}, 401, "auth.invalid", None),
        ("POST", "/api/coupons/verify", {"json": {"store_id": 5}, "headers": {"Authorization": "Bearer demo-basic"}},
         422, "request.invalid", "store_id"),
        ("GET", "/api/posts/p_doesnotexist", {}, 404, "post.not_found", "post_id"),
        ("GET", "/p/p_doesnotexist", {}, 404, "post.not_found", None),
    ],
)
def test_error_shape_is_pinned(server: Endpoint, method: str, path: str, kwargs: dict[str, Any], status: int,
                               code: str, field: str | None) -> None:
    """Every failure a client can cause answers with {"error": {code, message, field}}."""
    with server.client() as client:
        response = client.request(method, path, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert _shape(response.json()) == (code, field)


def test_message_follows_accept_language(server: Endpoint) -> None:
    """A Spanish reader gets the Spanish message; an unknown language falls back to English."""
    with server.client() as client:
        spanish = client.get("/api/creators/me", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}).json()
        klingon = client.get("/api/creators/me", headers={"Accept-Language": "tlh"}).json()
        english = client.get("/api/creators/me").json()
    assert klingon == english
    assert spanish["error"]["code"] == english["error"]["code"] == "auth.required"
    assert spanish["error"]["message"] != english["error"]["message"]


def test_too_large_body_is_refused_before_reading_it(server: Endpoint) -> None:
    """A body over the cap is a 413 request.too_large, announced or streamed."""
    big = b'{"title": "' + b"x" * (3 * 1024 * 1024) + b'"}'

    def chunks() -> Any:
        for start in range(0, len(big), 65536):
            yield big[start:start + 65536]

    with server.client() as client:
        announced = client.post("/api/posts/validate", content=big, headers={"Content-Type": "application/json"})
        streamed = client.post("/api/posts/validate", content=chunks(), headers={"Content-Type": "application/json"})
    for response in (announced, streamed):
        assert response.status_code == 413
        assert _shape(response.json()) == ("request.too_large", None)


def test_rate_limit_answers_429_with_retry_after(make_app: MakeApp) -> None:
    """Past the per-token budget the client is told how long to wait."""
    running = make_app({"CREATORPOST_RATE_LIMIT_PER_MINUTE": "6", "CREATORPOST_RATE_LIMIT_BURST": "3"})
    with running.client("demo-basic") as client, running.client("demo-senior") as other:
        statuses = [client.get("/api/rules").status_code for _ in range(4)]
        limited = client.get("/api/rules")
        unaffected = other.get("/api/rules")
    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert _shape(limited.json()) == ("rate_limited", None)
    assert 1 <= int(limited.headers["retry-after"]) <= 10
    assert unaffected.status_code == 200  # buckets are per token


def test_healthz(server: Endpoint) -> None:
    """The health check says the database answers and nothing is stuck in review."""
    with server.client() as client:
        body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["review"]["stuck"] == 0


def test_healthz_says_the_database_is_down_in_the_error_shape(make_app: MakeApp,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """A load balancer sees 503; a person reading it sees why in their language; the operator sees it in the log."""
    running = make_app()
    running.services.db.engine = create_engine("sqlite:////proc/no-such-folder/creatorpost.db")
    with running.client() as client, caplog.at_level(logging.ERROR, logger="creatorpost.server"):
        answer = client.get("/healthz", headers={"Accept-Language": "fr"})
    assert answer.status_code == 503 and answer.headers["retry-after"] == "30"
    body = answer.json()
    assert (body["status"], body["database"]) == ("down", "error")
    assert _shape(body) == ("server.unavailable", None)
    assert "base de données" in body["error"]["message"]
    assert any(getattr(r, "event", None) == "health.down" and r.exc_info for r in caplog.records)


def test_stuck_posts_show_in_healthz(make_app: MakeApp) -> None:
    """A post waiting longer than the promise makes the endpoint report itself degraded."""
    running = make_app({"CREATORPOST_REVIEW_DELAY_SECONDS": "3600", "CREATORPOST_REVIEW_PROMISE_SECONDS": "0"})
    from tests.server.posts_data import article

    with running.client("demo-senior") as client:
        assert client.post("/api/posts", json=article(coupons=None), headers={"Idempotency-Key": "k1"}
                           ).status_code == 202
        body = client.get("/healthz").json()
    assert (body["status"], body["review"]["stuck"], body["review"]["pending"]) == ("degraded", 1, 1)


def test_openapi_lists_the_contract(server: Endpoint) -> None:
    """The machine-readable contract names every call of docs/ARCHITECTURE.md's HTTP contract."""
    with server.client() as client:
        paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/posts", "/api/posts/{post_id}", "/api/posts/validate", "/api/rules", "/api/schema",
                 "/api/products/resolve", "/api/coupons/verify", "/api/creators/me", "/healthz"):
        assert path in paths


@pytest.mark.parametrize(("path", "lang", "text"), [
    ("/p/p_doesnotexist", "es", "No encontramos esta publicación."),
    ("/c/nobody-by-this-name", "ar", None),
])
def test_a_dead_link_shows_a_page_in_the_readers_language(server: Endpoint, path: str, lang: str, text: str | None) -> None:
    """A reader who follows a dead post or profile link sees a page (in their language, pointing to
    the studio), not JSON; API clients still get the coded error."""
    with server.client(**{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": lang}) as client:
        page = client.get(path)
        api = client.get(path, headers={"Accept": "application/json"})
    assert page.status_code == api.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page.text
    assert api.json()["error"]["message"] in page.text
    assert '<a href="/">Creator Post Studio</a>' in page.text
    if text:
        assert text in page.text
