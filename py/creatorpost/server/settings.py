"""Endpoint configuration, read once from the environment into one typed, frozen object.

Every setting is an environment variable named `CREATORPOST_<NAME>`; `SETTINGS_DOC` lists them
all (a test checks that each field is documented there). A bad value raises `SettingsError`
naming the variable, so a deployer knows what to fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import unquote, urlsplit

Mode = Literal["demo", "production"]
ProviderName = Literal["catalog", "affiliate"]
MediaRedirect = Literal["stream", "presigned"]
ReviewMode = Literal["auto", "human", "auto-then-human"]

PREFIX = "CREATORPOST_"

SETTINGS_DOC: dict[str, str] = {
    "data_dir": "Directory for the SQLite file, media and caches (default ./data).",
    "database_url": "SQLAlchemy URL (default sqlite:///<data_dir>/creatorpost.db; postgresql+psycopg://... works too).",
    "mode": "demo (seeds demo creators, tokens demo-<level> and a catalog) or production (seeds nothing, refuses demo tokens).",
    "dist": "Directory of the built browser app served at / (default ./dist).",
    "public_url": "Absolute base URL used in QR codes, share links and link previews (default: the URL of the request).",
    "cors_origins": "Comma-separated origins allowed to call the API from another origin (default none).",
    "review_delay_seconds": "Seconds a new post waits before automatic review (demo default 2, production 300).",
    "review_promise_seconds": "How long review may take before a post counts as stuck (default 86400: the help page's 24 hours).",
    "inprocess_worker": "Run the review worker inside `serve` (default true; false when `creatorpost worker` runs apart).",
    "debug": "Show tracebacks in 500 responses (default false). Never in production.",
    "rate_limit_per_minute": "Requests per minute on /api per creator token, and per client address for requests without a token that checked out (an IPv6 address counts by its /64) (default 600).",
    "rate_limit_burst": "Requests that may arrive at once before the per-minute rate applies (default 60).",
    "max_json_bytes": "Largest JSON request body in bytes (default 2 MiB).",
    "max_upload_bytes": "Largest upload to /api/media in bytes, multipart overhead included (default 32 MiB).",
    "media_decodes": "Photos /api/media checks at once (default 2: a 50-megapixel photo takes ~100 MiB while it is checked); later uploads wait their turn.",
    "product_provider": "catalog (the embedded SQLite catalog) or affiliate (the platform's affiliate product-detail API).",
    "affiliate_api_url": "Affiliate API gateway URL (default https://api-sg.aliexpress.com/sync).",
    "affiliate_app_key": "Affiliate app key (required with product_provider=affiliate).",
    "affiliate_app_secret": "Affiliate app secret used for the HMAC-SHA256 request signature (required with affiliate).",
    "affiliate_tracking_id": "Affiliate tracking id sent with product-detail calls (optional).",
    "affiliate_timeout_seconds": "Timeout of one affiliate API call (default 5).",
    "affiliate_retries": "Retries of a failed affiliate call, with exponential backoff (default 2).",
    # --- hardening (issue 10) ---
    "auth_failures_per_minute": "Tokens that fail to check out, per client address and minute, before that address's unknown tokens get 429 without a look-up (default 30).",
    "rate_limit_clients": "Rate-limit buckets kept of each kind (tokens, addresses, failures), least recently used forgotten first (default 10000): memory stays flat under a flood of made-up tokens.",
    "review_lease_seconds": "How long a review worker's claim on a post lasts unless renewed (default 60): a worker that died (kill -9, a lost machine) has its posts taken over after this long.",
    "body_timeout_seconds": "Seconds an unfinished request body may go without a new byte before the answer is 408 request.timeout and the connection is closed (default 30).",
    # --- post life cycle and embedding ---
    "partner_origins": "Comma-separated origins (scheme://host[:port]) whose pages may embed the editor: the editor page sends "
                       "Content-Security-Policy frame-ancestors 'self' and these, talks by postMessage only to them, and "
                       "`issue-token --partner` scopes tokens to one of them (default none: no site may embed it).",
    # --- object storage ---
    "media_url": "Where photos and catalog pictures are stored: file:///PATH (a folder; default <data_dir>/media) or "
                 "s3://BUCKET/PREFIX (an S3-compatible bucket; every endpoint process must name the same one). "
                 "Credentials and region come from the standard AWS_* variables (AWS_ACCESS_KEY_ID, "
                 "AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION or AWS_DEFAULT_REGION) or a profile "
                 "(AWS_PROFILE, ~/.aws/config and ~/.aws/credentials), as every AWS tool reads them.",
    "s3_endpoint_url": "The S3 API's address for stores other than AWS (MinIO, Ceph, Cloudflare R2, Backblaze B2: "
                       "https://HOST[:PORT]); default: AWS's own for the region. With media_redirect=presigned, "
                       "browsers fetch photos from this address.",
    "media_redirect": "How GET /media/<id> and catalog pictures are answered: stream (default: the endpoint sends the "
                      "bytes) or presigned (a 302 to a short-lived presigned URL of the bucket; s3:// only). Who may "
                      "see a photo is checked first either way.",
    "media_presigned_seconds": "How long a presigned URL works (default 300); the endpoint hands out the same URL "
                               "for a photo for half of that, so browsers can reuse what they fetched.",
    "sweep_age_seconds": "How old a stored object without a row (or a temporary file) must be before `creatorpost "
                         "sweep`, and the sweep at start, remove it (default 3600: no upload in flight is that old).",
    # --- readers at scale: pages for readers cached (issue 13) ---
    "reader_cache_bytes": "Memory each endpoint process may keep rendered reader pages (/p/, /c/) in, least recently used dropped first (default 32 MiB; 0 keeps none: every request renders).",
    "reader_max_age_seconds": "How long browsers and CDNs may keep a reader page without asking again (Cache-Control max-age; default 60), and how old its product cards and coupons may get before the page is rendered again.",
    "reader_stale_seconds": "How long after max-age a CDN may still answer with its copy while it revalidates (stale-while-revalidate; default 30).",
    # --- the review desk ---
    "review_mode": "auto (the automatic checks decide: the demo default), human (every post waits for a reviewer after "
                   "the automatic checks) or auto-then-human (clean posts are published by the checks; what they flag, "
                   "and a sample of the rest, waits for a reviewer: the production default).",
    "review_sample": "With auto-then-human: the share of clean posts that a reviewer sees too, 0 to 1 (default 0.05).",
    "review_claim_seconds": "How long a reviewer's claim on a post lasts (default 300): another reviewer may take "
                            "the post after that, so two reviewers never work the same post.",
    "review_at_risk_seconds": "Waiting longer than this (default 72000: 20 hours) puts a post at risk of breaking the "
                              "24-hour promise; /healthz and GET /api/review/stats count them.",
    "fault_inject": "Testing only: 'publish-before-commit' pauses a publish inside its transaction and prints a FAULT line; 'media-decoding' holds the first photo being checked until another upload waits, and says so; 'media-before-row' stops an upload between its file and its row; 'review-after-claim' stops a review worker once it has claimed posts.",
}


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message names the variable."""


T = TypeVar("T")


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value < 0:
        raise ValueError("must not be negative")
    return value


def _share(raw: str) -> float:
    value = float(raw)
    if not 0 <= value <= 1:
        raise ValueError("must be a share from 0 to 1, like 0.05")
    return value


def _above_zero_float(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError("must be more than zero")
    return value


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must not be negative")
    return value


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return value

    return parse


def _origins(raw: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ValueError(f"origin {origin!r} must start with http:// or https://")
    return origins


def partner_origin(raw: str) -> str:
    """One origin as browsers write it (`https://shop.example`, `http://127.0.0.2:8080`): no path, no wildcard."""
    value = raw.strip().rstrip("/").lower()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path or parts.query or parts.fragment \
            or "@" in parts.netloc or "*" in value:
        raise ValueError(f"{raw.strip()!r} is not an origin like https://partner.example")
    port = parts.port  # raises ValueError for a port that is not a number
    default = {"http": 80, "https": 443}[parts.scheme]
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def partner_origins(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(partner_origin(o) for o in raw.split(",") if o.strip()))


# What S3 itself allows: 3-63 lower-case letters, digits, dots and hyphens, a letter or digit at each end.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
_PREFIX_PART = re.compile(r"^[A-Za-z0-9_.\-]+$")
MAX_PRESIGNED_SECONDS = 7 * 24 * 3600  # S3's limit for a presigned URL


@dataclass(frozen=True)
class MediaLocation:
    """`file:///PATH` (a folder) or `s3://BUCKET/PREFIX` (PREFIX may be empty), read from CREATORPOST_MEDIA_URL."""

    scheme: Literal["file", "s3"]
    folder: Path = Path()
    bucket: str = ""
    prefix: str = ""

    @property
    def url(self) -> str:
        if self.scheme == "file":
            return self.folder.as_uri()
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"


def media_location(raw: str) -> MediaLocation:
    value = raw.strip()
    if value.startswith("file://"):
        path = unquote(value[len("file://"):])
        if path.startswith("localhost/"):
            path = path[len("localhost"):]
        if not path:
            raise ValueError("file:// needs a folder, e.g. file:///srv/creatorpost/media")
        return MediaLocation("file", folder=Path(path).resolve())
    if value.startswith("s3://"):
        bucket, _, prefix = value[len("s3://"):].partition("/")
        if not _BUCKET.match(bucket) or ".." in bucket:
            raise ValueError(f"{bucket!r} is not a bucket name (3-63 lower-case letters, digits, dots, hyphens)")
        parts = [part for part in prefix.split("/") if part]
        if not all(_PREFIX_PART.match(part) and part not in {".", ".."} for part in parts):
            raise ValueError("the prefix after the bucket may hold letters, digits, '_', '.', '-' and '/' only")
        return MediaLocation("s3", bucket=bucket, prefix="/".join(parts))
    raise ValueError("expected file:///PATH or s3://BUCKET/PREFIX")


def _endpoint_url(raw: str) -> str:
    value = raw.strip().rstrip("/")
    if value and not re.match(r"^https?://[^/?#\s]+$", value):
        raise ValueError("expected http(s)://HOST[:PORT], without a path")
    return value


def _presigned_seconds(raw: str) -> int:
    value = _positive_int(raw)
    if value > MAX_PRESIGNED_SECONDS:
        raise ValueError(f"at most {MAX_PRESIGNED_SECONDS} (seven days, S3's limit)")
    return value


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    database_url: str = ""
    mode: Mode = "demo"
    dist: Path = Path("dist")
    public_url: str = ""
    cors_origins: tuple[str, ...] = ()
    review_delay_seconds: float = 2.0
    review_promise_seconds: float = 86400.0
    inprocess_worker: bool = True
    debug: bool = False
    rate_limit_per_minute: int = 600
    rate_limit_burst: int = 60
    max_json_bytes: int = 2 * 1024 * 1024
    max_upload_bytes: int = 32 * 1024 * 1024
    media_decodes: int = 2
    body_timeout_seconds: float = 30.0
    review_lease_seconds: float = 60.0
    auth_failures_per_minute: int = 30
    rate_limit_clients: int = 10000
    product_provider: ProviderName = "catalog"
    affiliate_api_url: str = "https://api-sg.aliexpress.com/sync"
    affiliate_app_key: str = ""
    affiliate_app_secret: str = field(default="", repr=False)
    affiliate_tracking_id: str = ""
    affiliate_timeout_seconds: float = 5.0
    affiliate_retries: int = 2
    partner_origins: tuple[str, ...] = ()
    media_url: str = ""
    s3_endpoint_url: str = ""
    media_redirect: MediaRedirect = "stream"
    media_presigned_seconds: int = 300
    sweep_age_seconds: float = 3600.0
    reader_cache_bytes: int = 32 * 1024 * 1024
    reader_max_age_seconds: float = 60.0
    reader_stale_seconds: float = 30.0
    # the review desk ("" = the mode's default: auto in demo, auto-then-human in production)
    review_mode: ReviewMode | Literal[""] = ""
    review_sample: float = 0.05
    review_claim_seconds: float = 300.0
    review_at_risk_seconds: float = 72000.0
    fault_inject: str = ""

    def __post_init__(self) -> None:
        if not self.database_url:
            url = f"sqlite:///{(self.data_dir / 'creatorpost.db').resolve()}"
            object.__setattr__(self, "database_url", url)
        if not self.media_url:
            object.__setattr__(self, "media_url", (self.data_dir / "media").resolve().as_uri())
        if self.media_redirect == "presigned" and self.media_location.scheme != "s3":
            raise SettingsError(f"{PREFIX}MEDIA_REDIRECT=presigned needs an s3:// {PREFIX}MEDIA_URL "
                                f"(a folder has no presigned URLs)")
        if not self.review_mode:
            object.__setattr__(self, "review_mode", "auto" if self.mode == "demo" else "auto-then-human")
        if self.product_provider == "affiliate":
            for name in ("affiliate_app_key", "affiliate_app_secret"):
                if not getattr(self, name):
                    raise SettingsError(f"{PREFIX}{name.upper()} is required when {PREFIX}PRODUCT_PROVIDER=affiliate")

    @property
    def is_demo(self) -> bool:
        return self.mode == "demo"

    @property
    def media_location(self) -> MediaLocation:
        return media_location(self.media_url)

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read every `CREATORPOST_*` variable once; keyword overrides win (the CLI's flags)."""
        source = os.environ if env is None else env
        parsers: dict[str, Callable[[str], object]] = {
            "data_dir": lambda raw: Path(raw),
            "database_url": str.strip,
            "mode": _choice("demo", "production"),
            "dist": lambda raw: Path(raw),
            "public_url": lambda raw: raw.strip().rstrip("/"),
            "cors_origins": _origins,
            "review_delay_seconds": _positive_float,
            "review_promise_seconds": _positive_float,
            "inprocess_worker": _bool,
            "debug": _bool,
            "rate_limit_per_minute": _positive_int,
            "rate_limit_burst": _positive_int,
            "max_json_bytes": _positive_int,
            "max_upload_bytes": _positive_int,
            "media_decodes": _positive_int,
            "body_timeout_seconds": _above_zero_float,
            "review_lease_seconds": _above_zero_float,
            "auth_failures_per_minute": _positive_int,
            "rate_limit_clients": _positive_int,
            "product_provider": _choice("catalog", "affiliate"),
            "affiliate_api_url": str.strip,
            "affiliate_app_key": str.strip,
            "affiliate_app_secret": str.strip,
            "affiliate_tracking_id": str.strip,
            "affiliate_timeout_seconds": _positive_float,
            "affiliate_retries": lambda raw: max(0, int(raw)),
            "partner_origins": partner_origins,
            "media_url": lambda raw: media_location(raw).url,
            "s3_endpoint_url": _endpoint_url,
            "media_redirect": _choice("stream", "presigned"),
            "media_presigned_seconds": _presigned_seconds,
            "sweep_age_seconds": _positive_float,
            "reader_cache_bytes": _non_negative_int,
            "reader_max_age_seconds": _positive_float,
            "reader_stale_seconds": _positive_float,
            "review_mode": _choice("auto", "human", "auto-then-human"),
            "review_sample": _share,
            "review_claim_seconds": _above_zero_float,
            "review_at_risk_seconds": _above_zero_float,
            "fault_inject": _choice("", "publish-before-commit", "media-decoding", "media-before-row",
                                    "review-after-claim"),
        }
        values: dict[str, object] = {}
        for name, parse in parsers.items():
            key = PREFIX + name.upper()
            raw = source.get(key)
            if raw is None:
                continue
            try:
                values[name] = parse(raw)
            except ValueError as exc:
                raise SettingsError(f"{key}={raw!r} is not valid: {exc}") from None
        if values.get("mode") == "production" and "review_delay_seconds" not in values:
            values["review_delay_seconds"] = 300.0
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def documented_fields() -> list[str]:
    return [f.name for f in fields(Settings)]
