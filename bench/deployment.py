"""The two set-ups bench_server.py's `--multi` and `--media` compare, started on loopback only:

- `single`: one `creatorpost serve` on SQLite and a media folder, its review worker inside it (the default);
- `shared`: PostgreSQL (the tests' throwaway cluster), a bucket on moto's S3 server, N `creatorpost serve`
  processes with data folders of their own and no worker inside, and one `creatorpost worker`: docs/DEPLOY.md's
  recipe, with the clients spreading themselves over the processes as a load balancer would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.endpoints import end_process  # noqa: E402
from tests.server.postgres import database_env, start_cluster  # noqa: E402
from tests.server.s3 import start_s3  # noqa: E402

GENEROUS = {"CREATORPOST_RATE_LIMIT_PER_MINUTE": "10000000", "CREATORPOST_RATE_LIMIT_BURST": "1000000",
            "CREATORPOST_REVIEW_DELAY_SECONDS": "0"}


@dataclass
class Deployment:
    urls: list[str]
    pids: list[int]
    s3_endpoint: str = ""


def _environment(data_dir: Path, env: Mapping[str, str]) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CREATORPOST_", "AWS_"))}
    return {**clean, "CREATORPOST_DATA_DIR": str(data_dir), **GENEROUS, **env}


@contextmanager
def _process(command: list[str], data_dir: Path, env: Mapping[str, str]) -> Iterator[subprocess.Popen[str]]:
    data_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(command, cwd=ROOT, env=_environment(data_dir, env), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        end_process(process)


def _serve(stack: ExitStack, data_dir: Path, env: Mapping[str, str]) -> tuple[str, int]:
    process = stack.enter_context(_process([sys.executable, "-m", "creatorpost.server.cli", "serve", "--port", "0",
                                            "--dist", str(data_dir / "no-dist")], data_dir, env))
    assert process.stdout is not None
    for _, line in zip(range(200), process.stdout):  # the address is the first line; bounded all the same
        found = re.match(r"^Creator Post Studio on (http://\S+)/", line)
        if found:
            return found.group(1), process.pid
    raise SystemExit(f"creatorpost serve did not start in {data_dir}")


@contextmanager
def single(root: Path, env: Mapping[str, str] | None = None) -> Iterator[Deployment]:
    """One process, SQLite and a media folder."""
    with ExitStack() as stack:
        url, pid = _serve(stack, root / "single", env or {})
        yield Deployment([url], [pid])


@contextmanager
def shared(root: Path, processes: int, env: Mapping[str, str] | None = None) -> Iterator[Deployment]:
    """`processes` endpoint processes and one worker on PostgreSQL and a bucket."""
    with ExitStack() as stack:
        cluster = start_cluster()
        stack.callback(cluster.stop)
        s3 = start_s3()
        stack.callback(s3.stop)
        common = {**database_env(cluster.create_database("bench")), **s3.env(s3.create_bucket("bench")),
                  "CREATORPOST_INPROCESS_WORKER": "false", **(env or {})}
        # The first process migrates and seeds alone; the others then find everything in place.
        started = [_serve(stack, root / "endpoint0", common)]
        started += [_serve(stack, root / f"endpoint{n}", common) for n in range(1, processes)]
        worker = stack.enter_context(_process([sys.executable, "-m", "creatorpost.server.cli", "worker"],
                                              root / "worker", common))
        yield Deployment([url for url, _ in started], [pid for _, pid in started] + [worker.pid], s3.endpoint_url)
