"""Following short links goes only where it should (issue 10, SSRF): hundreds of parser-differential
addresses (tests.hostile.urls) against a loopback listener that must see no connection, redirect
hops checked against the rule file's short-link hosts, addresses checked after resolution, and
hops, bytes and time capped. Every request stays on 127.0.0.1 (tests.hostile.loopback)."""

from __future__ import annotations

import ipaddress
import json
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from creatorpost import links
from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.rules import load_rules
from creatorpost.server.products.affiliate import AffiliateProvider
from creatorpost.server.products.catalog import CatalogProvider
from creatorpost.server.products.outbound import Outbound, TlsConnector, public_address, system_resolver
from creatorpost.server.products.provider import ProviderError
from creatorpost.server.products.shortlinks import ShortLinkRefused, _absolute, follow_short_link
from tests.endpoints import InProcessEndpoint, start_in_process
from tests.hostile.loopback import LoopbackConnector, Platform, Resolver, Script, platform
from tests.hostile.urls import SHORT_HOSTS, pasted_links, redirect_locations

PRODUCT = "1005001234567890"
RULES = load_rules()
MAX_HOPS = RULES.products.short_link_max_hops


def allow_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """The one exception a test makes on purpose: the platform is played on 127.0.0.1."""
    return address.is_loopback or public_address(address)


def outbound(port: int, resolver: Resolver, *, loopback: bool = False) -> tuple[Outbound, LoopbackConnector]:
    connector = LoopbackConnector(port)
    allowed = allow_loopback if loopback else public_address
    return Outbound(resolve=resolver, connect=connector, address_allowed=allowed,
                    max_header_bytes=RULES.products.short_link_max_header_bytes), connector


def short(text: str) -> links.ShortLink:
    link = links.parse_product_link(text).short_link
    assert link is not None, text
    return link


# -- following works, on loopback only because the test says so ------------------------------

def test_hops_are_followed_to_the_product() -> None:
    """Short link -> another short-link host -> a product page: the product id, two requests, each to
    the platform host by name and to the canonical path, nothing else."""
    script = Script(routes={
        "/_mKxyz": (302, "http://s.click.aliexpress.com/e/_second?aff=1"),  # requested over https all the same
        "/e/_second?aff=1": (301, f"https://www.aliexpress.com/item/{PRODUCT}.html?spm=x"),
    })
    with platform(script) as listener:
        resolver = Resolver()
        way, connector = outbound(listener.port, resolver, loopback=True)
        found = follow_short_link(short("http://a.aliexpress.com/_mKxyz?bz=1#x"), way, timeout=10)
        assert found == PRODUCT
        assert listener.requests == [("a.aliexpress.com", "/_mKxyz"), ("s.click.aliexpress.com", "/e/_second?aff=1")]
    assert resolver.asked == ["a.aliexpress.com", "s.click.aliexpress.com"]
    assert connector.refused == []


def test_without_the_tests_exception_loopback_is_refused() -> None:
    """The same platform host resolving to 127.0.0.1, with the address check as shipped: no connection."""
    with platform(Script(routes={"/_mKxyz": (302, f"https://www.aliexpress.com/item/{PRODUCT}.html")})) as listener:
        way, connector = outbound(listener.port, Resolver())
        with pytest.raises(ShortLinkRefused) as refused:
            follow_short_link(short("https://a.aliexpress.com/_mKxyz"), way, timeout=10)
        assert listener.connections == 0
    assert (refused.value.code, refused.value.status) == ("product.short_link_blocked", 422)
    assert connector.connected == [] and connector.refused == []


@pytest.mark.parametrize("answers", [
    ["127.0.0.1"], ["::1"], ["0.0.0.0"], ["::"], ["10.1.2.3"], ["172.16.0.9"], ["192.168.1.1"], ["169.254.169.254"],
    ["100.64.0.1"], ["fe80::1"], ["fc00::1"], ["fd12:3456::1"], ["::ffff:127.0.0.1"], ["::ffff:10.0.0.1"],
    ["64:ff9b::7f00:1"], ["64:ff9b:1::a00:1"], ["2002:7f00:1::"], ["2001:0:4136:e378:8000:63bf:80ff:fffe"],
    ["224.0.0.1"], ["255.255.255.255"], ["240.0.0.1"], ["192.0.2.1"], ["198.18.0.1"], ["2001:db8::1"],
    ["93.184.215.14", "127.0.0.1"], ["2606:4700::1", "::1"], ["not-an-address"], ["127.0.0.1%lo"],
])
def test_non_public_answers_refuse_the_name(answers: list[str]) -> None:
    """Loopback, private, link-local, unspecified, shared, reserved, multicast, documentation and
    IPv4-carrying IPv6 answers are refused, also mixed among public ones: nothing is connected."""
    connector = LoopbackConnector(port=9)
    way = Outbound(resolve=Resolver(answers), connect=connector)
    with pytest.raises(ShortLinkRefused) as refused:
        follow_short_link(short("https://a.aliexpress.com/_mKxyz"), way, timeout=5)
    assert refused.value.code == "product.short_link_blocked"
    assert connector.connected == [] and connector.refused == []


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"])
def test_public_addresses_pass_the_check(address: str) -> None:
    """The check is not a blanket refusal (checked only, never connected to)."""
    assert public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(("location", "host"), [
    ("https://evil.example/_x", "evil.example"),
    ("https://127.0.0.1:{port}/_x", "127.0.0.1"),
    ("//127.0.0.1:{port}/_x", "127.0.0.1"),
    ("/\\127.0.0.1:{port}/_x", "127.0.0.1"),
    ("https://a.aliexpress.com@127.0.0.1:{port}/_x", "127.0.0.1"),
    ("https://www.aliexpress.com/", "www.aliexpress.com"),
])
def test_a_hop_off_the_short_link_hosts_is_refused(location: str, host: str) -> None:
    """A redirect to any host that is not a short-link host of the rule file stops the chain with a
    code naming that host; only the first hop was requested."""
    with platform() as listener:
        listener.listener.script.routes["/_mKxyz"] = (302, location.format(port=listener.port))
        way, connector = outbound(listener.port, Resolver(), loopback=True)
        with pytest.raises(ShortLinkRefused) as refused:
            follow_short_link(short("https://a.aliexpress.com/_mKxyz"), way, timeout=10)
        assert listener.requests == [("a.aliexpress.com", "/_mKxyz")]
    assert (refused.value.code, refused.value.params) == ("product.short_link_elsewhere", {"host": host})


def test_hops_are_capped() -> None:
    """A redirect loop stops after the rule file's number of requests."""
    with platform(Script(routes={"/_loop": (302, "https://a.aliexpress.com/_loop")})) as listener:
        way, _ = outbound(listener.port, Resolver(), loopback=True)
        with pytest.raises(ShortLinkRefused) as refused:
            follow_short_link(short("https://a.aliexpress.com/_loop"), way, timeout=10)
        assert listener.connections == MAX_HOPS
    assert (refused.value.code, refused.value.params) == ("product.short_link_too_many_hops", {"max_hops": MAX_HOPS})


def test_header_bytes_are_capped() -> None:
    """An answer whose headers never end is dropped at the cap, not read to the end."""
    with platform(Script(flood={"/_flood"})) as listener:
        way, _ = outbound(listener.port, Resolver(), loopback=True)
        with pytest.raises(ShortLinkRefused) as refused:
            follow_short_link(short("https://a.aliexpress.com/_flood"), way, timeout=10)
    assert (refused.value.code, refused.value.status) == ("product.short_link_unreadable", 502)


def test_time_is_capped_for_the_whole_chain() -> None:
    """A server that never answers costs the deadline, then a network error (the caller says
    "not available right now")."""
    with platform(Script(hold={"/_slow"})) as listener:
        way, _ = outbound(listener.port, Resolver(), loopback=True)
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            follow_short_link(short("https://a.aliexpress.com/_slow"), way, timeout=0.5)
        assert time.monotonic() - started < 5.0


def test_a_slow_resolver_is_capped_too() -> None:
    """Name resolution counts against the deadline as well (getaddrinfo has no timeout of its own)."""
    gate = threading.Event()

    def stuck(host: str, timeout: float) -> list[str]:
        gate.wait(timeout)  # as a real lookup, it gives up when its time is over
        raise TimeoutError(f"resolving {host}")

    try:
        with pytest.raises(TimeoutError):
            follow_short_link(short("https://a.aliexpress.com/_mKxyz"), Outbound(resolve=stuck), timeout=0.3)
    finally:
        gate.set()


def test_the_system_resolver_answers_within_its_time() -> None:
    """The shipped resolver (getaddrinfo in a thread, bounded by the deadline); an address literal
    needs no lookup, so no query leaves the machine."""
    assert set(system_resolver("127.0.0.1", 5.0)) == {"127.0.0.1"}


def test_the_real_connector_checks_the_certificate_of_the_platform_name(tmp_path: Path) -> None:
    """TLS to the checked address with the platform's name: a certificate for that name passes,
    the same server asked under another short-link name fails."""
    import ssl

    certificate, key = _self_signed(tmp_path, "a.aliexpress.com")
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(certificate, key)
    client_side = ssl.create_default_context(cafile=str(certificate))
    script = Script(routes={"/_tls": (302, f"https://www.aliexpress.com/item/{PRODUCT}.html"),
                            "/e/_tls": (302, f"https://www.aliexpress.com/item/{PRODUCT}.html")})
    with platform(script, context=server_side) as listener:
        way = Outbound(resolve=Resolver(), connect=TlsConnector(port=listener.port, context=client_side),
                       address_allowed=allow_loopback)
        assert follow_short_link(short("https://a.aliexpress.com/_tls"), way, timeout=10) == PRODUCT
        with pytest.raises(ssl.SSLCertVerificationError):
            follow_short_link(short("https://s.click.aliexpress.com/e/_tls"), way, timeout=10)


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={name}",
                        "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(certificate)],
                       check=True, capture_output=True, timeout=60)
    except FileNotFoundError:
        pytest.skip("openssl is missing: apt-get install -y openssl")
    return certificate, key


# -- the generated corpus ----------------------------------------------------------------------

def test_every_redirect_hop_is_a_short_link_host() -> None:
    """Whatever a Location says, the next request (if any) goes to a short-link host of the rule file,
    with a request target of plain ASCII and no line break (decided without any network)."""
    current = short("https://a.aliexpress.com/_mKxyz")
    hosts: set[str] = set()
    for location in redirect_locations(4321):
        hop = links.redirect_hop(_absolute(location, current))
        if hop is not None:
            hosts.add(hop.host)
            assert hop.target.isascii() and hop.target.isprintable() and " " not in hop.target, location
    assert hosts <= set(SHORT_HOSTS)


def test_hostile_locations_never_reach_anything_but_platform_names() -> None:
    """A sample of the Location corpus answered by the platform on 127.0.0.1: every request that
    arrives carries a short-link host name, every name looked up is one; the rest are refused."""
    locations = redirect_locations(0)[::17]
    with platform() as listener:
        samples = [location.replace(":0/", f":{listener.port}/") for location in locations]
        for index, location in enumerate(samples):
            listener.listener.script.routes[f"/_s{index}"] = (302, location)
        resolver = Resolver()
        way, connector = outbound(listener.port, resolver, loopback=True)
        outcomes: dict[str, int] = {}
        for index in range(len(samples)):
            try:
                follow_short_link(short(f"https://a.aliexpress.com/_s{index}"), way, timeout=10)
                outcome = "followed"
            except ProviderError as refused:
                outcome = refused.code
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        requests = listener.requests
    assert {host for host, _ in requests} <= set(SHORT_HOSTS)
    assert set(resolver.asked) <= set(SHORT_HOSTS)
    assert connector.refused == []
    assert outcomes.get("product.short_link_elsewhere", 0) > len(samples) // 2, outcomes


class _Gateway(BaseHTTPRequestHandler):
    """The affiliate API on loopback: knows no product (the corpus must never get that far anyway)."""

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = json.dumps({"aliexpress_affiliate_productdetail_get_response": {"resp_result": {"resp_code": 405}}})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


Corpus = tuple[InProcessEndpoint, Platform, Resolver, LoopbackConnector]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """The endpoint in process with the affiliate provider, its resolver and connector injected."""
    folder = tmp_path_factory.mktemp("ssrf")
    (folder / "dist").mkdir()
    (folder / "dist" / "index.html").write_text("<!doctype html><title>studio</title>")
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    running = start_in_process(folder / "data", folder / "dist", env={
        "CREATORPOST_RATE_LIMIT_PER_MINUTE": "1000000", "CREATORPOST_RATE_LIMIT_BURST": "1000000",
        "CREATORPOST_INPROCESS_WORKER": "0"})
    try:
        with platform() as listener:
            resolver = Resolver()
            way, connector = outbound(listener.port, resolver)
            services = running.services
            services.provider = AffiliateProvider(
                f"http://127.0.0.1:{gateway.server_address[1]}/sync", "12345", "secret", timeout=5, retries=0,
                fallback_short_links=CatalogProvider(services.db), outbound=way)
            yield running, listener, resolver, connector
    finally:
        running.stop()
        gateway.shutdown()
        gateway.server_close()


def test_pasted_differential_links_never_connect(endpoint: Corpus) -> None:
    """Get info on every pasted address of the corpus: coded 4xx/5xx answers in the canonical shape,
    only short-link host names ever looked up, and the loopback listener sees zero connections."""
    running, listener, resolver, connector = endpoint
    corpus = pasted_links(listener.port)
    statuses: dict[tuple[int, str], int] = {}
    with running.client() as client:
        answers = [(text, client.get("/api/products/resolve", params={"url": text}, headers={"Accept-Language": "en"}))
                   for text in corpus]
    for text, answer in answers:
        assert answer.status_code in (404, 422, 502, 503), (text, answer.status_code, answer.text)
        error = answer.json()["error"]
        assert error["field"] == "url" and error["message"] and "{" not in error["message"], (text, error)
        key = (answer.status_code, error["code"])
        statuses[key] = statuses.get(key, 0) + 1
    assert listener.connections == 0, statuses
    assert set(resolver.asked) <= set(SHORT_HOSTS)
    assert connector.connected == [] and connector.refused == []
    # The corpus is hostile where it counts: urllib's reading would have gone to loopback for many.
    loopback_for_urllib = sum(1 for text in corpus if _urllib_loopback(text, listener.port))
    assert len(corpus) > 1500 and loopback_for_urllib > 300, (len(corpus), loopback_for_urllib)
    assert statuses.get((422, "product.short_link_blocked"), 0) > 0, statuses


def _urllib_loopback(text: str, port: int) -> bool:
    try:
        parts = urllib.parse.urlsplit(text if "://" in text else "https://" + text)
        return parts.hostname in {"127.0.0.1", "::1", "localhost", "0.0.0.0", "127.1", "2130706433"} or (
            parts.port == port)
    except ValueError:
        return False


def test_refusals_are_told_in_every_language(endpoint: Corpus) -> None:
    """A refused short link says why, in the creator's language, with what to do instead."""
    running, listener, _, _ = endpoint
    seen = {}
    for lang in SUPPORTED_LANGS:
        with running.client() as client:
            answer = client.get("/api/products/resolve", params={"url": "https://a.aliexpress.com/_mNoSuchLink"},
                                headers={"Accept-Language": lang})
        assert (answer.status_code, answer.json()["error"]["code"]) == (422, "product.short_link_blocked")
        seen[lang] = answer.json()["error"]["message"]
    assert len(set(seen.values())) == len(SUPPORTED_LANGS) and not any("{" in text for text in seen.values()), seen
    assert listener.connections == 0


def test_a_demo_short_link_still_resolves_from_the_table(endpoint: Corpus) -> None:
    """When following is refused, the embedded table (demo short links) still answers: Get info works
    offline, and the refusal only shows for links nobody knows."""
    running, listener, _, _ = endpoint
    with running.client() as client:
        answer = client.get("/api/products/resolve", params={"url": "https://a.aliexpress.com/_mDemoA1"})
    # The table gives the id; the loopback affiliate gateway knows no product: a coded 404, no 500.
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "product.not_found")
    assert answer.json()["error"]["field"] == "url"
    assert listener.connections == 0
