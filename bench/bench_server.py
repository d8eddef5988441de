"""Benchmark of the endpoint on SQLite, loopback only, bounded loops.

    python bench/bench_server.py [--requests 300]
    python bench/bench_server.py --load 180 [--clients 8]
    python bench/bench_server.py --stall [--heavy 20]
    python bench/bench_server.py --multi [--processes 4] [--runs 3]
    python bench/bench_server.py --media [--runs 3]
    python bench/bench_server.py --readers [--clients 8] [--seconds 10] [--runs 3]

Starts `creatorpost serve --port 0` with a fresh data dir, then measures `POST /api/posts`
(each with its own Idempotency-Key) with 1, 8 and 32 concurrent clients: posts/s, p50, p99.
If `POST /api/media` exists, it also sends one 25 MB upload and reports the server's peak
resident memory (VmHWM) before and after.

`--load SECONDS`: `--clients` clients each repeat a creator's round (validate, publish, read the post,
the rules, a published page, /healthz) until the time is up; prints requests, errors (a 5xx, an
answer other than the one expected, or no answer), p50/p99 and the server's resident memory (VmRSS)
at the start and the end.

`--stall`: while `--heavy` bodies built to cost the most CPU (2 MB: 40,000 coupon groups; a title of
900,000 accents) go to /api/posts/validate one after another, a second client asks /healthz every
20 ms: prints how long /healthz took (p50, p99, max), i.e. how long the event loop was blocked.

`--multi`: docs/DEPLOY.md's recipe against one process (bench/deployment.py): `--processes` endpoint processes
on PostgreSQL and a bucket (moto's S3 server) with one `creatorpost worker`, the clients spread over them as a
load balancer would, beside one process on SQLite and a folder: posts/s, p50 and p99 at 8 and 32 clients, and
photo uploads (a 3000x2000 camera JPEG, checked and fitted within 2000x2000) per second at 8 clients; the
median of `--runs` runs each.

`--media`: GET /media/<id> of a 0.7 MB photo at 8 clients (its owner asking: the same look-ups a reader's
request costs) from a folder (streamed), from a bucket streamed through the endpoint, and from a bucket by
CREATORPOST_MEDIA_REDIRECT=presigned (the endpoint's 302 alone, and the 302 followed to the bucket):
requests/s, p50, p99, median of `--runs` runs.
`--readers`: what readers of a post shared by QR code cause. `--clients` client processes (a plain
keep-alive HTTP/1.1 connection each, so the client costs little of the machine's CPU) ask for a
published example post `/p/<id>` (the six languages in turn, by Accept-Language), then its author's
profile `/c/<handle>`, then the post again as a CDN revalidating it (If-None-Match, 304 expected), for
`--seconds` each: prints requests/s, p50, p99, errors and the server's CPU time per request per run and
the median of `--runs` runs, with the machine's load average (the machine is shared: compare runs made
at low load only; CPU per request depends least on what else runs).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import io
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from creatorpost.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
POST = {
    "schema": 1, "type": "article", "title": "Bench post", "introduction": "Measuring the endpoint.",
    "hashtags": ["Bench", "Speed"],
    "blocks": [{"kind": "text", "text": "Some body text. " * 20},
               {"kind": "product", "product_id": "1005001234567890", "caption": "A product"},
               {"kind": "text", "text": "More text."}],
    "coupons": [{"store_id": "912345678", "coupon_ids": ["C100"]}],
}


def start(data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "CREATORPOST_DATA_DIR": str(data_dir), "CREATORPOST_RATE_LIMIT_PER_MINUTE": "10000000",
           "CREATORPOST_RATE_LIMIT_BURST": "1000000", "CREATORPOST_REVIEW_DELAY_SECONDS": "0"}
    process = subprocess.Popen([sys.executable, "-m", "creatorpost.server.cli", "serve", "--port", "0",
                                "--dist", str(data_dir / "no-dist")], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    for line in process.stdout:
        found = re.match(r"^Creator Post Studio on (http://\S+)/", line)
        if found:
            return process, found.group(1)
    raise SystemExit("server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def clients_at_once(clients: int, one_client: Callable[[int], list[float]]) -> tuple[float, float, float]:
    """one_client(0), ..., one_client(clients - 1) on as many threads at once, each returning its requests'
    latencies: requests/s over the whole, p50 and p99 in ms."""
    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one_client, range(clients)))
    elapsed = time.perf_counter() - began
    latencies = [x for chunk in results for x in chunk]
    return len(latencies) / elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000


def run(url: str, clients: int, total: int) -> tuple[float, float, float]:
    """`total` posts to one endpoint by `clients` at once: posts/s, p50, p99 ms."""
    return run_spread([url], clients, total)


def peak_rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


def upload_memory(url: str, pid: int) -> str:
    with httpx.Client(base_url=url, timeout=120) as c:
        if "/api/media" not in c.get("/openapi.json").json().get("paths", {}):
            return "POST /api/media not present: upload memory not measured"
        photo = big_photo(load_rules().upload.max_bytes)
        before = peak_rss_kib(pid)
        response = c.post("/api/media", files={"file": ("big.jpg", io.BytesIO(photo), "image/jpeg")},
                          headers={"Authorization": "Bearer demo-professional"})
        after = peak_rss_kib(pid)
    answer = response.json()
    return (f"{len(photo) / 2**20:.1f} MiB 6000x4000 JPEG upload -> HTTP {response.status_code} "
            f"{answer.get('width', '')}x{answer.get('height', '')} {answer.get('bytes', '')} bytes "
            f"{answer.get('error', {}).get('code', '')}; "
            f"server peak RSS {before / 1024:.0f} MiB before, {after / 1024:.0f} MiB after")


def big_photo(cap: int) -> bytes:
    """A real JPEG just under the upload cap: 6000x4000 of noise, which compresses worst of all."""
    from PIL import Image

    image = Image.frombytes("RGB", (6000, 4000), os.urandom(6000 * 4000 * 3))
    for quality in range(95, 60, -1):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= cap:
            return buffer.getvalue()
    raise RuntimeError("could not make a JPEG under the upload cap")


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


def load(url: str, pid: int, seconds: float, clients: int) -> None:
    """A creator's round, repeated by every client until `seconds` have passed."""
    with httpx.Client(base_url=url, headers={"Authorization": "Bearer demo-professional"}, timeout=60) as c:
        first = c.post("/api/posts", json=POST, headers={"Idempotency-Key": uuid.uuid4().hex}).json()["id"]
        while c.get(f"/api/posts/{first}").json()["status"] == "pending_review":
            time.sleep(0.05)
    start_rss = rss_kib(pid)
    deadline = time.monotonic() + seconds

    def one_client(_: int) -> tuple[list[float], int, int]:
        latencies: list[float] = []
        errors = requests = 0
        with httpx.Client(base_url=url, headers={"Authorization": "Bearer demo-professional"}, timeout=60) as c:
            while time.monotonic() < deadline:
                post_id = first
                for method, path, body, expected in (
                        ("POST", "/api/posts/validate", POST, 200), ("POST", "/api/posts", POST, 202),
                        ("GET", "/api/posts/{id}", None, 200), ("GET", "/api/rules", None, 200),
                        ("GET", f"/p/{first}", None, 200), ("GET", "/healthz", None, 200)):
                    began = time.perf_counter()
                    try:
                        headers = {"Idempotency-Key": uuid.uuid4().hex} if path == "/api/posts" else {}
                        answer = c.request(method, path.replace("{id}", post_id), json=body, headers=headers)
                        ok = answer.status_code == expected
                        if path == "/api/posts" and ok:
                            post_id = answer.json()["id"]
                    except httpx.HTTPError:
                        ok = False
                    latencies.append(time.perf_counter() - began)
                    requests += 1
                    errors += not ok
        return latencies, errors, requests

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one_client, range(clients)))
    end_rss = rss_kib(pid)
    latencies = [x for chunk, _, _ in results for x in chunk]
    errors = sum(e for _, e, _ in results)
    total = sum(n for _, _, n in results)
    print(f"load: {clients} clients, {seconds:.0f} s: {total} requests ({total / seconds:.1f}/s), {errors} errors, "
          f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
          f"RSS {start_rss / 1024:.0f} -> {end_rss / 1024:.0f} MiB", flush=True)


HEAVY_BODIES = [
    json.dumps({"blocks": [{"kind": "text", "text": "x"}],
                "coupons": [{"store_id": "912345678", "coupon_ids": ["C100"]}] * 40_000}).encode(),
    json.dumps({"blocks": [{"kind": "text", "text": "x"}], "title": "e" + "\u0301" * 900_000},
               ensure_ascii=False).encode(),
]


def stall(url: str, heavy: int) -> None:
    """/healthz latency while CPU-heavy bodies are being validated."""
    done = threading.Event()
    waits: list[float] = []

    def probe() -> None:
        with httpx.Client(base_url=url, timeout=60) as c:
            while not done.is_set():
                began = time.perf_counter()
                c.get("/healthz")
                waits.append(time.perf_counter() - began)
                done.wait(0.02)

    prober = threading.Thread(target=probe)
    prober.start()
    statuses = []
    began = time.perf_counter()
    with httpx.Client(base_url=url, timeout=120, headers={"Content-Type": "application/json"}) as c:
        for number in range(heavy):
            statuses.append(c.post("/api/posts/validate", content=HEAVY_BODIES[number % len(HEAVY_BODIES)]).status_code)
    took = time.perf_counter() - began
    done.set()
    prober.join()
    print(f"stall: {heavy} heavy bodies validated in {took:.1f} s (answers {sorted(set(statuses))}); /healthz during "
          f"them: p50 {percentile(waits, 0.5) * 1000:.1f} ms, p99 {percentile(waits, 0.99) * 1000:.1f} ms, "
          f"max {max(waits) * 1000:.1f} ms over {len(waits)} probes", flush=True)


# ---------------------------------------------------------------- several processes (issue 13)


def run_spread(urls: list[str], clients: int, total: int) -> tuple[float, float, float]:
    """`run` with client number i talking to urls[i % len(urls)] (a load balancer's round robin)."""
    def one_client(number: int) -> list[float]:
        latencies = []
        with httpx.Client(base_url=urls[number % len(urls)], headers={"Authorization": "Bearer demo-professional"},
                          timeout=60) as c:
            for _ in range(max(1, total // clients)):
                began = time.perf_counter()
                response = c.post("/api/posts", json=POST, headers={"Idempotency-Key": uuid.uuid4().hex})
                latencies.append(time.perf_counter() - began)
                if response.status_code != 202:
                    raise SystemExit(f"unexpected {response.status_code}: {response.text[:300]}")
        return latencies

    return clients_at_once(clients, one_client)


class CameraPhotos:
    """Camera-like JPEGs (noise over gradients, 3000x2000 unless told): the image step must decode, fit within
    2000x2000 and re-encode each. Every one has other pixels, so none is the de-duplicated copy of another."""

    def __init__(self, size: tuple[int, int] = (3000, 2000), quality: int = 90) -> None:
        from PIL import Image

        noise = Image.frombytes("L", size, os.urandom(size[0] * size[1]))
        self.image = Image.merge("RGB", [Image.linear_gradient("L").resize(size), noise,
                                         Image.radial_gradient("L").resize(size)])
        self.quality = quality
        self.made = 0

    def next(self) -> bytes:
        self.made += 1
        for offset in range(24):  # the count, written in a corner as black and white pixels
            self.image.putpixel((offset, 0), (255, 255, 255) if self.made >> offset & 1 else (0, 0, 0))
        buffer = io.BytesIO()
        self.image.save(buffer, "JPEG", quality=self.quality)
        return buffer.getvalue()


def upload_spread(urls: list[str], clients: int, photos: list[bytes]) -> tuple[float, float, float]:
    """Every photo uploaded once, by `clients` (client i takes photos i, i + clients, ...): uploads/s, p50, p99 ms."""
    def one_client(number: int) -> list[float]:
        latencies = []
        with httpx.Client(base_url=urls[number % len(urls)], headers={"Authorization": "Bearer demo-professional"},
                          timeout=120) as c:
            for body in photos[number::clients]:
                began = time.perf_counter()
                response = c.post("/api/media", files={"file": ("camera.jpg", body, "image/jpeg")})
                latencies.append(time.perf_counter() - began)
                if response.status_code != 201:
                    raise SystemExit(f"unexpected {response.status_code}: {response.text[:300]}")
        return latencies

    return clients_at_once(clients, one_client)


def _median_row(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    import statistics

    return (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows),
            statistics.median(r[2] for r in rows))


def multi_process(processes: int, requests: int, runs: int) -> None:
    """One process on SQLite + a folder against `processes` on PostgreSQL + a bucket: posts/s and uploads/s."""
    from deployment import shared, single

    cameras = CameraPhotos()
    uploads = 32
    table: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        setups = (("1 process, SQLite + folder", lambda: single(Path(tmp) / "a")),
                  (f"{processes} processes, PostgreSQL + bucket", lambda: shared(Path(tmp) / "b", processes)))
        for name, setup in setups:
            with setup() as deployment:
                run_spread(deployment.urls, 4, 40)  # warm-up: every process has served a post
                for clients in (8, 32):
                    rate, p50, p99 = _median_row([run_spread(deployment.urls, clients, requests) for _ in range(runs)])
                    table.append(f"{name:>36} {'POST /api/posts':>16} {clients:>8} {rate:>9.1f} {p50:>8.1f} "
                                 f"{p99:>8.1f}")
                    print(table[-1], flush=True)
                rounds = [[cameras.next() for _ in range(uploads)] for _ in range(runs)]
                rate, p50, p99 = _median_row([upload_spread(deployment.urls, 8, photos) for photos in rounds])
                table.append(f"{name:>36} {'POST /api/media':>16} {8:>8} {rate:>9.2f} {p50:>8.1f} {p99:>8.1f}")
                print(table[-1], flush=True)
    print(f"\nPosts and uploads ({requests} posts per level, {uploads} uploads of a "
          f"{len(cameras.next()) / 2**20:.1f} MiB 3000x2000 JPEG; median of {runs} runs; loopback, "
          f"{os.cpu_count()} cores)")
    print(f"{'set-up':>36} {'call':>16} {'clients':>8} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    print("\n".join(table))


def media_gets(url: str, path: str, clients: int, total: int, token: str,
               follow: bool) -> tuple[float, float, float]:
    """GET `path` `total` times by `clients`: requests/s, p50, p99 ms; with `follow`, a 302 is followed (the
    bucket's answer read whole)."""
    def one_client(_: int) -> list[float]:
        latencies = []
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c, \
                httpx.Client(timeout=60) as bucket:
            for _ in range(max(1, total // clients)):
                began = time.perf_counter()
                answer = c.get(path)
                if answer.status_code == 302 and follow:
                    answer = bucket.get(answer.headers["location"])
                latencies.append(time.perf_counter() - began)
                if answer.status_code not in (200, 302):
                    raise SystemExit(f"unexpected {answer.status_code}: {answer.text[:300]}")
        return latencies

    return clients_at_once(clients, one_client)


def media_serving(runs: int, requests: int = 400) -> None:
    """GET /media/<id> streamed from a folder, streamed from a bucket, and by presigned URL."""
    from deployment import shared, single

    photo = CameraPhotos((1200, 900), 85).next()
    table: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        setups = (("folder, streamed", lambda: single(Path(tmp) / "a"), (False,)),
                  ("bucket, streamed", lambda: shared(Path(tmp) / "b", 1), (False,)),
                  ("bucket, presigned", lambda: shared(Path(tmp) / "c", 1, {"CREATORPOST_MEDIA_REDIRECT": "presigned"}),
                   (False, True)))
        for name, setup, follows in setups:
            with setup() as deployment:
                url = deployment.urls[0]
                with httpx.Client(base_url=url, headers={"Authorization": "Bearer demo-professional"}) as c:
                    answer = c.post("/api/media", files={"file": ("photo.jpg", photo, "image/jpeg")})
                    stored = answer.json()
                path = f"/media/{stored['id']}"
                for follow in follows:
                    media_gets(url, path, 8, 80, "demo-professional", follow)  # warm-up
                    rate, p50, p99 = _median_row([media_gets(url, path, 8, requests, "demo-professional", follow)
                                                  for _ in range(runs)])
                    label = name + (" (302 followed)" if follow else " (302 only)" if "presigned" in name else "")
                    table.append(f"{label:>34} {rate:>9.1f} {p50:>8.1f} {p99:>8.1f}")
                    print(table[-1], flush=True)
    print(f"\nGET /media/<id> of a {stored['bytes'] / 1024:.0f} KiB photo, 8 clients, {requests} requests "
          f"(median of {runs} runs; loopback; the bucket is moto's server)")
    print(f"{'served from':>34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    print("\n".join(table))
READER_LANGUAGES = ("en", "es", "pt", "fr", "ru", "ar")


def reader_client(url: str, path: str, headers: Mapping[str, str], expected: int, start_at: float,
                  seconds: float) -> tuple[list[float], int]:
    """One reader: the same page over one keep-alive connection from `start_at` for `seconds` (at most
    1,000,000 requests); the six languages in turn unless `headers` names one. Runs in its own process."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    latencies: list[float] = []
    errors = 0
    time.sleep(max(0.0, start_at - time.time()))
    deadline = time.monotonic() + seconds
    for number in range(1_000_000):
        if time.monotonic() >= deadline:
            break
        sent = {"Accept": "text/html", "Accept-Encoding": "gzip",
                "Accept-Language": READER_LANGUAGES[number % len(READER_LANGUAGES)], **headers}
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers=sent)
            response = connection.getresponse()
            response.read()
            ok = response.status == expected
        except (OSError, http.client.HTTPException):
            connection.close()
            ok = False
        latencies.append(time.perf_counter() - began)
        errors += not ok
    connection.close()
    return latencies, errors


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reader_round(url: str, pid: int, path: str, clients: int, seconds: float, headers: Mapping[str, str],
                 expected: int) -> tuple[float, float, float, int, float]:
    """requests/s, p50 ms, p99 ms, errors, and the server's CPU time per request (µs) of `clients`
    readers of `path` at once."""
    start_at = time.time() + 0.5  # every process started before the first request
    cpu_before = cpu_seconds(pid)
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(clients, mp_context=context) as pool:
        futures = [pool.submit(reader_client, url, path, dict(headers), expected, start_at, seconds)
                   for _ in range(clients)]
        results = [future.result(timeout=seconds + 60) for future in futures]
    cpu = cpu_seconds(pid) - cpu_before
    latencies = [x for chunk, _ in results for x in chunk]
    errors = sum(e for _, e in results)
    return (len(latencies) / seconds, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000,
            errors, cpu / max(1, len(latencies)) * 1e6)


def readers(url: str, pid: int, clients: int, seconds: float, runs: int) -> None:
    """/p/ and /c/ for readers, and the same post revalidated by a CDN (If-None-Match)."""
    from creatorpost.server.examples.definitions import load_examples

    example = load_examples()[2]  # Movie Madness: photos, products, a video, coupons
    handle = f"demo-{example.author_level}"  # the demo creators' handles
    with httpx.Client(base_url=url, timeout=60) as c:
        etag = c.get(f"/p/{example.post_id}", headers={"Accept": "text/html", "Accept-Language": "en",
                                                        "Accept-Encoding": "gzip"}).headers.get("etag", "")
    cases: list[tuple[str, str, dict[str, str], int]] = [
        ("GET /p/<id>", f"/p/{example.post_id}", {}, 200),
        ("GET /c/<handle>", f"/c/{handle}", {}, 200),
    ]
    if etag:
        cases.append(("GET /p/<id> If-None-Match", f"/p/{example.post_id}",
                      {"If-None-Match": etag, "Accept-Language": "en"}, 304))
    else:
        print("no ETag on /p/: the revalidation case is left out")
    print(f"readers: {clients} client processes, {seconds:.0f} s per case and run, {runs} runs; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'case':<28} {'run':>4} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'server CPU µs/req':>18}")
    for label, path, headers, expected in cases:
        reader_round(url, pid, path, clients, min(2.0, seconds), headers, expected)  # warm-up
        rows = []
        for run_number in range(1, runs + 1):
            rate, p50, p99, errors, cpu = reader_round(url, pid, path, clients, seconds, headers, expected)
            rows.append((rate, p50, p99, errors, cpu))
            print(f"{label:<28} {run_number:>4} {rate:>9.1f} {p50:>8.2f} {p99:>8.2f} {errors:>7} {cpu:>18.0f}",
                  flush=True)
        median = [sorted(column)[len(column) // 2] for column in zip(*rows)]
        print(f"{label:<28} {'med':>4} {median[0]:>9.1f} {median[1]:>8.2f} {median[2]:>8.2f} {int(median[3]):>7} "
              f"{median[4]:>18.0f}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=320, help="posts per concurrency level")
    parser.add_argument("--load", type=float, default=0, help="seconds of mixed load instead of the posts/s table")
    parser.add_argument("--clients", type=int, default=8, help="clients of --load")
    parser.add_argument("--stall", action="store_true", help="measure /healthz while heavy bodies are validated")
    parser.add_argument("--heavy", type=int, default=20, help="heavy bodies of --stall")
    parser.add_argument("--multi", action="store_true", help="N processes on PostgreSQL + a bucket against one on "
                                                             "SQLite + a folder")
    parser.add_argument("--processes", type=int, default=4, help="endpoint processes of --multi")
    parser.add_argument("--media", action="store_true", help="GET /media streamed and presigned")
    parser.add_argument("--readers", action="store_true", help="readers of /p/ and /c/ (req/s, p50, p99)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per case and run of --readers")
    parser.add_argument("--runs", type=int, default=3, help="runs of --multi, --media and --readers (their median is shown)")
    args = parser.parse_args()
    if args.multi:
        multi_process(args.processes, args.requests, args.runs)
        return
    if args.media:
        media_serving(args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start(Path(tmp))
        try:
            if args.load:
                load(url, process.pid, args.load, args.clients)
                return
            if args.stall:
                stall(url, args.heavy)
                return
            if args.readers:
                readers(url, process.pid, args.clients, max(1.0, min(args.seconds, 120.0)), max(1, min(args.runs, 20)))
                return
            run(url, 4, 40)  # warm-up
            print(f"POST /api/posts on SQLite ({args.requests} posts per level, loopback)")
            print(f"{'clients':>8} {'posts/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
            for clients in (1, 8, 32):
                rate, p50, p99 = run(url, clients, args.requests)
                print(f"{clients:>8} {rate:>9.1f} {p50:>8.1f} {p99:>8.1f}", flush=True)
            print(upload_memory(url, process.pid))
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
