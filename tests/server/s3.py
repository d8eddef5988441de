"""A throwaway S3 API for the tests and benchmarks: moto's standalone server (`python -m moto.server`).

`start_s3()` starts it on a free loopback port and waits for its "Running on" line; `create_bucket()`
hands out one empty bucket per caller, so tests never see each other's objects; `stop()` ends it.
moto keeps everything in memory and accepts any credentials: the tests give the endpoint fixed
ones through the standard AWS_* variables, as a deployment would.
"""

from __future__ import annotations

import itertools
import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

from tests.endpoints import ProcessLines, end_process

INSTALL_COMMAND = "pip install -e '.[test]'"  # moto[server] is a test dependency
START_ATTEMPTS = 3
START_TIMEOUT = 60.0
REGION = "us-east-1"
ACCESS_KEY = "creatorpost-test"
SECRET_KEY = "creatorpost-test-secret"
_RUNNING = re.compile(r"Running on (http://127\.0\.0\.1:\d+)")


class S3Missing(RuntimeError):
    """moto's server is not installed; the message says how to install it."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class S3Server:
    process: subprocess.Popen[str]
    endpoint_url: str
    _names: itertools.count[int] = field(default_factory=itertools.count)

    def env(self, bucket: str, prefix: str = "media") -> dict[str, str]:
        """The endpoint's environment for media in `s3://bucket/prefix` on this server."""
        return {"CREATORPOST_MEDIA_URL": f"s3://{bucket}/{prefix}", "CREATORPOST_S3_ENDPOINT_URL": self.endpoint_url,
                **credentials_env()}

    def client(self) -> Any:
        """A boto3 S3 client of this server (for tests that look behind the endpoint)."""
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=REGION,
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)

    def create_bucket(self, prefix: str = "test") -> str:
        """A new empty bucket; returns its name."""
        name = f"{prefix}-{next(self._names)}-{os.getpid()}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str, prefix: str = "") -> dict[str, Any]:
        """Every object under `prefix`: key -> its listing entry (Size, LastModified, ...)."""
        found: dict[str, Any] = {}
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            found.update({entry["Key"]: entry for entry in page.get("Contents", [])})
        return found

    def stop(self) -> None:
        end_process(self.process)


def credentials_env() -> dict[str, str]:
    """The standard AWS_* variables a process needs for this server (none of a developer's own)."""
    return {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true"}


def start_s3() -> S3Server:
    """`python -m moto.server` on a free loopback port, ready when this returns."""
    try:
        import moto.server  # noqa: F401
    except ImportError:
        raise S3Missing(f"moto's server is not installed; install it with: {INSTALL_COMMAND}") from None
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    last = ""
    # Another process may take the free port between our probe and moto's bind: try again.
    for _ in range(START_ATTEMPTS):
        port = _free_port()
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   env={**environment, **credentials_env()}, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        log = ProcessLines(process.stderr)  # a line a request once running: read on, so the pipe never fills
        found = log.wait_for(_RUNNING, START_TIMEOUT)
        if found:
            return S3Server(process, found.group(1))
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        last = "".join(log.seen[-20:])
        if "in use" not in last:
            break
    raise RuntimeError(f"moto's server did not start:\n{last}")

