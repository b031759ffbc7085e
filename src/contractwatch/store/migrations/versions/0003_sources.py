"""Sources, crawl state and sync runs for automatic collection.

Revision ID: 0003
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False, unique=True),
        sa.Column("name", sa.String(300)),
        sa.Column("options", sa.JSON),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", TS),
        sa.Column("last_sync_at", TS),
        sa.Column("last_status", sa.String(20)),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "crawl_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref", sa.String(200)),
        sa.Column("parent_url", sa.String(2000)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("item_date", sa.String(10)),
        sa.Column("title", sa.Text),
        sa.Column("meta", sa.JSON),
        sa.Column("etag", sa.String(300)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("http_status", sa.Integer),
        sa.Column("content_type", sa.String(200)),
        sa.Column("fetched_at", TS),
        sa.Column("settled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("first_seen", TS),
        sa.Column("updated_at", TS),
        sa.UniqueConstraint("source_id", "url", name="uq_crawl_state_source_url"),
    )
    op.create_index("ix_crawl_state_source_status", "crawl_state", ["source_id", "status"])
    op.create_index("ix_crawl_state_source_ref", "crawl_state", ["source_id", "ref"])
    op.create_index("ix_crawl_state_document_id", "crawl_state", ["document_id"])
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run", sa.String(36), nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE")),
        sa.Column("started_at", TS),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requests", sa.Integer, nullable=False, server_default="0"),
        sa.Column("not_modified", sa.Integer, nullable=False, server_default="0"),
        sa.Column("new_documents", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_documents", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unchanged_documents", sa.Integer, nullable=False, server_default="0"),
        sa.Column("new_events", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors", sa.JSON),
        sa.Column("notes", sa.JSON),
    )
    op.create_index("ix_sync_runs_run", "sync_runs", ["run"])
    op.create_index("ix_sync_runs_source_id", "sync_runs", ["source_id"])


def downgrade() -> None:
    op.drop_table("sync_runs")
    op.drop_table("crawl_state")
    op.drop_table("sources")
