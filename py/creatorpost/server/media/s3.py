"""`s3://BUCKET/PREFIX`: stored objects in an S3-compatible bucket (AWS, MinIO, Ceph, R2, B2), through boto3
(bench/bench_object_store.py, docs/ARCHITECTURE.md "Media storage" say why boto3).

Credentials and region are boto3's own: the standard AWS_* variables, then a profile (AWS_PROFILE,
~/.aws/config, ~/.aws/credentials), then what the machine offers (container or instance roles); AWS_REGION
wins over AWS_DEFAULT_REGION, as in the newer AWS tools. CREATORPOST_S3_ENDPOINT_URL names a store that is
not AWS (path-style addresses there: every S3-compatible store takes them).

A put is whole or nothing: a photo under 8 MiB is one PUT; a larger one goes up in 8 MiB parts, and a
crash in between leaves an unfinished multipart upload (no object), which `abort_stale_uploads` ends.
"""

from __future__ import annotations

import io
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from creatorpost.server.media.storage import Download, StorageUnavailable, StoredObject, check_key

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

MULTIPART_BYTES = 8 * 1024 * 1024  # boto3's own threshold and part size
_CHUNK = 64 * 1024
_MISSING = {"NoSuchKey", "404", "NotFound"}
_PAGE_LIMIT = 1000  # pages of stale multipart uploads looked at, 1,000 uploads each
_SIGNED_KEPT = 10_000  # presigned URLs remembered (least recently used forgotten first)


class S3Storage:
    kind = "s3"

    def __init__(self, bucket: str, prefix: str, endpoint_url: str = "") -> None:
        self.bucket = bucket
        self.base = f"{prefix}/" if prefix else ""
        config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=30,
                        # More connections than the endpoint has worker threads: none waits for a connection.
                        max_pool_connections=64, signature_version="s3v4",
                        s3={"addressing_style": "path" if endpoint_url else "auto"})
        session = boto3.session.Session(region_name=os.environ.get("AWS_REGION") or None)
        self.client: S3Client = session.client("s3", endpoint_url=endpoint_url or None, config=config)
        self.transfer = TransferConfig(multipart_threshold=MULTIPART_BYTES, multipart_chunksize=MULTIPART_BYTES,
                                       max_concurrency=4)
        self._signed: OrderedDict[tuple[str, int], tuple[str, float]] = OrderedDict()
        self._signed_lock = threading.Lock()

    def _key(self, key: str) -> str:
        return self.base + check_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        target = self._key(key)
        try:
            if len(data) < MULTIPART_BYTES:
                self.client.put_object(Bucket=self.bucket, Key=target, Body=data, ContentType=content_type)
            else:  # in parts; s3transfer ends the multipart upload itself when a part fails
                self.client.upload_fileobj(io.BytesIO(data), self.bucket, target,
                                           ExtraArgs={"ContentType": content_type}, Config=self.transfer)
        except (BotoCoreError, ClientError) as failed:
            raise StorageUnavailable(f"put {target}: {failed}") from failed

    def local_file(self, key: str) -> None:
        return None

    def open(self, key: str) -> Download | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as failed:
            if _code(failed) in _MISSING:
                return None
            raise StorageUnavailable(f"get {key}: {failed}") from failed
        except BotoCoreError as failed:
            raise StorageUnavailable(f"get {key}: {failed}") from failed
        body = answer["Body"]

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(_CHUNK)
            except (BotoCoreError, ClientError, OSError) as failed:
                raise StorageUnavailable(f"reading {key}: {failed}") from failed
            finally:
                body.close()

        return Download(answer["ContentLength"], chunks(), body.close)

    def presigned_url(self, key: str, seconds: int, content_type: str) -> str | None:
        """The same URL for a key for half its life: a browser that fetched it reuses its copy meanwhile."""
        now = time.monotonic()
        with self._signed_lock:
            found = self._signed.get((key, seconds))
            if found is not None and now - found[1] < seconds / 2:
                self._signed.move_to_end((key, seconds))
                return found[0]
        params = {"Bucket": self.bucket, "Key": self._key(key), "ResponseContentType": content_type,
                  "ResponseCacheControl": f"private, max-age={seconds // 2}"}
        try:
            url = self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=seconds)
        except (BotoCoreError, ClientError) as failed:  # no credentials to sign with
            raise StorageUnavailable(f"sign {key}: {failed}") from failed
        with self._signed_lock:
            self._signed[(key, seconds)] = (url, now)
            self._signed.move_to_end((key, seconds))
            while len(self._signed) > _SIGNED_KEPT:
                self._signed.popitem(last=False)
        return url

    def size(self, key: str) -> int | None:
        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as failed:
            if _code(failed) in _MISSING:
                return None
            raise StorageUnavailable(f"head {key}: {failed}") from failed
        except BotoCoreError as failed:
            raise StorageUnavailable(f"head {key}: {failed}") from failed
        return answer["ContentLength"]

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as failed:
            raise StorageUnavailable(f"delete {key}: {failed}") from failed
        with self._signed_lock:
            for kept in [k for k in self._signed if k[0] == key]:
                del self._signed[kept]

    def objects(self, prefix: str = "") -> Iterator[StoredObject]:
        """From a random creator's place onwards to the end, then from the start up to that place."""
        under = self.base + (check_key(prefix.rstrip("/")) + "/" if prefix else "")
        start = under + "c_" + secrets.token_hex(3)
        yield from self._listing(under, after=start, until=None)
        yield from self._listing(under, after=None, until=start)

    def _listing(self, under: str, after: str | None, until: str | None) -> Iterator[StoredObject]:
        arguments: dict[str, Any] = {"Bucket": self.bucket, "Prefix": under}
        if after is not None:
            arguments["StartAfter"] = after
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(**arguments):
                for entry in page.get("Contents", []):
                    key = entry["Key"]
                    if until is not None and key > until:
                        return
                    yield StoredObject(key[len(self.base):], entry["Size"], entry["LastModified"].timestamp())
        except (BotoCoreError, ClientError) as failed:
            raise StorageUnavailable(f"list {under}: {failed}") from failed

    def abort_stale_uploads(self, older_than: float) -> int:
        aborted = 0
        try:
            pages = self.client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket, Prefix=self.base)
            for number, page in enumerate(pages):
                if number >= _PAGE_LIMIT:
                    break
                for upload in page.get("Uploads", []):
                    if upload["Initiated"].timestamp() <= older_than:
                        self.client.abort_multipart_upload(Bucket=self.bucket, Key=upload["Key"],
                                                           UploadId=upload["UploadId"])
                        aborted += 1
        except (BotoCoreError, ClientError) as failed:
            raise StorageUnavailable(f"multipart uploads: {failed}") from failed
        return aborted

    def check(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as failed:
            raise StorageUnavailable(f"bucket {self.bucket}: {failed}") from failed


def _code(failed: ClientError) -> str:
    return str(failed.response.get("Error", {}).get("Code", ""))
