"""The review desk: reviewers and their tokens, the queue of revisions waiting for a person, and every
decision (the automatic checks' and each reviewer's).

- `reviewers`, `reviewer_tokens`: accounts with the reviewer role (`creatorpost create-reviewer NAME`).
- `review_queue`: one row per revision whose status is `human_review` (why, automatic findings,
  language, the claim); a revision's row goes with it (deleting a post erases its revisions).
- `review_decisions`: who decided what on which revision, and when that revision was sent.

Revision ID: 0004_review
Revises: 0003_lifecycle
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_review"
down_revision = "0003_lifecycle"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("handle", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "reviewer_tokens",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("reviewer_id", sa.String(40), sa.ForeignKey("reviewers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_reviewer_tokens_reviewer_id", "reviewer_tokens", ["reviewer_id"])
    op.create_table(
        "review_queue",
        sa.Column("post_id", sa.String(40), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("why", sa.String(20), nullable=False),
        sa.Column("findings", sa.JSON, nullable=False),
        sa.Column("flags", sa.Text, nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("queued_at", TS, nullable=False),
        sa.Column("claimed_by", sa.String(40), sa.ForeignKey("reviewers.id", ondelete="SET NULL"), nullable=True),
        sa.Column("claim_expires_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("post_id", "revision"),
        sa.ForeignKeyConstraint(["post_id", "revision"], ["post_revisions.post_id", "post_revisions.revision"],
                                ondelete="CASCADE"),
    )
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("creator_id", sa.String(40), sa.ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reviewer_id", sa.String(40), sa.ForeignKey("reviewers.id"), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("why", sa.String(20), nullable=True),
        sa.Column("revision_created_at", TS, nullable=False),
        sa.Column("decided_at", TS, nullable=False),
    )
    op.create_index("ix_review_decisions_creator_id", "review_decisions", ["creator_id"])
    op.create_index("ix_review_decisions_decided_at", "review_decisions", ["decided_at"])
    op.create_index("ix_review_decisions_post", "review_decisions", ["post_id", "revision"])


def downgrade() -> None:
    """Revisions that wait for a person go back to the automatic queue (pending review)."""
    op.execute("UPDATE post_revisions SET status = 'pending_review' WHERE status = 'human_review'")
    op.drop_table("review_decisions")
    op.drop_table("review_queue")
    op.drop_table("reviewer_tokens")
    op.drop_table("reviewers")
