"""What the review desk shows around the post: the queue, the figures of the 24-hour promise, the facts
about the open post (creator, record, time left, why it waits, its language, the claim) and the reason
list with the words the creator will read. Pure drawing: views/desk.py decides when."""

from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import to_js

from creatorpost.browser.dom import by_id, clear, el
from creatorpost.messages import message
from creatorpost.review_reasons import review_rules

Words = Callable[..., str]


def title_of(item: dict[str, Any], t: Words) -> str:
    return str(item.get("title") or "") or t("desk.untitled")


def duration(seconds: float, t: Words) -> str:
    minutes = max(0, int(abs(seconds)) // 60)
    if minutes >= 60:
        return t("desk.duration.hours", hours=minutes // 60, minutes=minutes % 60)
    return t("desk.duration.minutes", minutes=minutes)


def time_left(item: dict[str, Any], t: Words) -> tuple[str, str]:
    """The time left of the promise in words, and how urgent it is: overdue, urgent (the endpoint says the post
    waited past CREATORPOST_REVIEW_AT_RISK_SECONDS, the figures' line), or ok."""
    left = float(item.get("seconds_left") or 0)
    if left < 0:
        return t("desk.overdue", time=duration(left, t)), "overdue"
    return t("desk.time_left_value", time=duration(left, t)), "urgent" if item.get("at_risk") else "ok"


def draw_queue(items: list[dict[str, Any]], total: int, current: str | None, t: Words) -> None:
    listing = by_id("desk-queue-list")
    clear(listing)
    for item in items:
        left, urgency = time_left(item, t)
        claim = item.get("claim") or {}
        held = bool(claim) and not claim.get("mine") and item.get("post_id") != current
        attrs = {"type": "button", "class": "desk-queue-item", "data-open": str(item["post_id"])}
        if item.get("post_id") == current:
            attrs["aria-current"] = "true"
        details = [t(f"desk.why.{item.get('why')}"), left]
        if held:
            details.append(t("desk.held_by", reviewer=str(claim.get("by"))))
        listing.append(el("li", {"data-post": str(item["post_id"]), "data-urgency": urgency},
                          el("button", attrs, el("span", {"class": "desk-queue-title", "dir": "auto"},
                                                 text=title_of(item, t)),
                             el("span", {"class": "desk-queue-detail"}, text=" · ".join(details)))))
    by_id("desk-count").textContent = t("desk.queue_count", shown=len(items), total=total)


def draw_figures(figures: dict[str, Any], t: Words) -> None:
    oldest = figures.get("oldest_waiting_seconds")
    hours = round(float(figures.get("at_risk_seconds") or 72000) / 3600)
    words = [t("desk.figures.queue", count=int(figures.get("queue") or 0)),
             t("desk.figures.oldest", time=duration(float(oldest), t)) if oldest is not None else "",
             t("desk.figures.at_risk", count=int(figures.get("at_risk") or 0), hours=hours)]
    median = (figures.get("decision_seconds") or {}).get("median")
    if median is not None:
        words.append(t("desk.figures.median", time=duration(float(median), t)))
    by_id("desk-figures").textContent = " · ".join(w for w in words if w)


def draw_facts(item: dict[str, Any] | None, t: Words, lang: str) -> None:
    facts = by_id("desk-facts")
    clear(facts)
    summary = by_id("desk-findings-summary")
    if item is None:
        summary.textContent = ""
        return
    creator = item.get("creator") or {}
    left, urgency = time_left(item, t)
    clock = to_js({"hour": "2-digit", "minute": "2-digit"}, dict_converter=js.Object.fromEntries)
    until = js.Date.new(str((item.get("claim") or {}).get("until") or "")).toLocaleTimeString(lang, clock)
    language = item.get("language")
    who = [el("bdi", text=str(creator.get("display_name") or "")), " (",
           el("bdi", {"dir": "ltr"}, text=f"@{creator.get('handle')}"),
           ") · " + t("session.level." + str(creator.get("level", "basic")))]
    rows: list[tuple[str, str | list[Any]]] = [
        ("desk.creator", who),
        ("desk.record", t("desk.record_value", published=int(creator.get("published") or 0),
                          rejected=int(creator.get("rejected") or 0))),
        ("desk.time_left", left),
        ("desk.why", t(f"desk.why.{item.get('why')}")),
        ("desk.post_language", t(f"desk.lang.{language}") if language else t("desk.unknown_language")),
        ("desk.claim", t("desk.claim_until", time=str(until)))]
    for label, value in rows:
        attrs = {"data-urgency": urgency} if label == "desk.time_left" else {}
        parts = value if isinstance(value, list) else [value]
        facts.append(el("dt", text=t(label)), el("dd", attrs, *parts))
    count = len(item.get("findings") or [])
    summary.textContent = t("desk.finding_count", count=count) if count else t("desk.no_findings")


def draw_reasons(t: Words, lang: str) -> None:
    """The reason list: a box each (key 1, 2, 3...), its short name, and what the creator will read."""
    rules = review_rules()
    holder = by_id("desk-reasons")
    clear(holder)
    for number, reason in enumerate(rules.reasons, start=1):
        box_id = f"desk-reason-{number}"
        hint_id = f"{box_id}-hint"
        holder.append(el("div", {"class": "desk-reason"},
                         el("input", {"type": "checkbox", "id": box_id, "value": reason.code, "data-key": str(number),
                                      "aria-describedby": hint_id, "aria-keyshortcuts": str(number)}),
                         el("label", {"for": box_id}, el("kbd", text=str(number)), " ",
                            el("span", text=t(f"desk.reason.{reason.name}"))),
                         el("p", {"id": hint_id, "class": "hint"}, text=message(reason.code, {}, lang))))
    by_id("desk-note").setAttribute("maxlength", str(rules.note.max_chars))
    by_id("desk-note-hint").textContent = t("desk.note_hint", max_chars=rules.note.max_chars)
