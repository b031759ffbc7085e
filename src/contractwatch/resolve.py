"""Names → organisations.

A name as a document gives it ("B&NES", "WCHC", "Virgin Care Ltd", "the CCG") becomes an
:class:`OrgRef` with a stable id, a canonical name and a type, by these steps in order:

1. a manual split or merge recorded with ``contractwatch orgs split/merge``;
2. generic names ("the Council", "the CCG") from the document: its site, publisher or the one
   body of that kind the text names;
3. acronyms and short names expanded from the document's own text ("WCHC" → "Wirral Community
   Health Care Foundation Trust"; "Full Name (ACR)" definitions first);
4. the gazetteer of councils and NHS bodies (names, aliases, GSS/ODS codes, dated);
5. the renames table (``data/renames.csv``: Virgin Care → HCRG Care Group …);
6. the name's legal form (Ltd, CIC, NHS Foundation Trust, Council …) for its type, and a
   normalised slug for its id, so "Acme Care Ltd" and "ACME Care Limited" are one.

Ids: ``council:<gazetteer id>``, ``nhs:<gazetteer id>``, ``org:<slug>``. Succession (CCG →
ICB, abolished council → unitary) comes from the gazetteer's successor column; renamed
providers keep one id and carry their former names as aliases.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from . import gazetteer as gz

DATA = Path(__file__).parent / "data"
RENAMES_CSV = DATA / "renames.csv"

ORG_TYPES = ("council", "nhs_commissioner", "nhs_trust", "company", "cic", "charity", "other")
COUNCIL_KINDS = gz.COUNCIL_TYPES
NHS_COMMISSIONER_KINDS = frozenset({"icb", "ccg", "nhs_england", "csu"})
CCG_TO_ICB = "2022-07-01"  # CCGs were abolished and ICBs took over on 1 July 2022


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    return gz.normalise_name(name)


# -- forms --------------------------------------------------------------------------------
_LEGAL_SUFFIXES = ("community interest company", "limited liability partnership", "public limited company",
                   "limited", "ltd", "plc", "llp", "lp", "cic", "c i c", "inc", "uk ltd")
_NHS_TRUST = re.compile(r"\b(nhs (foundation )?trust|foundation trust|nhs ft|health and care trust|"
                        r"hospitals? (nhs )?trust|partnership (nhs )?trust|care trust)\b")
_NHS_COMM = re.compile(r"\b(clinical commissioning group|ccg|integrated care board|icb|nhs england|"
                       r"commissioning support unit|csu|primary care trust|pct|health board)\b")
_COUNCIL = re.compile(r"\b(council|borough of|corporation of london|city of london corporation|"
                      r"combined authority|county of)\b")
_CIC = re.compile(r"\b(cic|c i c|community interest company)\b")
_COMPANY = re.compile(r"\b(ltd|limited|plc|llp|lp|inc|group|holdings|company|co|partnership llp|"
                      r"healthcare|homecare|home care services)\b")
_CHARITY = re.compile(r"\b(charity|charitable|trust|foundation|association|society|mencap|mind|age uk|"
                      r"barnardos|scope|turning point|leonard cheshire|housing 21|sue ryder|royal voluntary)\b")


@lru_cache(maxsize=200_000)
def form_type(name: str) -> str | None:
    """The organisation type a name's own form says, or None when it says nothing."""
    n = norm(name)
    if not n:
        return None
    if _NHS_TRUST.search(n) or (n.startswith("nhs ") and " trust" in n):
        return "nhs_trust"
    if _NHS_COMM.search(n):
        return "nhs_commissioner"
    if _COUNCIL.search(n):
        return "council"
    if _CIC.search(n):
        return "cic"
    if _COMPANY.search(n):
        return "company"
    if _CHARITY.search(n):
        return "charity"
    return None


@lru_cache(maxsize=200_000)
def company_key(name: str) -> str:
    """A name without 'the', legal suffixes and punctuation: the key of an ``org:`` id."""
    n = norm(re.sub(r"\([^)]*\)", " ", name))
    if n.startswith("the "):
        n = n[4:]
    changed = True
    while changed:
        changed = False
        for suf in _LEGAL_SUFFIXES:
            if n.endswith(" " + suf):
                n, changed = n[: -len(suf) - 1].strip(), True
    return n


def slug(name: str) -> str:
    return "-".join(company_key(name).split())[:180] or "unnamed"


# -- records ------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgRef:
    id: str
    name: str
    type: str
    code: str | None = None
    region: str | None = None
    successors: tuple[str, ...] = ()
    start_date: str | None = None
    end_date: str | None = None
    source: str = "resolved"  # reference | resolved | manual
    aliases: tuple[str, ...] = ()
    former: tuple[tuple[str, str | None], ...] = ()  # (former name, until)
    subtype: str | None = None  # gazetteer type: unitary, ccg, icb, foundation_trust …


@dataclass(frozen=True)
class Resolution:
    org: OrgRef
    method: str  # manual | host | publisher | context | acronym | reference | rename | form | name
    detail: str
    confidence: float = 0.8

    @property
    def id(self) -> str:
        return self.org.id


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def council_ref(c: gz.Council) -> OrgRef:
    return OrgRef(id=f"council:{c.id}", name=c.name, type="council", code=c.gss or None,
                  region=c.region or None, successors=tuple(f"council:{s}" for s in c.successors),
                  start_date=_iso(c.start_date), end_date=_iso(c.end_date), source="reference",
                  aliases=tuple(dict.fromkeys(a for a in (c.short_name, *c.aliases) if a != c.name)),
                  subtype=c.type)


def nhs_ref(b: gz.NhsBody) -> OrgRef:
    kind = "nhs_trust" if b.type in ("nhs_trust", "foundation_trust") else "nhs_commissioner"
    return OrgRef(id=f"nhs:{b.id}", name=b.name, type=kind, code=b.ods or None, region=b.region or None,
                  successors=tuple(f"nhs:{s}" for s in b.successors), start_date=_iso(b.start_date),
                  end_date=_iso(b.end_date), source="reference",
                  aliases=tuple(dict.fromkeys(a for a in (b.short_name, *b.aliases) if a != b.name)),
                  subtype=b.type)


@dataclass(frozen=True)
class Rename:
    old_name: str
    new_name: str
    date: str | None
    type: str
    note: str


def load_renames(path: str | Path | None = None) -> list[Rename]:
    with open(path or RENAMES_CSV, newline="", encoding="utf-8") as f:
        return [Rename(r["old_name"].strip(), r["new_name"].strip(), (r.get("date") or "").strip() or None,
                       (r.get("type") or "company").strip(), (r.get("note") or "").strip())
                for r in csv.DictReader(f) if (r.get("old_name") or "").strip()]


# -- text scanning: acronyms and short names -----------------------------------------------
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*|&")
_CONNECTORS = frozenset({"and", "of", "for", "the", "upon", "on", "in", "&", "de"})
_FORM_WORDS = frozenset("""nhs foundation trust council ltd limited cic group partnership services service
clinical commissioning ccg icb board integrated care plc llp borough county city district healthcare
community interest company charity association society metropolitan""".split())


def _runs(text: str) -> list[list[tuple[str, int, int]]]:
    """Runs of capitalised words (with connectors between them) and their offsets."""
    runs: list[list[tuple[str, int, int]]] = []
    cur: list[tuple[str, int, int]] = []
    last_end = -1
    for m in _TOKEN.finditer(text):
        w = m.group(0).rstrip(".'’")
        if not w:
            continue
        gap = text[last_end:m.start()] if last_end >= 0 else ""
        capital = w[0].isupper() or w[0].isdigit() or w == "&"
        joinable = cur and (gap.strip() in ("", ",") and "\n" not in gap)
        if capital or (w.lower() in _CONNECTORS and joinable):
            if not joinable:
                if cur:
                    runs.append(cur)
                cur = []
            cur.append((w, m.start(), m.start() + len(w)))
        else:
            if cur:
                runs.append(cur)
            cur = []
        last_end = m.start() + len(m.group(0))
    if cur:
        runs.append(cur)
    # drop trailing connectors
    out = []
    for r in runs:
        while r and r[-1][0].lower() in _CONNECTORS:
            r = r[:-1]
        if r:
            out.append(r)
    return out


def is_acronym(name: str) -> bool:
    s = name.strip()
    if " " in s or not 2 <= len(s) <= 9:
        return False
    letters = [c for c in s if c.isalpha()]
    caps = [c for c in letters if c.isupper()]
    return len(caps) >= 2 and len(caps) * 2 >= len(letters)


def _acronym_letters(acr: str) -> str:
    return "".join(c for c in acr if c.isupper() or c.isdigit())


def _match_initials(letters: str, words: list[str]) -> int | None:
    """How many words the letters spell as initials from the start (connectors optional)."""
    # depth-first over (letter index, word index)
    stack = [(0, 0)]
    seen = set()
    while stack:
        li, wi = stack.pop()
        if (li, wi) in seen:
            continue
        seen.add((li, wi))
        if li == len(letters):
            return wi
        if wi >= len(words):
            continue
        w = words[wi]
        low = w.lower()
        if low in _CONNECTORS:
            stack.append((li, wi + 1))  # skip the connector
            if w != "&" and w[0].upper() == letters[li]:
                stack.append((li + 1, wi + 1))
            continue
        if w[0].upper() == letters[li]:
            stack.append((li + 1, wi + 1))
            # CamelCase words may give more than one letter ("HealthCare")
            caps = [c for c in w[1:] if c.isupper()]
            if caps and "".join(caps) == letters[li + 1: li + 1 + len(caps)]:
                stack.append((li + 1 + len(caps), wi + 1))
    return None


def _extend_forms(words: list[str], k: int) -> int:
    while k < len(words) and words[k].lower() in _FORM_WORDS:
        k += 1
    return k


def _keep_longest(cands: Iterable[str]) -> list[str]:
    uniq = list(dict.fromkeys(cands))
    norms = {c: norm(c) for c in uniq}
    return [c for c in uniq if not any(o != c and norms[c] != norms[o] and
                                       (" " + norms[o] + " ").find(" " + norms[c] + " ") >= 0 for o in uniq)]


def acronym_expansions(acr: str, text: str) -> list[str]:
    """Longer names in ``text`` that ``acr`` abbreviates, longest forms only."""
    letters = _acronym_letters(acr)
    if len(letters) < 2 or not text:
        return []
    # 1. explicit definitions: "Full Name (ACR)" or "ACR (Full Name)"
    found: list[str] = []
    for m in re.finditer(r"\(\s*" + re.escape(acr) + r"\s*\)", text):
        before = [r for r in _runs(text[max(0, m.start() - 200):m.start()])]
        if before:
            words = [w for w, _, _ in before[-1]]
            for i in range(len(words)):
                k = _match_initials(letters, words[i:])
                if k is not None:
                    found.append(" ".join(words[i:]))
                    break
    if found:
        return _keep_longest(found)
    for run in _runs(text):
        words = [w for w, _, _ in run]
        for i, w in enumerate(words):
            if w.lower() in _CONNECTORS or w[0].upper() != letters[0]:
                continue
            k = _match_initials(letters, words[i:])
            if k is None or k < 2:
                continue
            end = _extend_forms(words, i + k)
            found.append(" ".join(words[i:end]))
    return _keep_longest(found)


def prefix_expansions(name: str, text: str) -> list[str]:
    """Longer names in ``text`` that start with ``name`` and end in a form word.

    "HCRG" → "HCRG Care Group"; "Sirona" → "Sirona Care & Health CIC" when the text says so.
    """
    target = name.split()
    if not target or not text:
        return []
    tl = [t.lower() for t in target]
    found = []
    for run in _runs(text):
        words = [w for w, _, _ in run]
        low = [w.lower() for w in words]
        for i in range(len(words) - len(tl)):
            if low[i:i + len(tl)] == tl:
                end = len(words)
                # the longest continuation that ends in a form word
                while end > i + len(tl) and low[end - 1] not in _FORM_WORDS:
                    end -= 1
                if end > i + len(tl):
                    found.append(" ".join(words[i:end]))
    return _keep_longest(found)


_GENERIC = {
    "council": "council", "the council": "council", "local authority": "council",
    "the local authority": "council", "the authority": "council", "authority": "council",
    "county council": "council", "the county council": "council", "city council": "council",
    "the city council": "council", "borough council": "council", "the borough council": "council",
    "ccg": "ccg", "the ccg": "ccg", "clinical commissioning group": "ccg",
    "the clinical commissioning group": "ccg", "icb": "icb", "the icb": "icb",
    "integrated care board": "icb", "the integrated care board": "icb",
    "trust": "trust", "the trust": "trust", "nhs trust": "trust", "the nhs trust": "trust",
    "provider": None, "the provider": None, "the current provider": None, "current provider": None,
    "the incumbent": None, "incumbent": None,
}
_GENERIC_TAIL = {"ccg": re.compile(r"\b(Clinical Commissioning Group|CCG)\b"),
                 "icb": re.compile(r"\b(Integrated Care Board|ICB)\b"),
                 "trust": re.compile(r"\b(NHS Foundation Trust|NHS Trust|Foundation Trust)\b"),
                 "council": re.compile(r"\bCouncil\b")}


def _named_bodies(kind: str, text: str) -> list[str]:
    """Full names in the text that end in the body kind's form ("… Clinical Commissioning Group")."""
    pat = _GENERIC_TAIL[kind]
    out = []
    for run in _runs(text):
        words = [w for w, _, _ in run]
        s = " ".join(words)
        for m in pat.finditer(s):
            head = s[:m.end()]
            if len(head.split()) > len(m.group(0).split()):
                out.append(head)
    return _keep_longest(out)


# -- the resolver --------------------------------------------------------------------------
@dataclass
class Manual:
    """Hand-made organisation merges (other id → kept id) and splits ((org id, name norm))."""

    merges: dict[str, str] = field(default_factory=dict)
    splits: set[tuple[str, str]] = field(default_factory=set)

    def target(self, org_id: str) -> str:
        seen = set()
        while org_id in self.merges and org_id not in seen:
            seen.add(org_id)
            org_id = self.merges[org_id]
        return org_id


class Resolver:
    """Resolves names with caches; build one per refresh (it reads the tables once)."""

    def __init__(self, gaz: gz.Gazetteer | None = None, renames: list[Rename] | None = None,
                 manual: Manual | None = None):
        self.gaz = gaz or gz.gazetteer()
        self.manual = manual or Manual()
        self.renames = renames if renames is not None else load_renames()
        self._refs: dict[str, OrgRef] = {}
        self._rename_index: dict[str, tuple[str, str | None]] = {}  # company key → (current name, date)
        self._build_renames()
        self._cache: dict[tuple, Resolution | None] = {}
        self._nhs_keys: list | None = None

    # -- reference bodies
    def ref(self, org_id: str) -> OrgRef | None:
        if org_id in self._refs:
            return self._refs[org_id]
        r = None
        if org_id.startswith("council:"):
            c = self.gaz.council_by_id.get(org_id[8:])
            r = council_ref(c) if c else None
        elif org_id.startswith("nhs:"):
            b = self.gaz.nhs_by_id.get(org_id[4:])
            r = nhs_ref(b) if b else None
        if r is not None:
            self._refs[org_id] = r
        return r

    def _build_renames(self) -> None:
        current: dict[str, str] = {}
        for r in self.renames:
            current[company_key(r.old_name)] = r.new_name
        def latest(name: str) -> str:
            seen = set()
            while company_key(name) in current and company_key(name) not in seen:
                seen.add(company_key(name))
                name = current[company_key(name)]
            return name
        by_new: dict[str, list[Rename]] = {}
        for r in self.renames:
            new = latest(r.new_name)
            self._rename_index[company_key(r.old_name)] = (new, r.date)
            by_new.setdefault(new, []).append(r)
        for new, rows in by_new.items():
            oid = f"org:{slug(new)}"
            former = tuple(dict.fromkeys((r.old_name, r.date) for r in rows))
            self._refs[oid] = OrgRef(id=oid, name=new, type=rows[-1].type or form_type(new) or "company",
                                     source="reference", former=former)

    # -- succession
    def successors(self, org_id: str) -> tuple[str, ...]:
        r = self.ref(org_id)
        return r.successors if r else ()

    def descendants(self, org_id: str) -> set[str]:
        out: set[str] = set()
        todo = list(self.successors(org_id))
        while todo:
            s = todo.pop()
            if s not in out:
                out.add(s)
                todo.extend(self.successors(s))
        return out

    def roots(self, org_id: str) -> frozenset[str]:
        """The current bodies an organisation's line ends in (itself if it still exists)."""
        return _roots(self, org_id)

    def related(self, a: str, b: str) -> str | None:
        """"same", "successor" or "predecessor" when a and b are one line of succession."""
        if a == b:
            return "same"
        if b in self.descendants(a):
            return "successor"
        if a in self.descendants(b):
            return "predecessor"
        return None

    # -- resolution
    def resolve(self, name: str, *, role: str = "buyer", on: str | None = None, text: "str | Callable[[], str] | None" = None,
                source: str | None = None, publisher: str | None = None,
                doc: object | None = None) -> Resolution | None:
        """One name → one organisation, or None for an empty or hopelessly generic name.

        ``doc`` is a cache key for the document (its id): context-dependent answers (acronyms,
        "the Council") are cached per document, the rest per name and year.
        """
        raw = re.sub(r"\s+", " ", (name or "")).strip().strip(",;:.")
        if not raw:
            return None
        n = norm(raw)
        year = (on or "")[:4]
        ftype = form_type(raw)
        contextual = n in _GENERIC or is_acronym(raw) or (len(n.split()) <= 2 and ftype is None)
        # only reference bodies depend on the date (a council in office then); companies do not
        dated = on if contextual else (year if ftype in (None, "council", "nhs_commissioner", "nhs_trust") else "")
        key = (raw, role, dated, doc if contextual else None)
        if key in self._cache:
            return self._cache[key]
        res = self._resolve(raw, n, role=role, on=on, text=text, source=source, publisher=publisher)
        if res is not None:
            res = self._apply_manual(res, raw, n)
        self._cache[key] = res
        return res

    def _apply_manual(self, res: Resolution, raw: str, n: str) -> Resolution:
        oid = res.org.id
        target = self.manual.target(oid)
        if any((x, k) in self.manual.splits for x in {oid, target} for k in (n, company_key(raw))):
            new = OrgRef(id=f"org:{slug(raw)}", name=raw, type=form_type(raw) or "other", source="manual")
            if new.id == target:
                new = OrgRef(id=f"org:split-{slug(raw)}", name=raw, type=new.type, source="manual")
            return Resolution(new, "manual", f'"{raw}" split from {target} by hand', 1.0)
        if target != oid:
            ref = self.ref(target) or OrgRef(id=target, name=res.org.name, type=res.org.type, source="manual")
            return Resolution(ref, "manual", f"{oid} merged into {target} by hand; {res.detail}", 1.0)
        return res

    def _resolve(self, raw: str, n: str, *, role: str, on: str | None, text: str | None,
                 source: str | None, publisher: str | None) -> Resolution | None:
        on_date = _on(on)
        # "Heritage Care (previously known as Community Options)"
        m = re.match(r"(.+?)\s*\((?:previously known as|formerly(?: known as)?|trading as|t/a)\s+([^)]+)\)\s*$",
                     raw, re.I)
        if m:
            inner = self._resolve(m.group(1).strip(), norm(m.group(1)), role=role, on=on, text=text,
                                  source=source, publisher=publisher)
            if inner is not None:
                return Resolution(inner.org, inner.method, inner.detail + f'; formerly "{m.group(2).strip()}"',
                                  inner.confidence)
        raw_clean = re.sub(r"\s*\([^)]*\)\s*$", "", raw).strip() or raw
        if raw_clean != raw:
            raw, n = raw_clean, norm(raw_clean)

        # generic names: "the Council", "the CCG"
        if n in _GENERIC:
            kind = _GENERIC[n]
            if kind is None:
                return None
            if kind == "council":
                r = self._council_from_doc(source, publisher, on_date)
                if r is not None:
                    return r
            if callable(text):
                text = text()
            if text:
                names = _named_bodies(kind, text)
                hits = {x.org.id: x for x in (self._lookup(c, role, on_date) for c in names) if x is not None}
                if len(hits) == 1:
                    hit = next(iter(hits.values()))
                    return Resolution(hit.org, "context", f'"{raw}" is the one {kind.upper() if kind != "council" else kind} '
                                      f'the text names: {hit.org.name}', 0.75)
            return None

        # acronyms explained by the text itself ("WCHC" → "Wirral Community Health Care …")
        if is_acronym(raw):
            r = self._from_context(raw, role, on_date, text, acronym_expansions, "acronym")
            if r is not None:
                return r
        r = self._lookup(raw, role, on_date)
        if r is not None:
            return r
        # a short name the text gives in full ("HCRG" → "HCRG Care Group")
        if len(n.split()) <= 2 and form_type(raw) is None:
            r = self._from_context(raw, role, on_date, text, prefix_expansions, "context")
            if r is not None:
                return r
        return self._by_form(raw, role)

    def _from_context(self, raw: str, role: str, on_date: date | None, text, expand, how: str) -> Resolution | None:
        if callable(text):
            text = text()
        if not text:
            return None
        cands = expand(raw, text)
        hits: dict[str, tuple[str, Resolution]] = {}
        unresolved = []
        for c in cands:
            r = self._lookup(c, role, on_date)
            if r is not None:
                hits.setdefault(r.org.id, (c, r))
            else:
                unresolved.append(c)
        if len(hits) == 1 and not unresolved:
            c, r = next(iter(hits.values()))
            return Resolution(r.org, how, f'"{raw}" stands for "{c}" in the text; {r.detail}', 0.85)
        if not hits and len(unresolved) == 1:
            c = unresolved[0]
            r = self._by_form(c, role)
            return Resolution(r.org, how, f'"{raw}" stands for "{c}" in the text; {r.detail}', 0.7)
        return None

    def _council_from_doc(self, source: str | None, publisher: str | None, on: date | None) -> Resolution | None:
        if source:
            c = self.gaz.council_for_host(source, on)
            if c is not None:
                return Resolution(council_ref(c), "host", f"the document is on {c.name}'s site", 0.9)
        if publisher:
            c = self.gaz.find_council(publisher, on)
            if c is not None:
                return Resolution(council_ref(c), "publisher", f"the document is published by {c.name}", 0.85)
        return None

    def _lookup(self, raw: str, role: str, on: date | None) -> Resolution | None:
        """The gazetteer and the renames table; None when neither knows the name."""
        ftype = form_type(raw)
        if ftype in (None, "council", "nhs_commissioner", "nhs_trust", "other"):
            if ftype in (None, "nhs_commissioner", "nhs_trust"):
                b = self.gaz.find_nhs_body(raw, on)
                if b is not None:
                    ref = nhs_ref(b)
                    return Resolution(ref, "reference", f'"{raw}" is {b.name} ({b.type}, ODS {b.ods or "?"})', 0.95)
            if ftype in ("nhs_commissioner", "nhs_trust"):
                r = self._fuzzy_nhs(raw, ftype, on)
                if r is not None:
                    return r
            if ftype in (None, "council") and not (ftype is None and role != "buyer" and len(raw.split()) > 3):
                c = self.gaz.find_council(raw, on)
                if c is not None:
                    ref = council_ref(c)
                    return Resolution(ref, "reference", f'"{raw}" is {c.name} (GSS {c.gss or "?"})', 0.95)
        key = company_key(raw)
        if key in self._rename_index:
            new, when = self._rename_index[key]
            ref = self._refs[f"org:{slug(new)}"]
            if norm(new) == norm(raw) or company_key(new) == key:
                return Resolution(ref, "rename", f'"{raw}" is {ref.name}', 0.9)
            return Resolution(ref, "rename", f'"{raw}" was renamed {ref.name}' + (f" in {when}" if when else ""), 0.9)
        oid = f"org:{slug(raw)}"
        if oid in self._refs:
            ref = self._refs[oid]
            return Resolution(ref, "rename", f'"{raw}" is {ref.name}', 0.9)
        return None

    def _fuzzy_nhs(self, raw: str, ftype: str, on: date | None) -> Resolution | None:
        """An NHS name written a little differently ("Health Care" for "Health and Care"):
        the one body of that kind whose distinctive words read the same (≥ 95 of 100)."""
        from rapidfuzz import fuzz

        if self._nhs_keys is None:
            self._nhs_keys = [(_nhs_words(n), b) for b in self.gaz.nhs_bodies for n in (b.name, b.short_name)]
        key = _nhs_words(raw)
        if len(key) < 6:
            return None
        want = ("nhs_trust", "foundation_trust") if ftype == "nhs_trust" else ("ccg", "icb", "nhs_england")
        hits = {}
        for k, b in self._nhs_keys:
            if b.type in want and k and fuzz.ratio(key, k) >= 95:
                hits[b.id] = b
        if len(hits) > 1 and on is not None:
            hits = {i: b for i, b in hits.items() if b.active_on(on)} or hits
        if len(hits) != 1:
            return None
        b = next(iter(hits.values()))
        return Resolution(nhs_ref(b), "reference", f'"{raw}" reads as {b.name} (ODS {b.ods or "?"})', 0.85)

    def _by_form(self, raw: str, role: str) -> Resolution:
        t = form_type(raw) or "other"
        ref = OrgRef(id=f"org:{slug(raw)}", name=_tidy(raw), type=t)
        how = f'"{raw}" by its form ({t})' if t != "other" else f'"{raw}" by name'
        return Resolution(ref, "form" if t != "other" else "name", how, 0.7 if t != "other" else 0.6)


_NHS_NOISE = frozenset({"nhs", "and", "the", "foundation", "trust", "ft", "of", "clinical", "commissioning",
                        "group", "ccg", "integrated", "care", "board", "icb"})


def _nhs_words(name: str) -> str:
    return " ".join(w for w in norm(name).split() if w not in _NHS_NOISE)


def _tidy(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().strip(",;:")


def _on(on: str | None) -> date | None:
    if not on:
        return None
    try:
        s = on[:10]
        if len(s) == 4:
            s += "-07-01"
        elif len(s) == 7:
            s += "-15"
        return date.fromisoformat(s)
    except ValueError:
        return None


def _roots(res: Resolver, org_id: str) -> frozenset[str]:
    succ = res.successors(org_id)
    if not succ:
        return frozenset({org_id})
    out: set[str] = set()
    seen = {org_id}
    todo = list(succ)
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        nxt = res.successors(s)
        if nxt:
            todo.extend(nxt)
        else:
            out.add(s)
    return frozenset(out or {org_id})


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    return Resolver()


# -- organisations in the store ------------------------------------------------------------
def list_orgs(store, *, type: str | None = None, search: str | None = None, limit: int = 100,
              offset: int = 0) -> tuple[list[dict], int]:
    """Organisations the stored documents name (and their successors), with event counts."""
    from sqlalchemy import func, or_, select

    from .store import models as m
    from .store import linkmodels as lm

    O, A = lm.Organisation, lm.OrgAlias
    q = select(O)
    if type:
        if type not in ORG_TYPES:
            raise ValueError(f"unknown type {type!r}; expected one of: {', '.join(ORG_TYPES)}")
        q = q.where(O.type == type)
    if search:
        n = norm(search)
        q = q.where(or_(O.id == search, O.code == search.upper(),
                        O.id.in_(select(A.org_id).where(A.norm.like(f"%{n}%")))))
    with store.Session() as s:
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        counts = dict(s.execute(select(m.Mention.org_id, func.count(func.distinct(m.Mention.event_id)))
                                .where(m.Mention.org_id.is_not(None)).group_by(m.Mention.org_id)).all())
        rows = s.scalars(q.order_by(O.name, O.id).limit(limit).offset(offset)).all()
        return [org_dict(o, counts.get(o.id, 0)) for o in rows], int(total)


def org_dict(o, events: int | None = None, with_aliases: bool = True) -> dict:
    d = {"id": o.id, "name": o.name, "type": o.type, "code": o.code, "region": o.region,
         "successors": [x for x in (o.successor_id or "").split("|") if x], "start_date": o.start_date,
         "end_date": o.end_date, "source": o.source}
    if with_aliases:
        d["aliases"] = [{"alias": a.alias, "source": a.source, "until": a.until} for a in o.aliases
                        if a.alias != o.name]
    if events is not None:
        d["events"] = events
    return d


def get_org(store, org_id_or_name: str) -> dict | None:
    """One organisation by id, or by any name it is known by; with predecessors and successors."""
    from sqlalchemy import select

    from .store import linkmodels as lm

    with store.Session() as s:
        o = s.get(lm.Organisation, org_id_or_name)
        if o is None:
            ids = sorted(set(s.scalars(select(lm.OrgAlias.org_id).where(lm.OrgAlias.norm == norm(org_id_or_name)))))
            if len(ids) != 1:
                return None
            o = s.get(lm.Organisation, ids[0])
        d = org_dict(o)
        d["predecessors"] = sorted(s.scalars(select(lm.Organisation.id).where(
            lm.Organisation.successor_id.like(f"%{o.id}%"))))
        d["predecessors"] = [p for p in d["predecessors"] if o.id in
                             (s.get(lm.Organisation, p).successor_id or "").split("|")]
        return d


def _org_id_for(store, value: str) -> str:
    from sqlalchemy import select

    from .store import linkmodels as lm

    with store.Session() as s:
        if s.get(lm.Organisation, value) is not None:
            return value
        ids = sorted(set(s.scalars(select(lm.OrgAlias.org_id).where(lm.OrgAlias.norm == norm(value)))))
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        raise ValueError(f"{value!r} names more than one organisation ({', '.join(ids)}): give an id")
    raise ValueError(f"no organisation {value!r} in the store (see `contractwatch orgs --search`)")


def merge_orgs(store, keep: str, other: str, *, who: str | None = None, note: str | None = None) -> str:
    """Make ``other`` (an id or a name) part of ``keep``, for good; relinks. Returns the kept id."""
    from datetime import datetime, timezone

    from .store import linkmodels as lm

    a, b = _org_id_for(store, keep), _org_id_for(store, other)
    if a == b:
        raise ValueError("those are already one organisation")
    with store.Session.begin() as s:
        s.add(lm.ManualLink(scope="org", action="merge", a=a, b=b, who=who, at=datetime.now(timezone.utc), note=note))
    from .link import refresh

    _drop_org(store, b)
    refresh(store)
    return a


def split_org(store, org: str, name: str, *, who: str | None = None, note: str | None = None) -> str:
    """Take the name ``name`` away from organisation ``org``: mentions of it become an
    organisation of their own (and any earlier merge of that name is undone). Returns its id."""
    from datetime import datetime, timezone

    from sqlalchemy import delete, select

    from .store import linkmodels as lm

    from .link import _manual_orgs
    from .reference import current_gazetteer

    a = _org_id_for(store, org)
    n = norm(name)
    # a name that belongs to an organisation merged into this one by hand: undo that merge
    manual = _manual_orgs(store)
    plain = Resolver(current_gazetteer()).resolve(name)
    undo = plain is not None and plain.id != a and manual.target(plain.id) == a
    with store.Session.begin() as s:
        known = set(s.scalars(select(lm.OrgAlias.norm).where(lm.OrgAlias.org_id == a)))
        if n not in known:
            raise ValueError(f"{a} is not known as {name!r}")
        s.add(lm.ManualLink(scope="org", action="split", a=a, b=plain.id if undo else name, who=who,
                            at=datetime.now(timezone.utc), note=note))
        s.execute(delete(lm.OrgAlias).where(lm.OrgAlias.org_id == a, lm.OrgAlias.norm == n))
    from .link import refresh

    refresh(store)
    with store.Session() as s:
        from .store import models as m

        got = s.scalar(select(m.Mention.org_id).where(m.Mention.norm == norm_mention(name)).limit(1))
    return got or (plain.id if undo else f"org:{slug(name)}")


def norm_mention(name: str) -> str:
    from .store import norm_name

    return norm_name(name)[:500]


def _drop_org(store, org_id: str) -> None:
    from sqlalchemy import delete

    from .store import linkmodels as lm

    with store.Session.begin() as s:
        s.execute(delete(lm.OrgAlias).where(lm.OrgAlias.org_id == org_id))
        s.execute(delete(lm.Organisation).where(lm.Organisation.id == org_id))
