"""One image through the policy: probe, decide, then keep (metadata stripped) or transform.

The same steps for the endpoint (synchronous Pillow) and the editor (any AsyncImageEngine).
"""

from __future__ import annotations

from dataclasses import dataclass

from creatorpost.findings import Finding, error
from creatorpost.imaging.engine import AsyncImageEngine, ImageEngine
from creatorpost.imaging.facts import Decision, EncodedImage, ImageFacts, ImageRejected, Role
from creatorpost.imaging.limits import role_limits
from creatorpost.imaging.policy import decide
from creatorpost.imaging.strip import StripError, strip_metadata


@dataclass(frozen=True)
class Outcome:
    facts: ImageFacts
    decision: Decision
    image: EncodedImage | None

    @property
    def error(self) -> Finding | None:
        return self.decision.error


def process(engine: ImageEngine, data: bytes, role: Role, field: str = "", post_type: str | None = None) -> Outcome:
    facts = engine.probe(data)
    decision, settled = _decide(data, facts, role, field, post_type)
    if settled is not None:
        return settled
    assert decision.plan is not None
    try:
        image = engine.transform(data, decision.plan)
    except ImageRejected as exc:
        return Outcome(facts, _rejected(exc, decision, field), None)
    return Outcome(facts, decision, image)


async def process_async(
    engine: AsyncImageEngine, data: bytes, role: Role, field: str = "", post_type: str | None = None,
) -> Outcome:
    """`process` for engines whose pixel work is asynchronous (the browser's codecs)."""
    facts = await engine.probe(data)
    decision, settled = _decide(data, facts, role, field, post_type)
    if settled is not None:
        return settled
    assert decision.plan is not None
    try:
        image = await engine.transform(data, decision.plan)
    except ImageRejected as exc:
        return Outcome(facts, _rejected(exc, decision, field), None)
    return Outcome(facts, decision, image)


def _decide(data: bytes, facts: ImageFacts, role: Role, field: str, post_type: str | None,
            ) -> tuple[Decision, Outcome | None]:
    """The policy's decision, and the outcome already when no pixels need to change (reject or keep)."""
    decision = decide(facts, role_limits(role, post_type), field)
    if decision.action == "reject":
        return decision, Outcome(facts, decision, None)
    if decision.action == "keep":
        kept = _keep(data, facts)
        if kept is not None:
            return decision, Outcome(facts, decision, kept)
        return decision, Outcome(facts, _rejected(ImageRejected(_broken(facts)), decision, field), None)
    return decision, None


def _keep(data: bytes, facts: ImageFacts) -> EncodedImage | None:
    try:
        stripped = strip_metadata(data, facts.format)
    except StripError:
        return None
    return EncodedImage(data=stripped, format=facts.format, width=facts.width, height=facts.height)


def _broken(facts: ImageFacts) -> Finding:
    return error("image.broken", format=facts.format)


def _rejected(exc: ImageRejected, decision: Decision, field: str) -> Decision:
    finding = exc.finding.model_copy(update={"field": field})
    return Decision(action="reject", findings=(*decision.findings, finding))
