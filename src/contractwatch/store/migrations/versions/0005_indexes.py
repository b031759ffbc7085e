"""Join the migration branches; indexes for the web's sorts and filters.

Revision ID: 0005
Revises: 0002, 0003, 0004
"""
from alembic import op

revision = "0005"
down_revision = ("0002", "0003", "0004")
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Sorting the decisions table by value, faceting by category and filtering by buyer or
    # provider name were full scans at 50,000 events.
    op.create_index("ix_events_value_amount", "events", ["value_amount"])
    op.create_index("ix_event_categories_category_event", "event_categories", ["category", "event_id"])
    op.create_index("ix_mentions_role_norm_event", "mentions", ["role", "norm", "event_id"])


def downgrade() -> None:
    op.drop_index("ix_mentions_role_norm_event", "mentions")
    op.drop_index("ix_event_categories_category_event", "event_categories")
    op.drop_index("ix_events_value_amount", "events")
