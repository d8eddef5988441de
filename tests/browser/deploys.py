"""What a deploy does to the site, done to a hard-linked copy of dist/ (dist/ itself is never changed)."""

import hashlib
import json
import os
import shutil
from pathlib import Path

from tests.endpoints import DIST


def copy_of_dist(site: Path) -> Path:
    """dist/ at `site`, its files hard-linked: cheap, but a file a test changes must be replaced, not rewritten."""
    shutil.copytree(DIST, site, copy_function=os.link)
    return site


def replace_shell(site: Path, html: str) -> None:
    """index.html with new bytes, its manifest entry to match, and its now stale .gz twin removed."""
    index = site / "index.html"
    index.unlink()  # a new inode: the copy shares dist/'s files
    (site / "index.html.gz").unlink()
    index.write_text(html)
    listing = json.loads((site / "manifest.json").read_text())
    listing["files"]["index.html"] = {"sha256": hashlib.sha256(html.encode()).hexdigest(), "bytes": len(html.encode())}
    (site / "manifest.json").unlink()
    (site / "manifest.json").write_text(json.dumps(listing))
