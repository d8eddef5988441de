"""Every code the endpoint can answer with reads as a sentence in every language, never as a bare code."""

import re
from pathlib import Path

from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.messages import catalog

SERVER = Path(__file__).resolve().parents[2] / "py" / "creatorpost" / "server"
RAISED = re.compile(r"""(?:ApiError\(\s*\d+\s*,|ProviderError\()\s*["']([a-z_]+\.[a-z_.]+)["']""")
STATUS_TABLE = re.compile(r"""^\s*\d{3}:\s*["']([a-z_]+\.[a-z_.]+)["'],""", re.MULTILINE)


def endpoint_codes() -> set[str]:
    codes: set[str] = set()
    for path in SERVER.rglob("*.py"):
        text = path.read_text()
        codes |= set(RAISED.findall(text)) | set(STATUS_TABLE.findall(text))
    return codes


def test_every_endpoint_code_has_a_message_in_every_language() -> None:
    """A 4xx from the endpoint always carries a message the creator can read in their language."""
    codes = endpoint_codes()
    assert {"auth.required", "idempotency.conflict", "product.unavailable", "route.not_found"} <= codes
    missing = {lang: sorted(c for c in codes if c not in catalog(lang)) for lang in SUPPORTED_LANGS}
    assert missing == {lang: [] for lang in SUPPORTED_LANGS}
