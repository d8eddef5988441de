"""From pressing "Update post" to the updated public page, beside Create to a new public page, in the demo set-up.

    .venv/bin/python bench/bench_update.py [--runs 7] [--delays 2,0]

Needs a built dist/ (`python3 build.py build`). Starts the real endpoint as `build.py serve` does on
a fresh install (demo data, the review worker in the process) with each review delay given (2 s is
the demo default; 0 shows what the pipeline itself costs), opens the editor in headless Chromium,
signs in as demo-senior. The baseline, `--runs` times: a new draft, a title and a line of text,
press "Create". Then, on the last of those posts, `--runs` times: change the title, press "Update
post". Each is timed
  public page   until GET /p/{id} (polled every 20 ms from this process) shows the new title;
  editor        until the editor says the post (or its update) is published (it asks again when
                review is due).
The clock starts just before the click, in this process, for both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.endpoints import DIST, serve  # noqa: E402

POLL_SECONDS = 0.02
CEILING_SECONDS = 60.0


def wait_public(client: httpx.Client, post_id: str, title: str) -> float:
    """Seconds (perf_counter) at which the public page first shows `title`."""
    deadline = time.perf_counter() + CEILING_SECONDS
    while time.perf_counter() < deadline:
        if title in client.get(f"/p/{post_id}").text:
            return time.perf_counter()
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"the public page never showed {title!r}")


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/")
    page.wait_for_selector("html[data-python='ready']", state="attached", timeout=180_000)
    page.get_by_label("Demo creator").select_option("demo-senior")
    expect(page.locator("#signed-in")).to_contain_text("Senior")


def _press(page: Page, client: httpx.Client, title: str, post_id: str | None) -> tuple[float, float, str]:
    """Press Create or Update post; seconds until the public page shows `title` and until the editor says published."""
    published = page.locator("#create-status[data-state='published']")
    expect(page.locator("#draft-status")).to_contain_text("Saved")
    page.evaluate("document.getElementById('create-status').dataset.state = 'bench'")  # not 'published'
    start = time.perf_counter()
    with page.expect_response(lambda r: r.request.method in ("POST", "PUT") and "/api/posts" in r.url) as sent:
        page.click("#create")
    post_id = post_id or str(sent.value.json()["id"])
    public = wait_public(client, post_id, title) - start
    expect(published).to_be_visible(timeout=CEILING_SECONDS * 1000)
    return public, time.perf_counter() - start, post_id


Timings = dict[str, tuple[list[float], list[float]]]


def one_delay(page: Page, url: str, delay: str, runs: int) -> Timings:
    _sign_in(page, url)
    found: Timings = {"Create": ([], []), "Update post": ([], [])}
    post_id: str | None = None
    with httpx.Client(base_url=url, timeout=10) as client:
        for run in range(runs):
            if run:
                page.click("#drafts-open")
                page.get_by_role("button", name="New post").click()
                expect(page.locator("#title")).to_have_value("")
            page.fill("#title", f"Bench post {run} (review delay {delay} s)")
            page.click("#add-text")
            page.fill("#blocks-0-text", "Measured, not guessed.")
            public, editor, post_id = _press(page, client, f"Bench post {run} (review delay {delay} s)", None)
            found["Create"][0].append(public)
            found["Create"][1].append(editor)
        for run in range(runs):
            title = f"Bench update {run} (review delay {delay} s)"
            page.fill("#title", title)
            public, editor, _ = _press(page, client, title, post_id)
            found["Update post"][0].append(public)
            found["Update post"][1].append(editor)
    return found


def line(name: str, values: list[float]) -> str:
    return (f"  {name:<12} median {statistics.median(values):6.3f} s   min {min(values):6.3f}   "
            f"max {max(values):6.3f}   ({len(values)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--delays", default="2,0", help="review delays in seconds (2 is the demo default)")
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        raise SystemExit("dist/ is not built: python3 build.py build")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for delay in args.delays.split(","):
            with tempfile.TemporaryDirectory() as data, \
                    serve(Path(data), env={"CREATORPOST_REVIEW_DELAY_SECONDS": delay}) as url:
                context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
                found = one_delay(context.new_page(), url, delay, args.runs)
                context.close()
            for pressed, (public, editor) in found.items():
                print(f"{pressed} -> public page shows it, review delay {delay} s (demo default 2 s):")
                print(line("public page", public))
                print(line("editor", editor))
        browser.close()


if __name__ == "__main__":
    main()
