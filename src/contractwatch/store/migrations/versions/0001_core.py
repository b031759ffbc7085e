"""Core tables: documents, events, evidence, mentions, categories, full-text index.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(2000), nullable=False, unique=True),
        sa.Column("source", sa.String(2000)),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.String(300)),
        sa.Column("published", sa.String(10), index=True),
        sa.Column("type", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", TS),
        sa.Column("updated_at", TS),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False, index=True),
        sa.Column("status", sa.String(10), nullable=False, index=True),
        sa.Column("service", sa.Text),
        sa.Column("categories", sa.JSON),
        sa.Column("buyers", sa.JSON),
        sa.Column("providers", sa.JSON),
        sa.Column("bidders", sa.JSON),
        sa.Column("places", sa.JSON),
        sa.Column("value_amount", sa.Float),
        sa.Column("value_currency", sa.String(3)),
        sa.Column("value_basis", sa.String(6)),
        sa.Column("term_months", sa.Integer),
        sa.Column("extension_months", sa.Integer),
        sa.Column("start_date", sa.String(10)),
        sa.Column("end_date", sa.String(10), index=True),
        sa.Column("decision_date", sa.String(10), index=True),
        sa.Column("event_date", sa.String(10), index=True),
        sa.Column("decision_body", sa.String(300)),
        sa.Column("staff_transferred", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("field", sa.String(30), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("norm", sa.String(500), nullable=False),
        sa.Column("org_id", sa.String(200), index=True),
    )
    op.create_index("ix_mentions_role_norm", "mentions", ["role", "norm"])
    op.create_table(
        "event_categories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("category", sa.String(30), nullable=False, index=True),
        sa.UniqueConstraint("event_id", "category"),
    )
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 kept in step by triggers, so a failed document rolls back both.
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
                   "content_rowid='id', tokenize='porter unicode61')")
        op.execute("CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
        op.execute("CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); END")
        op.execute("CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
    else:
        op.execute("CREATE INDEX ix_documents_fts ON documents USING GIN "
                   "(to_tsvector('english', coalesce(title, '') || ' ' || text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for t in ("documents_ai", "documents_ad", "documents_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {t}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for t in ("event_categories", "mentions", "evidence", "events", "documents"):
        op.drop_table(t)
