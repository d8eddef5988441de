"""Share links for "Repost to SNS": the networks' own share addresses, filled with a post's page.

A reader (or the creator, once the post is published) clicks one and the network's page opens;
the endpoint sends nothing to any network. The addresses come from `[repost] share_urls`; only
the networks the creator chose, in the rule file's order, each once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from creatorpost.rules import RuleSet, load_rules
from creatorpost.urls import percent_encode


@dataclass(frozen=True)
class ShareLink:
    network: str
    href: str


def share_links(networks: Iterable[object], page_url: str, title: str = "", image_url: str = "",
                rules: RuleSet | None = None) -> list[ShareLink]:
    """One link per chosen network that the rule file knows; `page_url` and `image_url` are absolute."""
    repost = (rules or load_rules()).repost
    chosen = {n for n in networks if isinstance(n, str)}
    found: list[ShareLink] = []
    for network in repost.networks:
        template = repost.share_urls.get(network)
        if network not in chosen or template is None:
            continue
        href = (template.replace("{url}", percent_encode(page_url)).replace("{title}", percent_encode(title))
                .replace("{image}", percent_encode(image_url)))
        found.append(ShareLink(network, href))
    return found
