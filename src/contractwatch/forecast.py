"""When a contract ends, what comes next, and how sure we are.

:func:`forecast` reads one contract's timeline (event dicts in date order, the store's
``event_dict`` shape plus an optional ``date``) and replays it:

* an award (or outsourcing) sets the term: an explicit end date, else start + term, else the
  decision date + term (start estimated); its extension options give the range's far end;
* an extension moves the end (its own end date, else the current end + its term, else the
  options used up); a proposed extension only widens the range;
* a decision to end (not extend, terminate) or to take the service in house fixes the end and
  closes the contract to the market;
* a tender opens it: a re-procurement of the incumbent contract, or (with no award yet) a new
  contract whose start is estimated a year after the tender decision.

Dates keep the precision the text gave ("2024-03-31", "2030-03", "2023").
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

# What each way of knowing the end is worth.
BASIS_CONFIDENCE = {"end date": 0.9, "start + term": 0.8, "decision + term": 0.55, "extension": 0.75,
                    "tender estimate": 0.35, "end decision": 0.85, "unknown": 0.1}
PROCUREMENT_MONTHS = 12  # assumed gap between a tender decision and the new contract's start


# -- partial dates --------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class PDate:
    """A date at year, month or day precision; compares by its first day."""

    first: date
    precision: str  # "year" | "month" | "day"

    @classmethod
    def parse(cls, s: str | None) -> "PDate | None":
        if not s:
            return None
        return _parse_pdate(str(s))

    @classmethod
    def _parse(cls, s: str) -> "PDate | None":
        m = _PDATE.fullmatch(s.strip()[:10])
        if not m:
            return None
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        try:
            if d:
                return cls(date(y, int(mo), int(d)), "day")
            if mo:
                return cls(date(y, int(mo), 1), "month")
            return cls(date(y, 1, 1), "year")
        except ValueError:
            return None

    @property
    def last(self) -> date:
        d = self.first
        if self.precision == "day":
            return d
        if self.precision == "month":
            return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        return date(d.year, 12, 31)

    def iso(self) -> str:
        d = self.first
        return {"day": d.isoformat(), "month": f"{d.year:04d}-{d.month:02d}", "year": f"{d.year:04d}"}[self.precision]

    def add_months(self, n: int) -> "PDate":
        return PDate(_add_months(self.first, n), self.precision)

    def end_after(self, months: int) -> "PDate":
        """The last day (at this precision) of a term of ``months`` starting on this date."""
        if self.precision == "day":
            d = _add_months(self.first, months)
            if d.day < self.first.day:  # clamped (29 Feb + 12 months): that day is the last one
                return PDate(d, "day")
            return PDate(date.fromordinal(d.toordinal() - 1), "day")
        if self.precision == "month":
            return PDate(_add_months(self.first, months - 1), "month")
        if months % 12 == 0:
            return PDate(date(self.first.year + months // 12 - 1, 1, 1), "year")
        return PDate(_add_months(date(self.first.year, 1, 1), months - 1), "month")

    def extend(self, months: int) -> "PDate":
        """An end date moved on by ``months`` (the end of the extension period)."""
        if self.precision == "day":
            last = self.first
            end_of_month = last.day == calendar.monthrange(last.year, last.month)[1]
            d = _add_months(last, months)
            if end_of_month:
                d = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
            return PDate(d, "day")
        if self.precision == "month":
            return PDate(_add_months(self.first, months), "month")
        if months % 12 == 0:
            return PDate(date(self.first.year + months // 12, 1, 1), "year")
        return PDate(_add_months(date(self.first.year, 12, 1), months), "month")


_PDATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@lru_cache(maxsize=100_000)
def _parse_pdate(s: str) -> PDate | None:
    return PDate._parse(s)


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def parse_within(s: str) -> int:
    """"18m", "18", "2y", "6 months" → months."""
    m = re.fullmatch(r"\s*(\d+)\s*(m|mo|months?|y|yr|years?)?\s*", s or "", re.I)
    if not m:
        raise ValueError(f"--within takes a period like 18m or 2y, not {s!r}")
    n = int(m.group(1))
    return n * 12 if (m.group(2) or "m").lower().startswith("y") else n


# -- the forecast -------------------------------------------------------------------------
@dataclass
class Forecast:
    status: str = "unknown"  # active | extended | tendering | procuring | ending | insourced | ended | unknown
    start: str | None = None
    end_low: str | None = None   # expected end, no further optional extensions
    end_high: str | None = None  # with every optional extension taken
    basis: str = "unknown"
    closed_to_market: bool = False
    next_event: dict[str, Any] | None = None  # {"kind", "date", "note"}
    confidence: float = 0.0
    steps: list[dict[str, Any]] = field(default_factory=list)  # how each event moved it
    evidence: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # "proposed end", "proposed insource" …

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "start": self.start, "end_low": self.end_low, "end_high": self.end_high,
                "basis": self.basis, "closed_to_market": self.closed_to_market,
                "next_event": dict(self.next_event) if self.next_event else None, "confidence": self.confidence,
                "steps": list(self.steps), "evidence": list(self.evidence), "flags": list(self.flags)}

    @property
    def next_date(self) -> str | None:
        return (self.next_event or {}).get("date")


def event_date(ev: dict[str, Any]) -> str | None:
    return ev.get("date") or ev.get("decision_date") or (ev.get("document") or {}).get("published")


def _fields_evidence(ev: dict[str, Any], names: Iterable[str]) -> list[dict[str, Any]]:
    want = set(names) | {"kind"}
    out = []
    for e in ev.get("evidence") or []:
        if e.get("field") in want:
            out.append({"event_id": ev.get("id"), "document_id": ev.get("document_id"), **e})
    return out


def forecast(timeline: list[dict[str, Any]], today: date | None = None) -> Forecast:
    """Replay a contract's events (oldest first) into its expected end and next market event."""
    today = today or date.today()
    f = Forecast()
    start: PDate | None = None
    end: PDate | None = None
    options = 0  # optional extension months still available
    basis = "unknown"
    extractor_conf: list[float] = []
    tender_at: PDate | None = None
    proposed_high: PDate | None = None
    has_award = False

    def step(ev: dict[str, Any], text: str, used: Iterable[str]) -> None:
        f.steps.append({"event_id": ev.get("id"), "date": event_date(ev), "kind": ev.get("kind"),
                        "status": ev.get("status"), "effect": text})
        f.evidence.extend(_fields_evidence(ev, used))
        extractor_conf.append(float(ev.get("confidence") or 0.5))

    for ev in timeline:
        kind, status = ev.get("kind"), ev.get("status") or "approved"
        d = PDate.parse(event_date(ev))
        s_ = PDate.parse(ev.get("start_date"))
        e_ = PDate.parse(ev.get("end_date"))
        term, ext = ev.get("term_months"), ev.get("extension_months")
        if status in ("rejected", "deferred"):
            f.steps.append({"event_id": ev.get("id"), "date": event_date(ev), "kind": kind, "status": status,
                            "effect": f"{kind} {status}: no change"})
            continue
        proposed = status == "proposed"

        if kind in ("award", "outsource") and not proposed:
            has_award = True
            tender_at = None
            f.closed_to_market = False
            used = ["start_date", "end_date", "term_months", "extension_months"]
            restates = not (s_ or e_ or term or ext)  # a past award recounted without its terms
            start = s_ or start if restates else s_
            if restates:
                pass  # a restatement leaves the expected end where it was
            elif e_:
                end, basis = e_, "end date"
            elif s_ and term:
                end, basis = s_.end_after(term), "start + term"
            elif term and d:
                base = d if d.precision != "day" else PDate(d.first, "month")
                start = start or base
                end, basis = base.end_after(term), "decision + term"
            else:
                end, basis = None, "unknown"
            options = options if restates else (ext or 0)
            f.status = "active"
            what = "awarded" if kind == "award" else "outsourced"
            step(ev, f"{what}: " + (f"runs to {end.iso()}" if end else "end not known")
                 + (f" (+{options} months optional)" if options else ""), used)
        elif kind in ("award", "outsource"):
            step(ev, f"{kind} proposed: not yet counted", ["providers"])
        elif kind == "tender" and not proposed:
            tender_at = d
            f.closed_to_market = False
            if has_award and end is not None:
                f.status = "tendering"
                step(ev, f"re-procurement approved while the contract runs to {end.iso()}", [])
            else:
                f.status = "procuring"
                if term and (s_ or d):
                    base = s_ or (d.add_months(PROCUREMENT_MONTHS) if d else None)
                    if base is not None and base.precision == "day" and not s_:
                        base = PDate(base.first, "month")
                    start = base
                    end = base.end_after(term)
                    basis = "start + term" if s_ else "tender estimate"
                    options = ext or 0
                    step(ev, f"procurement approved: a {term}-month contract"
                         + (f" from {s_.iso()}" if s_ else f", assumed to start about {base.iso()}")
                         + (f" with {options} months optional" if options else ""),
                         ["term_months", "extension_months", "start_date"])
                else:
                    step(ev, "procurement approved: term not known", [])
        elif kind == "tender":
            step(ev, "procurement proposed", [])
            f.flags.append("proposed tender")
        elif kind == "extend":
            base = end
            if e_:
                new_end, how = e_, f"extended to {e_.iso()}"
            elif term and s_:
                new_end, how = s_.end_after(term), f"extended {term} months from {s_.iso()}"
            elif term and end:
                new_end, how = end.extend(term), f"extended {term} months"
            elif term and d:
                new_end, how = d.end_after(term) if d.precision != "day" else PDate(d.first, "month").end_after(term), \
                    f"extended {term} months from the decision"
            elif end and options:
                new_end, how = end.extend(options), f"extension options ({options} months) taken"
            else:
                new_end, how = None, "extended (period not known)"
            if proposed:
                if new_end:
                    proposed_high = max(proposed_high or new_end, new_end)
                f.flags.append("proposed extension")
                step(ev, "proposed: " + how, ["end_date", "term_months", "start_date"])
                continue
            if new_end is not None:
                end = new_end
                basis = "extension" if basis in ("unknown", "tender estimate") or not e_ else "end date"
                if e_:
                    basis = "end date"
            used_opts = term if term else options
            options = ext if ext is not None else max(0, options - (used_opts or 0)) if base else 0
            f.status = "extended"
            f.closed_to_market = False
            step(ev, how + (f" (+{options} months optional)" if options else ""),
                 ["end_date", "term_months", "start_date", "extension_months"])
        elif kind in ("end", "insource"):
            if proposed:
                f.flags.append(f"proposed {'end' if kind == 'end' else 'insource'}")
                step(ev, f"proposed {'ending' if kind == 'end' else 'taking in house'}", ["end_date"])
                continue
            if e_:
                end, basis = e_, "end date"
            elif s_ and kind == "insource":
                end, basis = PDate(date.fromordinal(s_.first.toordinal() - 1), s_.precision) \
                    if s_.precision == "day" else s_.add_months(-1), "end decision"
            elif end is None and d:
                basis = "unknown"
            elif basis in ("unknown",):
                basis = "end decision"
            options = 0
            proposed_high = None
            f.closed_to_market = True
            if kind == "insource":
                f.status = "insourced"
                step(ev, "to be taken in house" + (f": the contract ends {end.iso()}" if end else ""),
                     ["end_date", "start_date", "staff_transferred"])
            else:
                f.status = "insourced" if f.status == "insourced" else "ending"
                step(ev, "not extended / ended" + (f": ends {end.iso()}" if end else ""), ["end_date"])

    f.start = start.iso() if start else None
    f.end_low = end.iso() if end else None
    high = end.extend(options) if end and options else end
    if proposed_high and (high is None or proposed_high > high):
        high = proposed_high
    f.end_high = high.iso() if high else None
    f.basis = basis
    if f.status in ("ending", "insourced") and end and end.last < today:
        f.status = "ended" if f.status == "ending" else "insourced"
    # the next market event
    if f.closed_to_market:
        what = "taken in house" if f.status == "insourced" else "ended, not extended"
        f.next_event = {"kind": "closed", "date": None,
                        "note": f"{what}" + (f" on {f.end_low}" if f.end_low else "") + ": closed to the market"}
    elif f.status == "tendering":
        f.next_event = {"kind": "award", "date": f.end_low,
                        "note": "re-procurement under way: a new contract is due before the incumbent's ends"}
    elif f.status == "procuring":
        f.next_event = {"kind": "award", "date": (PDate(tender_at.add_months(PROCUREMENT_MONTHS).first, "month").iso()
                                                  if tender_at else None),
                        "note": f"procurement approved{' on ' + tender_at.iso() if tender_at else ''}: award expected"}
    elif end is not None:
        if options:
            f.next_event = {"kind": "extend_or_retender", "date": f.end_low,
                            "note": f"{options} months of optional extension to {f.end_high}; "
                                    "the buyer must extend or re-procure"}
        else:
            f.next_event = {"kind": "retender", "date": f.end_low,
                            "note": "no extension options known: re-procurement or a new decision is due"}
    if f.status == "unknown" and timeline:
        f.status = "active" if any(e.get("kind") in ("award", "outsource", "extend") for e in timeline) else "unknown"
    # confidence: how the end is known, discounted by how sure extraction was
    base_conf = BASIS_CONFIDENCE.get(basis, 0.1)
    mean = sum(extractor_conf) / len(extractor_conf) if extractor_conf else 0.5
    conf = base_conf * (0.6 + 0.4 * min(1.0, mean))
    if f.flags:
        conf *= 0.9
    f.confidence = round(conf, 2)
    # de-duplicate evidence
    seen = set()
    ev_out = []
    for e in f.evidence:
        k = (e.get("event_id"), e.get("field"), e.get("start"))
        if k not in seen:
            seen.add(k)
            ev_out.append(e)
    f.evidence = ev_out
    return f


def pipeline_date(fc: dict[str, Any] | Forecast) -> str | None:
    """The date a contract sorts by in the pipeline: its next market event, else its end."""
    d = fc.to_dict() if isinstance(fc, Forecast) else fc
    return ((d.get("next_event") or {}).get("date")) or d.get("end_low")


def in_window(fc: dict[str, Any], today: date, months: int) -> bool:
    """Whether the expected end range or the next market event falls within the window."""
    horizon = _add_months(today, months)
    nxt = PDate.parse(((fc.get("next_event") or {}).get("date")))
    if nxt and today <= nxt.last and nxt.first <= horizon:
        return True
    lo, hi = PDate.parse(fc.get("end_low")), PDate.parse(fc.get("end_high") or fc.get("end_low"))
    if lo is None:
        return False
    hi = hi or lo
    return lo.first <= horizon and hi.last >= today


# -- the pipeline ----------------------------------------------------------------------------
PIPELINE_COLUMNS = ("contract_id", "title", "buyers", "providers", "categories", "region", "status", "start",
                    "expected_end", "end_with_extensions", "next_event", "next_date", "sort_date", "confidence",
                    "basis", "evidence", "events", "documents")


def pipeline(store, *, within: int | str = 18, category: str | None = None, buyer: str | None = None,
             region: str | None = None, provider: str | None = None, today: date | None = None,
             include_closed: bool = True, limit: int = 1000) -> list[dict[str, Any]]:
    """Contracts whose expected end (or extension range, or next market event) falls within the
    window, soonest first, each with its forecast, confidence and evidence.

    Closed contracts (ended, taken in house, re-let) are listed too — a bid team wants to know
    that a contract ending soon will not come to market — unless ``include_closed`` is False.
    """
    from sqlalchemy import or_, select

    from .link import org_ids_matching
    from .record import CATEGORIES
    from .store import linkmodels as lm

    months = parse_within(within) if isinstance(within, str) else int(within)
    today = today or date.today()
    horizon = _add_months(today, months).isoformat()
    if category and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; expected one of: {', '.join(CATEGORIES)}")
    C = lm.Contract
    q = select(C).where(or_(C.end_low <= horizon, C.next_date <= horizon))
    if region:
        q = q.where(C.region.ilike(region))
    for role, value in (("buyer", buyer), ("provider", provider)):
        if value:
            q = q.where(C.id.in_(select(lm.ContractOrg.contract_id).where(
                lm.ContractOrg.role == role, lm.ContractOrg.org_id.in_(org_ids_matching(store, value)))))
    out = []
    with store.Session() as s:
        for c in s.scalars(q):
            if category and category not in (c.categories or []):
                continue
            f = dict(c.forecast or {})
            f.setdefault("end_low", c.end_low)
            f.setdefault("end_high", c.end_high)
            if not in_window(f, today, months):
                continue
            if not include_closed and f.get("closed_to_market"):
                continue
            nxt = f.get("next_event") or {}
            out.append({
                "contract_id": c.id, "title": c.title, "buyers": c.buyers or [], "providers": c.providers or [],
                "categories": c.categories or [], "region": c.region, "status": c.status, "start": c.start_date,
                "expected_end": c.end_low, "end_with_extensions": c.end_high, "next_event": nxt.get("kind"),
                "next_note": nxt.get("note"), "next_date": nxt.get("date"),
                "sort_date": nxt.get("date") or c.end_low, "confidence": c.confidence, "basis": f.get("basis"),
                "closed_to_market": bool(f.get("closed_to_market")), "steps": f.get("steps") or [],
                "evidence": f.get("evidence") or [], "events": c.n_events, "documents": c.n_documents,
                "value": ({"amount": c.value_amount, "basis": c.value_basis} if c.value_amount is not None else None),
            })
    out.sort(key=lambda r: (r["sort_date"] or "9999", r["contract_id"]))
    return out[:limit]


def pipeline_csv(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(PIPELINE_COLUMNS)
    for r in rows:
        vals = {**r, "evidence": " | ".join(e.get("text", "") for e in r.get("evidence") or [])}
        w.writerow(["; ".join(vals[c]) if isinstance(vals.get(c), list) else ("" if vals.get(c) is None else vals[c])
                    for c in PIPELINE_COLUMNS])
    return buf.getvalue()
