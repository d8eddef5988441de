"""The database tables (SQLAlchemy Core). Alembic migrations under `migrations/` create them;
a test checks that the migrated database and these definitions agree."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

creators = Table(
    "creators", metadata,
    Column("id", String(40), primary_key=True),
    Column("handle", String(64), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("level", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

tokens = Table(
    "tokens", metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("creator_id", String(40), ForeignKey("creators.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # A partner token works only from the editor embedded in that origin's page, until it expires.
    Column("partner_origin", String(200), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=True),
)

stores = Table(
    "stores", metadata,
    Column("id", String(20), primary_key=True),
    Column("name", String(200), nullable=False),
)

collaborations = Table(
    "collaborations", metadata,
    Column("creator_id", String(40), ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
    Column("store_id", String(20), ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("creator_id", "store_id"),
)

products = Table(
    "products", metadata,
    Column("id", String(20), primary_key=True),
    Column("title", String(300), nullable=False),
    Column("category", String(60), nullable=False),
    Column("price_cents", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("store_id", String(20), ForeignKey("stores.id"), nullable=False, index=True),
    Column("image", String(300), nullable=False),
)

coupons = Table(
    "coupons", metadata,
    Column("store_id", String(20), ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
    Column("id", String(40), nullable=False),
    Column("title", String(200), nullable=False),
    Column("discount", String(60), nullable=False),
    Column("min_spend_cents", Integer, nullable=False, default=0),
    Column("currency", String(3), nullable=False),
    Column("valid_until", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("store_id", "id"),
)

short_links = Table(
    "short_links", metadata,
    Column("url", String(300), primary_key=True),
    Column("product_id", String(20), nullable=False),
)

media = Table(
    "media", metadata,
    Column("id", String(64), primary_key=True),
    Column("creator_id", String(40), ForeignKey("creators.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("format", String(16), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # sha256 of the stored bytes: the same photo uploaded again by the same creator is the same media id.
    # NULL for media stored before ids were random (migration 0002), which are never matched.
    Column("content_sha256", String(64), nullable=True),
    Index("ux_media_creator_content", "creator_id", "content_sha256", unique=True),
)

# A post is its revisions (docs/ARCHITECTURE.md, "Posts and their revisions"): `revision` is the newest
# one (what If-Match names), `published_revision` the one readers see. A deleted post keeps only this row.
posts = Table(
    "posts", metadata,
    Column("id", String(40), primary_key=True),
    Column("creator_id", String(40), ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("published_revision", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Index("ix_posts_creator_created", "creator_id", "created_at"),
)

# One version of a post, and one item of the review queue: pending_review, then published or rejected
# (with reasons); withdrawn when a newer update or a deletion overtook it before review.
post_revisions = Table(
    "post_revisions", metadata,
    Column("post_id", String(40), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("body", JSON, nullable=False),
    Column("rules_version", String(40), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("review_due_at", DateTime(timezone=True), nullable=False),
    Column("claimed_by", String(64), nullable=True),
    Column("claimed_at", DateTime(timezone=True), nullable=True),
    Column("reviewed_at", DateTime(timezone=True), nullable=True),
    Column("reasons", JSON, nullable=True),
    PrimaryKeyConstraint("post_id", "revision"),
    Index("ix_post_revisions_status_due", "status", "review_due_at"),
)

post_blocks = Table(
    "post_blocks", metadata,
    Column("post_id", String(40), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("data", JSON, nullable=False),
    PrimaryKeyConstraint("post_id", "revision", "position"),
)

# The media each revision shows (banner, image blocks), the post's creator's own only: a photo is served
# to anyone while the published revision of a live post shows it, and to its owner only otherwise
# (store/media.py, `shown_on_a_published_post`).
post_media = Table(
    "post_media", metadata,
    Column("post_id", String(40), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("media_id", String(64), ForeignKey("media.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("post_id", "revision", "media_id"),
    Index("ix_post_media_media_id", "media_id"),
)

idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("creator_id", String(40), ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),
    Column("request_sha256", String(64), nullable=False),
    Column("post_id", String(40), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("creator_id", "key"),
)


# --- the review desk (docs/ARCHITECTURE.md, "The review desk"; migration 0004_review) ---
# Reviewers are accounts of their own: their tokens never work where a creator's do, and the other way round.
reviewers = Table(
    "reviewers", metadata,
    Column("id", String(40), primary_key=True),
    Column("handle", String(64), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

reviewer_tokens = Table(
    "reviewer_tokens", metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("reviewer_id", String(40), ForeignKey("reviewers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("demo", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A revision waiting for a person (its status is `human_review`): why it waits, what the automatic checks
# found, the language it is written in, and which reviewer holds it until when. Gone with its revision.
review_queue = Table(
    "review_queue", metadata,
    Column("post_id", String(40), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("why", String(20), nullable=False),
    Column("findings", JSON, nullable=False),
    Column("flags", Text, nullable=False),  # " code code " of the findings: the queue's flag filter
    Column("language", String(8), nullable=True),
    Column("queued_at", DateTime(timezone=True), nullable=False),
    Column("claimed_by", String(40), ForeignKey("reviewers.id", ondelete="SET NULL"), nullable=True),
    Column("claim_expires_at", DateTime(timezone=True), nullable=True),
    PrimaryKeyConstraint("post_id", "revision"),
    ForeignKeyConstraint(["post_id", "revision"], ["post_revisions.post_id", "post_revisions.revision"],
                         ondelete="CASCADE"),
)

# Every decision on a revision, the automatic checks' (reviewer_id NULL) and each reviewer's: who, when,
# what (outcome, reasons, note), which revision, and when that revision was sent (for the promise's figures).
review_decisions = Table(
    "review_decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("post_id", String(40), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("creator_id", String(40), ForeignKey("creators.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("reviewer_id", String(40), ForeignKey("reviewers.id"), nullable=True),
    Column("outcome", String(20), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("note", Text, nullable=True),
    Column("why", String(20), nullable=True),
    Column("revision_created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Index("ix_review_decisions_decided_at", "decided_at"),
    Index("ix_review_decisions_post", "post_id", "revision"),
)
