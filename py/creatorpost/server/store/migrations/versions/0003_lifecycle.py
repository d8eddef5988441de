"""Post life cycle: a post becomes its revisions (update, delete); partner tokens with an origin and an end.

- `post_revisions` holds every version of a post with its review state; the rows of `posts` keep the
  newest revision number, the published one, and when the post was changed or deleted.
- `post_blocks` and `post_media` (0002_hardening: which media a post shows) gain the revision they
  belong to, so a photo is public while the *published* revision shows it, not a pending update.
- `tokens` gain `partner_origin` and `expires_at` (`creatorpost issue-token --partner ORIGIN --ttl 1h`).

Existing posts become revision 1, published when they were; their blocks and media rows are revision 1's.

Revision ID: 0003_lifecycle
Revises: 0002_hardening
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_lifecycle"
down_revision = "0002_hardening"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
# SQLite cannot make a new column NOT NULL without a default; every row gets its real value at once.
EPOCH = sa.text("'1970-01-01 00:00:00'")
OLD_POST_COLUMNS = ("status", "title", "body", "rules_version", "platform", "review_due_at", "claimed_by",
                    "claimed_at", "reviewed_at", "reasons")


def upgrade() -> None:
    op.add_column("tokens", sa.Column("partner_origin", sa.String(200), nullable=True))
    op.add_column("tokens", sa.Column("expires_at", TS, nullable=True))

    op.create_table(
        "post_revisions",
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("rules_version", sa.String(40), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("review_due_at", TS, nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("reviewed_at", TS, nullable=True),
        sa.Column("reasons", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("post_id", "revision"),
    )
    op.create_index("ix_post_revisions_status_due", "post_revisions", ["status", "review_due_at"])
    op.execute("INSERT INTO post_revisions (post_id, revision, status, title, body, rules_version, platform, "
               "created_at, review_due_at, claimed_by, claimed_at, reviewed_at, reasons) "
               "SELECT id, 1, status, title, body, rules_version, platform, created_at, review_due_at, claimed_by, "
               "claimed_at, reviewed_at, reasons FROM posts")

    op.create_table(
        "post_blocks_by_revision",
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("post_id", "revision", "position"),
    )
    op.execute("INSERT INTO post_blocks_by_revision (post_id, revision, position, kind, data) "
               "SELECT post_id, 1, position, kind, data FROM post_blocks")
    op.drop_table("post_blocks")
    op.rename_table("post_blocks_by_revision", "post_blocks")

    op.create_table(
        "post_media_by_revision",
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("media_id", sa.String(64), sa.ForeignKey("media.id", ondelete="CASCADE"), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "revision", "media_id"),
    )
    op.execute("INSERT INTO post_media_by_revision (post_id, revision, media_id) SELECT post_id, 1, media_id FROM post_media")
    op.drop_index("ix_post_media_media_id", table_name="post_media")
    op.drop_table("post_media")
    op.rename_table("post_media_by_revision", "post_media")
    op.create_index("ix_post_media_media_id", "post_media", ["media_id"])

    op.add_column("posts", sa.Column("revision", sa.Integer, nullable=False, server_default="1"))
    op.add_column("posts", sa.Column("published_revision", sa.Integer, nullable=True))
    op.add_column("posts", sa.Column("updated_at", TS, nullable=False, server_default=EPOCH))
    op.add_column("posts", sa.Column("deleted_at", TS, nullable=True))
    op.execute("UPDATE posts SET updated_at = COALESCE(reviewed_at, created_at), "
               "published_revision = CASE WHEN status = 'published' THEN 1 ELSE NULL END")
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot drop a default; it is never used
        op.alter_column("posts", "revision", server_default=None)
        op.alter_column("posts", "updated_at", server_default=None)
    op.drop_index("ix_posts_status_due", table_name="posts")
    for column in OLD_POST_COLUMNS:
        op.drop_column("posts", column)


def downgrade() -> None:
    """Back to one row per post, holding its newest revision with its blocks and media (older revisions
    and deleted posts are dropped)."""
    op.add_column("posts", sa.Column("status", sa.String(20), nullable=False, server_default="pending_review"))
    op.add_column("posts", sa.Column("title", sa.Text, nullable=False, server_default=""))
    op.add_column("posts", sa.Column("body", sa.JSON, nullable=False, server_default="{}"))
    op.add_column("posts", sa.Column("rules_version", sa.String(40), nullable=False, server_default=""))
    op.add_column("posts", sa.Column("platform", sa.String(16), nullable=False, server_default="desktop"))
    op.add_column("posts", sa.Column("review_due_at", TS, nullable=False, server_default=EPOCH))
    for name, kind in (("claimed_by", sa.String(64)), ("claimed_at", TS), ("reviewed_at", TS), ("reasons", sa.JSON)):
        op.add_column("posts", sa.Column(name, kind, nullable=True))
    for column in OLD_POST_COLUMNS:
        op.execute(f"UPDATE posts SET {column} = (SELECT r.{column} FROM post_revisions r "
                   f"WHERE r.post_id = posts.id AND r.revision = posts.revision)")
    op.execute("DELETE FROM posts WHERE deleted_at IS NOT NULL")
    op.create_index("ix_posts_status_due", "posts", ["status", "review_due_at"])
    for column in ("deleted_at", "updated_at", "published_revision", "revision"):
        op.drop_column("posts", column)
    op.create_table(
        "post_blocks_old",
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("post_id", "position"),
    )
    op.execute("INSERT INTO post_blocks_old (post_id, position, kind, data) SELECT b.post_id, b.position, b.kind, "
               "b.data FROM post_blocks b JOIN post_revisions r ON r.post_id = b.post_id AND r.revision = b.revision "
               "WHERE r.revision = (SELECT MAX(revision) FROM post_revisions WHERE post_id = b.post_id)")
    op.drop_table("post_blocks")
    op.rename_table("post_blocks_old", "post_blocks")
    op.create_table(
        "post_media_old",
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("media_id", sa.String(64), sa.ForeignKey("media.id", ondelete="CASCADE"), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "media_id"),
    )
    op.execute("INSERT INTO post_media_old (post_id, media_id) SELECT m.post_id, m.media_id FROM post_media m "
               "WHERE m.revision = (SELECT MAX(revision) FROM post_revisions WHERE post_id = m.post_id)")
    op.drop_index("ix_post_media_media_id", table_name="post_media")
    op.drop_table("post_media")
    op.rename_table("post_media_old", "post_media")
    op.create_index("ix_post_media_media_id", "post_media", ["media_id"])
    op.drop_table("post_revisions")
    op.drop_column("tokens", "expires_at")
    op.drop_column("tokens", "partner_origin")
