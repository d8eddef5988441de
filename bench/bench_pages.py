"""Benchmark of the readers' side, in process, loopback only, bounded loops.

    python bench/bench_pages.py [--rounds 5] [--requests 40]

Prints (median of `--rounds`):
- the time a fresh demo database takes to get ready (migrations, catalog, demo creators) and
  then to publish the help page's four example articles (drawing, checking and storing their
  pictures), the second time in the same process (pictures already drawn) and on a restart
  (nothing to do);
- the time `render_post` + `render_document` take for each example (what issue 13 will cache);
- GET /p/{id}, /c/{handle} and /examples through the whole app (httpx over ASGI): p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from creatorpost.server.app import build_services, create_app
from creatorpost.server.examples import art
from creatorpost.server.examples.definitions import load_examples
from creatorpost.server.examples.seed import seed_examples
from creatorpost.server.html.page import render_document
from creatorpost.server.html.post import render_post
from creatorpost.server.routes.pages import coupons_of, products_of
from creatorpost.server.settings import Settings
from creatorpost.server.store.creators import author_json
from creatorpost.server.store.demo import prepare_database
from creatorpost.server.store.posts import get_post


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def seeding(rounds: int) -> None:
    ready, first, drawn, again = [], [], [], []
    for _ in range(rounds):
        art.draw_picture.cache_clear()
        with tempfile.TemporaryDirectory() as folder:
            svc = build_services(Settings(data_dir=Path(folder)))
            started = time.perf_counter()
            prepare_database(svc.db, svc.settings)
            ready.append(time.perf_counter() - started)
            started = time.perf_counter()
            seed_examples(svc.db, svc.store)
            first.append(time.perf_counter() - started)
            started = time.perf_counter()
            seed_examples(svc.db, svc.store)
            again.append(time.perf_counter() - started)
            svc.db.dispose()
        with tempfile.TemporaryDirectory() as folder:  # a second endpoint in the same process
            svc = build_services(Settings(data_dir=Path(folder)))
            prepare_database(svc.db, svc.settings)
            started = time.perf_counter()
            seed_examples(svc.db, svc.store)
            drawn.append(time.perf_counter() - started)
            svc.db.dispose()
    print(f"demo database ready (before the examples)   {_ms(statistics.median(ready))}")
    print(f"four examples published, pictures drawn     {_ms(statistics.median(first))}")
    print(f"four examples published, pictures in memory {_ms(statistics.median(drawn))}")
    print(f"restart with the examples in place          {_ms(statistics.median(again))}")


def rendering(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        svc = build_services(Settings(data_dir=Path(folder)))
        prepare_database(svc.db, svc.settings)
        seed_examples(svc.db, svc.store)
        for example in load_examples():
            row = get_post(svc.db, example.post_id)
            assert row is not None
            author = author_json(svc.db, row.creator_id)
            products, coupons = products_of(svc, row.body), coupons_of(svc, row.body)
            times = []
            for _ in range(rounds * 4):
                started = time.perf_counter()
                render_document(render_post(row.id, row.body, author, products, coupons, "en", "https://s.example",
                                            row.created_at))
                times.append(time.perf_counter() - started)
            print(f"render {example.slug:<20} {_ms(statistics.median(times))}")
        svc.db.dispose()


async def requests(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(data_dir=Path(folder), dist=Path(folder) / "no-dist"))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                listed = (await client.get("/api/examples")).json()["examples"]
                paths = {"/p/ (Movie Madness)": listed[2]["page_url"], "/c/demo-professional": "/c/demo-professional",
                         "/examples": "/examples"}
                for label, path in paths.items():
                    times = []
                    for _ in range(count):
                        started = time.perf_counter()
                        response = await client.get(path, headers={"Accept": "text/html"})
                        times.append(time.perf_counter() - started)
                        assert response.status_code == 200
                    times.sort()
                    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
                    print(f"GET {label:<22} p50 {_ms(statistics.median(times))}  p99 {_ms(p99)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    seeding(max(1, min(args.rounds, 20)))
    rendering(max(1, min(args.rounds, 20)))
    asyncio.run(requests(max(1, min(args.requests, 1000))))


if __name__ == "__main__":
    main()
