"""A real `creatorpost serve` process on a free port, with its own data dir, for server tests."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
URL_LINE = re.compile(r"^Creator Post Studio on (http://\S+)/\s*$")
START_TIMEOUT = 30.0


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    data_dir: Path
    stdout_lines: queue.Queue[str] = field(default_factory=queue.Queue)
    stderr_path: Path | None = None

    def client(self, token: str | None = None, **headers: str) -> httpx.Client:
        all_headers = dict(headers)
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.url, headers=all_headers, timeout=30.0)

    def wait_for_line(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """The next stdout line matching `pattern` (an explicit signal from the server)."""
        deadline = time.monotonic() + timeout
        compiled = re.compile(pattern)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line matching {pattern!r}; stderr:\n{self.stderr()}")
            try:
                line = self.stdout_lines.get(timeout=remaining)
            except queue.Empty:
                continue
            found = compiled.search(line)
            if found:
                return found

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")[-8000:] if self.stderr_path else ""

    def kill_hard(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(data_dir: Path, dist: Path, env: dict[str, str] | None = None, host: str = "127.0.0.1") -> Server:
    data_dir.mkdir(parents=True, exist_ok=True)
    stderr_path = data_dir.parent / f"{data_dir.name}-stderr-{time.monotonic_ns()}.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")}
    environment.update({"CREATORPOST_DATA_DIR": str(data_dir), "CREATORPOST_REVIEW_DELAY_SECONDS": "0",
                        "PYTHONUNBUFFERED": "1", **(env or {})})
    command = [sys.executable, "-m", "creatorpost.server.cli", "serve", "--host", host, "--port", "0",
               "--dist", str(dist)]
    with stderr_path.open("w") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=err,
                                   text=True)
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    server = Server(process, "", data_dir, lines, stderr_path)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        match = URL_LINE.match(line)
        if match:
            server.url = match.group(1)
            return server
    server.stop()
    raise AssertionError(f"creatorpost serve did not start (exit {process.poll()}); stderr:\n{server.stderr()}")


def wait_for_status(client: httpx.Client, post_id: str, timeout: float = 20.0) -> dict[str, Any]:
    """Poll the post until review has decided (published or rejected)."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(f"/api/posts/{post_id}").json()
        if body.get("status") != "pending_review":
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"post {post_id} still pending after {timeout}s")
        time.sleep(0.05)
