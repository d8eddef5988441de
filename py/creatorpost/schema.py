"""JSON Schema of the post (schema 1), for partners who validate without Python.

The shape comes from `creatorpost.models`; limits that JSON Schema can state exactly are
added from the rule set (number of hashtags and blocks, digit-only ids, coupon id pattern, repost
networks). Character limits are NOT added as `maxLength`: JSON Schema counts code points,
the platform counts grapheme clusters; GET /api/rules and POST /api/posts/validate have
the full rules.

    python -m creatorpost.schema            # prints the schema
"""

from __future__ import annotations

import json
import sys
from typing import Any

from creatorpost.models import POST_ADAPTER
from creatorpost.rules import RuleSet, load_rules

SCHEMA_ID = "https://creatorpost.example/schema/post-1.json"


def post_json_schema(post_type: str | None = None) -> dict[str, Any]:
    rules = load_rules(post_type)
    schema = POST_ADAPTER.json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    schema["description"] = (
        f"A post of the Creator Post Studio, schema 1 (rule set {rules.version}). "
        "Character limits count grapheme clusters; see GET /api/rules."
    )
    _add_rules(schema, rules)
    return schema


def _digits(low: int, high: int) -> str:
    return f"^[0-9]{{{low},{high}}}$"


def _nullable_list(prop: dict[str, Any]) -> dict[str, Any]:
    """The array branch of an `anyOf: [array, null]` property."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "array":
            found: dict[str, Any] = branch
            return found
    raise KeyError("no array branch")


def _nullable_string(prop: dict[str, Any]) -> dict[str, Any]:
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "string":
            found: dict[str, Any] = branch
            return found
    raise KeyError("no string branch")


def _add_rules(schema: dict[str, Any], rules: RuleSet) -> None:
    props = schema["properties"]
    defs = schema["$defs"]
    _nullable_list(props["hashtags"])["maxItems"] = rules.hashtags.max_count
    _nullable_list(props["repost"])["items"] = {"enum": list(rules.repost.networks)}
    _nullable_list(props["coupons"])["maxItems"] = rules.coupons.max_stores
    _nullable_list(props["blocks"])["maxItems"] = rules.limits.blocks
    props["type"]["enum"] = [rules.post_type]
    products = rules.products
    _nullable_string(defs["ProductBlock"]["properties"]["product_id"])["pattern"] = _digits(
        products.id_min_digits, products.id_max_digits
    )
    coupons = rules.coupons
    group = defs["CouponGroup"]["properties"]
    _nullable_string(group["store_id"])["pattern"] = _digits(coupons.store_id_min_digits, coupons.store_id_max_digits)
    group["coupon_ids"]["items"]["pattern"] = coupons.coupon_id_pattern
    group["coupon_ids"]["maxItems"] = coupons.max_coupon_ids_per_store


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    post_type = args[0] if args else None
    json.dump(post_json_schema(post_type), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
