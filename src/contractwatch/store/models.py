"""SQLAlchemy tables. Schema changes go through an Alembic revision in ``migrations/``."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # What identifies a document across re-ingests: its URL, else its absolute path, else its hash.
    key: Mapped[str] = mapped_column(String(2000), unique=True)
    source: Mapped[str | None] = mapped_column(String(2000))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(10))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    type: Mapped[str] = mapped_column(String(10), default="other")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    events: Mapped[list["Event"]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                 order_by="Event.ordinal", passive_deletes=True)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    status: Mapped[str] = mapped_column(String(10), index=True)
    service: Mapped[str | None] = mapped_column(Text)
    categories: Mapped[list] = mapped_column(JSON, default=list)
    buyers: Mapped[list] = mapped_column(JSON, default=list)
    providers: Mapped[list] = mapped_column(JSON, default=list)
    bidders: Mapped[list] = mapped_column(JSON, default=list)
    places: Mapped[list] = mapped_column(JSON, default=list)
    value_amount: Mapped[float | None] = mapped_column(Float, index=True)
    value_currency: Mapped[str | None] = mapped_column(String(3))
    value_basis: Mapped[str | None] = mapped_column(String(6))
    term_months: Mapped[int | None] = mapped_column(Integer)
    extension_months: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10), index=True)
    decision_date: Mapped[str | None] = mapped_column(String(10), index=True)
    # The date used for ordering and --since/--until: decision date, else the document's.
    event_date: Mapped[str | None] = mapped_column(String(10), index=True)
    decision_body: Mapped[str | None] = mapped_column(String(300))
    staff_transferred: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)

    document: Mapped[Document] = relationship(back_populates="events")
    evidence: Mapped[list["Evidence"]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                      order_by="Evidence.start")
    mentions: Mapped[list["Mention"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    category_rows: Mapped[list["EventCategory"]] = relationship(cascade="all, delete-orphan",
                                                                passive_deletes=True)


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(30))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Mention(Base):
    """An organisation as the text names it, in a role; resolution fills ``org_id`` later."""

    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_role_norm", "role", "norm"),
                      Index("ix_mentions_role_norm_event", "role", "norm", "event_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # buyer | provider | bidder
    name: Mapped[str] = mapped_column(String(500))
    norm: Mapped[str] = mapped_column(String(500))  # lower-cased, for filters
    org_id: Mapped[str | None] = mapped_column(String(200), index=True)


class EventCategory(Base):
    __tablename__ = "event_categories"
    __table_args__ = (UniqueConstraint("event_id", "category"),
                      Index("ix_event_categories_category_event", "category", "event_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(30), index=True)
