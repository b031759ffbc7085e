"""Tables for organisations, contract histories and hand corrections (revision 0002).

Everything here is derived from the core tables by ``contractwatch.link.refresh`` except
``manual_links`` and ``corrections``, which hold what people decided by hand. Those are keyed
by names, document keys and event ordinals (never by row ids), so they survive a document
being re-ingested and its events being rebuilt.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import Base, utcnow

ORG_TYPES = ("council", "nhs_commissioner", "nhs_trust", "company", "cic", "charity", "other")


class Organisation(Base):
    __tablename__ = "organisations"

    # "council:BAS", "nhs:QOX", "org:hcrg-care-group" …: stable across rebuilds.
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(20), index=True)
    code: Mapped[str | None] = mapped_column(String(40))  # GSS / ODS code where known
    region: Mapped[str | None] = mapped_column(String(100), index=True)
    successor_id: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(20), default="resolved")  # reference | resolved | manual
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    aliases: Mapped[list["OrgAlias"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                     order_by="OrgAlias.alias")


class OrgAlias(Base):
    __tablename__ = "org_aliases"
    __table_args__ = (UniqueConstraint("org_id", "norm"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(500))
    norm: Mapped[str] = mapped_column(String(500), index=True)
    # reference | mention | acronym | rename | manual
    source: Mapped[str] = mapped_column(String(20), default="mention")
    # For a former name (a rename), the date it stopped being used.
    until: Mapped[str | None] = mapped_column(String(10))


class ManualLink(Base):
    """A merge or split decided by hand, for organisations or for contracts.

    scope=org:      merge  a=<org id kept>  b=<org id or name folded into it>
                    split  a=<org id>       b=<name taken out into its own organisation>
    scope=contract: merge  a=<event ref>    b=<event ref>   (must be in one contract)
                    split  a=<event ref>    b=<event ref>   (must not be in one contract)
    An event ref is "<document key>#<ordinal>".
    """

    __tablename__ = "manual_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(10), index=True)
    action: Mapped[str] = mapped_column(String(10))
    a: Mapped[str] = mapped_column(String(2100))
    b: Mapped[str] = mapped_column(String(2100))
    who: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class Contract(Base):
    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    categories: Mapped[list] = mapped_column(JSON, default=list)
    buyer_ids: Mapped[list] = mapped_column(JSON, default=list)
    provider_ids: Mapped[list] = mapped_column(JSON, default=list)
    buyers: Mapped[list] = mapped_column(JSON, default=list)
    providers: Mapped[list] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(100), index=True)
    first_date: Mapped[str | None] = mapped_column(String(10))
    last_date: Mapped[str | None] = mapped_column(String(10))
    start_date: Mapped[str | None] = mapped_column(String(10))
    # Forecast, cached for listing: expected end without and with optional extensions.
    end_low: Mapped[str | None] = mapped_column(String(10), index=True)
    end_high: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(20), index=True)
    next_kind: Mapped[str | None] = mapped_column(String(20))
    next_date: Mapped[str | None] = mapped_column(String(10), index=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    value_amount: Mapped[float | None] = mapped_column(Float)
    value_basis: Mapped[str | None] = mapped_column(String(6))
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    forecast: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    events: Mapped[list["ContractEvent"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                         order_by="ContractEvent.position")


class ContractOrg(Base):
    """Which organisations a contract has, by role: the index behind --buyer and profiles."""

    __tablename__ = "contract_orgs"
    __table_args__ = (Index("ix_contract_orgs_org_role", "org_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # buyer | provider | bidder


class ContractEvent(Base):
    __tablename__ = "contract_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    # The row id is a cache; (doc_key, ordinal) is what survives a re-ingest.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    doc_key: Mapped[str] = mapped_column(String(2000))
    ordinal: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    method: Mapped[str] = mapped_column(String(10), default="auto")  # first | auto | manual
    # [{"field": "buyer", "detail": "…"}, …]: why this event joined the contract.
    matched: Mapped[list] = mapped_column(JSON, default=list)


class Correction(Base):
    """A field of an event corrected by hand; re-applied whenever the document is re-extracted."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_doc", "doc_key", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_key: Mapped[str] = mapped_column(String(2000))
    ordinal: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))  # the event's kind as extracted
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[object | None] = mapped_column(JSON)
    new_value: Mapped[object | None] = mapped_column(JSON)
    who: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="applied")  # applied | orphaned
    event_id: Mapped[int | None] = mapped_column(Integer)  # last event row it was applied to
