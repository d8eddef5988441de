"""Repost to social networks: networks from `[repost] networks`, desktop only while in testing."""

from __future__ import annotations

from typing import Any

from creatorpost.findings import Finding, error, tip, warning
from creatorpost.rules import RuleSet


def check_repost(raw: Any, rules: RuleSet, platform: str) -> list[Finding]:
    if not isinstance(raw, list) or not raw:
        return []
    repost = rules.repost
    found: list[Finding] = []
    if repost.desktop_only and platform != "desktop":
        found.append(error("repost.desktop_only", "repost"))
    seen: set[str] = set()
    for index, network in enumerate(raw):
        if not isinstance(network, str):
            continue
        field = f"repost.{index}"
        if network not in repost.networks:
            found.append(error("repost.unknown_network", field, network=network))
        elif network in seen:
            found.append(warning("repost.duplicate", field, network=network))
        seen.add(network)
    if repost.in_testing:
        found.append(tip("repost.in_testing", "repost"))
    return found
