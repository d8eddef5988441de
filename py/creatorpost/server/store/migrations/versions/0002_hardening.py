"""Media ids random, media served by who may see them (issue 10 §7): `media.content_sha256` for
de-duplication per creator, and `post_media`, which posts show which media, filled in for the posts
already stored.

Media stored before keep their ids (posts refer to them) and a NULL content hash: an upload of the
same photo again makes a new id rather than matching an old one. No file needs reading.

Revision ID: 0002_hardening
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002_hardening"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 500


def _shown_media(body: Any) -> set[str]:
    """The media ids a stored post shows: its banner and its image blocks (the query code's own rule,
    copied here: a migration must not change when the code does)."""
    found: set[str] = set()
    if not isinstance(body, dict):
        return found
    banner = body.get("banner")
    if isinstance(banner, dict) and isinstance(banner.get("media_id"), str):
        found.add(banner["media_id"])
    for block in body.get("blocks") or []:
        if isinstance(block, dict) and isinstance(block.get("media_id"), str):
            found.add(block["media_id"])
    return found


def upgrade() -> None:
    op.add_column("media", sa.Column("content_sha256", sa.String(64), nullable=True))
    op.create_index("ux_media_creator_content", "media", ["creator_id", "content_sha256"], unique=True)
    post_media = op.create_table(
        "post_media",
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("media_id", sa.String(64), sa.ForeignKey("media.id", ondelete="CASCADE"), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "media_id"),
    )
    op.create_index("ix_post_media_media_id", "post_media", ["media_id"])

    conn = op.get_bind()
    media = sa.table("media", sa.column("id", sa.String), sa.column("creator_id", sa.String))
    posts = sa.table("posts", sa.column("id", sa.String), sa.column("creator_id", sa.String),
                     sa.column("body", sa.JSON))
    owner = {row.id: row.creator_id for row in conn.execute(sa.select(media.c.id, media.c.creator_id))}
    rows: list[dict[str, str]] = []
    bodies = sa.select(posts.c.id, posts.c.creator_id, posts.c.body).execution_options(yield_per=BATCH)
    for post in conn.execute(bodies):  # a batch of bodies at a time
        rows += [{"post_id": post.id, "media_id": media_id} for media_id in sorted(_shown_media(post.body))
                 if owner.get(media_id) == post.creator_id]
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(post_media, rows[start:start + BATCH])


def downgrade() -> None:
    op.drop_index("ix_post_media_media_id", table_name="post_media")
    op.drop_table("post_media")
    op.drop_index("ux_media_creator_content", table_name="media")
    with op.batch_alter_table("media") as batch:
        batch.drop_column("content_sha256")
