"""Every key the editor keeps in the browser's storage, in one place: what it holds and where.

`local` is localStorage (shared by the studio's tabs, kept across restarts); `session` is
sessionStorage (this tab only). Keys ending in "." are prefixes followed by an id.
"""

LANGUAGE = "creatorpost.lang"  # local: the language the creator picked
SESSION = "creatorpost.session"  # local: the signed-in creator, one record {token, creator}; "Sign out" removes it
DEMO_MODE = "creatorpost.demo"  # local: "1" when the endpoint has demo data
CURRENT_DRAFT = "creatorpost.current"  # session: the draft this tab has open
DRAFT = "creatorpost.draft."  # local + draft id: the draft itself
DRAFT_PREVIEWS = "creatorpost.draft-previews."  # local + draft id: its photo previews, written only when they change
OUTBOX = "creatorpost.outbox."  # local + draft id: a Create or an update waiting for the network, with its key
POST_OF = "creatorpost.post-of."  # local + draft id: the post the draft became (id, revision, status, public link)

# Written by earlier versions; removed or converted at start (account.sweep_legacy, post_links.adopt_legacy).
LEGACY_TOKEN = "creatorpost.token"  # session: the tab's token
LEGACY_CREATOR = "creatorpost.creator."  # local + the raw token (a secret in a key name): the creator
LEGACY_SENT = "creatorpost.sent."  # local + draft id: the id of the post made from it
