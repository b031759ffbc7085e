"""Events → contracts: one history per contract, across documents and years.

An event joins a contract when, against everything the contract already holds,

* a **buyer** is the same organisation or one line of succession (a CCG and the ICB that took
  it over; an abolished county and its unitary successor) — required;
* the **provider** is the same organisation (renamed providers are one organisation), or one
  side names none — a different provider is a different contract;
* the **service** reads alike and/or a **category** is shared;
* its **date** is not long after the contract ended or was due to end;
* no hand-made split forbids it, and hand-made merges force it.

Each link records which fields matched and its score. An event that fits two contracts about
equally well is left on its own (a contract of one event) with a note naming both — ambiguous
links are left unlinked rather than wrong.

Contract ids are ``c`` + 10 hex digits of a hash of the first event's document key and ordinal,
and a rebuilt contract keeps the id most of its events had before, so ids survive re-ingests.

Public API: :func:`refresh` (call after ingest), :func:`list_contracts`, :func:`get_contract`,
:func:`contract_of_event`, :func:`merge_contracts`, :func:`split_contract`, :class:`Contract`,
and the pure :func:`link_events` that the benchmark drives.
"""
from __future__ import annotations

import hashlib
import re
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable

from sqlalchemy import delete, func, insert, or_, select, update

from . import forecast as fc
from .resolve import Manual, OrgRef, Resolver, company_key, norm
from .store import models as m
from .store import linkmodels as lm

# Scores: a link needs LINK_THRESHOLD and, against the runner-up, AMBIGUITY_MARGIN.
W_BUYER, W_BUYER_SUCCESSION, W_PROVIDER, W_CATEGORY, W_SERVICE, W_DATES = 3.0, 2.5, 3.0, 1.5, 3.0, 1.0
CATEGORY_CONFLICT = -1.5
SERVICE_APART = 1.0        # both service names have words the other lacks
LINK_THRESHOLD = 5.5
AMBIGUITY_MARGIN = 1.0
GRACE_MONTHS = 24          # events this long after a contract closed can still be about it
DEFAULT_SPAN_MONTHS = 96   # how long a contract with no known term stays open to new events


# -- service names --------------------------------------------------------------------------
_SYNONYMS = [
    (r"\b(domiciliary care|domiciliary|care at home|home care|homecare|care and support at home|"
     r"home support|help at home)\b", " homecare "),
    (r"\bre-?ablement\b|\bintermediate care\b|\bdischarge to assess\b", " reablement "),
    (r"\bsupported living\b", " supportedliving "),
    (r"\bextra care( housing)?\b", " extracare "),
    (r"\bmental health\b", " mentalhealth "),
    (r"\blearning disabilit(y|ies)\b", " learningdisability "),
    (r"\bcommunity (health )?services?\b|\badult community services?\b|\bcommunity health\b", " communityservices "),
    (r"\b(adult )?social care\b", " socialcare "),
    (r"\bcare homes?\b|\bresidential (and nursing )?care\b|\bnursing (homes?|care)\b", " carehomes "),
    (r"\bday (services?|opportunities|care)\b", " dayservices "),
    (r"\bpublic health\b", " publichealth "),
    (r"\bcarers?\b", " carers "),
]
_SYN_RE = [(re.compile(p), r) for p, r in _SYNONYMS]
_STOP = frozenset("""a an the of and for in to on at with by from service services contract contracts provision
new current existing adult adults council re tender retender re-tender extension award recommissioning
commissioning procurement arrangement arrangements delivery lot lots framework scheme programme
integrated all borough county city district""".split())


def service_tokens(service: str | None) -> frozenset[str]:
    if not service:
        return frozenset()
    s = " " + service.lower().replace("&", " and ") + " "
    for pat, rep in _SYN_RE:
        s = pat.sub(rep, s)
    return frozenset(w for w in re.findall(r"[a-z0-9]+", s) if w not in _STOP and len(w) > 1)


def service_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two service names' tokens: 1 for the same words, 0.67 for "home care"
    against "home care (north)", 0.5 for "home care (north)" against "home care (south)"."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


ANON = "anon:doc"  # stands in for the buyer of a document that names none

_GENERIC_WORDS = frozenset("""care community home health social support north south east west city county
the a new local national united general first royal mental adult adults help live living""".split())


# -- the linker's view of an event -------------------------------------------------------------
@dataclass(slots=True)
class Ev:
    id: int
    document_id: int
    doc_key: str
    ordinal: int
    kind: str
    status: str
    service: str | None = None
    categories: frozenset[str] = frozenset()
    date: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    term_months: int | None = None
    extension_months: int | None = None
    confidence: float = 0.5
    value_amount: float | None = None
    value_basis: str | None = None
    buyer_ids: tuple[str, ...] = ()
    provider_ids: tuple[str, ...] = ()
    bidder_ids: tuple[str, ...] = ()
    tokens: frozenset[str] = frozenset()
    evidence: tuple = ()  # ({"field", "start", "end", "text"}, …)
    note: str | None = None  # how the buyer was found when the event names none

    @property
    def ref(self) -> str:
        return event_ref(self.doc_key, self.ordinal)

    def sort_key(self) -> tuple:
        # within one document and date, later ordinals are past events the document recounts
        return (self.date or "9999", self.doc_key, -self.ordinal)


def event_ref(doc_key: str, ordinal: int) -> str:
    return f"{doc_key}#{ordinal}"


def split_ref(ref: str) -> tuple[str, int]:
    key, _, n = ref.rpartition("#")
    return key, int(n)


@dataclass
class Link:
    ev: Ev
    score: float
    method: str  # first | auto | manual
    matched: list[dict[str, str]]


class Cluster:
    """A contract being built: its events and the union of what they say."""

    __slots__ = ("links", "buyers", "roots", "providers", "categories", "tokens", "services", "first", "last",
                 "horizon", "active_end", "comps", "seq", "note")

    def __init__(self, seq: int):
        self.links: list[Link] = []
        self.buyers: set[str] = set()
        self.roots: set[str] = set()
        self.providers: set[str] = set()
        self.categories: set[str] = set()
        self.tokens: set[str] = set()
        self.services: set[frozenset[str]] = set()
        self.active_end: date | None = None
        self.first: str | None = None
        self.last: str | None = None
        self.horizon: date | None = None
        self.comps: set[int] = set()
        self.seq = seq
        self.note: str | None = None

    def add(self, link: Link, roots: Iterable[str], comp: int) -> None:
        e = link.ev
        self.links.append(link)
        self.buyers.update(e.buyer_ids)
        self.roots.update(roots)
        if e.kind not in ("tender",):
            self.providers.update(e.provider_ids)
        self.categories.update(e.categories)
        self.tokens.update(e.tokens)
        if e.tokens:
            self.services.add(e.tokens)
        if e.date:
            self.first = min(self.first or e.date, e.date)
            self.last = max(self.last or e.date, e.date)
        self.comps.add(comp)
        a = _active_end(e)
        if a is not None:
            if e.kind in ("end", "insource") and e.status == "approved":
                self.active_end = a
            elif self.active_end is None or a > self.active_end:
                self.active_end = a
        h = _horizon(e)
        if h is not None:
            if e.kind in ("end", "insource") and e.status == "approved":
                self.horizon = h
            elif self.horizon is None or h > self.horizon:
                self.horizon = h


def _active_end(e: Ev) -> date | None:
    """The expected end (with options) this event implies, if it says anything about it."""
    end = fc.PDate.parse(e.end_date)
    start = fc.PDate.parse(e.start_date) or fc.PDate.parse(e.date)
    if end is None and start is not None and e.term_months:
        end = start.end_after(e.term_months)
    if end is not None:
        return fc._add_months(end.last, e.extension_months or 0)
    return None


def _horizon(e: Ev) -> date | None:
    """The latest date an event about this contract is still plausible, from this event."""
    end = fc.PDate.parse(e.end_date)
    start = fc.PDate.parse(e.start_date) or fc.PDate.parse(e.date)
    if e.kind in ("end", "insource") and e.status == "approved":
        base = end.last if end else (fc.PDate.parse(e.date).last if e.date else None)
        return fc._add_months(base, GRACE_MONTHS) if base else None
    if end is None and start is not None and e.term_months:
        end = start.end_after(e.term_months)
    if end is not None:
        return fc._add_months(end.last, (e.extension_months or 0) + GRACE_MONTHS)
    if start is not None:
        return fc._add_months(start.last, DEFAULT_SPAN_MONTHS)
    return None


# -- manual contract links ----------------------------------------------------------------------
class _UF:
    def __init__(self) -> None:
        self.p: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        p = self.p
        p.setdefault(x, x)
        root = x
        while p[root] != root:
            root = p[root]
        while p[x] != root:
            p[x], x = root, p[x]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if str(ra) < str(rb):
                self.p[rb] = ra
            else:
                self.p[ra] = rb


@dataclass
class ManualContracts:
    must: list[tuple[str, str]] = field(default_factory=list)
    cannot: list[tuple[str, str]] = field(default_factory=list)
    notes: dict[tuple[str, str], str] = field(default_factory=dict)


# -- the linker ---------------------------------------------------------------------------------
class Linker:
    def __init__(self, resolver: Resolver, manual: ManualContracts | None = None):
        self.res = resolver
        self.manual = manual or ManualContracts()
        self._roots: dict[str, frozenset[str]] = {}
        self._rel: dict[tuple[str, str], str | None] = {}
        self._names: dict[str, str] = {}

    def roots(self, org_id: str) -> frozenset[str]:
        r = self._roots.get(org_id)
        if r is None:
            r = self._roots[org_id] = self.res.roots(org_id)
        return r

    def related(self, a: str, b: str) -> str | None:
        if a == b:
            return "same"
        k = (a, b)
        if k not in self._rel:
            self._rel[k] = self.res.related(a, b)
        return self._rel[k]

    def provider_related(self, a: str, b: str) -> bool:
        """Same provider, one line of succession, or one name the start of the other
        ("Sirona" and "Sirona Care & Health"; both unresolved, not generic words)."""
        if self.related(a, b):
            return True
        if a.startswith("org:") and b.startswith("org:"):
            x, y = sorted((a[4:], b[4:]), key=len)
            if y.startswith(x + "-"):
                first = x.split("-")[0]
                return len(x) >= 4 and first not in _GENERIC_WORDS
        return False

    def set_names(self, loaded: "Loaded") -> None:
        self._names.update(display_names(loaded))

    def name(self, org_id: str) -> str:
        if org_id.startswith(ANON):
            return "(buyer not named)"
        if org_id not in self._names:
            r = self.res.ref(org_id)
            self._names[org_id] = r.name if r else org_id
        return self._names[org_id]

    def event_roots(self, e: Ev) -> frozenset[str]:
        out: set[str] = set()
        for b in e.buyer_ids:
            out |= self.roots(b)
        return frozenset(out)

    # scoring one event against one contract
    def score(self, e: Ev, c: Cluster) -> tuple[float, list[dict[str, str]], str | None]:
        matched: list[dict[str, str]] = []
        # buyers
        best = None
        for b in e.buyer_ids:
            for cb in c.buyers:
                rel = self.related(b, cb)
                if rel == "same":
                    best = ("same", b, cb)
                    break
                if rel and best is None:
                    best = (rel, b, cb)
            if best and best[0] == "same":
                break
        if best is None:
            return 0.0, [], "different buyer"
        if best[0] == "same":
            s = W_BUYER
            matched.append({"field": "buyer", "detail": self.name(best[1])})
        else:
            s = W_BUYER_SUCCESSION
            old, new = (best[1], best[2]) if best[0] == "successor" else (best[2], best[1])
            matched.append({"field": "buyer", "detail": f"{self.name(old)} → {self.name(new)} (succession)"})
        # providers
        if e.provider_ids and c.providers and e.kind != "tender":
            hit = None
            for p in e.provider_ids:
                for cp in c.providers:
                    if self.provider_related(p, cp):
                        hit = (p, cp)
                        break
                if hit:
                    break
            if hit is None:
                return 0.0, [], "different provider"
            s += W_PROVIDER
            matched.append({"field": "provider", "detail": self.name(hit[1]) if hit[0] == hit[1]
                            else f"{self.name(hit[1])} → {self.name(hit[0])}"})
        if e.kind == "award" and e.bidder_ids and c.providers and set(e.bidder_ids) & c.providers:
            return 0.0, [], "the incumbent lost this award"
        # categories and service
        cat_conflict = False
        if e.categories and c.categories:
            common = e.categories & c.categories
            if common:
                s += W_CATEGORY
                matched.append({"field": "category", "detail": ", ".join(sorted(common))})
            else:
                cat_conflict = True
                s += CATEGORY_CONFLICT
        best_t, sim = None, 0.0
        for t in c.services if e.tokens else ():
            x = service_similarity(e.tokens, t)
            if x > sim:
                best_t, sim = t, x
        if e.tokens and c.services and sim == 0 and cat_conflict:
            return 0.0, [], "a different service in a different category"
        if best_t is not None:
            only_e, only_c = e.tokens - best_t, best_t - e.tokens
            if only_e and only_c:
                # "home care (north)" against "home care (south)": named apart
                s -= SERVICE_APART
                matched.append({"field": "service", "detail": f"{' '.join(sorted(e.tokens & best_t))} "
                                f"({sim:.2f}; but {' '.join(sorted(only_e))} ≠ {' '.join(sorted(only_c))})"})
            else:
                s += W_SERVICE * sim
                matched.append({"field": "service", "detail": f"{' '.join(sorted(e.tokens & best_t))} ({sim:.2f})"})
        # dates
        d = fc.PDate.parse(e.date) if e.date else None
        if d is not None and c.horizon is not None and d.first > c.horizon:
            return 0.0, [], f"dated {e.date}, after the contract's last plausible date {c.horizon.isoformat()}"
        if d is not None and c.active_end is not None and c.first and e.date >= c.first[:len(e.date)] \
                and d.first <= c.active_end:
            s += W_DATES
            matched.append({"field": "dates", "detail": f"{e.date} is within the contract's term "
                                                        f"(to {c.active_end.isoformat()} with options)"})
        return s, matched, None

    def link(self, events: list[Ev]) -> list[Cluster]:
        """Cluster events into contracts (deterministic for the same input)."""
        events = sorted(events, key=Ev.sort_key)
        by_ref = {e.ref: e for e in events}
        # manual constraints: components of must-links, forbidden pairs of components
        uf = _UF()
        for a, b in self.manual.must:
            if a in by_ref and b in by_ref:
                uf.union(a, b)
        comp_of: dict[str, int] = {}
        comp_ids: dict[Any, int] = {}
        for e in events:
            comp_of[e.ref] = comp_ids.setdefault(uf.find(e.ref), len(comp_ids))
        cannot: set[tuple[int, int]] = set()
        for a, b in self.manual.cannot:
            if a in comp_of and b in comp_of:
                ca, cb = comp_of[a], comp_of[b]
                cannot.add((ca, cb))
                cannot.add((cb, ca))
        comp_size = Counter(comp_of.values())
        # blocks: events sharing a buyer line (or a manual link) can only ever link to each other
        blocks = _UF()
        for e in events:
            blocks.find(("ev", e.ref))
            for r in self.event_roots(e):
                blocks.union(("ev", e.ref), ("org", r))
            if comp_size[comp_of[e.ref]] > 1:
                blocks.union(("ev", e.ref), ("comp", comp_of[e.ref]))
        grouped: dict[Any, list[Ev]] = defaultdict(list)
        for e in events:
            grouped[blocks.find(("ev", e.ref))].append(e)
        clusters: list[Cluster] = []
        for block in grouped.values():
            clusters.extend(self._link_block(block, comp_of, comp_size, cannot, len(clusters)))
        clusters.sort(key=lambda c: (c.links[0].ev.sort_key()))
        return clusters

    def _link_block(self, events: list[Ev], comp_of: dict[str, int], comp_size: Counter,
                    cannot: set[tuple[int, int]], seq0: int) -> list[Cluster]:
        clusters: list[Cluster] = []
        comp_cluster: dict[int, Cluster] = {}
        index: dict[tuple, list[Cluster]] = defaultdict(list)

        def register(c: Cluster, e: Ev, roots: frozenset[str]) -> None:
            for r in roots:
                index[("r", r)].append(c)
                for cat in e.categories:
                    index[("rc", r, cat)].append(c)
                for p in e.provider_ids:
                    index[("rp", r, p)].append(c)
                for t in e.tokens:
                    index[("rt", r, t)].append(c)

        for e in events:
            comp = comp_of[e.ref]
            roots = self.event_roots(e)
            if comp_size[comp] > 1 and comp in comp_cluster:
                c = comp_cluster[comp]
                s, matched, _ = self.score(e, c)
                c.add(Link(e, s, "manual", [{"field": "manual", "detail": "linked by hand"}] + matched), roots, comp)
                register(c, e, roots)
                continue
            cands: dict[int, Cluster] = {}
            if roots:
                keys = []
                for r in roots:
                    keys += [("rc", r, cat) for cat in e.categories]
                    keys += [("rp", r, p) for p in e.provider_ids]
                    keys += [("rt", r, t) for t in e.tokens]
                    if not e.categories and not e.provider_ids and not e.tokens:
                        keys.append(("r", r))
                for k in keys:
                    for c in index.get(k, ()):
                        cands[id(c)] = c
            scored = []
            for c in cands.values():
                if any((comp, x) in cannot for x in c.comps):
                    continue
                s, matched, conflict = self.score(e, c)
                if conflict is None and s >= LINK_THRESHOLD:
                    scored.append((s, c.seq, c, matched))
            scored.sort(key=lambda t: (-t[0], t[1]))
            target = None
            note = None
            if scored:
                if len(scored) == 1 or scored[0][0] - scored[1][0] >= AMBIGUITY_MARGIN:
                    target = scored[0]
                else:
                    note = ("ambiguous: fits " + " and ".join(
                        f"the contract of {t[2].links[0].ev.ref} ({t[0]:.1f})" for t in scored[:3]) + "; left unlinked")
            extra = [{"field": "note", "detail": e.note}] if e.note else []
            if target is not None:
                s, _, c, matched = target
                c.add(Link(e, round(s, 2), "auto", matched + extra), roots, comp)
            else:
                c = Cluster(seq0 + len(clusters))
                reason = [{"field": "note", "detail": note}] if note else []
                c.add(Link(e, 0.0, "first", reason + extra), roots, comp)
                c.note = note
                clusters.append(c)
            register(c, e, roots)
            if comp_size[comp] > 1:
                comp_cluster[comp] = c
        return clusters


# -- loading events from the store ----------------------------------------------------------
@dataclass
class Loaded:
    events: list[Ev]
    orgs: dict[str, OrgRef]
    alias_forms: dict[str, Counter]


def _manual_orgs(store) -> Manual:
    man = Manual()
    with store.Session() as s:
        rows = s.scalars(select(lm.ManualLink).where(lm.ManualLink.scope == "org").order_by(lm.ManualLink.id)).all()
    for r in rows:
        if r.action == "merge":
            man.merges[r.b] = r.a
            man.merges.pop(r.a, None) if man.merges.get(r.a) == r.b else None
        elif r.action == "split":
            if man.merges.get(r.b) == r.a:  # "split" of an organisation merged by hand: undo the merge
                del man.merges[r.b]
                continue
            man.splits.add((r.a, norm(r.b)))
            man.splits.add((r.a, company_key(r.b)))
    return man


def _manual_contracts(store) -> ManualContracts:
    mc = ManualContracts()
    with store.Session() as s:
        rows = s.scalars(select(lm.ManualLink).where(lm.ManualLink.scope == "contract").order_by(lm.ManualLink.id)).all()
    for r in rows:
        if r.action == "merge":
            mc.must.append((r.a, r.b))
        elif r.action == "split":
            mc.cannot.append((r.a, r.b))
    return mc


def make_resolver(store) -> Resolver:
    from .reference import current_gazetteer

    return Resolver(current_gazetteer(), manual=_manual_orgs(store))


def load_events(store, resolver: Resolver, document_ids: Iterable[int] | None = None,
                write_mentions: bool = True, event_ids: Iterable[int] | None = None) -> Loaded:
    """Every event (or those of some documents) with its mentions resolved to organisations."""
    E, D, M = m.Event.__table__, m.Document.__table__, m.Mention.__table__
    q = (select(E.c.id, E.c.document_id, E.c.ordinal, E.c.kind, E.c.status, E.c.service, E.c.categories,
                E.c.term_months, E.c.extension_months, E.c.start_date, E.c.end_date, E.c.event_date,
                E.c.confidence, E.c.value_amount, E.c.value_basis, D.c.key, D.c.source, D.c.publisher)
         .join(D, D.c.id == E.c.document_id))
    mq = select(M.c.id, M.c.event_id, M.c.role, M.c.name, M.c.org_id)
    if document_ids is not None:
        ids = list(document_ids)
        q = q.where(E.c.document_id.in_(ids or [-1]))
        mq = mq.where(M.c.event_id.in_(select(E.c.id).where(E.c.document_id.in_(ids or [-1]))))
    eids = None if event_ids is None else sorted(set(event_ids))
    if eids is not None:
        q = q.where(E.c.id.in_(eids))
        mq = mq.where(M.c.event_id.in_(eids))
    texts: dict[int, str] = {}

    def text_of(doc_id: int) -> Callable[[], str]:
        def get() -> str:
            if doc_id not in texts:
                with store.engine.connect() as c:
                    texts[doc_id] = c.execute(select(D.c.text).where(D.c.id == doc_id)).scalar() or ""
            return texts[doc_id]
        return get

    V = m.Evidence.__table__
    vq = select(V.c.event_id, V.c.field, V.c.start, V.c.end, V.c.text).where(
        V.c.field.in_(("kind", "start_date", "end_date", "term_months", "extension_months", "staff_transferred")))
    if document_ids is not None:
        vq = vq.where(V.c.event_id.in_(select(E.c.id).where(E.c.document_id.in_(ids or [-1]))))
    if eids is not None:
        vq = vq.where(V.c.event_id.in_(eids))
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
        mentions = conn.execute(mq).all()
        evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for v in conn.execute(vq):
            evidence[v.event_id].append({"field": v.field, "start": v.start, "end": v.end, "text": v.text[:400]})
    doc_info: dict[int, tuple[str | None, str | None]] = {}
    by_event: dict[int, list] = defaultdict(list)
    for mr in mentions:
        by_event[mr.event_id].append(mr)
    orgs: dict[str, OrgRef] = {}
    forms: dict[str, Counter] = defaultdict(Counter)
    updates: list[dict[str, Any]] = []
    events: list[Ev] = []
    for r in rows:
        ids: dict[str, list[str]] = {"buyer": [], "provider": [], "bidder": []}
        for mr in by_event.get(r.id, ()):
            res = resolver.resolve(mr.name, role=mr.role, on=r.event_date, text=text_of(r.document_id),
                                   source=r.source, publisher=r.publisher, doc=r.document_id)
            oid = res.org.id if res else None
            if res is not None:
                orgs.setdefault(oid, res.org)
                forms[oid][mr.name] += 1
                if oid not in ids[mr.role]:
                    ids[mr.role].append(oid)
            if write_mentions and oid != mr.org_id:
                updates.append({"mid": mr.id, "oid": oid})
        cats = frozenset(r.categories or ())
        events.append(Ev(
            id=r.id, document_id=r.document_id, doc_key=r.key, ordinal=r.ordinal, kind=r.kind, status=r.status,
            service=r.service, categories=cats, date=r.event_date, start_date=r.start_date,
            end_date=r.end_date, term_months=r.term_months, extension_months=r.extension_months,
            confidence=r.confidence if r.confidence is not None else 0.5, value_amount=r.value_amount,
            value_basis=r.value_basis, buyer_ids=tuple(ids["buyer"]), provider_ids=tuple(ids["provider"]),
            bidder_ids=tuple(ids["bidder"]), tokens=service_tokens(r.service),
            evidence=tuple(evidence.get(r.id, ()))))
        doc_info[r.document_id] = (r.source, r.publisher)
    # events that name no buyer: the document's other events, its site or publisher, else only
    # the other events of the same document can join them
    by_doc: dict[int, list[Ev]] = defaultdict(list)
    for e in events:
        by_doc[e.document_id].append(e)
    for doc_id, evs in by_doc.items():
        if all(e.buyer_ids for e in evs):
            continue
        named = sorted((e for e in evs if e.buyer_ids), key=lambda e: e.ordinal)
        if named:
            buyers, note = named[0].buyer_ids, "no buyer named: read from the document's main decision"
        else:
            source, publisher = doc_info[doc_id]
            res = resolver._council_from_doc(source, publisher, None)
            if res is None and publisher:
                res = resolver._lookup(publisher, "buyer", None)
            if res is not None:
                orgs.setdefault(res.org.id, res.org)
                buyers, note = (res.org.id,), "no buyer named: " + res.detail
            else:
                buyers, note = (f"{ANON}{doc_id}",), "no buyer named: linked only within its document"
        for e in evs:
            if not e.buyer_ids:
                e.buyer_ids, e.note = tuple(buyers), note
    if updates:
        with store.engine.begin() as conn:
            from sqlalchemy import bindparam

            conn.execute(update(M).where(M.c.id == bindparam("mid")).values(org_id=bindparam("oid")), updates)
    # successors of mentioned reference bodies are organisations too (the line of succession)
    for oid in list(orgs):
        for s in resolver.descendants(oid):
            ref = resolver.ref(s)
            if ref is not None:
                orgs.setdefault(s, ref)
    return Loaded(events, orgs, forms)


# -- writing -------------------------------------------------------------------------------
def _hash_id(ref: str) -> str:
    return "c" + hashlib.sha1(ref.encode()).hexdigest()[:10]


@dataclass
class RefreshReport:
    events: int = 0
    contracts: int = 0
    organisations: int = 0
    linked: int = 0
    ambiguous: int = 0
    corrections: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _timeline_dict(e: Ev) -> dict[str, Any]:
    return {"id": e.id, "document_id": e.document_id, "kind": e.kind, "status": e.status, "date": e.date,
            "start_date": e.start_date, "end_date": e.end_date, "term_months": e.term_months,
            "extension_months": e.extension_months, "confidence": e.confidence,
            "evidence": list(e.evidence)}


def refresh(store, document_ids: Iterable[int] | None = None, *, today: date | None = None,
            apply_corrections: bool = True) -> RefreshReport:
    """Bring organisations and contracts up to date with the stored events.

    With ``document_ids`` (just ingested or re-ingested), only the contracts those documents'
    events can touch are rebuilt; without, everything is. Corrections made by hand are
    re-applied to re-extracted events first, and manual merges and splits are honoured.
    """
    t0 = time.perf_counter()
    report = RefreshReport()
    if apply_corrections:
        from .corrections import apply_corrections as _apply

        report.corrections = _apply(store, document_ids)
    resolver = make_resolver(store)
    linker = Linker(resolver, _manual_contracts(store))
    doc_ids = None if document_ids is None else set(document_ids)
    # resolve the new documents' mentions; everything else keeps its stored org ids
    loaded = load_events(store, resolver, None if doc_ids is None else doc_ids)
    if doc_ids is None:
        scope_events = loaded.events
        affected_contracts = None
    else:
        scope_events, affected_contracts = _scope(store, linker, loaded, doc_ids)
    linker.set_names(loaded)
    _known_names(store, linker, scope_events)
    clusters = linker.link(scope_events)
    _write(store, linker, loaded, clusters, affected_contracts, today)
    report.events = len(scope_events)
    report.contracts = len(clusters)
    report.linked = sum(len(c.links) for c in clusters if len(c.links) > 1)
    report.ambiguous = sum(1 for c in clusters if c.note)
    report.organisations = len(loaded.orgs)
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


def stale_documents(store) -> set[int] | None:
    """Documents whose events are not (or no longer) in a contract: what a refresh must look at.

    ``None`` when nothing was ever linked (a full refresh is due); an empty set when up to date.
    """
    E, CE = m.Event.__table__, lm.ContractEvent.__table__
    with store.engine.connect() as c:
        if c.execute(select(CE.c.id).limit(1)).first() is None:
            return None if c.execute(select(E.c.id).limit(1)).first() is not None else set()
        new = {d for (d,) in c.execute(select(E.c.document_id).distinct().where(
            E.c.id.not_in(select(CE.c.event_id).where(CE.c.event_id.is_not(None)))))}
        gone = c.execute(select(CE.c.id).where(CE.c.event_id.is_(None)).limit(1)).first() is not None
    if gone and not new:
        return {-1}  # only deletions: a partial refresh with no new document still drops them
    return new


def ensure_fresh(store, today: date | None = None) -> RefreshReport | None:
    """Refresh what ingest left unlinked (new or re-ingested documents); None when up to date."""
    stale = stale_documents(store)
    if stale is None:
        return refresh(store, today=today)
    if stale:
        return refresh(store, stale, today=today)
    return None


def _scope(store, linker: Linker, loaded: Loaded, doc_ids: set[int]) -> tuple[list[Ev], set[str]]:
    """For a partial refresh: every event in a buyer line the new documents touch."""
    new_roots: set[str] = set()
    for e in loaded.events:
        new_roots |= linker.event_roots(e)
    keys = set()
    with store.engine.connect() as c:
        D = m.Document.__table__
        keys = {k for (k,) in c.execute(select(D.c.key).where(D.c.id.in_(list(doc_ids) or [-1])))}
    CE = lm.ContractEvent.__table__
    with store.engine.connect() as c:
        touched = {cid for (cid,) in c.execute(select(CE.c.contract_id).where(
            or_(CE.c.doc_key.in_(list(keys)), CE.c.event_id.is_(None))))}
    # events whose stored buyer org ids share a root with the new ones, and those of touched contracts
    M = m.Mention.__table__
    with store.engine.connect() as c:
        rows = c.execute(select(M.c.event_id, M.c.org_id).where(M.c.role == "buyer", M.c.org_id.is_not(None))).all()
        in_touched = {eid for (eid,) in c.execute(select(CE.c.event_id).where(
            CE.c.contract_id.in_(list(touched)), CE.c.event_id.is_not(None)))}
    related_events: set[int] = set(in_touched)
    for eid, oid in rows:
        if linker.roots(oid) & new_roots:
            related_events.add(eid)
    have = {e.id for e in loaded.events}
    events = list(loaded.events)
    _add_documents_of(store, linker, loaded, events, related_events - have)
    # contracts to replace: the touched ones and any holding an event in scope; every event
    # of those is in scope too (events whose buyer was inferred have no buyer mention to find)
    ids = {e.id for e in events}
    with store.engine.connect() as c:
        holding = {cid for (cid,) in c.execute(select(CE.c.contract_id).where(CE.c.event_id.in_(list(ids) or [-1])))}
        replace = touched | holding
        members = {eid for (eid,) in c.execute(select(CE.c.event_id).where(
            CE.c.contract_id.in_(list(replace)), CE.c.event_id.is_not(None)))}
    _add_documents_of(store, linker, loaded, events, members - ids)
    return events, replace


def _add_documents_of(store, linker: Linker, loaded: Loaded, events: list[Ev], event_ids: set[int]) -> None:
    """Bring whole documents into a partial refresh: the ones holding these events (a
    document's events are read together, since one can lend its buyer to another)."""
    if not event_ids:
        return
    E = m.Event.__table__
    have = {e.id for e in events}
    ids = sorted(event_ids)
    docs: set[int] = set()
    with store.engine.connect() as c:
        for i in range(0, len(ids), 500):
            docs |= {d for (d,) in c.execute(select(E.c.document_id).where(E.c.id.in_(ids[i:i + 500])))}
    more = load_events(store, linker.res, docs, write_mentions=False)
    for e in more.events:
        if e.id not in have:
            events.append(e)
            have.add(e.id)
    for oid, ref in more.orgs.items():
        loaded.orgs.setdefault(oid, ref)
    for oid, forms in more.alias_forms.items():
        loaded.alias_forms.setdefault(oid, forms)


def _write(store, linker: Linker, loaded: Loaded, clusters: list[Cluster], replace: set[str] | None,
           today: date | None) -> None:
    CE, C, CO = lm.ContractEvent.__table__, lm.Contract.__table__, lm.ContractOrg.__table__
    now = datetime.now(timezone.utc)
    # previous membership → stable ids
    with store.engine.connect() as c:
        q = select(CE.c.doc_key, CE.c.ordinal, CE.c.contract_id)
        if replace is not None:
            q = q.where(CE.c.contract_id.in_(list(replace)))
        prev = {event_ref(k, o): cid for k, o, cid in c.execute(q)}
        taken_elsewhere: set[str] = set()
        if replace is not None:
            taken_elsewhere = {cid for (cid,) in c.execute(select(C.c.id))} - set(replace)
    claimed: set[str] = set(taken_elsewhere)
    ids: list[str] = []
    for cl in clusters:
        ordered = [prev[link.ev.ref] for link in sorted(cl.links, key=lambda l: l.ev.sort_key()) if link.ev.ref in prev]
        votes = Counter(ordered)
        cid = None
        # most events' old id; on a tie, the id of the earliest event's old contract
        for cand, _ in sorted(votes.items(), key=lambda kv: (-kv[1], ordered.index(kv[0]))):
            if cand not in claimed:
                cid = cand
                break
        if cid is None:
            cid = _hash_id(cl.links[0].ev.ref)
            n = 1
            while cid in claimed:
                cid = _hash_id(f"{cl.links[0].ev.ref}/{n}")
                n += 1
        claimed.add(cid)
        ids.append(cid)
    relet = _relet_pass(linker, list(zip(ids, clusters)), today)
    with store.engine.begin() as c:
        if replace is None:
            c.execute(delete(CE))
            c.execute(delete(CO))
            c.execute(delete(C))
        elif replace:
            rep = list(replace)
            for i in range(0, len(rep), 500):
                chunk = rep[i:i + 500]
                c.execute(delete(CE).where(CE.c.contract_id.in_(chunk)))
                c.execute(delete(CO).where(CO.c.contract_id.in_(chunk)))
                c.execute(delete(C).where(C.c.id.in_(chunk)))
        batch: dict[Any, list[dict[str, Any]]] = {C: [], CE: [], CO: []}

        def flush(force: bool = False) -> None:
            if not force and max(len(rows) for rows in batch.values()) < 2000:
                return
            for table in (C, CE, CO):  # contracts first: the others refer to them
                if batch[table]:
                    c.execute(insert(table), batch[table])
                    batch[table] = []

        for cid, cl in zip(ids, clusters):
            row, orgs = _contract_row(cid, cl, linker, loaded, today)
            row["updated_at"] = now
            for k, v in relet.get(cid, {}).items():
                if k == "forecast":
                    row["forecast"].update(v)
                else:
                    row[k] = v
            batch[C].append(row)
            for pos, link in enumerate(sorted(cl.links, key=lambda l: l.ev.sort_key())):
                batch[CE].append({"contract_id": cid, "event_id": link.ev.id, "doc_key": link.ev.doc_key,
                                  "ordinal": link.ev.ordinal, "position": pos, "score": link.score,
                                  "method": link.method, "matched": link.matched})
            batch[CO].extend({"contract_id": cid, "org_id": o, "role": role} for role, o in orgs)
            flush()
        flush(force=True)
    _write_orgs(store, loaded, full=replace is None, splits=linker.res.manual.splits)


RELET_MONTHS = 36  # an award this long after a tender can be its outcome


def _relet_pass(linker: Linker, items: list[tuple[str, Cluster]], today: date | None) -> dict[str, dict[str, Any]]:
    """A contract being re-procured whose tender led to an award to someone else: re-let.

    The new award starts a contract of its own (a different provider is a different contract);
    this marks the old one as re-let and points each at the other. Returns the changes to
    make to the contracts' rows, by contract id.
    """
    awards: dict[str, list[tuple[str, Cluster, Ev]]] = defaultdict(list)
    for cid, cl in items:
        for l in cl.links:
            e = l.ev
            if e.kind in ("award", "outsource") and e.status == "approved" and e.date and e.provider_ids:
                for r in linker.event_roots(e):
                    awards[r].append((cid, cl, e))
    changes: dict[str, dict[str, Any]] = {}
    for cid, cl in items:
        tenders = [l.ev for l in cl.links if l.ev.kind == "tender" and l.ev.status == "approved" and l.ev.date]
        if not tenders:
            continue
        t = max(tenders, key=Ev.sort_key)
        if any(l.ev.kind in ("award", "outsource") and (l.ev.date or "") > (t.date or "") for l in cl.links):
            continue  # the tender's award is already in this history
        evs = sorted((l.ev for l in cl.links), key=Ev.sort_key)
        status = fc.forecast([_timeline_dict(e) for e in evs], today=today).status
        if status not in ("tendering", "procuring", "active", "extended"):
            continue
        tdate = fc.PDate.parse(t.date)
        best = None
        for r in linker.event_roots(t):
            for cid2, cl2, a in awards.get(r, ()):
                if cid2 == cid or not a.date or a.date <= t.date:
                    continue
                ad = fc.PDate.parse(a.date)
                if tdate and ad and fc.months_between(tdate.first, ad.first) > RELET_MONTHS:
                    continue
                if cl.providers and any(linker.provider_related(p, q) for p in a.provider_ids for q in cl.providers):
                    continue
                if not any(linker.related(b, cb) for b in a.buyer_ids for cb in cl.buyers):
                    continue
                sim = service_similarity(a.tokens, frozenset(cl.tokens))
                if not (a.categories & cl.categories) and sim < 0.5:
                    continue
                key = (a.date, a.doc_key, a.ordinal)
                if best is None or key < best[0]:
                    best = (key, cid2, a)
        if best is None:
            continue
        _, cid2, a = best
        names = ", ".join(linker.name(p) for p in a.provider_ids)
        changes[cid] = {"status": "re-let", "next_kind": "re-let", "next_date": None, "forecast": {
            "status": "re-let", "closed_to_market": True, "successor_contract": cid2,
            "next_event": {"kind": "re-let", "date": a.date,
                           "note": f"re-let to {names} after the tender of {t.date} (contract {cid2})"}}}
        changes.setdefault(cid2, {}).setdefault("forecast", {})["predecessor_contract"] = cid
    return changes


def _contract_row(cid: str, cl: Cluster, linker: Linker, loaded: Loaded,
                  today: date | None) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    evs = sorted((l.ev for l in cl.links), key=Ev.sort_key)
    buyers = list(dict.fromkeys(b for e in evs for b in e.buyer_ids if not b.startswith(ANON)))
    provider_ids = list(dict.fromkeys(p for e in evs if e.kind != "tender" for p in e.provider_ids))
    # one provider under a short and a full name ("Sirona", "Sirona care & health"): show the full one
    providers = [p for p in provider_ids if not any(
        q != p and len(q) > len(p) and linker.provider_related(p, q) and q.startswith(p) for q in provider_ids)]
    bidders = list(dict.fromkeys(p for e in evs for p in e.bidder_ids if p not in provider_ids))
    services = Counter(e.service for e in evs if e.service)
    title = None
    if services:
        title = sorted(services.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    cats = Counter(c for e in evs for c in e.categories)
    f = fc.forecast([_timeline_dict(e) for e in evs], today=today)
    region = None
    for b in buyers:
        ref = loaded.orgs.get(b) or linker.res.ref(b)
        if ref is not None and ref.region:
            region = ref.region
            break
    value = next(((e.value_amount, e.value_basis) for e in evs
                  if e.kind in ("award", "outsource") and e.value_amount is not None), None) or \
        next(((e.value_amount, e.value_basis) for e in evs if e.value_amount is not None), (None, None))
    fdict = f.to_dict()
    row = {
        "id": cid, "title": title, "categories": [c for c, _ in cats.most_common()],
        "buyer_ids": buyers, "provider_ids": providers,
        "buyers": [linker.name(b) for b in buyers], "providers": [linker.name(p) for p in providers],
        "region": region, "first_date": evs[0].date if evs else None,
        "last_date": max((e.date for e in evs if e.date), default=None),
        "start_date": f.start, "end_low": f.end_low, "end_high": f.end_high, "status": f.status,
        "next_kind": (f.next_event or {}).get("kind"), "next_date": (f.next_event or {}).get("date"),
        "confidence": f.confidence, "value_amount": value[0], "value_basis": value[1],
        "n_events": len(evs), "n_documents": len({e.document_id for e in evs}), "forecast": fdict,
        "note": cl.note,
    }
    orgs = [("buyer", b) for b in buyers] + [("provider", p) for p in provider_ids] + [("bidder", b) for b in bidders]
    return row, orgs


def display_names(loaded: Loaded) -> dict[str, str]:
    """An organisation's name: the reference name, else the form the documents use most."""
    out = {}
    for oid, ref in loaded.orgs.items():
        forms = loaded.alias_forms.get(oid) or Counter()
        name = ref.name
        if ref.source != "reference" and forms:
            name = sorted(forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        out[oid] = name
    return out


def _known_names(store, linker: Linker, events: list[Ev]) -> None:
    """Names of organisations a partial refresh did not resolve itself, from the store."""
    want = {o for e in events for o in e.buyer_ids + e.provider_ids + e.bidder_ids} - set(linker._names)
    if not want:
        return
    O = lm.Organisation.__table__
    with store.engine.connect() as c:
        ids = list(want)
        for i in range(0, len(ids), 500):
            for oid, name in c.execute(select(O.c.id, O.c.name).where(O.c.id.in_(ids[i:i + 500]))):
                linker._names[oid] = name


def _write_orgs(store, loaded: Loaded, full: bool, splits: set[tuple[str, str]] = frozenset()) -> None:
    O, A = lm.Organisation.__table__, lm.OrgAlias.__table__
    now = datetime.now(timezone.utc)
    with store.engine.begin() as c:
        if full:  # derived data: rebuilt from the mentions (manual merges live in manual_links)
            c.execute(delete(A))
            c.execute(delete(O))
        existing = {r.id: r for r in c.execute(select(O.c.id, O.c.name))}
        have_alias = {(r.org_id, r.norm) for r in c.execute(select(A.c.org_id, A.c.norm))}
        new_orgs, upd, aliases = [], [], []
        names = display_names(loaded)
        for oid, ref in loaded.orgs.items():
            forms = loaded.alias_forms.get(oid) or Counter()
            name = names[oid]
            row = {"id": oid, "name": name[:500], "type": ref.type, "code": ref.code, "region": ref.region,
                   "successor_id": "|".join(ref.successors) or None, "start_date": ref.start_date,
                   "end_date": ref.end_date, "source": ref.source, "updated_at": now}
            if oid in existing:
                if full or ref.source == "reference":
                    upd.append(row)
            else:
                new_orgs.append(row)
            al: list[tuple[str, str, str | None]] = [(ref.name, "reference" if ref.source == "reference" else "mention", None)]
            al += [(a, "reference", None) for a in ref.aliases]
            al += [(a, "rename", until) for a, until in ref.former]
            al += [(a, "mention", None) for a in forms]
            for alias, src, until in al:
                k = (oid, norm(alias)[:500])
                if k in splits or (oid, company_key(alias)) in splits:
                    continue  # a name split off this organisation by hand
                if k[1] and k not in have_alias:
                    have_alias.add(k)
                    aliases.append({"org_id": oid, "alias": alias[:500], "norm": k[1], "source": src, "until": until})
        if new_orgs:
            for i in range(0, len(new_orgs), 5000):
                c.execute(insert(O), new_orgs[i:i + 5000])
        if upd:
            from sqlalchemy import bindparam

            c.execute(update(O).where(O.c.id == bindparam("oid")).values(
                name=bindparam("name"), type=bindparam("type"), code=bindparam("code"), region=bindparam("region"),
                successor_id=bindparam("successor_id"), start_date=bindparam("start_date"),
                end_date=bindparam("end_date"), source=bindparam("source"), updated_at=bindparam("updated_at")),
                [{**r, "oid": r["id"]} for r in upd])
        if aliases:
            for i in range(0, len(aliases), 5000):
                c.execute(insert(A), aliases[i:i + 5000])


# -- reading ---------------------------------------------------------------------------------
@dataclass
class Contract:
    """One contract history, as stored by :func:`refresh` (plus its timeline when fetched alone)."""

    id: str
    title: str | None
    categories: list[str]
    buyer_ids: list[str]
    provider_ids: list[str]
    buyers: list[str]
    providers: list[str]
    region: str | None
    first_date: str | None
    last_date: str | None
    start_date: str | None
    end_low: str | None
    end_high: str | None
    status: str | None
    next_kind: str | None
    next_date: str | None
    confidence: float
    value_amount: float | None
    value_basis: str | None
    n_events: int
    n_documents: int
    forecast: dict[str, Any] | None
    note: str | None
    timeline: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_row(cls, r: lm.Contract) -> "Contract":
        return cls(id=r.id, title=r.title, categories=list(r.categories or []), buyer_ids=list(r.buyer_ids or []),
                   provider_ids=list(r.provider_ids or []), buyers=list(r.buyers or []),
                   providers=list(r.providers or []), region=r.region, first_date=r.first_date,
                   last_date=r.last_date, start_date=r.start_date, end_low=r.end_low, end_high=r.end_high,
                   status=r.status, next_kind=r.next_kind, next_date=r.next_date, confidence=r.confidence,
                   value_amount=r.value_amount, value_basis=r.value_basis, n_events=r.n_events,
                   n_documents=r.n_documents, forecast=r.forecast, note=r.note)

    @property
    def label(self) -> str:
        return f"{self.title or ', '.join(self.categories) or 'contract'} — {', '.join(self.buyers) or '?'}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_contracts(store, *, buyer: str | None = None, provider: str | None = None,
                   category: str | None = None, region: str | None = None, status: str | None = None,
                   q: str | None = None, limit: int = 100, offset: int = 0,
                   sort: str = "end") -> tuple[list[Contract], int]:
    """Contracts, filtered: ``buyer``/``provider`` match an org id or a name (any alias)."""
    C = lm.Contract
    query = select(C)
    for role, value in (("buyer", buyer), ("provider", provider)):
        if value:
            query = query.where(C.id.in_(select(lm.ContractOrg.contract_id).where(
                lm.ContractOrg.role == role, lm.ContractOrg.org_id.in_(org_ids_matching(store, value)))))
    if category:
        query = query.where(func.lower(func.cast(C.categories, m.Text)).like(f'%"{category.lower()}"%'))
    if region:
        query = query.where(func.lower(C.region) == region.lower())
    if status:
        query = query.where(C.status == status)
    if q:
        query = query.where(func.lower(C.title).like(f"%{q.lower()}%"))
    order = {"end": (C.end_low.asc().nulls_last(), C.id), "next": (C.next_date.asc().nulls_last(), C.id),
             "recent": (C.last_date.desc().nulls_last(), C.id), "events": (C.n_events.desc(), C.id)}.get(sort)
    if order is None:
        raise ValueError("sort must be one of end, next, recent, events")
    with store.Session() as s:
        total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = s.scalars(query.order_by(*order).limit(limit).offset(offset)).all()
        return [Contract.from_row(r) for r in rows], int(total)


def org_ids_matching(store, value: str) -> list[str]:
    """Organisation ids for an id, a name or part of any alias ("bath" finds B&NES)."""
    O, A = lm.Organisation, lm.OrgAlias
    n = norm(value)
    with store.Session() as s:
        if s.get(O, value) is not None:
            return [value]
        ids = set(s.scalars(select(A.org_id).where(A.norm == n)))
        if not ids and n:
            ids = set(s.scalars(select(A.org_id).where(A.norm.like(f"%{n}%"))))
        # a name the store has not seen yet may still resolve (reference bodies, renames)
        if not ids:
            r = make_resolver(store).resolve(value)
            if r is not None:
                ids = {r.org.id}
        return sorted(ids)


def get_contract(store, contract_id: str) -> Contract | None:
    """One contract with its timeline (events, evidence, why each joined, corrections) and documents."""
    from .corrections import corrections_for_events
    from .store import event_dict

    with store.Session() as s:
        row = s.get(lm.Contract, contract_id)
        if row is None:
            return None
        con = Contract.from_row(row)
        links = s.scalars(select(lm.ContractEvent).where(lm.ContractEvent.contract_id == contract_id)
                          .order_by(lm.ContractEvent.position)).all()
        ev_ids = [l.event_id for l in links if l.event_id is not None]
        from sqlalchemy.orm import selectinload

        evs = {e.id: e for e in s.scalars(select(m.Event).where(m.Event.id.in_(ev_ids or [-1])).options(
            selectinload(m.Event.evidence), selectinload(m.Event.document)))}
        fixes = corrections_for_events(store, ev_ids)
        docs: dict[int, dict[str, Any]] = {}
        for l in links:
            e = evs.get(l.event_id) if l.event_id is not None else None
            if e is None:
                con.timeline.append({"ref": event_ref(l.doc_key, l.ordinal), "missing": True,
                                     "link": {"score": l.score, "method": l.method, "matched": l.matched}})
                continue
            d = event_dict(e)
            d["date"] = e.event_date
            d["ref"] = event_ref(l.doc_key, l.ordinal)
            d["link"] = {"score": l.score, "method": l.method, "matched": l.matched}
            d["corrections"] = fixes.get(e.id, [])
            con.timeline.append(d)
            doc = d["document"]
            docs.setdefault(doc["id"], {**doc, "events": 0})
            docs[doc["id"]]["events"] += 1
        con.documents = sorted(docs.values(), key=lambda x: (x.get("published") or "", x["id"]))
    # evidence for the forecast, read fresh
    if con.forecast is not None:
        f = fc.forecast([t for t in con.timeline if not t.get("missing")])
        con.forecast = {**con.forecast, "evidence": f.evidence}
    return con


def contract_of_event(store, event_id: int) -> str | None:
    with store.Session() as s:
        return s.scalar(select(lm.ContractEvent.contract_id).where(lm.ContractEvent.event_id == event_id))


def _refs_of(store, contract_id: str) -> list[str]:
    with store.Session() as s:
        rows = s.execute(select(lm.ContractEvent.doc_key, lm.ContractEvent.ordinal)
                         .where(lm.ContractEvent.contract_id == contract_id).order_by(lm.ContractEvent.position)).all()
    return [event_ref(k, o) for k, o in rows]


def _event_refs(store, event_ids: Iterable[int]) -> list[str]:
    E, D = m.Event.__table__, m.Document.__table__
    ids = list(event_ids)
    with store.engine.connect() as c:
        rows = c.execute(select(E.c.id, D.c.key, E.c.ordinal).join(D, D.c.id == E.c.document_id)
                         .where(E.c.id.in_(ids or [-1]))).all()
    found = {i: event_ref(k, o) for i, k, o in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValueError(f"no such event: {', '.join(map(str, missing))}")
    return [found[i] for i in ids]


def _record(store, rows: list[tuple[str, str, str]], who: str | None, note: str | None, scope: str = "contract") -> None:
    now = datetime.now(timezone.utc)
    with store.Session.begin() as s:
        for action, a, b in rows:
            s.add(lm.ManualLink(scope=scope, action=action, a=a, b=b, who=who, at=now, note=note))


def merge_contracts(store, keep: str, other: str, *, who: str | None = None, note: str | None = None) -> str:
    """Put two contracts' events in one history, for good (recorded, survives re-ingests)."""
    a, b = _refs_of(store, keep), _refs_of(store, other)
    if not a or not b:
        raise ValueError(f"no such contract: {keep if not a else other}")
    anchor = a[0]
    _supersede(store, "split", set(a) | set(b), set(a) | set(b))
    _record(store, [("merge", anchor, r) for r in a[1:] + b], who, note)
    refresh(store)
    return contract_of_ref(store, anchor) or keep


def split_contract(store, contract_id: str, event_ids: Iterable[int], *, who: str | None = None,
                   note: str | None = None) -> tuple[str, str]:
    """Take events out of a contract into a history of their own (recorded, survives re-ingests)."""
    refs = _refs_of(store, contract_id)
    if not refs:
        raise ValueError(f"no such contract: {contract_id}")
    moved = _event_refs(store, event_ids)
    if not moved:
        raise ValueError("name at least one event to split off")
    if any(r not in refs for r in moved):
        raise ValueError(f"not every event given is in contract {contract_id}")
    stay = [r for r in refs if r not in moved]
    if not stay:
        raise ValueError("that would move every event: nothing to split")
    _supersede(store, "merge", set(moved), set(stay))
    rows = [("merge", moved[0], r) for r in moved[1:]] + [("merge", stay[0], r) for r in stay[1:]]
    rows.append(("split", stay[0], moved[0]))
    _record(store, rows, who, note)
    refresh(store)
    return contract_of_ref(store, stay[0]) or contract_id, contract_of_ref(store, moved[0]) or ""


def _supersede(store, action: str, side_a: set[str], side_b: set[str]) -> None:
    """Earlier manual links the new one contradicts stop counting (kept, marked, for the record):
    a split undoes merges across its two sides; a merge undoes splits inside what it joins."""
    with store.Session.begin() as s:
        for r in s.scalars(select(lm.ManualLink).where(lm.ManualLink.scope == "contract",
                                                       lm.ManualLink.action == action)):
            if (r.a in side_a and r.b in side_b) or (r.a in side_b and r.b in side_a):
                r.action = "superseded"
                r.note = ((r.note + "; ") if r.note else "") + f"was a {action}, superseded " + \
                    datetime.now(timezone.utc).isoformat(timespec="seconds")


def contract_of_ref(store, ref: str) -> str | None:
    key, ordinal = split_ref(ref)
    with store.Session() as s:
        return s.scalar(select(lm.ContractEvent.contract_id).where(
            lm.ContractEvent.doc_key == key, lm.ContractEvent.ordinal == ordinal))


def manual_links(store, scope: str | None = None) -> list[dict[str, Any]]:
    with store.Session() as s:
        q = select(lm.ManualLink).order_by(lm.ManualLink.id)
        if scope:
            q = q.where(lm.ManualLink.scope == scope)
        return [{"id": r.id, "scope": r.scope, "action": r.action, "a": r.a, "b": r.b, "who": r.who,
                 "at": r.at.isoformat() if r.at else None, "note": r.note} for r in s.scalars(q)]
