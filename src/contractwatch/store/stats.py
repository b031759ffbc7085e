"""Read-only queries for the web UI and API: fast event pages, facets, charts, organisations.

Every function takes a :class:`~contractwatch.store.Store` and works on SQLite and PostgreSQL.
``list_events``/``page_ids``/``events_by_ids``/``search`` answer exactly as ``Store.events`` and
``Store.search`` do (tests compare them on both backends), only faster: no join to count, no
ORM objects, no document texts loaded. Organisations are identified, for now, by the
normalised name in ``mentions.norm``.
"""
from __future__ import annotations

import json
import re
import weakref
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, case, event as sa_event, func, select, text as sql_text
from sqlalchemy.orm import load_only, selectinload
from sqlalchemy.sql.util import find_tables

from . import SORTS, EventFilter, Store, _num, document_dict, event_dict, fts5_query, norm_name
from . import models as m

ROLES = ("buyer", "provider", "bidder")


# -- organisations by normalised name ---------------------------------------------------------
def slug(norm: str) -> str:
    """URL form of a normalised name (``norm_name`` keeps only [a-z0-9 ], so this reverses)."""
    return norm.replace(" ", "-")


def unslug(s: str) -> str:
    return norm_name(s.replace("-", " "))


# -- events, faster ------------------------------------------------------------------------------
def _ids(store: Store, f: EventFilter):
    return store._filtered(f).with_only_columns(m.Event.id)  # noqa: SLF001 - same package


def _where(store: Store, f: EventFilter):
    """The filter's WHERE clause on ``events`` alone, or ``(None, True)`` when it needs the join.

    ``Store._filtered`` joins documents for every event; the conditions it adds today only
    touch events (and sub-selects), so counting and paging can skip the join. Should a
    condition on documents appear, the callers fall back to the store's own query.
    """
    f.validate()
    # Organisation names: "contains" over the few distinct names (kept per store version)
    # instead of a LIKE over every mention row; the same events, several times faster.
    where = store._filtered(replace(f, buyer=None, provider=None)).whereclause  # noqa: SLF001
    conds = [] if where is None else [where]
    for role, value in (("buyer", f.buyer), ("provider", f.provider)):
        if value:
            pat = norm_name(value)
            cond = [m.Mention.role == role]
            if pat:
                names = [n for n in _norms(store, role) if pat in n]
                cond.append(m.Mention.norm.in_(names or ["!"]))  # "!" is never a norm
            conds.append(m.Event.id.in_(select(m.Mention.event_id).where(*cond)))
    if not conds:
        return None, False
    where = and_(*conds) if len(conds) > 1 else conds[0]
    tables = find_tables(where, check_columns=True, include_aliases=True)
    return where, any(t is m.Document.__table__ for t in tables)


_NORMS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _norms(store: Store, role: str) -> list[str]:
    """The distinct normalised names in a role, re-read whenever the store changes."""
    per_engine = _NORMS.setdefault(store.engine, {})
    ver = version(store)
    hit = per_engine.get(role)
    if hit is None or hit[0] != ver:
        with store.Session() as s:
            norms = list(s.scalars(select(m.Mention.norm).where(m.Mention.role == role).distinct()))
        hit = per_engine[role] = (ver, norms)
    return hit[1]


def _with(q, where):
    return q if where is None else q.where(where)


def list_events(store: Store, f: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
                sort: str = "date", desc: bool | None = None) -> tuple[list[dict[str, Any]], int]:
    """Same rows, order and total as ``Store.events``, without joining documents to count and
    page, and without loading document texts."""
    ids, total = page_ids(store, f, limit=limit, offset=offset, sort=sort, desc=desc)
    return events_by_ids(store, ids), total


def page_ids(store: Store, f: EventFilter | None = None, *, limit: int = 50, offset: int = 0,
             sort: str = "date", desc: bool | None = None, total: int | None = None) -> tuple[list[int], int]:
    """The ids of one page of events (in ``Store.events`` order) and the filter's total
    (counted unless the caller already knows it)."""
    f = f or EventFilter()
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; expected one of: {', '.join(SORTS)}")
    where, needs_docs = _where(store, f)
    if needs_docs:
        rows, total = store.events(f, limit=limit, offset=offset, sort=sort, desc=desc)
        return [r["id"] for r in rows], total
    col, default_dir = SORTS[sort]
    direction = default_dir if desc is None else ("desc" if desc else "asc")
    order = col.desc().nulls_last() if direction == "desc" else col.asc().nulls_last()
    with store.Session() as s:
        if total is None:
            total = s.scalar(_with(select(func.count()).select_from(m.Event), where)) or 0
        q = _with(select(m.Event.id), where).order_by(order, m.Event.id.desc()).limit(limit).offset(offset)
        if where is not None and sort == "date" and direction == "desc" and _walk_date_index(s, store, total,
                                                                                             limit + offset):
            _install_hints(store)
            q = q.execution_options(cw_indexed_by=DATE_INDEX)
        return list(s.scalars(q).all()), int(total)


def events_by_ids(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """``event_dict`` (with its document) for each id, in the order given; missing ids skipped."""
    if not ids:
        return []
    with store.Session() as s:
        return _event_dicts(s, ids)


DATE_INDEX = "ix_events_event_date"
_HINTED: "weakref.WeakSet" = weakref.WeakSet()


def _install_hints(store: Store) -> None:
    """SQLAlchemy's SQLite dialect drops table hints, so add ``INDEXED BY`` to the outer FROM
    of statements that ask for it (execution option ``cw_indexed_by``), parameters untouched."""
    if store.engine in _HINTED:
        return

    @sa_event.listens_for(store.engine, "before_cursor_execute", retval=True)
    def _indexed_by(conn, cursor, statement, parameters, context, executemany):
        index = context.execution_options.get("cw_indexed_by") if context is not None else None
        if index and re.fullmatch(r"[a-z_]+", index):
            statement = statement.replace("\nFROM events \n", f"\nFROM events INDEXED BY {index} \n", 1)
        return statement, parameters

    _HINTED.add(store.engine)


def _walk_date_index(s, store: Store, total: int, wanted: int) -> bool:
    """Whether SQLite should walk the date index (newest first) rather than sort the matches.

    SQLite picks an index for the filter (kind, category…) and then sorts every match; when
    the matches are many, walking the date index and stopping after ``wanted`` rows is far
    cheaper: it reads about wanted × all / total rows instead of sorting ``total``.
    """
    if store.dialect != "sqlite" or total == 0:
        return False
    everything = s.scalar(select(func.count()).select_from(m.Event)) or 0
    if wanted * everything >= total * total:
        return False
    return bool(s.execute(sql_text("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :n"),
                          {"n": DATE_INDEX}).first())


_EVENT_COLUMNS = ("id", "document_id", "kind", "status", "service", "categories", "buyers", "providers", "bidders",
                  "value_amount", "value_currency", "value_basis", "term_months", "extension_months", "start_date",
                  "end_date", "decision_date", "decision_body", "places", "staff_transferred", "confidence")


def _json_list(v) -> list:
    if isinstance(v, str):
        v = json.loads(v)
    return v or []


def _event_dicts(s, ids: list[int]) -> list[dict[str, Any]]:
    """``event_dict`` for these events, in this order, from three plain SQL statements.

    No ORM objects and no statement building: for a page of 50-100 events this is several times
    cheaper than loading ``Event`` rows. The ids are integers from the database, written inline.
    """
    if not ids:
        return []
    inline = ",".join(str(int(i)) for i in ids)
    conn = s.connection()
    cols = ", ".join(f'e."{c}"' for c in _EVENT_COLUMNS)
    events = {r[0]: r for r in conn.exec_driver_sql(f"SELECT {cols} FROM events e WHERE e.id IN ({inline})")}
    evidence: dict[int, list] = defaultdict(list)
    for event_id, fld, start, end, txt in conn.exec_driver_sql(
            'SELECT event_id, field, start, "end", text FROM evidence '
            f"WHERE event_id IN ({inline}) ORDER BY start, id"):
        evidence[event_id].append({"field": fld, "start": start, "end": end, "text": txt})
    doc_ids = ",".join(str(int(d)) for d in {r[1] for r in events.values()})
    docs = {r[0]: r for r in conn.exec_driver_sql(
        f"SELECT id, title, source, published, type FROM documents WHERE id IN ({doc_ids or '-1'})")}
    out = []
    for i in ids:
        e = events.get(i)
        if e is None:
            continue
        (eid, doc_id, kind, status, service, categories, buyers, providers, bidders, amount, currency, basis,
         term, extension, start_date, end_date, decision_date, body, places, staff, confidence) = e
        d = docs[doc_id]
        out.append({
            "id": eid, "document_id": doc_id, "kind": kind, "status": status, "service": service,
            "categories": _json_list(categories), "buyers": _json_list(buyers), "providers": _json_list(providers),
            "bidders": _json_list(bidders),
            "value": ({"amount": _num(amount), "currency": currency, "basis": basis} if amount is not None else None),
            "term_months": term, "extension_months": extension, "start_date": start_date, "end_date": end_date,
            "decision_date": decision_date, "decision_body": body, "places": _json_list(places),
            "staff_transferred": staff, "confidence": confidence, "evidence": evidence.get(i, []),
            "document": {"id": d[0], "title": d[1], "source": d[2], "published": d[3], "type": d[4]},
        })
    return out


def count_events(store: Store, f: EventFilter | None = None) -> int:
    f = f or EventFilter()
    where, needs_docs = _where(store, f)
    if needs_docs:
        return store.events(f, limit=1)[1]
    with store.Session() as s:
        return int(s.scalar(_with(select(func.count()).select_from(m.Event), where)) or 0)


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """``Store.search`` with SQLite snippets made only for the page of hits, not every match."""
    if store.dialect != "sqlite":
        return store.search(q, limit=limit, offset=offset)
    match = fts5_query(q)
    if not match:
        return []
    with store.engine.connect() as c:
        ranked = c.execute(sql_text("SELECT rowid, bm25(documents_fts, 5.0, 1.0) AS rank FROM documents_fts "
                                    "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n OFFSET :o"),
                           {"q": match, "n": limit, "o": offset}).all()
        if not ranked:
            return []
        ids = [r[0] for r in ranked]
        marks = ", ".join(str(int(i)) for i in ids)
        snips = dict(c.execute(sql_text(
            "SELECT rowid, snippet(documents_fts, 1, char(2), char(3), ' … ', 24) FROM documents_fts "
            f"WHERE documents_fts MATCH :q AND rowid IN ({marks})"), {"q": match}).all())
    with store.Session() as s:
        docs = {d.id: d for d in s.scalars(select(m.Document).where(m.Document.id.in_(ids)).options(
            load_only(m.Document.id, m.Document.source, m.Document.title, m.Document.publisher,
                      m.Document.published, m.Document.type, m.Document.format, m.Document.sha256)))}
        counts = dict(s.execute(select(m.Event.document_id, func.count()).where(
            m.Event.document_id.in_(ids)).group_by(m.Event.document_id)).all())
        return [{**document_dict(docs[i]), "rank": -float(rank), "snippet": snips.get(i, ""),
                 "events": counts.get(i, 0)}
                for i, rank in ranked if i in docs]


# -- facets ------------------------------------------------------------------------------------
def facet_counts(store: Store, f: EventFilter, top: int = 12) -> dict[str, dict[str, int]]:
    """Counts per kind, status, category, buyer and provider; each ignores its own dimension's
    filter so the other values stay visible (and selectable) while one is chosen."""
    out: dict[str, dict[str, int]] = {}

    with store.Session() as s:
        for name, col in (("kind", m.Event.kind), ("status", m.Event.status)):
            g = replace(f, **{name: []})
            where, needs_docs = _where(store, g)
            q = select(col, func.count()).group_by(col).order_by(func.count().desc())
            q = q.where(m.Event.id.in_(_ids(store, g))) if needs_docs else _with(q, where)
            out[name] = {k: n for k, n in s.execute(q)}
        g = replace(f, category=[])
        where, needs_docs = _where(store, g)
        q = select(m.EventCategory.category, func.count()).group_by(m.EventCategory.category) \
            .order_by(func.count().desc())
        if needs_docs:
            q = q.where(m.EventCategory.event_id.in_(_ids(store, g)))
        elif where is not None:
            q = q.join(m.Event, m.Event.id == m.EventCategory.event_id).where(where)
        out["category"] = {k: n for k, n in s.execute(q)}
        for role in ("buyer", "provider"):
            g = replace(f, **{role: None})
            where, needs_docs = _where(store, g)
            # Mentions are one per name per event, so count(*) counts events; grouping on the
            # (role, norm) index alone is several times faster than count(DISTINCT) with names.
            n = func.count()
            q = (select(m.Mention.norm, n).where(m.Mention.role == role, m.Mention.norm != "")
                 .group_by(m.Mention.norm).order_by(n.desc(), m.Mention.norm).limit(top))
            if where is not None or needs_docs:
                q = q.where(m.Mention.event_id.in_(_ids(store, g)))
            top_rows = s.execute(q).all()
            out[role] = {}
            for norm, cnt in top_rows:  # the first spelling seen, one index lookup each
                name = s.scalar(select(m.Mention.name).where(m.Mention.role == role, m.Mention.norm == norm)
                                .order_by(m.Mention.id).limit(1))
                out[role][name or norm] = cnt
    return out


# -- charts ------------------------------------------------------------------------------------
def quarter_of(date: str | None) -> str | None:
    if not date or len(date) < 7:
        return None
    try:
        month = int(date[5:7])
    except ValueError:
        return None
    if not 1 <= month <= 12:
        return None
    return f"{date[:4]} Q{(month - 1) // 3 + 1}"


def by_quarter(store: Store, f: EventFilter | None = None) -> list[tuple[str, dict[str, int]]]:
    """Events per quarter (of the decision date, else the document's) by kind, gaps filled."""
    f = f or EventFilter()
    month = func.substr(m.Event.event_date, 1, 7)
    with store.Session() as s:
        rows = s.execute(select(month, m.Event.kind, func.count()).where(m.Event.id.in_(_ids(store, f)))
                         .group_by(month, m.Event.kind)).all()
    counts: dict[str, Counter] = defaultdict(Counter)
    for mon, kind, n in rows:
        q = quarter_of(mon)
        if q:
            counts[q][kind] += n
    if not counts:
        return []
    return [(q, dict(counts.get(q, {}))) for q in _quarter_range(min(counts), max(counts))]


def _quarter_range(first: str, last: str) -> list[str]:
    y, q = int(first[:4]), int(first[-1])
    ly, lq = int(last[:4]), int(last[-1])
    out = []
    while (y, q) <= (ly, lq) and len(out) < 400:
        out.append(f"{y} Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def by_year(store: Store, kinds: tuple[str, ...] = ("insource", "outsource"),
            f: EventFilter | None = None) -> list[tuple[str, dict[str, int]]]:
    """Events per year for the given kinds, gaps filled."""
    f = replace(f or EventFilter(), kind=list(kinds))
    year = func.substr(m.Event.event_date, 1, 4)
    with store.Session() as s:
        rows = s.execute(select(year, m.Event.kind, func.count()).where(m.Event.id.in_(_ids(store, f)))
                         .group_by(year, m.Event.kind)).all()
    counts: dict[int, Counter] = defaultdict(Counter)
    for y, kind, n in rows:
        if y and re.fullmatch(r"\d{4}", y):
            counts[int(y)][kind] += n
    if not counts:
        return []
    return [(str(y), {k: counts.get(y, Counter()).get(k, 0) for k in kinds})
            for y in range(min(counts), max(counts) + 1)]


def _estimated_total():
    """A value as a total: annual values times the term in years (one year if unknown)."""
    years = func.coalesce(m.Event.term_months, 12) / 12.0
    return case((m.Event.value_basis == "annual", m.Event.value_amount * years), else_=m.Event.value_amount)


def value_by_category(store: Store, f: EventFilter | None = None) -> list[dict[str, Any]]:
    """Estimated total value per category (an event in two categories counts in both)."""
    f = f or EventFilter()
    total = func.sum(_estimated_total())
    with store.Session() as s:
        rows = s.execute(select(m.EventCategory.category, total, func.count())
                         .join(m.Event, m.Event.id == m.EventCategory.event_id)
                         .where(m.Event.value_amount.is_not(None), m.Event.id.in_(_ids(store, f)))
                         .group_by(m.EventCategory.category).order_by(total.desc())).all()
    return [{"category": c, "value": float(v or 0), "events": n} for c, v, n in rows]


# -- organisations ----------------------------------------------------------------------------
def organisations(store: Store, role: str | None = None, q: str | None = None, *,
                  limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Organisations named in events, most decisions first: name, slug, events per role."""
    cond = [m.Mention.norm != ""]
    if role:
        cond.append(m.Mention.role == role)
    if q and norm_name(q):
        cond.append(m.Mention.norm.like(f"%{norm_name(q)}%"))
    n = func.count(func.distinct(m.Mention.event_id))
    with store.Session() as s:
        total = s.scalar(select(func.count(func.distinct(m.Mention.norm))).where(*cond)) or 0
        page = s.execute(select(m.Mention.norm, n).where(*cond).group_by(m.Mention.norm)
                         .order_by(n.desc(), m.Mention.norm).limit(limit).offset(offset)).all()
        norms = [p[0] for p in page]
        detail = s.execute(select(m.Mention.norm, m.Mention.role, m.Mention.name,
                                  func.count(func.distinct(m.Mention.event_id)))
                           .where(m.Mention.norm.in_(norms or [""]))
                           .group_by(m.Mention.norm, m.Mention.role, m.Mention.name)).all()
    roles: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    for norm, r, name, cnt in detail:
        roles[norm][r] += cnt
        names[norm][name] += cnt
    out = [{"name": _best_name(names[norm]), "slug": slug(norm), "norm": norm, "events": total_n,
            "roles": {r: roles[norm][r] for r in ROLES if roles[norm][r]}}
           for norm, total_n in page]
    return out, int(total)


def _best_name(names: Counter) -> str:
    if not names:
        return ""
    # The most used spelling; ties go to the longest (the fullest form).
    return max(names.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]


def organisation(store: Store, norm: str) -> dict[str, Any] | None:
    """Names and counts per role for one organisation, or None when it is never named."""
    with store.Session() as s:
        rows = s.execute(select(m.Mention.role, m.Mention.name, func.count(func.distinct(m.Mention.event_id)))
                         .where(m.Mention.norm == norm).group_by(m.Mention.role, m.Mention.name)).all()
    if not rows or not norm:
        return None
    names: Counter = Counter()
    roles: Counter = Counter()
    for role, name, n in rows:
        names[name] += n
        roles[role] += n
    return {"name": _best_name(names), "slug": slug(norm), "norm": norm, "names": sorted(names),
            "roles": {r: roles[r] for r in ROLES if roles[r]}}


def _role_ids(role: str, norm: str):
    return select(m.Mention.event_id).where(m.Mention.role == role, m.Mention.norm == norm)


def org_events(store: Store, role: str, norm: str, *, kinds: list[str] | None = None,
               limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Events naming the organisation in a role, newest first."""
    cond = [m.Event.id.in_(_role_ids(role, norm))]
    if kinds:
        cond.append(m.Event.kind.in_(kinds))
    with store.Session() as s:
        total = s.scalar(select(func.count(m.Event.id)).where(*cond)) or 0
        rows = s.scalars(select(m.Event).where(*cond)
                         .options(selectinload(m.Event.evidence), selectinload(m.Event.document))
                         .order_by(m.Event.event_date.desc().nulls_last(), m.Event.id.desc())
                         .limit(limit).offset(offset)).all()
        return [event_dict(r) for r in rows], int(total)


def event(store: Store, event_id: int) -> dict[str, Any] | None:
    with store.Session() as s:
        row = s.get(m.Event, event_id, options=[selectinload(m.Event.evidence), selectinload(m.Event.document)])
        return event_dict(row) if row is not None else None


def _timeline(s, ids) -> list[tuple[str, dict[str, int]]]:
    year = func.substr(m.Event.event_date, 1, 4)
    rows = s.execute(select(year, m.Event.kind, func.count()).where(m.Event.id.in_(ids))
                     .group_by(year, m.Event.kind)).all()
    counts: dict[int, Counter] = defaultdict(Counter)
    for y, kind, n in rows:
        if y and re.fullmatch(r"\d{4}", y):
            counts[int(y)][kind] += n
    if not counts:
        return []
    return [(str(y), dict(counts.get(y, {}))) for y in range(min(counts), max(counts) + 1)]


def _counterparts(s, ids, role: str, limit: int) -> list[dict[str, Any]]:
    n = func.count(func.distinct(m.Mention.event_id))
    rows = s.execute(select(m.Mention.norm, func.min(m.Mention.name), n)
                     .where(m.Mention.role == role, m.Mention.event_id.in_(ids), m.Mention.norm != "")
                     .group_by(m.Mention.norm).order_by(n.desc(), m.Mention.norm).limit(limit)).all()
    norms = [r[0] for r in rows]
    kinds: dict[str, Counter] = defaultdict(Counter)
    if norms:
        for norm, kind, cnt in s.execute(
                select(m.Mention.norm, m.Event.kind, func.count())
                .join(m.Event, m.Event.id == m.Mention.event_id)
                .where(m.Mention.role == role, m.Mention.norm.in_(norms), m.Mention.event_id.in_(ids))
                .group_by(m.Mention.norm, m.Event.kind)):
            kinds[norm][kind] += cnt
    return [{"name": name, "slug": slug(norm), "events": cnt, "kinds": dict(kinds[norm])}
            for norm, name, cnt in rows]


def _categories(s, ids) -> dict[str, int]:
    rows = s.execute(select(m.EventCategory.category, func.count()).where(m.EventCategory.event_id.in_(ids))
                     .group_by(m.EventCategory.category).order_by(func.count().desc()))
    return {c: n for c, n in rows}


def buyer_profile(store: Store, norm: str, top: int = 30) -> dict[str, Any]:
    """A buyer's decisions per year by kind, its providers and its categories."""
    ids = _role_ids("buyer", norm)
    with store.Session() as s:
        kinds = dict(s.execute(select(m.Event.kind, func.count()).where(m.Event.id.in_(ids))
                               .group_by(m.Event.kind)).all())
        return {"kinds": kinds, "timeline": _timeline(s, ids), "providers": _counterparts(s, ids, "provider", top),
                "categories": _categories(s, ids)}


PROVIDER_GROUPS = (
    # (key, label, role the organisation has, kinds, statuses or None for any)
    ("won", "Won", "provider", ("award",), ("approved",)),
    ("extended", "Extended", "provider", ("extend",), ("approved",)),
    ("lost", "Lost bids", "bidder", ("award",), None),
    ("ended", "Ended or not renewed", "provider", ("end",), None),
    ("insourced", "Taken in house", "provider", ("insource",), None),
)


def provider_profile(store: Store, norm: str, per_group: int = 50, top: int = 30) -> dict[str, Any]:
    """A provider's contracts: held (latest word is that it delivers), won, lost, ended, in-sourced."""
    ids = _role_ids("provider", norm)
    any_ids = select(m.Mention.event_id).where(m.Mention.norm == norm)
    groups = []
    for key, label, role, kinds, statuses in PROVIDER_GROUPS:
        cond = [m.Event.id.in_(_role_ids(role, norm)), m.Event.kind.in_(kinds)]
        if statuses:
            cond.append(m.Event.status.in_(statuses))
        with store.Session() as s:
            total = s.scalar(select(func.count(m.Event.id)).where(*cond)) or 0
            rows = s.scalars(select(m.Event).where(*cond)
                             .options(selectinload(m.Event.document))
                             .order_by(m.Event.event_date.desc().nulls_last(), m.Event.id.desc())
                             .limit(per_group)).all()
            groups.append({"key": key, "label": label, "total": int(total),
                           "events": [_brief(r) for r in rows]})
    with store.Session() as s:
        held = _held(s, ids, per_group)
        return {"groups": [{"key": "held", "label": "Contracts held", "total": len(held), "events": held}, *groups],
                "timeline": _timeline(s, any_ids), "buyers": _counterparts(s, ids, "buyer", top),
                "categories": _categories(s, ids)}


def _held(s, ids, limit: int) -> list[dict[str, Any]]:
    """Per (buyer, service): the latest event naming the provider, if it left them delivering."""
    rows = s.scalars(select(m.Event).where(m.Event.id.in_(ids))
                     .options(selectinload(m.Event.document))
                     .order_by(m.Event.event_date.desc().nulls_last(), m.Event.id.desc()).limit(2000)).all()
    seen, out = set(), []
    for r in rows:
        key = (tuple(sorted(norm_name(b) for b in r.buyers or [])), norm_name(r.service or "")
               or tuple(r.categories or []))
        if key in seen:
            continue
        seen.add(key)
        delivering = (r.kind in ("award", "extend", "outsource") and r.status == "approved") or \
                     (r.kind == "tender" and r.status != "approved")
        if delivering:
            out.append(_brief(r))
            if len(out) >= limit:
                break
    return out


def _brief(r: m.Event) -> dict[str, Any]:
    return {"id": r.id, "document_id": r.document_id, "kind": r.kind, "status": r.status, "service": r.service,
            "categories": r.categories or [], "buyers": r.buyers or [], "providers": r.providers or [],
            "bidders": r.bidders or [],
            "value": ({"amount": r.value_amount, "currency": r.value_currency, "basis": r.value_basis}
                      if r.value_amount is not None else None),
            "term_months": r.term_months, "extension_months": r.extension_months,
            "decision_date": r.decision_date, "event_date": r.event_date, "end_date": r.end_date,
            "document": {"id": r.document.id, "title": r.document.title, "source": r.document.source}}


# -- totals --------------------------------------------------------------------------------------
def summary(store: Store) -> dict[str, Any]:
    with store.Session() as s:
        kinds = dict(s.execute(select(m.Event.kind, func.count()).group_by(m.Event.kind)).all())
        buyers = s.scalar(select(func.count(func.distinct(m.Mention.norm))).where(m.Mention.role == "buyer")) or 0
        providers = s.scalar(select(func.count(func.distinct(m.Mention.norm)))
                             .where(m.Mention.role == "provider")) or 0
        span = s.execute(select(func.min(m.Event.event_date), func.max(m.Event.event_date))).one()
    counts = store.counts()
    return {**counts, "kinds": kinds, "buyers": int(buyers), "providers": int(providers),
            "first": span[0], "last": span[1]}


def version(store: Store) -> tuple:
    """Changes when documents are added or removed, or events replaced (cheap: index lookups only).

    Replacing a document's events gives them new ids, so the highest event id moves; callers
    should still let cached views expire after a while.
    """
    parts = [select(func.max(m.Document.id)).scalar_subquery(),
             select(func.count()).select_from(m.Document).scalar_subquery(),
             select(func.max(m.Event.id)).scalar_subquery()]
    if store.dialect == "sqlite":  # counting a big table is a scan on PostgreSQL; cheap here
        parts.append(select(func.count()).select_from(m.Event).scalar_subquery())
    q = select(*parts)
    with store.engine.connect() as c:
        return tuple(c.execute(q).one())
