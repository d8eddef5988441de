"""Benchmark of the endpoint on SQLite, loopback only, bounded loops.

    python bench/bench_server.py [--requests 300]
    python bench/bench_server.py --load 180 [--clients 8]
    python bench/bench_server.py --stall [--heavy 20]

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
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

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


def run(url: str, clients: int, total: int) -> tuple[float, float, float]:
    def one_client(count: int) -> list[float]:
        latencies = []
        with httpx.Client(base_url=url, headers={"Authorization": "Bearer demo-professional"}, timeout=60) as c:
            for _ in range(count):
                began = time.perf_counter()
                response = c.post("/api/posts", json=POST, headers={"Idempotency-Key": uuid.uuid4().hex})
                latencies.append(time.perf_counter() - began)
                if response.status_code != 202:
                    raise SystemExit(f"unexpected {response.status_code}: {response.text[:300]}")
        return latencies

    per_client = max(1, total // clients)
    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one_client, [per_client] * clients))
    elapsed = time.perf_counter() - began
    latencies = [x for chunk in results for x in chunk]
    return len(latencies) / elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=320, help="posts per concurrency level")
    parser.add_argument("--load", type=float, default=0, help="seconds of mixed load instead of the posts/s table")
    parser.add_argument("--clients", type=int, default=8, help="clients of --load")
    parser.add_argument("--stall", action="store_true", help="measure /healthz while heavy bodies are validated")
    parser.add_argument("--heavy", type=int, default=20, help="heavy bodies of --stall")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start(Path(tmp))
        try:
            if args.load:
                load(url, process.pid, args.load, args.clients)
                return
            if args.stall:
                stall(url, args.heavy)
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
