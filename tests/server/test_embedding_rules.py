"""Who may frame what, and partner tokens: the editor page names its partners (CSP frame-ancestors and
its meta), readers' pages are never framed, and a partner token works only from the editor embedded by
that partner, until it expires (docs/ARCHITECTURE.md, "Embedding")."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from creatorpost.server.store import tables as t
from creatorpost.server.store.accounts import hash_token
from creatorpost.server.store.db import utcnow
from tests.endpoints import ROOT, Endpoint, InProcessEndpoint, start_in_process, wait_for_status
from tests.server.conftest import GENEROUS_RATE, MakeApp
from tests.server.posts_data import article

PARTNER = "http://127.0.0.2:8080"
PARTNERS = f"https://Shop.example/, {PARTNER}"
SHELL = ('<!doctype html><html><head><meta name="creatorpost-api" content="">'
         '<meta name="creatorpost-partners" content=""><title>Creator Post Studio</title></head>'
         '<body>' + "<p>studio</p>" * 40 + '</body></html>')


@pytest.fixture
def partner_app(tmp_path: Path, fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """An endpoint that lets two partner sites embed the editor, serving a dist/ whose shell has the meta."""
    dist = tmp_path / "dist"
    shutil.copytree(fake_dist, dist)
    (dist / "index.html").write_text(SHELL)
    running = start_in_process(tmp_path / "data", dist, {**GENEROUS_RATE, "CREATORPOST_PARTNER_ORIGINS": PARTNERS})
    yield running
    running.stop()


def test_the_editor_page_names_its_partners_in_header_and_meta(partner_app: InProcessEndpoint, server: Endpoint) -> None:
    """The editor may be framed by the studio itself and the listed partners only; the page carries the same list."""
    with partner_app.client() as client:
        page = client.get("/", headers={"Accept-Encoding": "identity"})
        again = client.get("/", headers={"If-None-Match": page.headers["etag"], "Accept-Encoding": "identity"})
        packed = client.get("/", headers={"Accept-Encoding": "gzip"})
    with server.client() as client:
        alone = client.get("/")
    listed = f"https://shop.example {PARTNER}"
    assert page.headers["content-security-policy"] == f"frame-ancestors 'self' {listed}"
    assert f'<meta name="creatorpost-partners" content="{listed}">' in page.text
    assert again.status_code == 304
    assert packed.headers["content-encoding"] == "gzip" and packed.text == page.text
    assert alone.headers["content-security-policy"] == "frame-ancestors 'self'"


def test_readers_pages_are_never_framed_and_keep_referrers_short(backend_server: Endpoint) -> None:
    """/p/, /c/ and their dead-link pages refuse every frame and send only our origin as referrer."""
    with backend_server.client("demo-senior") as client:
        post_id = client.post("/api/posts", json=article(coupons=None),
                              headers={"Idempotency-Key": f"frame-{uuid.uuid4()}"}).json()["id"]
        wait_for_status(client, post_id)
    with backend_server.client(Accept="text/html") as reader:
        pages = [reader.get(path) for path in (f"/p/{post_id}", "/c/demo-senior", "/p/p_nothing", "/c/nobody")]
    assert [p.status_code for p in pages] == [200, 200, 404, 404]
    for answer in pages:
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_a_static_host_partner_may_send_updates_across_origins(make_app: MakeApp) -> None:
    """CORS lets the editor hosted on another origin update and delete posts (PUT, DELETE, If-Match)."""
    running = make_app({"CREATORPOST_CORS_ORIGINS": "http://127.0.0.2:9000"})
    with running.client() as client:
        asked = client.options("/api/posts/p_x", headers={
            "Origin": "http://127.0.0.2:9000", "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization,content-type,if-match,idempotency-key,x-creatorpost-partner"})
    assert asked.status_code == 200
    assert "PUT" in asked.headers["access-control-allow-methods"] and "DELETE" in asked.headers["access-control-allow-methods"]
    allowed = asked.headers["access-control-allow-headers"].lower()
    assert "if-match" in allowed and "x-creatorpost-partner" in allowed


def _cli(data_dir: Path, *args: str, partners: str = PARTNERS) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")},
           "CREATORPOST_DATA_DIR": str(data_dir), "CREATORPOST_PARTNER_ORIGINS": partners}
    return subprocess.run([sys.executable, "-m", "creatorpost.server.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_partner_token_works_only_from_that_partner_s_editor_until_it_expires(partner_app: InProcessEndpoint) -> None:
    """`issue-token --partner ORIGIN --ttl 1h`: the editor embedded by that partner may use it (its calls
    name the partner and come from our page); nothing else may, and after its hour it is refused."""
    made = _cli(partner_app.data_dir, "issue-token", "demo-senior", "--partner", PARTNER + "/", "--ttl", "1h")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert f"only in the editor embedded by {PARTNER}" in made.stderr
    studio = partner_app.url  # the editor's own origin
    cases = {
        "editor POST-like call (Origin: ours)": ({"X-Creatorpost-Partner": PARTNER, "Origin": studio}, 200),
        "editor same-origin GET": ({"X-Creatorpost-Partner": PARTNER, "Sec-Fetch-Site": "same-origin"}, 200),
        "the partner's own page": ({"X-Creatorpost-Partner": PARTNER, "Origin": PARTNER}, 200),
        "no partner named": ({"Origin": studio}, 403),
        "another partner named": ({"X-Creatorpost-Partner": "https://shop.example", "Origin": studio}, 403),
        "another site's page": ({"X-Creatorpost-Partner": PARTNER, "Origin": "https://evil.example"}, 403),
        "a cross-site GET": ({"X-Creatorpost-Partner": PARTNER, "Sec-Fetch-Site": "cross-site"}, 403),
        "outside a browser": ({"X-Creatorpost-Partner": PARTNER}, 403),
    }
    answers = {}
    with partner_app.client(token) as client:
        for name, (headers, _) in cases.items():
            answers[name] = client.get("/api/creators/me", headers=headers)
        with partner_app.services.db.write() as conn:
            conn.execute(update(t.tokens).where(t.tokens.c.token_sha256 == hash_token(token))
                         .values(expires_at=utcnow() - timedelta(seconds=1)))
        expired = client.get("/api/creators/me", headers=cases["editor same-origin GET"][0])
    assert {name: r.status_code for name, r in answers.items()} == {name: code for name, (_, code) in cases.items()}
    assert answers["editor same-origin GET"].json()["handle"] == "demo-senior"
    assert answers["no partner named"].json()["error"]["code"] == "auth.partner_only"
    assert (expired.status_code, expired.json()["error"]["code"]) == (401, "auth.expired")


def test_a_partner_token_stops_working_when_the_partner_leaves_the_list(partner_app: InProcessEndpoint,
                                                                      tmp_path: Path, fake_dist: Path) -> None:
    """Removing a partner from CREATORPOST_PARTNER_ORIGINS revokes the tokens made for it."""
    token = _cli(partner_app.data_dir, "issue-token", "demo-senior", "--partner", PARTNER).stdout.strip()
    partner_app.stop()
    later = start_in_process(partner_app.data_dir, fake_dist, {"CREATORPOST_PARTNER_ORIGINS": "https://shop.example"})
    try:
        with later.client(token) as client:
            refused = client.get("/api/creators/me", headers={"X-Creatorpost-Partner": PARTNER,
                                                              "Sec-Fetch-Site": "same-origin"})
    finally:
        later.stop()
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "auth.partner_only")


@pytest.mark.parametrize(("args", "says"), [
    (("--ttl", "soon"), "lifetime like"),
    (("--ttl", "0h"), "lifetime like"),
    (("--partner", "https://shop.example/blog"), "not an origin"),
])
def test_issue_token_refuses_what_it_cannot_honour(tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    done = _cli(tmp_path, "issue-token", "demo-senior", *args)
    assert done.returncode == 2 and says in done.stderr


def test_gzip_of_the_shell_is_the_shell(partner_app: InProcessEndpoint) -> None:
    """The rewritten page is compressed from its own bytes (never a stale index.html.gz of the file)."""
    with partner_app.client() as client:
        raw = client.get("/", headers={"Accept-Encoding": "identity"}).content
    _, _, packed = partner_app.services.static.shell(partner_app.services.static.root / "index.html")
    assert gzip.decompress(packed) == raw
