"""What a creator does on the editor page, in their words: the steps the tests walk."""

import io
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, Frame, Locator, Page, ViewportSize, expect

from tests.browser.conftest import Visit, _local_only

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screens"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS: dict[str, ViewportSize] = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}

# For each shown legend: its words, its text box, and the area where that text is seen whole (the
# card's padding box, cut by every ancestor whose overflow or clip-path hides what leaves it).
_LEGENDS_OUTSIDE_THEIR_CARDS = """() => [...document.querySelectorAll("legend")]
  .filter((legend) => legend.checkVisibility())
  .map((legend) => {
    const range = document.createRange();
    range.selectNodeContents(legend);
    const text = range.getBoundingClientRect();
    const card = legend.parentElement, style = getComputedStyle(card), box = card.getBoundingClientRect();
    const area = {
      top: box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop),
      bottom: box.bottom - parseFloat(style.borderBottomWidth),
      left: box.left + parseFloat(style.borderLeftWidth),
      right: box.right - parseFloat(style.borderRightWidth),
    };
    for (let node = card.parentElement; node; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (s.overflowX === "visible" && s.overflowY === "visible" && s.clipPath === "none") continue;
      const clip = node.getBoundingClientRect();
      area.top = Math.max(area.top, clip.top);
      area.bottom = Math.min(area.bottom, clip.bottom);
      area.left = Math.max(area.left, clip.left);
      area.right = Math.min(area.right, clip.right);
    }
    area.left = Math.max(area.left, 0);
    area.right = Math.min(area.right, innerWidth);
    const inside = text.top >= area.top - 0.5 && text.bottom <= area.bottom + 0.5
      && text.left >= area.left - 0.5 && text.right <= area.right + 0.5;
    return inside ? null : `${legend.textContent.trim()}: text ${JSON.stringify(text)} seen in ${JSON.stringify(area)}`;
  }).filter(Boolean)"""


def legends_outside_their_cards(page: Page) -> list[str]:
    """The shown legends whose text is not seen whole inside their card (web/app.css, .field legend)."""
    found: list[str] = page.evaluate(_LEGENDS_OUTSIDE_THEIR_CARDS)
    return found


def photo(path: Path, width: int, height: int, fmt: str = "JPEG") -> Path:
    """A photo-like picture (gradient and shapes) of the given size."""
    image = Image.new("RGB", (width, height), (40, 120, 200))
    draw = ImageDraw.Draw(image)
    for step in range(0, width, max(1, width // 12)):
        draw.rectangle([step, 0, step + width // 24, height], fill=(200, 80 + step % 120, 60))
    draw.ellipse([width // 4, height // 4, width // 2, height // 2], fill=(250, 220, 40))
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=90)
    path.write_bytes(buffer.getvalue())
    return path


def screenshot_widths(page: Page, name: str, full_page: bool = True, settle: str | None = None,
                      frame: Frame | None = None) -> None:
    """The screen as it is now, at phone and desktop widths (test-artifacts/screens/NAME-375.png, -1280.png).

    `settle` is a JavaScript condition (run in `frame`, else the page) that holds once the layout has
    followed the new width. With a frame, the window is made as tall as the page, so everything is
    painted (a full-page capture leaves the parts of a tall iframe outside the window blank)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for size in (WIDTHS["phone"], WIDTHS["desktop"]):
        page.set_viewport_size(size)
        (frame or page).wait_for_function(settle or "true")
        page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        if frame is not None:
            page.set_viewport_size({"width": size["width"], "height": int(page.evaluate(
                "document.documentElement.scrollHeight"))})
            frame.wait_for_function(settle or "true")
        path = str(ARTIFACTS / f"{name}-{size['width']}.png")
        page.screenshot(path=path, full_page=full_page and frame is None)
    if before is not None:
        page.set_viewport_size(before)


def shared_context(browser: Browser) -> tuple[BrowserContext, Visit]:
    """A context for several tabs of one creator; the returned Visit collects what all of them do."""
    context = browser.new_context(viewport=WIDTHS["desktop"], service_workers="block")
    record = Visit(page=None)  # type: ignore[arg-type]
    context.route("**/*", _local_only(record))
    context.on("page", lambda page: page.on("pageerror", lambda error: record.page_errors.append(str(error))))
    return context, record


def tab(context: BrowserContext, record: Visit, base_url: str, init_script: str | None = None) -> "EditorPage":
    """A new tab in the context, with the editor open and Python ready."""
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    return EditorPage(Visit(page, record.outside_requests, record.page_errors), base_url).open()


class EditorPage:
    def __init__(self, visit: Visit, base_url: str) -> None:
        self.visit = visit
        self.page: Page = visit.page
        self.base_url = base_url

    def open(self) -> "EditorPage":
        self.visit.open(self.base_url + "/")
        self.visit.wait_for_python()
        return self

    def sign_in(self, level: str) -> None:
        self.page.get_by_label("Demo creator").select_option(f"demo-{level}")
        expect(self.page.locator("#signed-in")).to_contain_text(level.capitalize())

    # -- the parts, by the names a creator sees ---------------------------------------------
    def field(self, label: str) -> Locator:
        return self.page.get_by_label(label, exact=True)

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def message(self, key: str) -> Locator:
        return self.page.locator(f"#{key}-message")

    def add_hashtag(self, text: str) -> None:
        self.field("Hashtags").fill(text)
        self.field("Hashtags").press("Enter")

    def chips(self) -> list[str]:
        return self.page.locator("#hashtag-list .chip > span").all_inner_texts()

    def block_titles(self) -> list[str]:
        return self.page.locator("#blocks .block-title").all_inner_texts()

    def status(self) -> Locator:
        return self.page.locator("#create-status")

    def wait_saved(self) -> None:
        expect(self.page.locator("#draft-status")).to_contain_text("Saved on this device")

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        width = self.page.viewport_size["width"] if self.page.viewport_size else 0
        self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)

    def serious_accessibility_violations(self) -> list[str]:
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""")
        return list(result)
