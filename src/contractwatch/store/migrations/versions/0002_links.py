"""Organisations, aliases, contract histories, manual links and corrections.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("type", sa.String(20), nullable=False, index=True),
        sa.Column("code", sa.String(40)),
        sa.Column("region", sa.String(100), index=True),
        sa.Column("successor_id", sa.String(200)),
        sa.Column("start_date", sa.String(10)),
        sa.Column("end_date", sa.String(10)),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("updated_at", TS),
    )
    op.create_table(
        "org_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.String(200), sa.ForeignKey("organisations.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("alias", sa.String(500), nullable=False),
        sa.Column("norm", sa.String(500), nullable=False, index=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("until", sa.String(10)),
        sa.UniqueConstraint("org_id", "norm"),
    )
    op.create_table(
        "manual_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scope", sa.String(10), nullable=False, index=True),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("a", sa.String(2100), nullable=False),
        sa.Column("b", sa.String(2100), nullable=False),
        sa.Column("who", sa.String(200)),
        sa.Column("at", TS),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("categories", sa.JSON),
        sa.Column("buyer_ids", sa.JSON),
        sa.Column("provider_ids", sa.JSON),
        sa.Column("buyers", sa.JSON),
        sa.Column("providers", sa.JSON),
        sa.Column("region", sa.String(100), index=True),
        sa.Column("first_date", sa.String(10)),
        sa.Column("last_date", sa.String(10)),
        sa.Column("start_date", sa.String(10)),
        sa.Column("end_low", sa.String(10), index=True),
        sa.Column("end_high", sa.String(10)),
        sa.Column("status", sa.String(20), index=True),
        sa.Column("next_kind", sa.String(20)),
        sa.Column("next_date", sa.String(10), index=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("value_amount", sa.Float),
        sa.Column("value_basis", sa.String(6)),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("n_documents", sa.Integer, nullable=False),
        sa.Column("forecast", sa.JSON),
        sa.Column("note", sa.Text),
        sa.Column("updated_at", TS),
    )
    op.create_table(
        "contract_orgs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contract_id", sa.String(40), sa.ForeignKey("contracts.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("org_id", sa.String(200), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
    )
    op.create_index("ix_contract_orgs_org_role", "contract_orgs", ["org_id", "role"])
    op.create_table(
        "contract_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contract_id", sa.String(40), sa.ForeignKey("contracts.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="SET NULL"), index=True),
        sa.Column("doc_key", sa.String(2000), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("matched", sa.JSON),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_key", sa.String(2000), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("field", sa.String(30), nullable=False),
        sa.Column("old_value", sa.JSON),
        sa.Column("new_value", sa.JSON),
        sa.Column("who", sa.String(200)),
        sa.Column("at", TS),
        sa.Column("note", sa.Text),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("event_id", sa.Integer),
    )
    op.create_index("ix_corrections_doc", "corrections", ["doc_key", "ordinal"])


def downgrade() -> None:
    op.drop_index("ix_corrections_doc", "corrections")
    op.drop_index("ix_contract_orgs_org_role", "contract_orgs")
    for t in ("corrections", "contract_events", "contract_orgs", "contracts", "manual_links",
              "org_aliases", "organisations"):
        op.drop_table(t)
