"""The store: documents, events and their evidence in SQLite (default) or PostgreSQL."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event as sa_event, func, select, text as sql_text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import selectinload, sessionmaker

from ..record import KINDS, STATUSES, CATEGORIES, Record
from . import models as m

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    pass


def default_url() -> str:
    if os.environ.get("CONTRACTWATCH_DB"):
        return normalise_url(os.environ["CONTRACTWATCH_DB"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'contractwatch' / 'contractwatch.db'}"


def normalise_url(url: str | None) -> str:
    """Accept SQLAlchemy URLs, libpq-style postgres URLs and bare SQLite file paths."""
    if not url:
        return default_url()
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


@dataclass
class EventFilter:
    kind: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    buyer: str | None = None
    provider: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None
    document_id: int | None = None

    def validate(self) -> None:
        for name, allowed in (("kind", KINDS), ("status", STATUSES), ("category", CATEGORIES)):
            for v in getattr(self, name):
                if v not in allowed:
                    raise ValueError(f"unknown {name} {v!r}; expected one of: {', '.join(allowed)}")
        for name in ("since", "until"):
            v = getattr(self, name)
            if v and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
                raise ValueError(f"{name} must be a date like 2024-03-31, 2024-03 or 2024, not {v!r}")


SORTS = {
    "date": (m.Event.event_date, "desc"), "value": (m.Event.value_amount, "desc"),
    "end": (m.Event.end_date, "asc"), "kind": (m.Event.kind, "asc"), "status": (m.Event.status, "asc"),
    "service": (m.Event.service, "asc"), "term": (m.Event.term_months, "desc"),
}


def norm_name(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower().replace("&", " and ")))


class Store:
    def __init__(self, url: str | None = None, migrate: bool = True):
        self.url = normalise_url(url)
        if self.url.startswith("sqlite:///"):
            path = Path(self.url[len("sqlite:///"):])
            if str(path) not in ("", ":memory:"):
                path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            sa_event.listen(self.engine, "connect", _sqlite_pragmas)
        self.Session = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        from alembic.script import ScriptDirectory
        from sqlalchemy import inspect

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        heads = set(ScriptDirectory.from_config(cfg).get_heads())
        with self.engine.connect() as conn:
            if inspect(conn).has_table("alembic_version"):
                current = {r[0] for r in conn.execute(sql_text("SELECT version_num FROM alembic_version"))}
                if current == heads:
                    return  # already current: skip Alembic's environment start-up
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -------------------------------------------------------------------------
    def save(self, *, key: str, source: str | None, sha256: str, fmt: str, text: str,
             record: Record) -> tuple[str, int]:
        """Store one document and its events in one transaction.

        Returns ("new" | "updated" | "unchanged", document id). The same content under the
        same key is stored once; changed content replaces the document's old events.
        """
        with self.Session.begin() as s:
            doc = s.scalar(select(m.Document).where(m.Document.key == key))
            if doc is not None and doc.sha256 == sha256:
                return "unchanged", doc.id
            status = "updated" if doc is not None else "new"
            info = record.document
            if doc is None:
                doc = m.Document(key=key)
                s.add(doc)
            else:
                doc.events.clear()
                s.flush()
            doc.source, doc.sha256, doc.format, doc.text = source, sha256, fmt, text
            doc.title, doc.publisher, doc.published = info.title, info.publisher, info.published
            doc.type = info.type or "other"
            doc.updated_at = datetime.now(timezone.utc)
            for i, ev in enumerate(record.events):
                doc.events.append(_event_row(ev, i, info.published))
            s.flush()
            return status, doc.id

    def delete_document(self, doc_id: int) -> bool:
        with self.Session.begin() as s:
            doc = s.get(m.Document, doc_id)
            if doc is None:
                return False
            s.delete(doc)
            return True

    # -- reading -------------------------------------------------------------------------
    def _filtered(self, f: EventFilter):
        f.validate()
        q = select(m.Event).join(m.Document)
        if f.kind:
            q = q.where(m.Event.kind.in_(f.kind))
        if f.status:
            q = q.where(m.Event.status.in_(f.status))
        for cat in f.category:
            q = q.where(m.Event.id.in_(select(m.EventCategory.event_id).where(m.EventCategory.category == cat)))
        for role, value in (("buyer", f.buyer), ("provider", f.provider)):
            if value:
                pat = f"%{norm_name(value)}%"
                q = q.where(m.Event.id.in_(select(m.Mention.event_id).where(
                    m.Mention.role == role, m.Mention.norm.like(pat))))
        if f.since:
            q = q.where(m.Event.event_date >= f.since)
        if f.until:
            q = q.where(m.Event.event_date <= f.until + "\uffff")
        if f.document_id is not None:
            q = q.where(m.Event.document_id == f.document_id)
        if f.q:
            ids = [d for d, *_ in self._search_ids(f.q, limit=10_000)]
            q = q.where(m.Event.document_id.in_(ids or [-1]))
        return q

    def events(self, f: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
               sort: str = "date", desc: bool | None = None) -> tuple[list[dict[str, Any]], int]:
        f = f or EventFilter()
        q = self._filtered(f)
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; expected one of: {', '.join(SORTS)}")
        col, default_dir = SORTS[sort]
        direction = default_dir if desc is None else ("desc" if desc else "asc")
        order = col.desc().nulls_last() if direction == "desc" else col.asc().nulls_last()
        with self.Session() as s:
            total = s.scalar(select(func.count()).select_from(q.subquery()))
            rows = s.scalars(q.options(selectinload(m.Event.evidence), selectinload(m.Event.document))
                             .order_by(order, m.Event.id.desc()).limit(limit).offset(offset)).all()
            return [event_dict(r) for r in rows], int(total or 0)

    def facets(self, f: EventFilter | None = None) -> dict[str, dict[str, int]]:
        f = f or EventFilter()
        sub = self._filtered(f).with_only_columns(m.Event.id).subquery()
        out: dict[str, dict[str, int]] = {}
        with self.Session() as s:
            for name, col in (("kind", m.Event.kind), ("status", m.Event.status)):
                rows = s.execute(select(col, func.count()).where(m.Event.id.in_(select(sub.c.id)))
                                 .group_by(col).order_by(func.count().desc()))
                out[name] = {k: n for k, n in rows}
            rows = s.execute(select(m.EventCategory.category, func.count())
                             .where(m.EventCategory.event_id.in_(select(sub.c.id)))
                             .group_by(m.EventCategory.category).order_by(func.count().desc()))
            out["category"] = {k: n for k, n in rows}
            rows = s.execute(select(m.Mention.name, func.count(func.distinct(m.Mention.event_id)))
                             .where(m.Mention.role == "buyer", m.Mention.event_id.in_(select(sub.c.id)))
                             .group_by(m.Mention.name).order_by(func.count(func.distinct(m.Mention.event_id)).desc())
                             .limit(25))
            out["buyer"] = {k: n for k, n in rows}
        return out

    def document(self, doc_id: int) -> dict[str, Any] | None:
        with self.Session() as s:
            doc = s.get(m.Document, doc_id, options=[selectinload(m.Document.events).selectinload(m.Event.evidence)])
            if doc is None:
                return None
            return {**document_dict(doc), "text": doc.text, "events": [event_dict(e, with_doc=False) for e in doc.events]}

    def documents(self, *, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        with self.Session() as s:
            total = s.scalar(select(func.count(m.Document.id)))
            rows = s.scalars(select(m.Document).order_by(m.Document.published.desc().nulls_last(), m.Document.id.desc())
                             .limit(limit).offset(offset)).all()
            return [document_dict(d) for d in rows], int(total or 0)

    def counts(self) -> dict[str, int]:
        with self.Session() as s:
            return {"documents": s.scalar(select(func.count(m.Document.id))) or 0,
                    "events": s.scalar(select(func.count(m.Event.id))) or 0}

    def _search_ids(self, q: str, limit: int = 20, offset: int = 0) -> list[tuple[int, float, str]]:
        if self.dialect == "sqlite":
            match = fts5_query(q)
            if not match:
                return []
            sql = sql_text("SELECT rowid, bm25(documents_fts, 5.0, 1.0) AS rank, "
                           "snippet(documents_fts, 1, char(2), char(3), ' … ', 24) "
                           "FROM documents_fts WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n OFFSET :o")
            with self.engine.connect() as c:
                return [(r[0], -float(r[1]), r[2]) for r in c.execute(sql, {"q": match, "n": limit, "o": offset})]
        if not q.strip():
            return []
        sql = sql_text(
            "SELECT id, ts_rank(v, query) AS rank, ts_headline('english', text, query, "
            "'StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=12, MaxFragments=1') "
            "FROM (SELECT id, text, to_tsvector('english', coalesce(title, '') || ' ' || text) AS v, "
            "websearch_to_tsquery('english', :q) AS query FROM documents) d "
            "WHERE v @@ query ORDER BY rank DESC, id LIMIT :n OFFSET :o")
        with self.engine.connect() as c:
            return [(r[0], float(r[1]), r[2]) for r in c.execute(sql, {"q": q, "n": limit, "o": offset})]

    def search(self, q: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Full-text search over documents; snippets mark hits with \\x02 … \\x03."""
        hits = self._search_ids(q, limit, offset)
        if not hits:
            return []
        with self.Session() as s:
            docs = {d.id: d for d in s.scalars(select(m.Document).where(m.Document.id.in_([h[0] for h in hits])))}
            counts = dict(s.execute(select(m.Event.document_id, func.count()).where(
                m.Event.document_id.in_(list(docs))).group_by(m.Event.document_id)).all())
        return [{**document_dict(docs[i]), "rank": rank, "snippet": snip, "events": counts.get(i, 0)}
                for i, rank, snip in hits if i in docs]


def fts5_query(q: str) -> str:
    """Free text to a safe FTS5 query: quoted phrases kept, every other word required."""
    phrases = re.findall(r'"([^"]+)"', q)
    rest = re.sub(r'"[^"]*"', " ", q)
    terms = [f'"{p.replace(chr(34), "")}"' for p in phrases]
    terms += [f'"{w}"' for w in re.findall(r"[\w£&']+", rest) if w.upper() not in {"AND", "OR", "NOT"}]
    return " AND ".join(terms)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _event_row(ev, ordinal: int, published: str | None) -> m.Event:
    row = m.Event(
        ordinal=ordinal, kind=ev.kind, status=ev.status, service=ev.service,
        categories=list(ev.categories), buyers=list(ev.buyers), providers=list(ev.providers),
        bidders=list(ev.bidders), places=list(ev.places),
        value_amount=ev.value.amount if ev.value else None,
        value_currency=ev.value.currency if ev.value else None,
        value_basis=ev.value.basis if ev.value else None,
        term_months=ev.term_months, extension_months=ev.extension_months,
        start_date=ev.start_date, end_date=ev.end_date, decision_date=ev.decision_date,
        event_date=ev.decision_date or published, decision_body=ev.decision_body,
        staff_transferred=ev.staff_transferred, confidence=ev.confidence,
    )
    row.evidence = [m.Evidence(field=e.field, start=e.start, end=e.end, text=e.text) for e in ev.evidence]
    row.mentions = [m.Mention(role=role, name=n[:500], norm=norm_name(n)[:500])
                    for role, names in (("buyer", ev.buyers), ("provider", ev.providers), ("bidder", ev.bidders))
                    for n in dict.fromkeys(names)]
    row.category_rows = [m.EventCategory(category=c) for c in dict.fromkeys(ev.categories)]
    return row


def document_dict(d: m.Document) -> dict[str, Any]:
    return {"id": d.id, "source": d.source, "title": d.title, "publisher": d.publisher,
            "published": d.published, "type": d.type, "format": d.format, "sha256": d.sha256}


def event_dict(e: m.Event, with_doc: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": e.id, "document_id": e.document_id, "kind": e.kind, "status": e.status,
        "service": e.service, "categories": e.categories or [], "buyers": e.buyers or [],
        "providers": e.providers or [], "bidders": e.bidders or [],
        "value": ({"amount": _num(e.value_amount), "currency": e.value_currency, "basis": e.value_basis}
                  if e.value_amount is not None else None),
        "term_months": e.term_months, "extension_months": e.extension_months,
        "start_date": e.start_date, "end_date": e.end_date, "decision_date": e.decision_date,
        "decision_body": e.decision_body, "places": e.places or [],
        "staff_transferred": e.staff_transferred, "confidence": e.confidence,
        "evidence": [{"field": v.field, "start": v.start, "end": v.end, "text": v.text} for v in e.evidence],
    }
    if with_doc:
        out["document"] = {"id": e.document.id, "title": e.document.title, "source": e.document.source,
                           "published": e.document.published, "type": e.document.type}
    return out


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x

