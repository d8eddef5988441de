"""Which S3 client the endpoint uses: boto3 against obstore, on moto's S3 server (loopback only).

    python bench/bench_object_store.py [--rounds 5]

For each client: import and first client (a fresh process: seconds, resident memory), put and get of a
photo-sized object (300 KB, sequential: p50 ms), put and get of a 12 MiB object (multipart, 8 MiB parts, 4 at
once, as the endpoint puts: MB/s), 8 concurrent gets of the photo (the way an endpoint would serve: threads for
boto3, asyncio for obstore; gets/s), and presigning a GET URL (µs each). Every figure is the median of
`--rounds` rounds, the two clients taking turns. moto's server answers both, so what differs between the rows
is the client's own cost.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server.s3 import ACCESS_KEY, REGION, SECRET_KEY, S3Server, credentials_env, start_s3  # noqa: E402

SMALL = os.urandom(300 * 1024)
LARGE = os.urandom(12 * 1024 * 1024)
PART = 8 * 1024 * 1024
SMALL_COUNT = 40
CONCURRENT = 8

STARTUP = {
    "boto3": "import boto3; c = boto3.client('s3', endpoint_url=URL, region_name='us-east-1'); "
             "c.head_bucket(Bucket=BUCKET)",
    "obstore": "import obstore; from obstore.store import S3Store; "
               "s = S3Store(BUCKET, endpoint=URL, region='us-east-1', client_options={'allow_http': True}); "
               "obstore.list(s, chunk_size=1).collect()",
}


def startup(name: str, url: str, bucket: str) -> tuple[float, float]:
    """Seconds to import and make a first request, and the process's peak memory (MiB), in a fresh process."""
    code = (f"import time, resource; t = time.perf_counter(); URL = {url!r}; BUCKET = {bucket!r}; {STARTUP[name]}; "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
                         env={**os.environ, **credentials_env()}).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


class Boto3Client:
    name = "boto3"

    def __init__(self, s3: S3Server, bucket: str) -> None:
        import boto3
        from boto3.s3.transfer import TransferConfig

        self.bucket = bucket
        self.client = boto3.client("s3", endpoint_url=s3.endpoint_url, region_name=REGION,
                                   aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
        self.transfer = TransferConfig(multipart_threshold=PART, multipart_chunksize=PART, max_concurrency=4)

    def put(self, key: str, data: bytes) -> None:
        """As the endpoint puts (creatorpost.server.media.s3): one PUT under 8 MiB, else 8 MiB parts, 4 at once."""
        import io

        if len(data) < PART:
            self.client.put_object(Bucket=self.bucket, Key=key, Body=data)
        else:
            self.client.upload_fileobj(io.BytesIO(data), self.bucket, key, Config=self.transfer)

    def get(self, key: str) -> int:
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        return sum(len(chunk) for chunk in body.iter_chunks(64 * 1024))

    def concurrent_gets(self, key: str, count: int) -> None:
        with concurrent.futures.ThreadPoolExecutor(CONCURRENT) as pool:
            list(pool.map(lambda _: self.get(key), range(count)))

    def sign(self, key: str) -> str:
        url: str = self.client.generate_presigned_url("get_object", Params={"Bucket": self.bucket, "Key": key},
                                                      ExpiresIn=60)
        return url


class ObstoreClient:
    name = "obstore"

    def __init__(self, s3: S3Server, bucket: str) -> None:
        from obstore.store import S3Store

        self.store = S3Store(bucket, endpoint=s3.endpoint_url, region=REGION, access_key_id=ACCESS_KEY,
                             secret_access_key=SECRET_KEY, client_options={"allow_http": True})
        self.loop = asyncio.new_event_loop()

    def put(self, key: str, data: bytes) -> None:
        import obstore

        obstore.put(self.store, key, data, chunk_size=PART, max_concurrency=4, use_multipart=len(data) >= PART)

    def get(self, key: str) -> int:
        import obstore

        return sum(len(chunk) for chunk in obstore.get(self.store, key).stream(64 * 1024))

    async def _get_async(self, key: str) -> int:
        import obstore

        result = await obstore.get_async(self.store, key)
        return sum([len(chunk) async for chunk in result.stream(64 * 1024)])

    def concurrent_gets(self, key: str, count: int) -> None:
        async def all_of() -> None:
            limit = asyncio.Semaphore(CONCURRENT)

            async def one() -> None:
                async with limit:
                    await self._get_async(key)

            await asyncio.gather(*(one() for _ in range(count)))

        self.loop.run_until_complete(all_of())

    def sign(self, key: str) -> str:
        import obstore

        return obstore.sign(self.store, "GET", key, timedelta(seconds=60))


def one_round(client: Any, round_: int) -> dict[str, float]:
    keys = [f"{client.name}/{round_}/small-{n}" for n in range(SMALL_COUNT)]
    large = f"{client.name}/{round_}/large"
    figures = {"put_small_ms": statistics.median(timed(lambda k=k: client.put(k, SMALL)) for k in keys) * 1000,
               "get_small_ms": statistics.median(timed(lambda k=k: client.get(k)) for k in keys) * 1000,
               "put_large_mbs": len(LARGE) / 2**20 / timed(lambda: client.put(large, LARGE))}
    assert client.get(large) == len(LARGE)
    figures["get_large_mbs"] = len(LARGE) / 2**20 / timed(lambda: client.get(large))
    figures["gets_per_s"] = SMALL_COUNT * 2 / timed(lambda: client.concurrent_gets(keys[0], SMALL_COUNT * 2))
    figures["sign_us"] = timed(lambda: [client.sign(k) for k in keys * 25]) / (len(keys) * 25) * 1e6
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    s3 = start_s3()
    kinds = (Boto3Client, ObstoreClient)
    try:
        bucket = s3.create_bucket("bench")
        clients = [kind(s3, bucket) for kind in kinds]
        rounds: dict[str, list[dict[str, float]]] = {kind.name: [] for kind in kinds}
        # Rounds of the two clients take turns: a machine whose load drifts weighs on both alike.
        for round_ in range(args.rounds):
            for kind, client in zip(kinds, clients):
                started, peak = startup(kind.name, s3.endpoint_url, bucket)
                rounds[kind.name].append({"startup_s": started, "peak_mib": peak, **one_round(client, round_)})
    finally:
        s3.stop()
    rows = {name: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for name, runs in rounds.items()}
    print(f"S3 clients on moto's server (loopback), median of {args.rounds} rounds")
    print(f"{'client':>8} {'start s':>8} {'peak MiB':>9} {'put 300K ms':>12} {'get 300K ms':>12} "
          f"{'put 12M MB/s':>13} {'get 12M MB/s':>13} {'8x get/s':>9} {'sign µs':>8}")
    for name, row in rows.items():
        print(f"{name:>8} {row['startup_s']:>8.2f} {row['peak_mib']:>9.0f} {row['put_small_ms']:>12.1f} "
              f"{row['get_small_ms']:>12.1f} {row['put_large_mbs']:>13.1f} {row['get_large_mbs']:>13.1f} "
              f"{row['gets_per_s']:>9.0f} {row['sign_us']:>8.0f}")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
