"""Hand corrections of event fields: recorded with who and when, re-applied after re-extraction.

A correction is keyed by the document's key, the event's ordinal in it and the kind the
extractor gave it, plus the field — never by row ids, which change when a document is
re-ingested. :func:`apply_corrections` (run by :func:`contractwatch.link.refresh`) finds the
event again (same ordinal and extracted kind; else the only event of that kind in the
document) and writes the corrected values into it; a correction whose event has gone is kept
and marked ``orphaned``.

Corrections of links (which events make one contract) are manual merges and splits, see
:func:`contractwatch.link.merge_contracts` and :func:`contractwatch.link.split_contract`.
"""
from __future__ import annotations

import getpass
import re
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import select

from .record import CATEGORIES, KINDS, LIST_FIELDS, STATUSES
from .store import models as m
from .store import norm_name
from .store import linkmodels as lm

FIELDS = ("kind", "status", "service", "categories", "buyers", "providers", "bidders", "value", "term_months",
          "extension_months", "start_date", "end_date", "decision_date", "decision_body", "places",
          "staff_transferred")
INT_FIELDS = ("term_months", "extension_months", "staff_transferred")
DATE_FIELDS = ("start_date", "end_date", "decision_date")


class CorrectionError(ValueError):
    pass


def default_who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "unknown"


def parse_value(field: str, value: Any) -> Any:
    """A value as typed on the command line or posted by a form, checked and typed for ``field``."""
    if field not in FIELDS:
        raise CorrectionError(f"unknown field {field!r}; correctable fields: {', '.join(FIELDS)}")
    if isinstance(value, str):
        value = value.strip()
    empty = value is None or value == "" or (isinstance(value, str) and value.lower() in ("null", "none", "-"))
    if field in LIST_FIELDS:
        if empty:
            return []
        # names may hold commas ("Bristol, North Somerset and …"): they are separated by ';' or '|'
        sep = r"\s*[;|,]\s*" if field == "categories" else r"\s*[;|]\s*"
        items = value if isinstance(value, list) else re.split(sep, value)
        items = [str(v).strip() for v in items if str(v).strip()]
        if field == "categories":
            items = [v.lower().replace(" ", "_") for v in items]
            bad = [v for v in items if v not in CATEGORIES]
            if bad:
                raise CorrectionError(f"unknown category {bad[0]!r}; expected: {', '.join(CATEGORIES)}")
        return items
    if field in ("kind", "status"):
        allowed = KINDS if field == "kind" else STATUSES
        if empty or str(value).lower() not in allowed:
            raise CorrectionError(f"{field} must be one of: {', '.join(allowed)}")
        return str(value).lower()
    if empty:
        return None
    if field in INT_FIELDS:
        try:
            n = int(str(value).strip().rstrip("m"))
        except ValueError:
            raise CorrectionError(f"{field} must be a whole number, not {value!r}") from None
        if n < 0:
            raise CorrectionError(f"{field} cannot be negative")
        return n
    if field in DATE_FIELDS:
        v = str(value)
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
            raise CorrectionError(f"{field} must be a date like 2024-03-31, 2024-03 or 2024, not {v!r}")
        return v
    if field == "value":
        if isinstance(value, dict):
            amount, basis = value.get("amount"), value.get("basis") or "total"
        else:
            mm = re.fullmatch(r"£?\s*([\d,.]+)\s*(k|m|bn)?\s*(total|annual|p\.?a\.?|a year|per year)?", str(value), re.I)
            if not mm:
                raise CorrectionError(f"value must look like '1200000', '£1.2m annual' or '3bn total', not {value!r}")
            amount = float(mm.group(1).replace(",", "")) * {"k": 1e3, "m": 1e6, "bn": 1e9}.get((mm.group(2) or "").lower(), 1)
            basis = "total" if not mm.group(3) or mm.group(3).lower() == "total" else "annual"
        try:
            amount = float(amount)
        except (TypeError, ValueError):
            raise CorrectionError("value needs a number") from None
        if basis not in ("total", "annual"):
            raise CorrectionError("value basis must be total or annual")
        return {"amount": int(amount) if amount.is_integer() else amount, "currency": "GBP", "basis": basis}
    return str(value)


def _get(ev: m.Event, field: str) -> Any:
    if field == "value":
        if ev.value_amount is None:
            return None
        a = ev.value_amount
        return {"amount": int(a) if float(a).is_integer() else a, "currency": ev.value_currency or "GBP",
                "basis": ev.value_basis or "total"}
    v = getattr(ev, field)
    return list(v or []) if field in LIST_FIELDS else v


def _set(s, ev: m.Event, field: str, value: Any) -> bool:
    """Write a value into an event row (and its mentions / categories); True if it changed."""
    if _get(ev, field) == value:
        return False
    if field == "value":
        if value is None:
            ev.value_amount = ev.value_currency = ev.value_basis = None
        else:
            ev.value_amount, ev.value_currency, ev.value_basis = float(value["amount"]), value.get("currency", "GBP"), value["basis"]
        return True
    setattr(ev, field, list(value) if field in LIST_FIELDS else value)
    if field == "decision_date":
        ev.event_date = value or (ev.document.published if ev.document else None)
    if field in ("buyers", "providers", "bidders"):
        role = field[:-1]
        for mention in list(ev.mentions):
            if mention.role == role:
                ev.mentions.remove(mention)
        s.flush()
        for n in dict.fromkeys(value):
            ev.mentions.append(m.Mention(role=role, name=n[:500], norm=norm_name(n)[:500]))
    if field == "categories":
        ev.category_rows.clear()
        s.flush()
        ev.category_rows.extend(m.EventCategory(category=c) for c in dict.fromkeys(value))
    return True


def correct_event(store, event_id: int, field: str, value: Any, *, who: str | None = None,
                  note: str | None = None, relink: bool = True) -> dict[str, Any]:
    """Correct one field of a stored event; returns the correction as recorded."""
    new = parse_value(field, value)
    with store.Session.begin() as s:
        ev = s.get(m.Event, event_id)
        if ev is None:
            raise CorrectionError(f"no such event: {event_id}")
        doc = ev.document
        # the kind the extractor gave, even when the kind itself was corrected before
        prior_kind = s.scalar(select(lm.Correction.kind).where(
            lm.Correction.doc_key == doc.key, lm.Correction.ordinal == ev.ordinal).order_by(lm.Correction.id).limit(1))
        old = _get(ev, field)
        c = lm.Correction(doc_key=doc.key, ordinal=ev.ordinal, kind=prior_kind or ev.kind, field=field,
                          old_value=old, new_value=new, who=who or default_who(), at=datetime.now(timezone.utc),
                          note=note, status="applied", event_id=ev.id)
        s.add(c)
        _set(s, ev, field, new)
        s.flush()
        out = correction_dict(c)
    if relink:
        from .link import refresh

        refresh(store, [doc_id_of(store, event_id)], apply_corrections=False)
    return out


def doc_id_of(store, event_id: int) -> int:
    with store.Session() as s:
        return s.scalar(select(m.Event.document_id).where(m.Event.id == event_id))


def correction_dict(c: lm.Correction) -> dict[str, Any]:
    return {"id": c.id, "doc_key": c.doc_key, "ordinal": c.ordinal, "kind": c.kind, "field": c.field,
            "old_value": c.old_value, "new_value": c.new_value, "who": c.who,
            "at": c.at.isoformat() if c.at else None, "note": c.note, "status": c.status, "event_id": c.event_id}


def apply_corrections(store, document_ids: Iterable[int] | None = None) -> int:
    """Re-apply every correction (or those of some documents) to the current event rows.

    Returns how many corrections are in force. Idempotent: unchanged rows are not rewritten.
    """
    from sqlalchemy.orm import selectinload

    applied = 0
    with store.Session.begin() as s:
        q = select(lm.Correction).order_by(lm.Correction.id)
        if document_ids is not None:
            keys = list(s.scalars(select(m.Document.key).where(m.Document.id.in_(list(document_ids) or [-1]))))
            q = q.where(lm.Correction.doc_key.in_(keys))
        fixes = s.scalars(q).all()
        if not fixes:
            return 0
        keys = sorted({c.doc_key for c in fixes})
        docs = {d.key: d for d in s.scalars(select(m.Document).where(m.Document.key.in_(keys)).options(
            selectinload(m.Document.events).selectinload(m.Event.mentions),
            selectinload(m.Document.events).selectinload(m.Event.category_rows)))}
        by_event: dict[tuple[str, int], list[lm.Correction]] = {}
        for c in fixes:
            by_event.setdefault((c.doc_key, c.ordinal), []).append(c)
        for (key, ordinal), cs in by_event.items():
            doc = docs.get(key)
            target = _find(doc, ordinal, cs) if doc is not None else None
            for c in cs:
                if target is None:
                    c.status, c.event_id = "orphaned", None
                    continue
                _set(s, target, c.field, c.new_value)
                c.status, c.event_id = "applied", target.id
                applied += 1
    return applied


def _find(doc: m.Document, ordinal: int, cs: list[lm.Correction]) -> m.Event | None:
    kind = cs[0].kind
    corrected_kind = next((c.new_value for c in reversed(cs) if c.field == "kind"), None)
    for ev in doc.events:
        if ev.ordinal == ordinal and ev.kind in (kind, corrected_kind):
            return ev
    same = [ev for ev in doc.events if ev.kind in (kind, corrected_kind)]
    return same[0] if len(same) == 1 else None


def corrections_for_events(store, event_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Corrections in force on these events, for showing corrected fields as such."""
    ids = list(event_ids)
    out: dict[int, list[dict[str, Any]]] = {}
    if not ids:
        return out
    with store.Session() as s:
        rows = s.scalars(select(lm.Correction).where(lm.Correction.event_id.in_(ids),
                                                     lm.Correction.status == "applied").order_by(lm.Correction.id))
        for c in rows:
            out.setdefault(c.event_id, []).append(correction_dict(c))
    return out


def list_corrections(store, *, event_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
    with store.Session() as s:
        q = select(lm.Correction).order_by(lm.Correction.id.desc()).limit(limit)
        if event_id is not None:
            q = q.where(lm.Correction.event_id == event_id)
        return [correction_dict(c) for c in s.scalars(q)]
