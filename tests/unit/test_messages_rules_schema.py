"""Every code has words in every language; the rule set loads once; the JSON Schema is exported."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from creatorpost.findings import Report, error
from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.messages import all_codes, catalog, message, placeholders, report_json
from creatorpost.resources import asset_text
from creatorpost.rules import RuleSet, UnknownPostType, load_rules
from creatorpost.schema import post_json_schema

RESERVED = {
    "image.too_small", "image.unsupported_format", "image.broken", "image.too_many_pixels", "banner.too_large",
    "banner.format", "image.will_be_scaled", "upload.too_large", "auth.required", "auth.invalid", "post.not_found",
    "product.not_found", "product.not_a_link", "coupon.unknown", "coupon.store_not_collaborating",
    "request.too_large", "rate_limited", "idempotency.key_required", "idempotency.conflict", "request.invalid",
    "media.not_found", "video.level_required",
}
CODES_IN_CODE = Path(__file__).resolve().parents[2] / "py" / "creatorpost"


def test_languages() -> None:
    assert set(SUPPORTED_LANGS) >= {"en", "es", "pt", "fr", "ru", "ar"}


@pytest.mark.parametrize("lang", SUPPORTED_LANGS)
def test_every_code_has_a_message_in_every_language(lang: str) -> None:
    """No creator ever reads English because a translation was forgotten."""
    en, other = catalog("en"), catalog(lang)
    assert sorted(set(en) - set(other)) == []
    assert sorted(set(other) - set(en)) == []
    wrong = [code for code in en if placeholders(other[code]) != placeholders(en[code])]
    assert wrong == []


def test_reserved_and_emitted_codes_have_messages() -> None:
    codes = all_codes()
    assert sorted(RESERVED - codes) == []
    emitted = set()
    for source in CODES_IN_CODE.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for call in ("error(\"", "warning(\"", "tip(\"", "_rejected(\""):
            for piece in text.split(call)[1:]:
                emitted.add(piece.split('"', 1)[0])
    emitted.discard("")
    assert len(emitted) > 40
    assert sorted(c for c in emitted if c not in codes and not c.endswith(".")) == []


def test_message_fills_parameters_and_falls_back() -> None:
    params = {"width": 640, "height": 480, "min_width": 750, "min_height": 360}
    assert message("image.too_small", params) == "Images must be at least 750×360 — this one is 640×480."
    assert message("banner.too_large", {"bytes": 6_000_000, "max_bytes": 5_242_880}, "es") == (
        "El banner puede pesar como máximo 5 MB; este pesa 5.7 MB."
    )
    assert message("video.level_required", {"min_level": "intermediate"}, "pt-BR") == (
        "Vídeos são para criadores de nível Intermediário ou superior."
    )
    assert message("no.such.code", {}, "ru") == catalog("ru")["unknown"]
    assert message("image.too_small", {}, "xx") == "Images must be at least …×… — this one is …×…."


def test_report_json_is_the_design_contract() -> None:
    report = Report.of([error("title.too_long", "title", length=61, max_graphemes=60)])
    assert report_json(report, "fr") == {
        "valid": False,
        "findings": [{"code": "title.too_long", "severity": "error", "field": "title",
                      "params": {"length": 61, "max_graphemes": 60},
                      "message": "Le titre peut compter au plus 60 caractères — celui-ci en a 61."}],
    }


def test_rules_load_once_and_are_json() -> None:
    rules = load_rules()
    assert rules is load_rules()
    data = rules.public_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["version"] == rules.version and data["hashtags"]["max_count"] == 5
    with pytest.raises(UnknownPostType):
        load_rules("../secrets")
    with pytest.raises(UnknownPostType):
        load_rules("poll")


def test_a_missing_rule_names_its_key() -> None:
    data = tomllib.loads(asset_text("rules/article.toml"))
    del data["title"]["max_graphemes"]
    with pytest.raises(ValueError, match="title.max_graphemes"):
        RuleSet.model_validate(data)


def test_schema_cli_prints_the_post_schema() -> None:
    run = subprocess.run([sys.executable, "-m", "creatorpost.schema"], capture_output=True, text=True, check=True)
    schema = json.loads(run.stdout)
    assert schema == post_json_schema()
    assert schema["additionalProperties"] is False
    assert schema["properties"]["hashtags"]["anyOf"][0]["maxItems"] == 5
    assert set(schema["$defs"]) >= {"Banner", "TextBlock", "ImageBlock", "ProductBlock", "VideoBlock", "CouponGroup"}
    assert schema["properties"]["blocks"]["anyOf"][0]["items"]["discriminator"]["propertyName"] == "kind"
