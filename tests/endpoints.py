"""The endpoint as the tests meet it, two ways, with one interface (`Endpoint`):

- `start_in_process`: the ASGI app in this process, on an event loop of its own thread, its
  lifespan (migrations, demo data, the review worker) run as uvicorn would run it. httpx talks to
  it through an in-memory transport: contract tests, fast.
- `start_server`: a real `creatorpost serve` process on a free loopback port, for what only a
  process shows (crashes, workers, several processes, static serving, the browser tests).
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import httpx

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
URL_LINE = re.compile(r"^Creator Post Studio on (http://\S+)/\s*$")
START_TIMEOUT = 30.0
# What every test endpoint gets unless a test says otherwise: review at once, not after seconds.
TEST_ENV = {"CREATORPOST_REVIEW_DELAY_SECONDS": "0"}


class Endpoint(Protocol):
    url: str
    data_dir: Path

    def client(self, token: str | None = None, **headers: str) -> httpx.Client: ...


def _headers(token: str | None, headers: Mapping[str, str]) -> dict[str, str]:
    found = dict(headers)
    if token:
        found["Authorization"] = f"Bearer {token}"
    return found


def _environment(data_dir: Path, env: Mapping[str, str] | None) -> dict[str, str]:
    """This process's environment without any CREATORPOST_* of the caller's, plus the test's own."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")}
    environment.update({"CREATORPOST_DATA_DIR": str(data_dir), **TEST_ENV, **(env or {})})
    return environment


# ---------------------------------------------------------------- in process


class _LoopTransport(httpx.BaseTransport):
    """Sync httpx requests carried to an ASGI app running on another thread's event loop."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop, address: str = "127.0.0.1") -> None:
        self.inner = httpx.ASGITransport(app=app, client=(address, 50000))
        self.loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        copied = httpx.Request(request.method, request.url, headers=request.headers, content=body,
                               extensions=request.extensions)

        async def send() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            response = await self.inner.handle_async_request(copied)
            # The bytes as sent (still gzip when the app compressed them): the caller's Response decodes once.
            content = b"".join([chunk async for chunk in response.aiter_raw()])
            return response.status_code, response.headers.raw, content

        status, headers, content = asyncio.run_coroutine_threadsafe(send(), self.loop).result(timeout=120)
        return httpx.Response(status, headers=headers, content=content, request=request)


@dataclass
class InProcessEndpoint:
    app: Any
    data_dir: Path
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    lifespan: AbstractAsyncContextManager[Any]
    url: str = "http://testserver"

    def client(self, token: str | None = None, address: str = "127.0.0.1", **headers: str) -> httpx.Client:
        """A client whose requests come from `address` (the app sees it as the peer's address)."""
        return httpx.Client(base_url=self.url, headers=_headers(token, headers), timeout=30.0,
                            transport=_LoopTransport(self.app, self.loop, address))

    @property
    def services(self) -> Any:
        """The app's services (database, settings): for tests that look behind the HTTP answer."""
        return self.app.state.services

    def run(self, coroutine: Any) -> Any:
        """Run a coroutine on the app's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def stop(self) -> None:
        if self.loop.is_running():
            self.run(self.lifespan.__aexit__(None, None, None))
            self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def start_in_process(data_dir: Path, dist: Path = DIST, env: Mapping[str, str] | None = None) -> InProcessEndpoint:
    """The endpoint app with the settings a `creatorpost serve` would read from `env`, started."""
    from creatorpost.server.app import create_app
    from creatorpost.server.settings import Settings

    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env(_environment(data_dir, env), dist=dist)
    app = create_app(settings)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="endpoint-loop", daemon=True)
    thread.start()
    lifespan = app.router.lifespan_context(app)
    endpoint = InProcessEndpoint(app, data_dir, loop, thread, lifespan)
    try:
        endpoint.run(lifespan.__aenter__())
    except BaseException:
        loop.call_soon_threadsafe(loop.stop)
        raise
    return endpoint


# ---------------------------------------------------------------- a real process


class ProcessLines:
    """What a started process writes to one of its pipes: read line by line by a thread as it comes (so the
    pipe never fills), kept in `seen` for failure messages, and handed to whoever waits for a line."""

    def __init__(self, stream: IO[str] | None) -> None:
        assert stream is not None, "the process was started without this pipe"
        self.seen: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._pumping = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._pumping.start()

    def _pump(self, stream: IO[str]) -> None:
        try:
            for line in stream:
                self.seen.append(line)
                self._lines.put(line)
        except (OSError, ValueError):  # the pipe broke or was closed under us: no more lines either way
            pass
        finally:
            self._lines.put(None)  # the pipe closed: the process has ended

    def closed(self, timeout: float) -> bool:
        """Whether every line the process wrote has been read (its pipe closed) within `timeout` seconds."""
        self._pumping.join(timeout)
        return not self._pumping.is_alive()

    def wait_for(self, pattern: str | re.Pattern[str], timeout: float) -> re.Match[str] | None:
        """The next line matching `pattern` (an explicit signal from the process); None when none came within
        `timeout` seconds, or the process ended first."""
        compiled = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=remaining)
            except queue.Empty:
                return None
            if line is None:
                self._lines.put(None)  # a later wait ends at once too
                return None
            found = compiled.search(line)
            if found:
                return found
        return None


@dataclass
class ServerProcess:
    process: subprocess.Popen[str]
    url: str
    data_dir: Path
    stdout: ProcessLines
    stderr_path: Path | None = None

    def client(self, token: str | None = None, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=_headers(token, headers), timeout=30.0)

    def wait_for_line(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """The next stdout line matching `pattern` (an explicit signal from the server)."""
        found = self.stdout.wait_for(pattern, timeout)
        if found is None:
            raise AssertionError(f"no line matching {pattern!r} (exit {self.process.poll()}); stderr:\n{self.stderr()}")
        return found

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")[-8000:] if self.stderr_path else ""

    def log_events(self) -> list[dict[str, Any]]:
        """The server's structured log so far (one JSON object a line on stderr)."""
        text = self.stderr_path.read_text(errors="replace") if self.stderr_path else ""
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    def wait_for_events(self, event: str, count: int = 1, timeout: float = 20.0,
                        **fields: Any) -> list[dict[str, Any]]:
        """The server's log events named `event` (with these `fields`) once there are `count` of them (an
        explicit signal; stderr is a file, so this looks again every 50 ms until the deadline)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.log_events()
                     if e.get("event") == event and all(e.get(k) == v for k, v in fields.items())]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"{len(found)} of {count} {event!r} events; stderr:\n{self.stderr()}")
            time.sleep(0.05)

    def rss_kib(self) -> int:
        """The server's resident memory now."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]

    def kill_hard(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        end_process(self.process)


def end_process(process: subprocess.Popen[Any]) -> None:
    """Ask a process the tests started to end (SIGTERM), and kill it if it has not within 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_server(data_dir: Path, dist: Path = DIST, env: Mapping[str, str] | None = None,
                 host: str = "127.0.0.1") -> ServerProcess:
    """`creatorpost serve --port 0`, started; its stderr goes to a file beside the data dir (shown on failure)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    stderr_path = data_dir.parent / f"{data_dir.name}-stderr-{time.monotonic_ns()}.log"
    environment = {**_environment(data_dir, env), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "creatorpost.server.cli", "serve", "--host", host, "--port", "0",
               "--dist", str(dist)]
    with stderr_path.open("w") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=err, text=True)
    server = ServerProcess(process, "", data_dir, ProcessLines(process.stdout), stderr_path)
    started = server.stdout.wait_for(URL_LINE, START_TIMEOUT)
    if started:
        server.url = started.group(1)
        return server
    server.stop()
    raise AssertionError(f"creatorpost serve did not start (exit {process.poll()}); stderr:\n{server.stderr()}")


@contextmanager
def serve(data_dir: Path, dist: Path = DIST, env: Mapping[str, str] | None = None,
          host: str = "127.0.0.1") -> Iterator[str]:
    """A real endpoint until the block ends; yields its base URL (no trailing slash). For benchmarks too."""
    server = start_server(data_dir, dist, env, host)
    try:
        yield server.url.rstrip("/")
    finally:
        server.stop()


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
