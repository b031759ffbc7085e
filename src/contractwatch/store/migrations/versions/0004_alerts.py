"""Saved searches (watches) and their webhook deliveries.

Revision ID: 0004
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("filters", sa.JSON),
        sa.Column("webhook_url", sa.String(2000)),
        sa.Column("secret", sa.String(500)),
        sa.Column("created_at", TS),
        sa.Column("updated_at", TS),
        sa.Column("last_run_at", TS),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("watch_id", sa.Integer, sa.ForeignKey("watches.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("event_key", sa.String(40), nullable=False),
        sa.Column("event_ref", sa.String(2100), nullable=False),
        sa.Column("event_kind", sa.String(12), nullable=False),
        sa.Column("event_id", sa.Integer),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("http_status", sa.Integer),
        sa.Column("error", sa.Text),
        sa.Column("history", sa.JSON),
        sa.Column("created_at", TS),
        sa.Column("last_attempt_at", TS),
        sa.Column("next_attempt_at", TS),
        sa.Column("delivered_at", TS),
        sa.UniqueConstraint("watch_id", "event_key", name="uq_deliveries_watch_event"),
    )
    op.create_index("ix_deliveries_watch_status", "deliveries", ["watch_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_watch_status", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("watches")
