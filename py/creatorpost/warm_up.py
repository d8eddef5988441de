"""What the core reads and builds at its first use, done at once, for a process that starts before anyone waits
on it: the endpoint before its first request, the snapshot worker before the memory it keeps is taken. The
editor's own start never calls this: it reads and builds only what its first check needs (docs/ARCHITECTURE.md,
"A first start imports only what the first render needs")."""

from creatorpost import rules
from creatorpost.imaging.limits import media_rules
from creatorpost.media import MediaInfo
from creatorpost.review_reasons import review_rules
from creatorpost.validation import validate


def warm_up() -> None:
    """Every rule file read and every model a request, a photo or the review desk uses built."""
    for post_type in rules.post_types().post_types:
        rules.load_rules(post_type)
    media_rules()
    review_rules()
    MediaInfo.model_rebuild()
    validate({"type": rules.post_types().default}, "publish")
