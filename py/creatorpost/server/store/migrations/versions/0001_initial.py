"""Initial tables: creators, tokens, stores, collaborations, catalog, media, posts, idempotency.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "creators",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("handle", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("creator_id", sa.String(40), sa.ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_tokens_creator_id", "tokens", ["creator_id"])
    op.create_table(
        "stores",
        sa.Column("id", sa.String(20), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.create_table(
        "collaborations",
        sa.Column("creator_id", sa.String(40), sa.ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
        sa.Column("store_id", sa.String(20), sa.ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
        sa.PrimaryKeyConstraint("creator_id", "store_id"),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.String(20), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("category", sa.String(60), nullable=False),
        sa.Column("price_cents", sa.Integer, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("store_id", sa.String(20), sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("image", sa.String(300), nullable=False),
    )
    op.create_index("ix_products_store_id", "products", ["store_id"])
    op.create_table(
        "coupons",
        sa.Column("store_id", sa.String(20), sa.ForeignKey("stores.id", ondelete="CASCADE"), nullable=False),
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("discount", sa.String(60), nullable=False),
        sa.Column("min_spend_cents", sa.Integer, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("valid_until", TS, nullable=False),
        sa.PrimaryKeyConstraint("store_id", "id"),
    )
    op.create_table(
        "short_links",
        sa.Column("url", sa.String(300), primary_key=True),
        sa.Column("product_id", sa.String(20), nullable=False),
    )
    op.create_table(
        "media",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("creator_id", sa.String(40), sa.ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("bytes", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_media_creator_id", "media", ["creator_id"])
    op.create_table(
        "posts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("creator_id", sa.String(40), sa.ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
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
    )
    op.create_index("ix_posts_creator_created", "posts", ["creator_id", "created_at"])
    op.create_index("ix_posts_status_due", "posts", ["status", "review_due_at"])
    op.create_table(
        "post_blocks",
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("post_id", "position"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("creator_id", sa.String(40), sa.ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("post_id", sa.String(40), sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("creator_id", "key"),
    )


def downgrade() -> None:
    for table in ("idempotency_keys", "post_blocks", "posts", "media", "short_links", "coupons", "products",
                  "collaborations", "stores", "tokens", "creators"):
        op.drop_table(table)
