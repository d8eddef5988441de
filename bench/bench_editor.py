"""The editor in headless Chromium: keystroke-to-message latency and restoring a 30-block draft.

    .venv/bin/python bench/bench_editor.py [--keys 200] [--runs 5]

Needs a built dist/ (`python3 build.py build`); serves it from the real endpoint on a free port.
Keystrokes (page.keyboard.press into Title, timed in the page): a capture-phase keydown listener
notes performance.now(); a MutationObserver on #title-message / #title-counter notes when their
text has changed ("DOM": its callback runs as soon as the Python input handler returns) and a
requestAnimationFrame after that ("frame": the next frame, about when it is on screen). Measured
with an empty post and with the 30-block draft open, for
  61st character   60 characters -> 61: the "at most 60" message appears
  back to 60       Backspace: the message goes away
  counter only     an ordinary character or Backspace at 20 characters: only the counter changes
Restore: an init script writes a realistic 30-block draft (text blocks, image blocks with 480-px
JPEG data-URL previews as the editor keeps them, product blocks with product cards, captions, a
banner) into localStorage; each run opens the page in a new context and marks, in the page, when
`#blocks > li` reaches 30, PyScript's py:ready (interpreter and wheels loaded, our code starts) and
the app's python-ready mark. The same first load without a draft is measured beside it. The app
restores the draft in the same task that sets python-ready, so the blocks are seen just after it.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.endpoints import DIST, serve  # noqa: E402

BLOCKS = 30
WATCH_KEYS_JS = """() => {
  const bench = window.__keys = {seq: 0, down: 0, samples: []};
  addEventListener('keydown', () => { bench.seq += 1; bench.down = performance.now(); }, {capture: true});
  for (const id of ['title-message', 'title-counter']) {
    const node = document.getElementById(id);
    let last = node.textContent;
    new MutationObserver(() => {
      if (node.textContent === last) return;
      last = node.textContent;
      const seq = bench.seq, start = bench.down, dom = performance.now() - start;
      requestAnimationFrame(() => bench.samples.push({id, seq, dom, frame: performance.now() - start}));
    }).observe(node, {childList: true, characterData: true, subtree: true, attributes: true});
  }
}"""
SAMPLE_JS = "([id, seq]) => window.__keys.samples.find((s) => s.id === id && s.seq === seq) || null"
RESTORE_MARKS_JS = """(() => {
  const marks = window.__restore = {};
  addEventListener('py:ready', () => { marks.pyReady ??= performance.now(); }, {capture: true});
  const seen = new MutationObserver(() => {
    const list = document.getElementById('blocks');
    if (!list || list.querySelectorAll(':scope > li').length !== %d) return;
    seen.disconnect();
    marks.rendered = performance.now();
    requestAnimationFrame(() => { marks.frame = performance.now(); });
  });
  seen.observe(document, {childList: true, subtree: true});
})();"""


def thumbnail(seed: int) -> str:
    """A photo-like 480x360 JPEG data URL, as the editor keeps for a photo (THUMB_WIDTH is 480)."""
    image = Image.new("RGB", (480, 360), (40 + seed * 7 % 200, 120, 200))
    draw = ImageDraw.Draw(image)
    for x in range(0, 480, 24):
        draw.rectangle([x, 0, x + 12, 360], fill=(200, (80 + x + seed * 13) % 255, 60))
    draw.ellipse([120, 90, 240 + seed * 5 % 100, 180], fill=(250, 220, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def draft_json() -> str:
    """A stored draft (drafts.py) whose document (EditorDocument.to_json) has 30 blocks."""
    catalog = json.loads((ROOT / "assets" / "catalog" / "catalog.json").read_text())["products"]
    blocks: list[dict[str, Any]] = []
    keys: list[str] = []
    previews: dict[str, dict[str, Any]] = {}
    products: dict[str, dict[str, Any]] = {}
    for i in range(BLOCKS):
        key = f"k{i:011x}"
        keys.append(key)
        if i % 3 == 0:
            blocks.append({"kind": "text", "text": f"Part {i}. " + "Light linen, warm sand and a straw hat. " * 10})
        elif i % 3 == 1:
            media_id = f"m_{i}"
            blocks.append({"kind": "image", "media_id": media_id, "caption": f"On the beach at sunset, day {i} 🌅"})
            previews[key] = {"src": thumbnail(i), "width": 1600, "height": 1200, "bytes": 412_000,
                             "format": "jpeg", "name": f"beach-{i}.jpg", "note": "", "media_id": media_id}
        else:
            item = catalog[i % len(catalog)]
            blocks.append({"kind": "product", "product_id": item["id"], "caption": "My favourite this summer 👗"})
            products[item["id"]] = {
                "product_id": item["id"], "title": item["title"], "image": f"/catalog/images/{item['id']}.png",
                "price": {"amount": f"{item['price_cents'] / 100:.2f}", "currency": item["currency"]},
                "store": {"id": item["store_id"], "name": "Sunny Beach Store"}, "category": item["category"],
                "url": f"https://www.aliexpress.com/item/{item['id']}.html"}
    previews["banner"] = {"src": thumbnail(99), "width": 1500, "height": 720, "bytes": 900_000, "format": "jpeg",
                          "name": "banner.jpg", "note": "", "media_id": "m_banner"}
    title = "Bohemian Chic for less 🇪🇸 — five pieces, one summer"
    post = {"schema": 1, "type": "article", "banner": {"media_id": "m_banner"}, "title": title,
            "introduction": "Five pieces that work on the beach and in town. " * 6,
            "hashtags": ["Bikinis", "Baby&Kids", "CheerForAliExpress", "Summer", "Boho"], "blocks": blocks}
    document = json.dumps({"post": post, "keys": keys, "previews": previews, "products": products, "coupons": {}},
                          ensure_ascii=False, sort_keys=True)
    return json.dumps({"id": "d_bench30blocks00", "revision": 3, "saved_at": 1_790_000_000_000.0, "title": title,
                       "document": document}, ensure_ascii=False)


def store_draft_js(draft: str) -> str:
    return f"localStorage.setItem('creatorpost.draft.d_bench30blocks00', {json.dumps(draft)});"


def stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def press(page: Page, key: str, watched: str) -> dict[str, float]:
    """Press a key in the focused field; the page's sample for it once the watched text changed."""
    seq = page.evaluate("window.__keys.seq") + 1
    page.keyboard.press(key)
    sample: dict[str, float] = page.wait_for_function(SAMPLE_JS, arg=[watched, seq], timeout=30_000).json_value()
    return sample


def keystrokes(page: Page, count: int) -> dict[str, list[dict[str, float]]]:
    page.evaluate(WATCH_KEYS_JS)
    title = page.locator("#title")
    title.fill("B" * 60)
    title.press("End")
    appear: list[dict[str, float]] = []
    clear: list[dict[str, float]] = []
    for i in range(count + 10):  # the first 10 warm up
        shown = press(page, "x", "title-message")
        if i == 0:
            message = page.locator("#title-message").inner_text()
            assert "60" in message and title.get_attribute("aria-invalid") == "true", message
        gone = press(page, "Backspace", "title-message")
        if i >= 10:
            appear.append(shown)
            clear.append(gone)
    title.fill("B" * 20)
    title.press("End")
    counter = [press(page, "a" if i % 2 == 0 else "Backspace", "title-counter") for i in range(count + 10)][10:]
    assert page.locator("#title-message").is_hidden()
    return {"61st character": appear, "back to 60": clear, "counter only": counter}


def editor_page(browser: Browser, url: str, init_script: str | None = None) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    page.goto(url)
    page.wait_for_selector("html[data-python='ready']", state="attached", timeout=180_000)
    return context, page


def restore(browser: Browser, url: str, draft: str | None) -> dict[str, float]:
    """Marks (ms since navigation) of one first load in a new context, with the draft stored or none."""
    script = (store_draft_js(draft) if draft else "") + RESTORE_MARKS_JS % BLOCKS
    context, page = editor_page(browser, url, script)
    page.wait_for_function("window.__restore.frame !== undefined" if draft else "true", timeout=30_000)
    marks: dict[str, float] = page.evaluate("""() => ({...window.__restore,
      ready: performance.getEntriesByName('python-ready')[0].startTime})""")
    assert page.locator("#blocks > li[data-key]").count() == (BLOCKS if draft else 0)
    context.close()
    return marks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=200, help="measured keystrokes per kind")
    parser.add_argument("--runs", type=int, default=5, help="restores, each in a new context")
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        sys.exit("dist/ is not built: run `python3 build.py build` first")
    draft = draft_json()
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        typing: dict[str, dict[str, list[dict[str, float]]]] = {}
        for name, script in (("empty post", None), ("30-block draft", store_draft_js(draft))):
            context, page = editor_page(browser, base + "/", script)
            typing[name] = keystrokes(page, args.keys)
            context.close()
        editor_page(browser, base + "/")[0].close()  # one load to warm the endpoint's disk cache
        restores: dict[str, list[dict[str, float]]] = {"draft": [], "none": []}
        for _ in range(args.runs):
            restores["draft"].append(restore(browser, base + "/", draft))
            restores["none"].append(restore(browser, base + "/", None))
        browser.close()
    print(f"Keystrokes in Title, {args.keys} measured per row after 10 warm-up; ms from keydown "
          "(DOM = text changed, frame = next animation frame)")
    print(f"{'document':<16}{'keystroke':<16}{'DOM median':>11}{'DOM p99':>9}{'frame median':>14}{'frame p99':>11}")
    for name, rows in typing.items():
        for kind, samples in rows.items():
            dom, frame = stats([s["dom"] for s in samples]), stats([s["frame"] for s in samples])
            print(f"{name:<16}{kind:<16}{dom[0]:>11.1f}{dom[1]:>9.1f}{frame[0]:>14.1f}{frame[1]:>11.1f}")
    print(f"\nFirst load, median of {args.runs} new contexts each; ms. The draft: {BLOCKS} blocks, "
          f"{len(draft) / 1e3:.0f} kB in localStorage")
    print(f"{'':<44}{'30-block draft':>15}{'no draft':>10}")
    # (label, the value from one run's marks, whether it exists without a draft)
    lines: list[tuple[str, Callable[[dict[str, float]], float], bool]] = [
        ("navigation -> py:ready (interpreter up)", lambda m: m["pyReady"], True),
        ("py:ready -> python-ready mark (our start)", lambda m: m["ready"] - m["pyReady"], True),
        ("navigation -> python-ready mark", lambda m: m["ready"], True),
        ("navigation -> 30 blocks seen in the DOM", lambda m: m["rendered"], False),
        ("navigation -> the next frame after that", lambda m: m["frame"], False),
        ("py:ready -> 30 blocks seen in the DOM", lambda m: m["rendered"] - m["pyReady"], False),
        ("python-ready mark -> 30 blocks seen", lambda m: m["rendered"] - m["ready"], False)]
    for label, pick, both in lines:
        cells = [statistics.median(pick(m) for m in runs) if key == "draft" or both else None
                 for key, runs in restores.items()]
        print(f"{label:<44}" + "".join(f"{'-' if c is None else f'{c:.0f}':>{w}}" for c, w in zip(cells, (15, 10))))


if __name__ == "__main__":
    main()
