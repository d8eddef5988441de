"""Conditional requests and content coding, read one way for every cached answer (the static site,
readers' pages): does an If-None-Match name the bytes we hold, and may the answer be gzip-encoded.

An answer's ETag is the hash of its bytes, `"<hash>"`, and `"<hash>.gz"` for the gzip encoding of
the same bytes; If-None-Match is compared weakly (RFC 9110 13.1.2), so either tag, with or without
`W/`, or `*`, revalidates."""

from __future__ import annotations


def etag_matches(header: str | None, digest: str) -> bool:
    """Whether If-None-Match (`header`) names the bytes whose hash is `digest`, in either encoding."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    for tag in header.split(","):
        value = tag.strip().removeprefix("W/").strip('"')
        if value in {digest, f"{digest}.gz"}:
            return True
    return False


def accepts_gzip(header: str) -> bool:
    """Whether Accept-Encoding (`header`) takes gzip: named, else `*`, with a q-value above 0."""
    weights: dict[str, float] = {}
    for part in header.lower().split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights.setdefault(name, weight)
    return weights.get("gzip", weights.get("*", 0.0)) > 0
