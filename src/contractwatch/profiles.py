"""Buyer and provider profiles, from the linked contract histories.

A **buyer's** profile shows its habits: of its decisions, how many extend, waive (extensions
that exempt a service from tender), re-tender (a tender in a history that already had an
award) or take services in house; of its contracts that reached a decision point, what
happened; and per category the typical initial term and extension options.

A **provider's** profile shows the contracts it holds, has won, lost (a bid that went to
someone else, or a contract re-let to another provider) and that ended or were taken in house;
and its share of each category in each region (by count of live contracts, and by value where
values are known).

Profiles include an organisation's predecessors (a county council's history counts for the
unitary that replaced it; a CCG's for its ICB), each marked with the name it was under.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from .store import models as m
from .store import linkmodels as lm

LIVE = ("active", "extended", "tendering", "procuring", "unknown")
CLOSED = ("ended", "ending", "insourced", "re-let")
_WAIVER = re.compile(r"\b(waiver|waive|exempt|exemption|direct award|without (a )?tender)\b", re.I)


def _lineage(store, org_id: str) -> list[str]:
    """The organisation and every predecessor (by the successor column), nearest first."""
    with store.Session() as s:
        rows = s.execute(select(lm.Organisation.id, lm.Organisation.successor_id)).all()
    preds: dict[str, list[str]] = defaultdict(list)
    for oid, succ in rows:
        for x in (succ or "").split("|"):
            if x:
                preds[x].append(oid)
    out, todo = [org_id], [org_id]
    while todo:
        cur = todo.pop(0)
        for p in sorted(preds.get(cur, ())):
            if p not in out:
                out.append(p)
                todo.append(p)
    return out


def _median(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def _resolve_id(store, org: str) -> str:
    from .resolve import _org_id_for

    return _org_id_for(store, org)


def _events_for(store, org_ids: list[str], role: str) -> list[tuple]:
    E, M, CE = m.Event.__table__, m.Mention.__table__, lm.ContractEvent.__table__
    q = (select(E.c.id, E.c.kind, E.c.status, E.c.service, E.c.categories, E.c.term_months, E.c.extension_months,
                E.c.event_date, E.c.value_amount, E.c.value_basis, CE.c.contract_id)
         .join(M, M.c.event_id == E.c.id).outerjoin(CE, CE.c.event_id == E.c.id)
         .where(M.c.role == role, M.c.org_id.in_(org_ids)).distinct())
    with store.engine.connect() as c:
        rows = c.execute(q).all()
        if role == "buyer":
            # events that name no buyer, read as this buyer's from the page they are on
            named = select(M.c.event_id).where(M.c.role == "buyer")
            mine = select(lm.ContractOrg.contract_id).where(lm.ContractOrg.role == "buyer",
                                                            lm.ContractOrg.org_id.in_(org_ids))
            q2 = (select(E.c.id, E.c.kind, E.c.status, E.c.service, E.c.categories, E.c.term_months,
                         E.c.extension_months, E.c.event_date, E.c.value_amount, E.c.value_basis, CE.c.contract_id)
                  .join(CE, CE.c.event_id == E.c.id).where(CE.c.contract_id.in_(mine), E.c.id.not_in(named)))
            rows += c.execute(q2).all()
        return rows


def _evidence_text(store, event_ids: list[int]) -> dict[int, str]:
    V = m.Evidence.__table__
    out: dict[int, str] = defaultdict(str)
    with store.engine.connect() as c:
        for i in range(0, len(event_ids), 500):
            for eid, text in c.execute(select(V.c.event_id, V.c.text).where(V.c.event_id.in_(event_ids[i:i + 500]))):
                out[eid] += " " + text
    return out


def _contracts_for(store, org_ids: list[str], role: str) -> list[lm.Contract]:
    with store.Session() as s:
        ids = select(lm.ContractOrg.contract_id).where(lm.ContractOrg.role == role, lm.ContractOrg.org_id.in_(org_ids))
        return list(s.scalars(select(lm.Contract).where(lm.Contract.id.in_(ids)).order_by(lm.Contract.first_date)))


def _brief(c: lm.Contract) -> dict[str, Any]:
    return {"id": c.id, "title": c.title, "categories": c.categories or [], "buyers": c.buyers or [],
            "providers": c.providers or [], "status": c.status, "start_date": c.start_date, "end_low": c.end_low,
            "end_high": c.end_high, "region": c.region, "value_amount": c.value_amount, "value_basis": c.value_basis}


def _org_header(store, org_id: str, lineage: list[str]) -> dict[str, Any]:
    from .resolve import get_org

    org = get_org(store, org_id) or {"id": org_id, "name": org_id}
    with store.Session() as s:
        names = {o.id: o.name for o in s.scalars(select(lm.Organisation).where(lm.Organisation.id.in_(lineage)))}
    org["includes"] = [{"id": x, "name": names.get(x, x)} for x in lineage if x != org_id]
    return org


def buyer_profile(store, org: str) -> dict[str, Any]:
    """A buyer's habits: how it extends, waives, re-tenders and insources; terms per category."""
    org_id = _resolve_id(store, org)
    lineage = _lineage(store, org_id)
    events = _events_for(store, lineage, "buyer")
    approved = [e for e in events if e.status == "approved"]
    kinds = Counter(e.kind for e in approved)
    ev_text = _evidence_text(store, [e.id for e in approved if e.kind == "extend"])
    waivers = sum(1 for e in approved if e.kind == "extend" and (_WAIVER.search(ev_text.get(e.id, "")) or
                                                                  _WAIVER.search(e.service or "")))
    contracts = _contracts_for(store, lineage, "buyer")
    # re-tenders: a tender in a history that already had an award before it
    awards_by_contract: dict[str, list[str]] = defaultdict(list)
    for e in approved:
        if e.kind in ("award", "outsource") and e.contract_id:
            awards_by_contract[e.contract_id].append(e.event_date or "")
    retenders = sum(1 for e in approved if e.kind == "tender" and e.contract_id and
                    any(a < (e.event_date or "") for a in awards_by_contract.get(e.contract_id, ())))
    # what happened to contracts at their decision point
    outcome = Counter()
    for c in contracts:
        kinds_here = {k for k, in _kinds_of(store, c.id)}
        if "insource" in kinds_here:
            outcome["taken in house"] += 1
        elif c.status == "re-let":
            outcome["re-let to another provider"] += 1
        elif "tender" in kinds_here and ("award" in kinds_here or "outsource" in kinds_here):
            outcome["re-tendered"] += 1
        elif "extend" in kinds_here:
            outcome["extended"] += 1
        elif "end" in kinds_here:
            outcome["ended"] += 1
    decided = sum(outcome.values())
    total = sum(kinds.values())
    per_cat: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for e in approved:
        for cat in e.categories or ["other"]:
            d = per_cat[cat]
            d["events"].append(e.id)
            if e.kind in ("award", "tender", "outsource"):
                if e.term_months:
                    d["terms"].append(e.term_months)
                if e.extension_months is not None:
                    d["options"].append(e.extension_months)
            if e.kind == "extend" and e.term_months:
                d["extensions"].append(e.term_months)
            if e.value_amount and e.value_basis == "annual":
                d["annual"].append(e.value_amount)
    categories = {}
    for cat, d in sorted(per_cat.items()):
        cons = [c for c in contracts if cat in (c.categories or [])]
        categories[cat] = {
            "contracts": len(cons), "decisions": len(d["events"]),
            "typical_term_months": _median(d["terms"]), "typical_extension_options_months": _median(d["options"]),
            "typical_extension_months": _median(d["extensions"]), "median_annual_value": _median(d["annual"]),
            "terms_seen": sorted(d["terms"]),
        }
    return {
        "organisation": _org_header(store, org_id, lineage),
        "role": "buyer",
        "decisions": {"total": total, "by_kind": dict(kinds.most_common()),
                      "proposed": sum(1 for e in events if e.status == "proposed")},
        "habits": {
            "extends": kinds.get("extend", 0), "waivers": waivers, "retenders": retenders,
            "insources": kinds.get("insource", 0), "ends": kinds.get("end", 0),
            "extend_share": round(kinds.get("extend", 0) / total, 2) if total else None,
            "insource_share": round(kinds.get("insource", 0) / total, 2) if total else None,
        },
        "outcomes": {"contracts_with_a_decision": decided, "by_outcome": dict(outcome.most_common()),
                     "shares": {k: round(v / decided, 2) for k, v in outcome.items()} if decided else {}},
        "categories": categories,
        "contracts": [_brief(c) for c in contracts],
        "live": [_brief(c) for c in contracts if c.status in LIVE],
    }


def _kinds_of(store, contract_id: str) -> list[tuple[str]]:
    E, CE = m.Event.__table__, lm.ContractEvent.__table__
    with store.engine.connect() as c:
        return c.execute(select(E.c.kind).join(CE, CE.c.event_id == E.c.id).where(
            CE.c.contract_id == contract_id, E.c.status == "approved")).all()


def provider_profile(store, org: str) -> dict[str, Any]:
    """A provider's contracts held, won, lost and ended, and its share of each category per region."""
    org_id = _resolve_id(store, org)
    lineage = _lineage(store, org_id)
    held = _contracts_for(store, lineage, "provider")
    wins = [e for e in _events_for(store, lineage, "provider") if e.kind in ("award", "outsource") and e.status == "approved"]
    bids = [e for e in _events_for(store, lineage, "bidder") if e.kind == "award" and e.status == "approved"]
    lost_contracts = [c for c in held if c.status == "re-let"]
    ended = [c for c in held if c.status in ("ended", "ending", "insourced")]
    live = [c for c in held if c.status in LIVE]
    # share of each category in each region: live contracts held / all live contracts there
    with store.Session() as s:
        all_live = list(s.scalars(select(lm.Contract).where(lm.Contract.status.in_(LIVE))))
    market: dict[tuple[str, str], list[lm.Contract]] = defaultdict(list)
    for c in all_live:
        for cat in c.categories or []:
            market[(cat, c.region or "unknown")].append(c)
    held_ids = {c.id for c in live}
    shares = []
    for (cat, region), cons in sorted(market.items()):
        mine = [c for c in cons if c.id in held_ids]
        if not mine:
            continue
        val_all = sum(_annual(c) for c in cons if _annual(c))
        val_mine = sum(_annual(c) for c in mine if _annual(c))
        shares.append({"category": cat, "region": region, "held": len(mine), "of": len(cons),
                       "share": round(len(mine) / len(cons), 2),
                       "value_share": round(val_mine / val_all, 2) if val_all else None})
    return {
        "organisation": _org_header(store, org_id, lineage),
        "role": "provider",
        "held": [_brief(c) for c in live],
        "won": [{"event_id": e.id, "contract_id": e.contract_id, "date": e.event_date, "service": e.service,
                 "categories": e.categories or []} for e in sorted(wins, key=lambda e: e.event_date or "")],
        "lost": [{"event_id": e.id, "contract_id": e.contract_id, "date": e.event_date, "service": e.service,
                  "why": "bid lost"} for e in bids] +
                [{"contract_id": c.id, "date": (c.forecast or {}).get("next_event", {}).get("date"),
                  "service": c.title, "why": "re-let to another provider"} for c in lost_contracts],
        "ended": [_brief(c) for c in ended],
        "all_contracts": [_brief(c) for c in held],
        "shares": shares,
        "counts": {"held": len(live), "won": len(wins), "lost": len(bids) + len(lost_contracts), "ended": len(ended)},
    }


def _annual(c: lm.Contract) -> float:
    if c.value_amount is None:
        return 0.0
    if c.value_basis == "annual":
        return c.value_amount
    from .forecast import PDate, months_between

    s, e = PDate.parse(c.start_date), PDate.parse(c.end_low)
    if s and e:
        months = max(1, months_between(s.first, e.last) + 1)
        return c.value_amount * 12 / months
    return 0.0


def profile(store, org: str, role: str | None = None) -> dict[str, Any]:
    """The buyer or provider profile, whichever role the organisation plays (buyer first)."""
    org_id = _resolve_id(store, org)
    if role is None:
        with store.Session() as s:
            roles = set(s.scalars(select(lm.ContractOrg.role).where(lm.ContractOrg.org_id == org_id)))
        role = "buyer" if "buyer" in roles or "provider" not in roles else "provider"
    if role == "buyer":
        return buyer_profile(store, org_id)
    if role == "provider":
        return provider_profile(store, org_id)
    raise ValueError("role must be buyer or provider")
