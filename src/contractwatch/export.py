"""Exports: events and contracts as CSV or JSON, and contracts as an OCDS release package.

Events use the command line's CSV columns (:data:`contractwatch.cli.CSV_COLUMNS`) and the
API's JSON shape. Contracts are the histories :mod:`contractwatch.link` builds.

**OCDS** (Open Contracting Data Standard 1.1): one release per contract history, ocid
``ocds-contractwatch-<contract id>``. The release is the history's state as the record tells
it (what OCDS would call a compiled view, published as one release):

* ``parties``: the buyers (role ``buyer``), the providers (``supplier``) and other named
  bidders (``tenderer``), with the resolver's organisation ids; NHS bodies carry their ODS code
  as a ``GB-NHS`` identifier;
* ``tender``: the service, its categories as items (CPV codes where one fits), and ``status``
  from the latest tender decision: approved → ``active`` (``complete`` once an approved award
  follows), proposed or deferred → ``planning``, rejected → ``cancelled``;
* ``awards``: one per award (or outsourcing) decision, with suppliers, value and
  ``contractPeriod``; when the history starts after the award (the first decisions are
  extensions or an end), an award is implied from the incumbent and says so;
* ``contracts``: one per live award, with ``period`` (for the latest, the forecast's start,
  expected end and furthest end with every option), value, extensions as ``amendments`` and
  ``status``: ``pending`` (proposed, or not started), ``terminated`` (ended, taken in house and
  past its end, superseded by a later award, or past its furthest end), else ``active``;
* ``tag``: ``tender``, ``award``, ``contract``, ``contractAmendment``, ``contractTermination``
  as the release holds them.

Dates the text gives at month or year precision become the first day (starts, decisions) or
the last day (ends) of that month or year, in UTC. An annual value becomes a total only when
the term is known (annual × term); otherwise it is left out of ``value`` and described.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator, TextIO

from sqlalchemy import select

from . import forecast as fc
from .alerts import WatchFilter, event_dicts, matching, public_event, region_matches
from .store import EventFilter, norm_name
from .store import models as m

OCID_PREFIX = "ocds-contractwatch-"
OCDS_VERSION = "1.1"
FORMATS = ("csv", "json", "ocds")
CHUNK = 500

CONTRACT_CSV_COLUMNS = (
    "id", "title", "categories", "buyers", "providers", "buyer_ids", "provider_ids", "region", "status",
    "start_date", "end_low", "end_high", "next_kind", "next_date", "confidence", "value_amount", "value_basis",
    "first_date", "last_date", "n_events", "n_documents", "note")

# One CPV 2008 code per category where one fits (labels come from data/cpv_categories.json).
CATEGORY_CPV = {
    "home_care": "85312400", "community_health": "85323000", "care_homes": "85311000",
    "supported_living": "85311200", "day_services": "85312100", "reablement": "85312500",
    "social_care_functions": "85320000", "equipment": "33196000",
}

TENDER_STATUS = {"approved": "active", "proposed": "planning", "deferred": "planning", "rejected": "cancelled"}
AWARD_STATUS = {"approved": "active", "proposed": "pending", "deferred": "pending", "rejected": "cancelled"}


# -- events -------------------------------------------------------------------------------------
def _watch_filter(f: EventFilter | None, regions: Iterable[str] = ()) -> WatchFilter:
    f = f or EventFilter()
    return WatchFilter(kind=list(f.kind), status=list(f.status), category=list(f.category), buyer=f.buyer,
                       provider=f.provider, since=f.since, until=f.until, q=f.q, region=list(regions))


def event_ids(store, f: EventFilter | None = None, regions: Iterable[str] = ()) -> list[int]:
    """Ids of the matching events, newest decision first (as ``contractwatch events`` sorts)."""
    wf = _watch_filter(f, regions)
    ids = [x.id for x in matching(store, wf, order="date")]
    if f is not None and f.document_id is not None:
        with store.Session() as s:
            keep = set(s.scalars(select(m.Event.id).where(m.Event.document_id == f.document_id)))
        ids = [i for i in ids if i in keep]
    return ids


def iter_events(store, ids: list[int], chunk: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(ids), chunk):
        part = ids[i:i + chunk]
        got = event_dicts(store, part)
        yield [public_event(got[x]) for x in part if x in got]


def write_events_csv(store, ids: list[int], out: TextIO) -> int:
    from .cli import events_csv

    n = 0
    first = True
    for rows in iter_events(store, ids):
        text = events_csv(rows)
        if not first:
            text = text.split("\r\n", 1)[1] if "\r\n" in text else ""
        out.write(text)
        first = False
        n += len(rows)
    if first:
        out.write(events_csv([]))
    return n


def write_events_json(store, ids: list[int], out: TextIO) -> int:
    """``{"total": N, "events": [...]}``, the shape of ``contractwatch events --format json``."""
    out.write('{"total": %d, "events": [' % len(ids))
    n = 0
    for rows in iter_events(store, ids):
        for ev in rows:
            out.write(("," if n else "") + "\n" + json.dumps(ev, ensure_ascii=False))
            n += 1
    out.write("\n]}\n")
    return n


# -- contracts ----------------------------------------------------------------------------------
def select_contracts(store, f: EventFilter | None = None, regions: Iterable[str] = ()) -> list:
    """Contract histories matching a filter.

    ``buyer``/``provider`` match the contract's organisations (any alias), ``category`` and
    ``region`` the contract's; the other fields (kind, status, since, until, q, document_id)
    keep contracts holding at least one event that matches them.
    """
    from .link import list_contracts
    from .store import linkmodels as lm

    f = f or EventFilter()
    f.validate()
    regions = list(regions)
    out = []
    offset = 0
    while True:
        rows, total = list_contracts(store, buyer=f.buyer, provider=f.provider, limit=1000, offset=offset, sort="end")
        out.extend(rows)
        offset += len(rows)
        if not rows or offset >= total:
            break
    if f.category:
        out = [c for c in out if set(f.category) <= set(c.categories)]
    if regions:
        out = [c for c in out if region_matches(regions, [c.region] if c.region else [])]
    if f.kind or f.status or f.since or f.until or f.q or f.document_id is not None:
        ef = EventFilter(kind=list(f.kind), status=list(f.status), since=f.since, until=f.until, q=f.q,
                         document_id=f.document_id)
        sub = store._filtered(ef).with_only_columns(m.Event.id)
        with store.Session() as s:
            keep = set(s.scalars(select(lm.ContractEvent.contract_id).where(lm.ContractEvent.event_id.in_(sub))))
        out = [c for c in out if c.id in keep]
    return out


def contract_row(c) -> dict[str, Any]:
    d = c.to_dict()
    d.pop("timeline", None)
    d.pop("documents", None)
    return d


def write_contracts_csv(contracts: list, out: TextIO) -> int:
    w = csv.writer(out)
    w.writerow(CONTRACT_CSV_COLUMNS)
    for c in contracts:
        d = contract_row(c)
        w.writerow(["; ".join(map(str, d[k])) if isinstance(d.get(k), list) else ("" if d.get(k) is None else d[k])
                    for k in CONTRACT_CSV_COLUMNS])
    return len(contracts)


def write_contracts_json(contracts: list, out: TextIO) -> int:
    """``{"total": N, "contracts": [...]}``, the shape of ``contractwatch contracts --format json``."""
    out.write(json.dumps({"total": len(contracts), "contracts": [contract_row(c) for c in contracts]},
                         indent=2, ensure_ascii=False, default=str) + "\n")
    return len(contracts)


# -- OCDS ---------------------------------------------------------------------------------------
@dataclass
class _Loaded:
    timelines: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    mentions: dict[int, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    bidders: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, datetime] = field(default_factory=dict)


def _load(store, contract_ids: list[str]) -> _Loaded:
    from .store import linkmodels as lm

    L = _Loaded()
    CE, C, CO = lm.ContractEvent.__table__, lm.Contract.__table__, lm.ContractOrg.__table__
    M, O = m.Mention.__table__, lm.Organisation.__table__
    with store.engine.connect() as conn:
        for i in range(0, len(contract_ids), 500):
            part = contract_ids[i:i + 500]
            links = conn.execute(select(CE.c.contract_id, CE.c.event_id).where(CE.c.contract_id.in_(part))
                                 .order_by(CE.c.contract_id, CE.c.position)).all()
            ev_ids = [l.event_id for l in links if l.event_id is not None]
            evs = event_dicts(store, ev_ids)
            for d in evs.values():
                d["date"] = d["_date"]
            for j in range(0, len(ev_ids), 500):
                for r in conn.execute(select(M.c.event_id, M.c.role, M.c.name, M.c.org_id)
                                      .where(M.c.event_id.in_(ev_ids[j:j + 500]))):
                    L.mentions.setdefault(r.event_id, []).append((r.role, r.name, r.org_id))
            for l in links:
                if l.event_id in evs:
                    L.timelines.setdefault(l.contract_id, []).append(evs[l.event_id])
            for cid, oid in conn.execute(select(CO.c.contract_id, CO.c.org_id).where(
                    CO.c.contract_id.in_(part), CO.c.role == "bidder")):
                L.bidders.setdefault(cid, []).append(oid)
            for cid, upd in conn.execute(select(C.c.id, C.c.updated_at).where(C.c.id.in_(part))):
                if upd is not None:
                    L.updated[cid] = upd if upd.tzinfo else upd.replace(tzinfo=timezone.utc)
        want = {o for ms in L.mentions.values() for _, _, o in ms if o}
        want |= {o for b in L.bidders.values() for o in b}
        ids = list(want)
        for i in range(0, len(ids), 500):
            for o in conn.execute(select(O.c.id, O.c.name, O.c.type, O.c.code).where(O.c.id.in_(ids[i:i + 500]))):
                L.orgs[o.id] = {"id": o.id, "name": o.name, "type": o.type, "code": o.code}
    return L


def _pdate(s: str | None) -> fc.PDate | None:
    return fc.PDate.parse(s) if s else None


def _dt_start(p: fc.PDate | None) -> str | None:
    return f"{p.first.isoformat()}T00:00:00Z" if p else None


def _dt_end(p: fc.PDate | None) -> str | None:
    return f"{p.last.isoformat()}T23:59:59Z" if p else None


def _safe_url(url: str | None) -> str | None:
    if url and re.match(r"https?://[^\s/]+", url, re.I) and not re.search(r"\s", url):
        return url
    return None


@lru_cache(maxsize=1)
def _cpv_labels() -> dict[str, str]:
    data = json.loads(resources.files("contractwatch").joinpath("data/cpv_categories.json").read_text("utf-8"))
    return {k: v.get("label", "") for k, v in data.get("codes", {}).items()}


def _value(v: dict | None, term_months: int | None) -> tuple[dict | None, str | None]:
    if not v or v.get("amount") is None:
        return None, None
    cur = (v.get("currency") or "GBP").upper()
    amount = v["amount"]
    if v.get("basis") == "annual":
        if term_months:
            total = round(amount * term_months / 12, 2)
            total = int(total) if float(total).is_integer() else total
            return {"amount": total, "currency": cur}, f"{cur} {amount:,} a year over {term_months} months"
        return None, f"{cur} {amount:,} a year (term not known, so no total)"
    return {"amount": amount, "currency": cur}, None


def _period(start: fc.PDate | None, end: fc.PDate | None, max_end: fc.PDate | None,
            term_months: int | None = None) -> dict[str, Any] | None:
    p: dict[str, Any] = {}
    if start:
        p["startDate"] = _dt_start(start)
    if end:
        p["endDate"] = _dt_end(end)
    if max_end and (not end or max_end.last > end.last):
        p["maxExtentDate"] = _dt_end(max_end)
    if start and end and end.last >= start.first:
        p["durationInDays"] = (end.last - start.first).days + 1
    elif term_months and not (start and end):
        p["durationInDays"] = round(term_months * 365.25 / 12)
    return p or None


def _event_period(ev: dict[str, Any]) -> tuple[fc.PDate | None, fc.PDate | None, fc.PDate | None]:
    start = _pdate(ev.get("start_date"))
    end = _pdate(ev.get("end_date"))
    term, ext = ev.get("term_months"), ev.get("extension_months")
    if end is None and start is not None and term:
        end = start.end_after(term)
    max_end = end.extend(ext) if end is not None and ext else None
    return start, end, max_end


def _quote(ev: dict[str, Any]) -> str | None:
    return next((x["text"] for x in ev.get("evidence") or [] if x.get("field") == "kind"), None)


def _document(ev: dict[str, Any]) -> dict[str, Any]:
    d = ev.get("document") or {}
    out: dict[str, Any] = {"id": f"doc-{d.get('id', ev.get('document_id'))}"}
    if d.get("title"):
        out["title"] = d["title"]
    q = _quote(ev)
    if q:
        out["description"] = q[:1500]
    url = _safe_url(d.get("source"))
    if url:
        out["url"] = url
    pub = _pdate(d.get("published"))
    if pub:
        out["datePublished"] = _dt_start(pub)
    return out


def _docs(evs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for ev in evs:
        d = _document(ev)
        out.setdefault(d["id"], d)
    return list(out.values())


_LEGAL = frozenset("ltd limited cic c i plc llp the group uk".split())


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(w for w in norm_name(name).split() if w not in _LEGAL)


def _same_org(a: tuple[str, tuple[str, ...]], b: tuple[str, tuple[str, ...]]) -> bool:
    if a[0] == b[0]:
        return True
    x, y = sorted((a[1], b[1]), key=len)
    return bool(x) and y[:len(x)] == x


def _within(small: list, big: list) -> bool:
    return all(any(_same_org(a, b) for b in big) for a in small)


_INFO_FIELDS = ("start_date", "end_date", "term_months", "extension_months", "value", "decision_date")


def _award_groups(tl: list[dict[str, Any]], awards_ev: list[dict[str, Any]], org_of) -> list[tuple[dict, list]]:
    """Award decisions grouped when they tell of one award: the same suppliers (or one set within
    the other; "Sirona" and "Sirona care & health CIC" count as one), nothing but extensions
    between them. Each group becomes one award: the event saying most (later on a tie), its gaps
    filled from the others."""
    groups: list[list[dict[str, Any]]] = []
    sups: list[list[tuple[str, tuple[str, ...]]]] = []
    for ev in awards_ev:
        s = [(org_of(ev, n), _name_tokens(n)) for n in ev.get("providers") or []]
        if groups and s and sups[-1] and (_within(s, sups[-1]) or _within(sups[-1], s)) \
                and ev["status"] != "rejected" and groups[-1][-1]["status"] != "rejected":
            lo, hi = groups[-1][-1].get("date") or "", ev.get("date") or "9999"
            between = [e for e in tl if lo < (e.get("date") or "9999") < hi
                       and e["kind"] in ("tender", "end", "insource")]
            if not between:
                groups[-1].append(ev)
                sups[-1] = sups[-1] + s
                continue
        groups.append([ev])
        sups.append(s)
    out = []
    for g in groups:
        rep = max(enumerate(g), key=lambda t: (sum(t[1].get(k) is not None for k in _INFO_FIELDS), t[0]))[1]
        merged = dict(rep)
        for other in reversed(g):
            for k in _INFO_FIELDS:
                if merged.get(k) is None and other.get(k) is not None:
                    merged[k] = other[k]
        if any(e["status"] == "approved" for e in g):
            merged["status"] = "approved"
        out.append((merged, g))
    return out


def ocds_release(c, timeline: list[dict[str, Any]], loaded: _Loaded | None = None, *,
                 today: date | None = None) -> dict[str, Any]:
    """One OCDS release for one contract history (see the module docstring for the mapping)."""
    loaded = loaded or _Loaded()
    today = today or date.today()
    ocid = OCID_PREFIX + c.id
    tl = sorted(timeline, key=lambda e: (e.get("date") or "9999", e.get("id") or 0))
    title = c.title or next((e.get("service") for e in tl if e.get("service")), None) or \
        ", ".join(x.replace("_", " ") for x in c.categories) or "Contract"

    parties: dict[str, dict[str, Any]] = {}

    def party(oid: str, name: str, role: str) -> dict[str, str]:
        org = loaded.orgs.get(oid) or {}
        p = parties.get(oid)
        if p is None:
            p = {"id": oid, "name": org.get("name") or name, "roles": []}
            if org.get("code") and (org.get("type") or "").startswith("nhs"):
                p["identifier"] = {"scheme": "GB-NHS", "id": org["code"], "legalName": p["name"]}
            parties[oid] = p
        if role not in p["roles"]:
            p["roles"].append(role)
        return {"id": oid, "name": p["name"]}

    def org_id(ev: dict[str, Any], role: str, name: str) -> str:
        for r, n, o in loaded.mentions.get(ev.get("id"), ()):
            if r == role and n == name and o:
                return o
        return "name:" + (norm_name(name).replace(" ", "-") or "unknown")

    buyers = [party(oid, name, "buyer") for oid, name in zip(c.buyer_ids, c.buyers)]
    # buyers named in events but not resolved into the contract's list
    for ev in tl:
        for n in ev.get("buyers") or []:
            oid = org_id(ev, "buyer", n)
            if oid not in parties:
                buyers.append(party(oid, n, "buyer"))
    for oid in loaded.bidders.get(c.id, []):
        party(oid, (loaded.orgs.get(oid) or {}).get("name") or oid, "tenderer")

    release: dict[str, Any] = {"ocid": ocid, "id": "", "date": "", "tag": [], "initiationType": "tender",
                               "language": "en"}
    if buyers:
        release["buyer"] = buyers[0]

    # tender
    tenders = [e for e in tl if e["kind"] == "tender"]
    awards_ev = [e for e in tl if e["kind"] in ("award", "outsource")]
    items = []
    for i, cat in enumerate(c.categories or [], 1):
        item: dict[str, Any] = {"id": str(i), "description": f"{title} ({cat.replace('_', ' ')})"}
        code = CATEGORY_CPV.get(cat)
        if code:
            item["classification"] = {"scheme": "CPV", "id": code, "description": _cpv_labels().get(code) or None}
            if item["classification"]["description"] is None:
                del item["classification"]["description"]
        items.append(item)
    tender: dict[str, Any] = {"id": f"{ocid}-tender", "title": title, "mainProcurementCategory": "services"}
    if items:
        tender["items"] = items
    if buyers:
        tender["procuringEntity"] = buyers[0]
    tags: list[str] = []
    if tenders:
        last = tenders[-1]
        status = TENDER_STATUS.get(last["status"], "planning")
        if last["status"] == "approved" and any(
                a["status"] == "approved" and (a.get("date") or "") >= (last.get("date") or "") for a in awards_ev):
            status = "complete"
        tender["status"] = status
        if last.get("service"):
            tender["description"] = last["service"]
        val, note = _value(last.get("value"), last.get("term_months"))
        if val:
            tender["value"] = val
        if note:
            tender["description"] = "; ".join(x for x in (tender.get("description"), f"estimated {note}") if x)
        start, end, max_end = _event_period(last)
        per = _period(start, end, max_end, last.get("term_months"))
        if per:
            tender["contractPeriod"] = per
        tender["documents"] = _docs(tenders)
        tags.append("tender")
    tenderers = {}
    for a in awards_ev:
        for n in a.get("bidders") or []:
            ref = party(org_id(a, "bidder", n), n, "tenderer")
            tenderers[ref["id"]] = ref
        if a.get("bidders"):
            for n in a.get("providers") or []:
                ref = party(org_id(a, "provider", n), n, "tenderer")
                tenderers[ref["id"]] = ref
    if tenderers:
        tender["tenderers"] = list(tenderers.values())
    release["tender"] = tender

    # awards: one per award decision (the same award told twice — a preferred bidder, then the
    # award; a later report recounting it — is one), or one implied from an earlier incumbent
    first_award_date = awards_ev[0].get("date") if awards_ev else None
    before = [e for e in tl if e["kind"] in ("extend", "end", "insource")
              and (first_award_date is None or (e.get("date") or "9999") < first_award_date)]
    awards: list[dict[str, Any]] = []
    plan: list[tuple[dict[str, Any], dict[str, Any] | None]] = []  # (award, its event)
    if before:
        names = [(org_id(e, "provider", n), n) for e in before for n in e.get("providers") or []]
        if not names and not awards_ev:
            names = list(zip(c.provider_ids, c.providers))
        sup = {}
        for oid, n in names:
            sup[oid] = party(oid, n, "supplier")
        aw = {"id": f"{ocid}-award-0", "title": title, "status": "active",
              "description": "Implied: the award is not in the record; "
                             + ("the supplier is the incumbent named by later decisions." if sup
                                else "later decisions (an extension or an end) show a contract in force.")}
        if sup:
            aw["suppliers"] = list(sup.values())
        awards.append(aw)
        plan.append((aw, None))
    for i, (ev, group) in enumerate(_award_groups(tl, awards_ev, lambda e, n: org_id(e, "provider", n)), 1):
        sup = [party(org_id(ev, "provider", n), n, "supplier") for n in ev.get("providers") or []]
        aw: dict[str, Any] = {"id": f"{ocid}-award-{i}", "title": ev.get("service") or title,
                              "status": AWARD_STATUS.get(ev["status"], "pending")}
        if ev["kind"] == "outsource":
            aw["description"] = "Outsourced: a service delivered in house moves to an external provider."
        d = _pdate(ev.get("decision_date") or ev.get("date"))
        if d:
            aw["date"] = _dt_start(d)
        val, note = _value(ev.get("value"), ev.get("term_months"))
        if val:
            aw["value"] = val
        if note:
            aw["description"] = "; ".join(x for x in (aw.get("description"), note) if x)
        if sup:
            aw["suppliers"] = sup
        start, end, max_end = _event_period(ev)
        per = _period(start, end, max_end, ev.get("term_months"))
        if per:
            aw["contractPeriod"] = per
        aw["documents"] = _docs(group)
        awards.append(aw)
        plan.append((aw, ev))
    if awards:
        release["awards"] = awards
        tags.append("award")

    # contracts: one per live award
    live = [(aw, ev) for aw, ev in plan if aw["status"] in ("active", "pending")]
    contracts = []
    f = c.forecast or {}
    for n, (aw, ev) in enumerate(live):
        nxt = live[n + 1][1] if n + 1 < len(live) else None
        since = (ev or {}).get("date") or ""
        until = (nxt or {}).get("date") or "9999"
        later = [e for e in tl if since <= (e.get("date") or "9999") < until]
        extends = [e for e in later if e["kind"] == "extend" and e["status"] == "approved"]
        ends = [e for e in later if e["kind"] in ("end", "insource") and e["status"] == "approved"]
        is_last = n == len(live) - 1
        if ev is not None:
            start, end, max_end = _event_period(ev)
        else:
            start, end, max_end = None, None, None
        if is_last:
            start = _pdate(f.get("start") or c.start_date) or start
            end = _pdate(f.get("end_low") or c.end_low) or end
            max_end = _pdate(f.get("end_high") or c.end_high) or max_end
        else:
            for e in extends:
                e_end = _pdate(e.get("end_date"))
                if e_end and (end is None or e_end.last > end.last):
                    end = e_end
        k: dict[str, Any] = {"id": f"{ocid}-contract-{aw['id'].rsplit('-', 1)[-1]}", "awardID": aw["id"],
                             "title": aw.get("title") or title}
        per = _period(start, end, max_end, (ev or {}).get("term_months"))
        if per:
            k["period"] = per
        if aw.get("value"):
            k["value"] = aw["value"]
        # status
        if aw["status"] == "pending":
            status = "pending"
        elif not is_last and nxt is not None and nxt.get("status") == "approved":
            status = "terminated"  # superseded by the next award
        elif ends:
            cands = [p for p in [_pdate(e.get("end_date")) for e in ends] + [end] if p]
            end_at = max(cands, key=lambda p: p.last) if cands else None
            status = "terminated" if end_at is None or end_at.last < today else "active"
        elif start and start.first > today:
            status = "pending"
        elif (max_end or end) and (max_end or end).last < today:
            status = "terminated"
        else:
            status = "active"
        k["status"] = status
        amendments = []
        for j, e in enumerate(extends, 1):
            am: dict[str, Any] = {"id": f"{k['id']}-amendment-{j}"}
            d = _pdate(e.get("decision_date") or e.get("date"))
            if d:
                am["date"] = _dt_start(d)
            bits = []
            if e.get("term_months"):
                bits.append(f"extended by {e['term_months']} months")
            if e.get("end_date"):
                bits.append(f"to {e['end_date']}")
            am["description"] = " ".join(bits) or "extended"
            q = _quote(e)
            if q:
                am["rationale"] = q[:1500]
            amendments.append(am)
        if amendments:
            k["amendments"] = amendments
        docs = _docs([x for x in ([ev] if ev else []) + extends + ends])
        if docs:
            k["documents"] = docs
        contracts.append(k)
    if contracts:
        release["contracts"] = contracts
        tags.append("contract")
        if any(k.get("amendments") for k in contracts):
            tags.append("contractAmendment")
        if any(k["status"] == "terminated" for k in contracts):
            tags.append("contractTermination")
    release["tag"] = tags or ["planning"]
    release["parties"] = list(parties.values())
    dates = [_pdate(e.get("date")) for e in tl]
    dates = [d for d in dates if d]
    if dates:
        release["date"] = _dt_start(max(dates))
    else:
        upd = loaded.updated.get(c.id) or datetime.now(timezone.utc)
        release["date"] = upd.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    # the release id changes when what the release says changes (its dicts are built in a fixed order)
    digest = hashlib.sha1(json.dumps({k: v for k, v in release.items() if k != "id"}, separators=(",", ":"),
                                     default=str).encode()).hexdigest()[:12]
    release["id"] = f"{ocid}-{digest}"
    return release


def ocds_package(store, contracts: list, *, publisher: str = "contractwatch", uri: str | None = None,
                 today: date | None = None, published: datetime | None = None) -> dict[str, Any]:
    """An OCDS release package with one release per contract history."""
    loaded = _load(store, [c.id for c in contracts])
    releases = [ocds_release(c, loaded.timelines.get(c.id, []), loaded, today=today) for c in contracts]
    if published is None:
        stamps = list(loaded.updated.values())
        published = max(stamps) if stamps else datetime.now(timezone.utc)
    published = published if published.tzinfo else published.replace(tzinfo=timezone.utc)
    if uri is None:
        h = hashlib.sha1("|".join(r["id"] for r in releases).encode()).hexdigest()
        uri = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"contractwatch:ocds:{h}"))
    return {"uri": uri, "version": OCDS_VERSION,
            "publishedDate": published.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "publisher": {"name": publisher}, "releases": releases}


# -- one entry point for the command line -----------------------------------------------------------
class ExportError(ValueError):
    pass


def export(store, what: str, fmt: str, out: TextIO, f: EventFilter | None = None, regions: Iterable[str] = (),
           *, publisher: str = "contractwatch", uri: str | None = None, today: date | None = None) -> int:
    """Write events or contracts in a format; returns how many were written.

    ``ocds`` for events means the contracts that hold the matching events.
    """
    if what not in ("events", "contracts"):
        raise ExportError(f"export events or contracts, not {what!r}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    f = f or EventFilter()
    regions = list(regions)
    if regions:
        WatchFilter(region=regions).validate()
    if what == "events" and fmt != "ocds":
        ids = event_ids(store, f, regions)
        return (write_events_csv if fmt == "csv" else write_events_json)(store, ids, out)
    if what == "events":
        ids = set(event_ids(store, f, regions))
        from .store import linkmodels as lm

        with store.Session() as s:
            cids = set()
            idl = list(ids)
            for i in range(0, len(idl), 500):
                cids |= set(s.scalars(select(lm.ContractEvent.contract_id).where(
                    lm.ContractEvent.event_id.in_(idl[i:i + 500]))))
        contracts = [c for c in select_contracts(store) if c.id in cids]
    else:
        contracts = select_contracts(store, f, regions)
    if fmt == "csv":
        return write_contracts_csv(contracts, out)
    if fmt == "json":
        return write_contracts_json(contracts, out)
    if not contracts:
        raise ExportError("no contracts match: an OCDS release package needs at least one release "
                          "(run `contractwatch contracts refresh` after ingesting)")
    pkg = ocds_package(store, contracts, publisher=publisher, uri=uri, today=today)
    out.write(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    return len(pkg["releases"])
