"""`s3://BUCKET/PREFIX`: stored objects in an S3-compatible bucket (AWS, MinIO, Ceph, R2, B2).

Every request for an object goes through obstore (Rust's object_store): against boto3 it takes about two
thirds of the time per photo put or fetched and a twelfth per presigned URL, and the endpoint streams a
quarter more photos a second with it (bench/bench_object_store.py; docs/ARCHITECTURE.md, "Media storage"). boto3 does the two things obstore leaves to others: it finds the
credentials and region the way every AWS tool does (the AWS_* variables, then a profile: AWS_PROFILE,
~/.aws/config, ~/.aws/credentials; then the container's or instance's role), and it ends uploads in
parts that a crash left unfinished (obstore cannot list those). AWS_REGION wins over AWS_DEFAULT_REGION.
CREATORPOST_S3_ENDPOINT_URL names a store that is not AWS (path-style addresses there: every
S3-compatible store takes them).

A put is whole or nothing: a photo under 8 MiB is one PUT; a larger one goes up in 8 MiB parts, and a
crash in between leaves an unfinished upload (no object), which `abort_stale_uploads` ends.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import boto3
import obstore
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from obstore.auth.boto3 import Boto3CredentialProvider
from obstore.exceptions import BaseError
from obstore.store import S3Store

from creatorpost.server.media.storage import Download, StorageUnavailable, StoredObject, check_key
from creatorpost.server.settings import PREFIX, SettingsError

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

MULTIPART_BYTES = 8 * 1024 * 1024  # boto3's own threshold and part size
_PARTS_AT_ONCE = 4
_CHUNK = 256 * 1024  # pieces of a streamed object: a photo in a few hops between threads
_PAGE = 1000
_PAGE_LIMIT = 1000  # pages of unfinished uploads looked at, 1,000 uploads each
_FAILED = (BaseError, OSError)  # obstore's errors, and a 404 (FileNotFoundError) where there should be an object
_SIGNED_KEPT = 10_000  # presigned URLs remembered (least recently used forgotten first)
# The bytes of a key never change; who may see them can, so no shared cache keeps them.
_CACHE_CONTROL = "private, max-age=31536000, immutable"


class S3Storage:
    kind = "s3"

    def __init__(self, bucket: str, prefix: str, endpoint_url: str = "") -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint_url = endpoint_url
        self.session = boto3.session.Session(region_name=os.environ.get("AWS_REGION") or None)
        try:
            credentials = Boto3CredentialProvider(self.session)
        except ValueError:  # boto3 found none anywhere
            raise SettingsError(f"{PREFIX}MEDIA_URL names a bucket but no AWS credentials were found: set "
                                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a "
                                "role") from None
        options: dict[str, Any] = {"region": self.session.region_name or "us-east-1",
                                   "retry_config": {"max_retries": 3, "retry_timeout": timedelta(seconds=30),
                                                    "backoff": {"init_backoff": timedelta(milliseconds=100),
                                                                "max_backoff": timedelta(seconds=5), "base": 2}},
                                   "client_options": {"connect_timeout": timedelta(seconds=5),
                                                      "timeout": timedelta(seconds=60),
                                                      "allow_http": endpoint_url.startswith("http://")}}
        if endpoint_url:
            options.update(endpoint=endpoint_url, virtual_hosted_style_request=False)
        self.store = S3Store(bucket, prefix=prefix or None, credential_provider=credentials, **options)
        self._housekeeping: S3Client | None = None
        self._signed: OrderedDict[tuple[str, int], tuple[str, float]] = OrderedDict()
        self._signed_lock = threading.Lock()

    def put(self, key: str, data: bytes, content_type: str) -> None:
        try:
            obstore.put(self.store, check_key(key), data, attributes={"Content-Type": content_type,
                                                                      "Cache-Control": _CACHE_CONTROL},
                        use_multipart=len(data) >= MULTIPART_BYTES, chunk_size=MULTIPART_BYTES,
                        max_concurrency=_PARTS_AT_ONCE)
        except _FAILED as failed:
            raise StorageUnavailable(f"put {key}: {failed}") from failed

    def local_file(self, key: str) -> None:
        return None

    def open(self, key: str) -> Download | None:
        try:
            answer = obstore.get(self.store, check_key(key))
        except FileNotFoundError:  # what obstore raises for a 404
            return None
        except _FAILED as failed:
            raise StorageUnavailable(f"get {key}: {failed}") from failed
        pieces = answer.stream(_CHUNK)

        def chunks() -> Iterator[bytes]:
            try:
                for piece in pieces:
                    yield bytes(piece)
            except _FAILED as failed:
                raise StorageUnavailable(f"reading {key}: {failed}") from failed

        return Download(answer.meta["size"], chunks(), lambda: None)  # nothing held once dropped

    def presigned_url(self, key: str, seconds: int) -> str | None:
        """The same URL for a key for half its life: a browser that fetched it reuses its copy meanwhile.
        (The object answers with the Content-Type and Cache-Control it was stored with.)"""
        now = time.monotonic()
        with self._signed_lock:
            found = self._signed.get((key, seconds))
            if found is not None and now - found[1] < seconds / 2:
                self._signed.move_to_end((key, seconds))
                return found[0]
        try:
            url = obstore.sign(self.store, "GET", check_key(key), timedelta(seconds=seconds))
        except _FAILED as failed:  # no credentials to sign with
            raise StorageUnavailable(f"sign {key}: {failed}") from failed
        with self._signed_lock:
            self._signed[(key, seconds)] = (url, now)
            self._signed.move_to_end((key, seconds))
            while len(self._signed) > _SIGNED_KEPT:
                self._signed.popitem(last=False)
        return url

    def size(self, key: str) -> int | None:
        try:
            return int(obstore.head(self.store, check_key(key))["size"])
        except FileNotFoundError:  # what obstore raises for a 404
            return None
        except _FAILED as failed:
            raise StorageUnavailable(f"head {key}: {failed}") from failed

    def delete(self, key: str) -> None:
        try:
            obstore.delete(self.store, check_key(key))
        except FileNotFoundError:  # what obstore raises for a 404
            pass
        except _FAILED as failed:
            raise StorageUnavailable(f"delete {key}: {failed}") from failed
        with self._signed_lock:
            for kept in [k for k in self._signed if k[0] == key]:
                del self._signed[kept]

    def objects(self, prefix: str = "") -> Iterator[StoredObject]:
        """From a random creator's place onwards to the end, then from the start up to that place."""
        under = check_key(prefix.rstrip("/")) + "/" if prefix else ""
        start = under + "c_" + secrets.token_hex(3)
        yield from self._listing(under, after=start, until=None)
        yield from self._listing(under, after=None, until=start)

    def _listing(self, under: str, after: str | None, until: str | None) -> Iterator[StoredObject]:
        try:
            for page in obstore.list(self.store, prefix=under.rstrip("/") or None, offset=after, chunk_size=_PAGE):
                for entry in page:
                    if until is not None and entry["path"] > until:
                        return
                    yield StoredObject(entry["path"], entry["size"], entry["last_modified"].timestamp())
        except _FAILED as failed:
            raise StorageUnavailable(f"list {under}: {failed}") from failed

    def _boto3(self) -> S3Client:
        if self._housekeeping is None:
            config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=30,
                            s3={"addressing_style": "path" if self.endpoint_url else "auto"})
            self._housekeeping = self.session.client("s3", endpoint_url=self.endpoint_url or None, config=config)
        return self._housekeeping

    def abort_stale_uploads(self, older_than: float) -> int:
        client = self._boto3()
        under = f"{self.prefix}/" if self.prefix else ""
        aborted = 0
        try:
            pages = client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket, Prefix=under)
            for number, page in enumerate(pages):
                if number >= _PAGE_LIMIT:
                    break
                for upload in page.get("Uploads", []):
                    if upload["Initiated"].timestamp() <= older_than:
                        client.abort_multipart_upload(Bucket=self.bucket, Key=upload["Key"],
                                                      UploadId=upload["UploadId"])
                        aborted += 1
        except (BotoCoreError, ClientError) as failed:
            raise StorageUnavailable(f"unfinished uploads: {failed}") from failed
        return aborted

    def check(self) -> None:
        try:
            next(iter(obstore.list(self.store, chunk_size=1)), None)
        except _FAILED as failed:
            raise StorageUnavailable(f"bucket {self.bucket}: {failed}") from failed
