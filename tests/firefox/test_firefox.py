"""The editor in a second browser: Debian's Firefox ESR, driven through WebDriver BiDi.

`scenarios.mjs` (puppeteer-core, pinned in package-lock.json) runs every scenario in one Firefox
with a fresh profile, each in a fresh browser context, against the real endpoint, and prints what
a creator would see as JSON; the tests below judge it. tests/conftest.py marks them `browser`.
"""

import io
import json
import shutil
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from creatorpost.messages import message
from creatorpost.rules import load_rules
from tests.endpoints import DIST, ROOT, serve

FIREFOX = Path("/usr/bin/firefox-esr")
INSTALL_COMMAND = "apt-get update && apt-get install -y firefox-esr"
SCRIPT = Path(__file__).with_name("scenarios.mjs")
PUPPETEER = ROOT / "node_modules" / "puppeteer-core"
REPORT = ROOT / "test-artifacts" / "firefox-run.json"  # what the script saw, with its timings
RUN_TIMEOUT_S = 600  # four scenarios with six cold Pyodide starts on a busy 2-core machine: a ceiling
ORIENTATION = 0x0112  # the EXIF tag
ROTATE_CLOCKWISE = 6  # its value for "turn 90° clockwise to show"
UPRIGHT_SIZE = (3000, 4000)  # a phone photo taken upright...
STORED_SIZE = (4000, 3000)  # ...and stored sideways, as phone cameras do
RULES = load_rules()

Run = dict[str, Any]


def upright_photo() -> Image.Image:
    """Portrait, 3000×4000: the top half red with a green left third, the bottom half blue."""
    width, height = UPRIGHT_SIZE
    image = Image.new("RGB", (width, height), (30, 60, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width - 1, height // 2 - 1], fill=(210, 40, 40))
    draw.rectangle([0, 0, width // 3 - 1, height // 2 - 1], fill=(40, 180, 60))
    return image


def sideways_jpeg(path: Path) -> Path:
    """The upright photo stored turned a quarter to the left, with EXIF saying "turn it clockwise"."""
    exif = Image.Exif()
    exif[ORIENTATION] = ROTATE_CLOCKWISE
    stored = upright_photo().rotate(90, expand=True)
    assert stored.size == STORED_SIZE
    stored.save(path, "JPEG", quality=90, exif=exif)
    return path


def colour(picture: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    red, green, blue = picture.getpixel((x, y))  # type: ignore[misc]
    return red, green, blue


def long_title() -> str:
    return "x" * (RULES.title.max_graphemes + 1)


@pytest.fixture(scope="module")
def firefox_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    if not FIREFOX.exists():
        pytest.skip(f"Debian's Firefox ESR is missing at {FIREFOX}: install it with `{INSTALL_COMMAND}`")
    if not (DIST / "index.html").is_file():
        pytest.fail("dist/ is not built: run `python3 build.py test`, which builds it before the tests")
    node = shutil.which("node")
    if node is None or not PUPPETEER.is_dir():
        pytest.fail("node or puppeteer-core is missing: run `python3 build.py setup --tests`")
    work = tmp_path_factory.mktemp("firefox")
    (work / "profile").mkdir()
    banner = sideways_jpeg(work / "sideways.jpg")
    with serve(work / "data") as url:
        done = subprocess.run(
            [node, str(SCRIPT), "--app", url, "--firefox", str(FIREFOX), "--profile", str(work / "profile"),
             "--banner", str(banner), "--long-title", long_title()],
            cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        if done.returncode != 0:
            pytest.fail(f"the Firefox script failed ({done.returncode}):\n{done.stderr[-4000:]}")
        run: Run = json.loads(done.stdout)
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps(run, indent=2))
        # The uploaded bytes, fetched while the endpoint still runs: by their owner, as no published
        # post shows them (unpublished media are the owner's alone).
        media = run["scenarios"]["banner_fitted"].get("media")
        if isinstance(media, dict):
            owner = urllib.request.Request(f"{url}/media/{media['id']}", headers={"Authorization": "Bearer demo-basic"})
            with urllib.request.urlopen(owner, timeout=10) as answer:
                run["banner_bytes"] = answer.read()
    return run


def scenario(run: Run, name: str) -> dict[str, Any]:
    result: dict[str, Any] = run["scenarios"][name]
    assert "error" not in result, f"{name} did not finish in Firefox {run['firefox']['version']}:\n{result['error']}"
    return result


def test_the_editor_starts_python_and_flags_a_long_title(firefox_run: Run) -> None:
    """Firefox reaches data-python="ready"; 61 characters typed in Title show the title-too-long finding."""
    result = scenario(firefox_run, "ready_and_rule")
    limit = RULES.title.max_graphemes
    assert result["title_message"] == message("title.too_long", {"max_graphemes": limit, "length": limit + 1})
    assert result["aria_invalid"] == "true"
    assert result["counter"] == f"{limit + 1}/{limit}"


def test_a_sideways_banner_photo_is_fitted_upright(firefox_run: Run) -> None:
    """A 4000×3000 photo tagged "turn clockwise" is uploaded portrait, within the limits, top side up."""
    result = scenario(firefox_run, "banner_fitted")
    assert result["upload_status"] == 201, result["media"]
    assert not result["message_shown"], result["message"]
    preview_width, preview_height = result["preview"]
    assert preview_width < preview_height, "the preview on the page is not upright"

    published = Image.open(io.BytesIO(firefox_run["banner_bytes"]))
    width, height = published.size
    assert (width, height) == (result["media"]["width"], result["media"]["height"])
    limits = RULES.images
    assert width <= limits.max_width and height <= limits.max_height
    assert height == limits.max_height, "fitted: the long side reaches the limit"
    assert abs(width - round(height * UPRIGHT_SIZE[0] / UPRIGHT_SIZE[1])) <= 1, "the shape is kept"
    assert published.getexif().get(ORIENTATION, 1) == 1, "an orientation tag is left for viewers to misread"
    picture = published.convert("RGB")
    top_left = colour(picture, width // 6, height // 4)
    top_right = colour(picture, width * 5 // 6, height // 4)
    bottom = colour(picture, width // 2, height * 3 // 4)
    # Green top left, red top right, blue below: top side up and not mirrored.
    assert top_left[1] > 150 and top_right[0] > 150 and bottom[2] > 150, (top_left, top_right, bottom)


def test_a_draft_is_restored_after_a_reload(firefox_run: Run) -> None:
    """A title typed and saved on the device is back in Title after the page reloads."""
    result = scenario(firefox_run, "draft_restored")
    assert result["title"] == result["typed"]


def test_after_one_visit_the_editor_loads_with_the_server_gone(firefox_run: Run) -> None:
    """sw.js keeps the editor: with the server unreachable a reload starts Python and still checks Title."""
    result = scenario(firefox_run, "offline_reload")
    assert result["worker"].endswith("/sw.js")
    assert result["controlled"] is True, "the reloaded page is not the service worker's"
    assert result["server_reachable"] is False, "the network was not taken away"
    assert result["network_status_shown"] is True
    limit = RULES.title.max_graphemes
    assert result["title_message"] == message("title.too_long", {"max_graphemes": limit, "length": limit + 1})


def test_no_other_host_was_asked_and_no_page_raised(firefox_run: Run) -> None:
    """Nothing in any scenario (pages, workers, Firefox itself) asked for a host but the endpoint."""
    assert firefox_run["outside_requests"] == []
    assert firefox_run["proxy_requests"] == []
    assert firefox_run["page_errors"] == []
