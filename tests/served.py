"""Start the real endpoint (`creatorpost serve`) on a free port, as a person would, and stop it."""

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
_URL_LINE = re.compile(r"Creator Post Studio on (http://\S+?)/?\s*$")


class ServerDied(RuntimeError):
    pass


@contextmanager
def serve(data_dir: Path, dist: Path = DIST, env: dict[str, str] | None = None,
          host: str = "127.0.0.1") -> Iterator[str]:
    """Run the endpoint until the block ends; yields its base URL (no trailing slash)."""
    command = [sys.executable, "-m", "creatorpost.server.cli", "serve", "--host", host, "--port", "0",
               "--dist", str(dist)]
    environment = {**os.environ, "CREATORPOST_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    seen: list[str] = []
    url = None
    for line in process.stdout:
        seen.append(line)
        match = _URL_LINE.search(line)
        if match:
            url = match.group(1)
            break
    if url is None:
        process.wait(timeout=10)
        raise ServerDied("the endpoint did not start:\n" + "".join(seen))
    # Keep draining its output so it never blocks on a full pipe; show it if a test fails.
    threading.Thread(target=lambda: seen.extend(process.stdout or []), daemon=True).start()
    try:
        yield url.rstrip("/")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
