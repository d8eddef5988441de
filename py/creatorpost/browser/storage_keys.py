"""Every key the editor keeps in the browser's storage, in one place: what it holds and where.

`local` is localStorage (shared by the studio's tabs, kept across restarts); `session` is
sessionStorage (this tab only). Keys ending in "." are prefixes followed by an id.
"""

LANGUAGE = "creatorpost.lang"  # local: the language the creator picked
TOKEN = "creatorpost.token"  # session: this tab's token
CREATOR = "creatorpost.creator."  # local + token: the creator as last seen online (level, stores)
DEMO_MODE = "creatorpost.demo"  # local: "1" when the endpoint has demo data
CURRENT_DRAFT = "creatorpost.current"  # session: the draft this tab has open
DRAFT = "creatorpost.draft."  # local + draft id: the draft itself
DRAFT_PREVIEWS = "creatorpost.draft-previews."  # local + draft id: its photo previews, written only when they change
OUTBOX = "creatorpost.outbox."  # local + draft id: a Create waiting for the network, with its Idempotency-Key
