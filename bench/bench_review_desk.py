"""Clearing 20 posts on the review desk with the keyboard alone, in the demo set-up with `human` mode.

    .venv/bin/python bench/bench_review_desk.py [--runs 5] [--posts 20]

Needs a built dist/ (`python3 build.py build`). Each run starts the real endpoint as `build.py serve` does on a
fresh install (demo data, the review worker in the process, the demo's 2 s review delay) with
CREATORPOST_REVIEW_MODE=human, and has the demo creators send `--posts` posts (every fourth with a banned word
that the automatic checks flag, every other one with a banner photo), then waits until all of them wait for a
person. Headless Chromium opens the studio and signs in as demo-reviewer ("Demo creator" → Reviewer).

  desk        from the first post on screen until the desk says nothing waits: for each post, the keys a
              reviewer presses the moment it is on screen (a flagged one: R, 3, Enter; the others: A), then
              wait for the next post to be on screen (#desk-post[data-post-id] changes and data-state=ready).
  api         the same decisions sent straight to the endpoint (claim, then approve or reject, per post, one
              after the other from this process): the floor under the desk.

A person adds their reading time to `desk`; this measures what the desk itself costs them.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.endpoints import DIST, serve  # noqa: E402
from tests.server.posts_data import article  # noqa: E402

CREATORS = ("demo-basic", "demo-amateur", "demo-junior", "demo-intermediate", "demo-senior", "demo-professional")
CEILING_SECONDS = 120.0
HUMAN = {"CREATORPOST_REVIEW_MODE": "human"}  # the demo's other settings as `build.py serve` has them


def banner() -> bytes:
    image = Image.new("RGB", (1200, 600), (30, 110, 190))
    draw = ImageDraw.Draw(image)
    for x in range(0, 1200, 100):
        draw.rectangle([x, 0, x + 50, 600], fill=(220, 90 + x % 120, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def send_posts(url: str, count: int) -> list[str]:
    picture = banner()
    ids = []
    for n in range(count):
        token = CREATORS[n % len(CREATORS)]
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            post = article(coupons=None, blocks=article()["blocks"][:2], title=f"Bench post {n + 1}")
            if n % 4 == 0:
                post["hashtags"] = ["free-iphone"]
            if n % 2 == 1:
                uploaded = client.post("/api/media", files={"file": ("b.jpg", picture, "image/jpeg")},
                                       data={"role": "banner"})
                post["banner"] = {"media_id": uploaded.json()["id"], "alt": "Stripes"}
            sent = client.post("/api/posts", json=post, headers={"Idempotency-Key": uuid.uuid4().hex})
            if sent.status_code != 202:
                raise SystemExit(f"could not send a post: {sent.text}")
            ids.append(str(sent.json()["id"]))
    return ids


def wait_queue(url: str, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + CEILING_SECONDS
    with httpx.Client(base_url=url, headers={"Authorization": "Bearer demo-reviewer"}, timeout=30) as client:
        while time.monotonic() < deadline:
            items: list[dict[str, Any]] = client.get("/api/review/queue", params={"limit": 200}).json()["items"]
            if len(items) >= count:
                return items
            time.sleep(0.1)
    raise SystemExit(f"fewer than {count} posts reached the reviewers' queue")


def desk_run(browser: Browser, url: str, count: int) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page: Page = context.new_page()
    page.goto(url + "/")
    page.wait_for_selector("html[data-python='ready']", state="attached", timeout=180_000)
    page.get_by_label("Demo creator").select_option("demo-reviewer")
    ready = page.locator("#desk[data-state='ready'] #desk-post[data-post-id]")
    expect(ready).to_be_visible(timeout=CEILING_SECONDS * 1000)
    start = time.perf_counter()
    for _ in range(count):
        shown = ready.get_attribute("data-post-id")
        if page.locator("#desk-post .desk-flag").count():
            page.keyboard.press("r")
            page.keyboard.press("3")
            page.keyboard.press("Enter")
        else:
            page.keyboard.press("a")
        page.wait_for_function(
            """(shown) => {
                const desk = document.getElementById('desk');
                const post = document.getElementById('desk-post');
                return desk.dataset.state === 'empty'
                    || (desk.dataset.state === 'ready' && post.dataset.postId !== shown);
            }""", arg=shown, timeout=CEILING_SECONDS * 1000)
    expect(page.locator("#desk[data-state='empty']")).to_be_visible()
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def api_run(url: str, items: list[dict[str, Any]]) -> float:
    with httpx.Client(base_url=url, headers={"Authorization": "Bearer demo-reviewer"}, timeout=30) as client:
        start = time.perf_counter()
        for item in items:
            post_id, revision = item["post_id"], item["revision"]
            client.post(f"/api/review/{post_id}/claim").raise_for_status()
            if item["findings"]:
                decided = client.post(f"/api/review/{post_id}/reject",
                                      json={"revision": revision, "reasons": ["review.misleading_title"]})
            else:
                decided = client.post(f"/api/review/{post_id}/approve", json={"revision": revision})
            decided.raise_for_status()
        return time.perf_counter() - start


def line(name: str, values: list[float], count: int) -> str:
    median = statistics.median(values)
    return (f"  {name:<5} median {median:6.2f} s for {count} posts ({median / count * 1000:5.0f} ms a post)   "
            f"min {min(values):6.2f}   max {max(values):6.2f}   ({len(values)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--posts", type=int, default=20)
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        raise SystemExit("dist/ is not built: python3 build.py build")
    desk: list[float] = []
    api: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for run in range(args.runs):
            for kind in ("desk", "api"):
                with tempfile.TemporaryDirectory() as data, serve(Path(data), env=HUMAN) as url:
                    send_posts(url, args.posts)
                    items = wait_queue(url, args.posts)
                    took = desk_run(browser, url, args.posts) if kind == "desk" else api_run(url, items)
                (desk if kind == "desk" else api).append(took)
                print(f"run {run + 1}: {kind} {took:.2f} s", flush=True)
        browser.close()
    print(f"Clearing {args.posts} posts in human mode (demo set-up; every fourth flagged, every other with a banner):")
    print(line("desk", desk, args.posts))
    print(line("api", api, args.posts))


if __name__ == "__main__":
    main()
