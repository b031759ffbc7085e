"""Tables for saved searches and their webhook deliveries (revision 0004).

``watches`` holds a saved search (its filters as JSON, an optional webhook URL and secret).
``deliveries`` holds one row per (watch, event) ever considered for a webhook: the row is
claimed (inserted, or moved to ``sending``) *before* the POST, so an event is never sent
twice for one watch, and it doubles as the delivery log (attempts, last HTTP status, last
error, and a short history of every attempt).

Events are identified by ``event_key``: a hash of ``<document key>#<ordinal>:<kind>``, which
survives a document being re-ingested (its event rows are rebuilt with new ids). ``event_id``
is only a cache of the row id at the time.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow

# baseline: matched when the watch was made (never sent); sending: claimed, POST under way;
# delivered: 2xx received; retry: failed, due again at next_attempt_at; failed: given up;
# unknown: the request may have reached the receiver but no answer came (not resent by itself).
DELIVERY_STATUSES = ("baseline", "sending", "delivered", "retry", "failed", "unknown")


class Watch(Base):
    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    secret: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("watch_id", "event_key", name="uq_deliveries_watch_event"),
                      Index("ix_deliveries_watch_status", "watch_id", "status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"), index=True)
    event_key: Mapped[str] = mapped_column(String(40))
    event_ref: Mapped[str] = mapped_column(String(2100))
    event_kind: Mapped[str] = mapped_column(String(12))
    event_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    history: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
