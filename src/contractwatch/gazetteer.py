"""Reference tables of UK councils and NHS bodies, and lookups against them.

The tables are the project's own, hand-written CSV files in ``contractwatch/data``:

* ``councils.csv``   -- every UK principal council, current and abolished since 2009;
* ``nhs_bodies.csv`` -- ICBs, CCGs (2021 set and earlier ones) and NHS trusts.

They are loaded once, lazily, and indexed in dicts.  :func:`load_tables` swaps in
other files at run time (a ``reference update`` can write new tables and call it).

Both were written by hand from public facts (names, web domains, GSS and ODS codes)
and are checked by ``tests/test_gazetteer.py`` against public registers.  Columns:

* councils: id, name, short_name, type, nation (E/W/S/N), region, gss, aliases,
  domains, start_date, end_date, successor;
* NHS bodies: id, name, short_name, type, ods, aliases, region, start_date, end_date,
  successor.

``aliases`` and ``domains`` are pipe-separated; a domain is a host label ("bathnes",
for ``*.bathnes.gov.uk``) or a whole domain ("derrystrabane.com").  Dates are ISO;
``end_date`` is a body's last day.  ``successor`` is the id of the body that took over
(pipe-separated when a body was split, e.g. Cumbria County Council).  A domain shared
by two councils (Adur & Worthing) is listed on both, so it resolves to neither.

Lookups are built for precision: when a name or a web host could mean more than one
body, they answer ``None`` rather than guess.

    >>> council_for_host("https://councildecisions.bury.gov.uk/ieIssueDetails.aspx?IId=1").name
    'Bury Council'
    >>> find_council("B&NES").short_name
    'Bath and North East Somerset'
"""
from __future__ import annotations

import csv
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

__all__ = [
    "Council",
    "NhsBody",
    "Gazetteer",
    "load_tables",
    "gazetteer",
    "councils",
    "nhs_bodies",
    "council_for_host",
    "find_council",
    "find_nhs_body",
    "get_council",
    "get_nhs_body",
    "normalise_name",
    "DATA_DIR",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNCILS_CSV = DATA_DIR / "councils.csv"
NHS_CSV = DATA_DIR / "nhs_bodies.csv"

COUNCIL_TYPES = frozenset({
    "county", "district", "unitary", "metropolitan_district", "london_borough",
    "city_of_london", "welsh_unitary", "scottish_unitary", "ni_district", "isles",
})
NHS_TYPES = frozenset({"icb", "ccg", "nhs_trust", "foundation_trust", "nhs_england"})


# --------------------------------------------------------------------------- records
def _common_fields(row: dict[str, str]) -> dict:
    """The columns both tables share, read the same way."""
    return dict(
        id=row["id"].strip(), name=row["name"].strip(),
        short_name=(row.get("short_name") or row["name"]).strip(),
        type=(row.get("type") or "").strip(), region=(row.get("region") or "").strip(),
        aliases=_split(row.get("aliases")), start_date=_date(row.get("start_date")),
        end_date=_date(row.get("end_date")), successor=(row.get("successor") or "").strip(),
    )


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(p.strip() for p in value.split("|") if p.strip())


def _date(value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    return date.fromisoformat(value[:10])


def _as_date(on: date | datetime | str | None) -> date | None:
    if on is None or on == "":
        return None
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    return date.fromisoformat(str(on)[:10])


class _Dated:
    start_date: date | None
    end_date: date | None
    successor: str

    @property
    def is_current(self) -> bool:
        """True when the body has not been abolished (no end date)."""
        return self.end_date is None

    def active_on(self, on: date | datetime | str) -> bool:
        d = _as_date(on)
        if d is None:
            return self.is_current
        if self.start_date and d < self.start_date:
            return False
        if self.end_date and d > self.end_date:
            return False
        return True

    @property
    def successors(self) -> tuple[str, ...]:
        """Ids of the successor bodies (a split body has more than one)."""
        return _split(self.successor)


@dataclass(frozen=True)
class Council(_Dated):
    """One row of ``councils.csv``.  ``aliases`` and ``domains`` are the pipe-separated
    columns split into tuples; dates are :class:`datetime.date` or ``None``;
    ``successor`` keeps the raw column (use :attr:`successors` for the split ids)."""

    id: str
    name: str
    short_name: str
    type: str
    nation: str
    region: str
    gss: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    start_date: date | None
    end_date: date | None
    successor: str

    @classmethod
    def from_row(cls, row: dict[str, str]) -> "Council":
        return cls(**_common_fields(row), nation=(row.get("nation") or "").strip(),
                   gss=(row.get("gss") or "").strip(),
                   domains=tuple(d.lower() for d in _split(row.get("domains"))))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.short_name, *self.aliases)


@dataclass(frozen=True)
class NhsBody(_Dated):
    """One row of ``nhs_bodies.csv`` (same conventions as :class:`Council`)."""

    id: str
    name: str
    short_name: str
    type: str
    ods: str
    aliases: tuple[str, ...]
    region: str
    start_date: date | None
    end_date: date | None
    successor: str

    @classmethod
    def from_row(cls, row: dict[str, str]) -> "NhsBody":
        return cls(**_common_fields(row), ods=(row.get("ods") or "").strip().upper())

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.short_name, *self.aliases)


# --------------------------------------------------------------------------- names
_APOS = re.compile(r"[\u2019'`\u2018]")
_NONALNUM = re.compile(r"[^a-z0-9]+")


def normalise_name(text: str) -> str:
    """Lower case, ASCII, ``&`` -> ``and``, punctuation -> spaces, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("&", " and ").replace("+", " and ")
    text = _APOS.sub("", text)
    text = _NONALNUM.sub(" ", text)
    return " ".join(text.split())


# Prefixes and suffixes that say what kind of council it is, longest first.
_COUNCIL_PREFIXES = (
    "the council of the ", "council of the ", "the ",
    "london borough of ", "royal borough of ", "metropolitan borough of ",
    "county borough of ", "borough council of ", "city and county of ",
    "borough of ", "county of ", "city of ", "district of ", "lb ", "rb ",
)
_COUNCIL_SUFFIXES = (
    " metropolitan borough council", " metropolitan district council", " metropolitan council",
    " county borough council", " city and district council", " borough council",
    " district council", " county council", " city council", " town council",
    " council", " corporation", " mbc", " cbc", " bc", " dc", " cc", " city", " borough",
    " district", " county", " metropolitan borough", " metropolitan district",
)
_CORE_STOP = frozenset({"", "london", "council", "city", "county", "borough", "district"})


def _council_core(norm: str) -> str:
    """The distinctive part of a normalised council name ("london borough of bromley" -> "bromley")."""
    s = norm
    changed = True
    while changed:
        changed = False
        for p in _COUNCIL_PREFIXES:
            if s.startswith(p) and len(s) > len(p):
                s, changed = s[len(p):], True
        for suf in _COUNCIL_SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf):
                s, changed = s[: -len(suf)], True
    return s.strip()


_NHS_REPLACE = (
    (re.compile(r"\bclinical commissioning group\b"), "ccg"),
    (re.compile(r"\bintegrated care board\b"), "icb"),
    (re.compile(r"\bintegrated care boards\b"), "icb"),
    (re.compile(r"\bnhs ft\b"), "nhs foundation trust"),
    (re.compile(r"\bfoundation tr\b"), "foundation trust"),
)


def _nhs_norm(text: str) -> str:
    s = normalise_name(text)
    for pat, rep in _NHS_REPLACE:
        s = pat.sub(rep, s)
    return " ".join(s.split())


def _nhs_keys(text: str) -> list[str]:
    """Lookup keys for an NHS body name, most specific first."""
    s = _nhs_norm(text)
    keys = [s]
    if s.startswith("the "):
        keys.append(s[4:])
    no_nhs = " ".join(w for w in s.split() if w != "nhs")
    if no_nhs.startswith("the "):
        no_nhs = no_nhs[4:]
    keys.append(no_nhs)
    return [k for k in dict.fromkeys(keys) if k]


_NHS_TRUST_WORDS = frozenset({"nhs", "trust", "foundation", "the", "ft"})


def _nhs_core(text: str) -> str:
    """Name without NHS/trust boilerplate: only used for trusts (never ICB/CCG)."""
    words = [w for w in _nhs_norm(text).split() if w not in _NHS_TRUST_WORDS]
    return " ".join(words)


# --------------------------------------------------------------------------- hosts
# Labels that say nothing about which council runs a site.
_GENERIC_LABELS = frozenset("""
www ww w web www-live live
democracy democratic democraticservices demservices democracia democratiaeth
moderngov modgov mgov moderngovernment modern mg modgovuk mod
councildecisions decisions decision decisionmaking committees committee committeeminutes
cmis cmispublic cmiscouncillors meetings meeting minutes ecminutes agendas agenda
cds councillors councillor mycouncil yourcouncil council councils cyngor
gov uk org com co net info ltd plc scot wales cymru llyw
eservices services service apps app online public publications secure intranet extranet
portal data news internet edemocracy e-democracy egov gateway external
cyfarfodyddpwyllgor pwyllgorau cyfarfodydd democratiaeth
prod production uat test staging beta cloud azure aws hosted
""".split())

_GOV_SUFFIXES = (("gov", "uk"), ("gov", "wales"), ("llyw", "cymru"), ("gov", "scot"))
# Third-party platforms that host councils' sites under a council label.
_PLATFORM_SUFFIXES = (
    ("moderngov", "co", "uk"), ("modgov", "co", "uk"), ("cmis", "uk", "com"),
    ("public-i", "tv"), ("civico", "net"),
)
_TWO_LEVEL = frozenset({("co", "uk"), ("org", "uk"), ("ac", "uk"), ("gov", "uk"), ("nhs", "uk"),
                        ("gov", "wales"), ("llyw", "cymru"), ("gov", "scot"), ("uk", "com"),
                        ("uk", "net"), ("me", "uk"), ("net", "uk"), ("ltd", "uk"), ("plc", "uk"),
                        ("police", "uk"), ("sch", "uk")})
_TRAILING_NUM = re.compile(r"[-_]?\d+$")
# Endings that principal councils put on a host label ("tendringdc", "rutlandcounty").
# Not "council"/"citycouncil"/"towncouncil": those are what parish and town councils use
# ("salisburycitycouncil.gov.uk" is not the old Salisbury District Council).
_COUNCILISH_SUFFIX = re.compile(r"(?:-?(?:county|borough|district|mbc|cbc|bc|dc|cc))$")
_LOCAL_COUNCIL_LABEL = re.compile(r"(?:town|parish|community|village|city)-?council$|-?(?:tc|pc)$")


def _host_of(url_or_host: str) -> str:
    text = (url_or_host or "").strip().lower()
    if not text:
        return ""
    if "://" not in text:
        text = "//" + text.lstrip("/")
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.strip(".")


# How county names are cut short in host names ("northherts", "southstaffs", "westberks").
_SHIRE_SHORT = {
    "bedfordshire": "beds", "berkshire": "berks", "buckinghamshire": "bucks",
    "cambridgeshire": "cambs", "derbyshire": "derbys", "gloucestershire": "glos",
    "hampshire": "hants", "hertfordshire": "herts", "lancashire": "lancs",
    "leicestershire": "leics", "lincolnshire": "lincs", "northamptonshire": "northants",
    "nottinghamshire": "notts", "oxfordshire": "oxon", "staffordshire": "staffs",
    "warwickshire": "warks", "wiltshire": "wilts", "worcestershire": "worcs",
    "yorkshire": "yorks",
}
_FILLER_WORDS = frozenset({"and", "of", "the", "upon", "on", "in", "under"})


def _label_variants(norm: str) -> set[str]:
    """Host-label spellings of a normalised name: run together or hyphenated, with or
    without 'and'/'upon'..., with the county part cut short."""
    words = norm.split()
    forms = [words, [w for w in words if w not in _FILLER_WORDS]]
    forms += [[_SHIRE_SHORT.get(w, w) for w in f] for f in forms]
    out: set[str] = set()
    for f in forms:
        if f:
            out.add("".join(f))
            out.add("-".join(f))
    return out


def _is_generic(label: str) -> bool:
    if label in _GENERIC_LABELS:
        return True
    stripped = _TRAILING_NUM.sub("", label)
    return stripped in _GENERIC_LABELS or stripped == ""


# --------------------------------------------------------------------------- the index
def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [r for r in csv.DictReader(f) if (r.get("id") or "").strip() and not r["id"].startswith("#")]


def _pick(items: Iterable[_Dated], on: date | None) -> _Dated | None:
    """One body from candidates: those active on ``on`` (or current ones), if unique."""
    cands = list({id(x): x for x in items}.values())
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    if on is not None:
        active = [x for x in cands if x.active_on(on)]
        if active:
            cands = active
    else:
        current = [x for x in cands if x.is_current]
        if current:
            cands = current
    return cands[0] if len(cands) == 1 else None


class Gazetteer:
    """Both tables with their dict indexes.  Build once; all lookups are dict hits."""

    def __init__(self, councils_path: str | Path | None = None, nhs_path: str | Path | None = None):
        self.councils_path = Path(councils_path) if councils_path else COUNCILS_CSV
        self.nhs_path = Path(nhs_path) if nhs_path else NHS_CSV
        self.councils: tuple[Council, ...] = tuple(Council.from_row(r) for r in _read(self.councils_path))
        self.nhs_bodies: tuple[NhsBody, ...] = (
            tuple(NhsBody.from_row(r) for r in _read(self.nhs_path)) if self.nhs_path.exists() else ()
        )
        self.council_by_id = {c.id: c for c in self.councils}
        self.council_by_gss = {c.gss: c for c in self.councils if c.gss}
        self.nhs_by_id = {b.id: b for b in self.nhs_bodies}
        self.nhs_by_ods: dict[str, list[NhsBody]] = {}
        for b in self.nhs_bodies:
            if b.ods:
                self.nhs_by_ods.setdefault(b.ods, []).append(b)
        self._index_councils()
        self._index_nhs()

    # -- councils
    def _index_councils(self) -> None:
        exact: dict[str, list[Council]] = {}
        core: dict[str, list[Council]] = {}
        tokens: dict[str, list[Council]] = {}
        weak_tokens: dict[str, list[Council]] = {}
        full: dict[str, list[Council]] = {}

        def add(d: dict[str, list[Council]], key: str, c: Council) -> None:
            if key:
                lst = d.setdefault(key, [])
                if c not in lst:
                    lst.append(c)

        for c in self.councils:
            for n in (*c.names, c.id.replace("-", " ")):
                norm = normalise_name(n)
                add(exact, norm, c)
                k = _council_core(norm)
                if k not in _CORE_STOP:
                    add(core, k, c)
            if c.gss:
                add(exact, c.gss.lower(), c)
            for dom in c.domains:
                if "." in dom:
                    dom = dom.strip(".")
                    add(full, dom, c)
                    labels = dom.split(".")
                    if tuple(labels[-2:]) in _GOV_SUFFIXES and len(labels) >= 3:
                        add(tokens, labels[-3], c)
                else:
                    add(tokens, dom, c)
            # Weak tokens: the usual ways of writing a name as a host label
            # ("eastsussex", "east-sussex", "redcar-cleveland", "southstaffs").
            for n in (c.id.replace("-", " "), c.short_name):
                for variant in _label_variants(normalise_name(n)):
                    add(weak_tokens, variant, c)
            for dom in c.domains:
                if "." not in dom and "-" in dom:
                    add(weak_tokens, dom.replace("-", ""), c)
            # Acronyms people use for the council double as host labels ("rcbc", "banes").
            for alias in c.aliases:
                acr = alias.replace("&", "")
                if re.fullmatch(r"[A-Z]{3,6}", acr):
                    add(weak_tokens, acr.lower(), c)
        self._c_exact, self._c_core = exact, core
        self._c_tokens, self._c_weak, self._c_full = tokens, weak_tokens, full

    def _token_candidates(self, label: str) -> list[Council]:
        for key in (label, label.replace("_", "-")):
            if key in self._c_tokens:
                return self._c_tokens[key]
        if label in self._c_weak:
            return self._c_weak[label]
        stripped = _COUNCILISH_SUFFIX.sub("", label)
        if stripped != label and len(stripped) >= 4:
            if stripped in self._c_tokens:
                return self._c_tokens[stripped]
            if stripped in self._c_weak:
                return self._c_weak[stripped]
        return []

    def council_for_host(self, url_or_host: str, on: date | datetime | str | None = None) -> Council | None:
        host = _host_of(url_or_host)
        if not host or re.fullmatch(r"[\d.]+", host):
            return None
        labels = host.split(".")
        when = _as_date(on)
        # 1. a full domain written in the table (non-gov.uk hosts such as "derrystrabane.com")
        for i in range(len(labels) - 1):
            dom = ".".join(labels[i:])
            if dom in self._c_full:
                return _pick(self._c_full[dom], when)
        # 2. gov.uk-style hosts and known hosting platforms: the council's own label
        rest: list[str] | None = None
        for suf in _PLATFORM_SUFFIXES + _GOV_SUFFIXES:
            n = len(suf)
            if len(labels) > n and tuple(labels[-n:]) == suf:
                rest = labels[:-n]
                break
        if rest is None:
            return None
        for label in reversed(rest):
            if _is_generic(label):
                continue
            if label not in self._c_tokens and _LOCAL_COUNCIL_LABEL.search(label):
                return None  # a town or parish council's site
            # the first distinctive label decides: no guessing further left
            return _pick(self._token_candidates(label), when)
        return None

    def find_council(self, name: str, on: date | datetime | str | None = None) -> Council | None:
        if not name or not name.strip():
            return None
        when = _as_date(on)
        raw = name.strip()
        if raw in self.council_by_id:
            return self.council_by_id[raw]
        norm = normalise_name(raw)
        if norm in self._c_exact:
            return _pick(self._c_exact[norm], when)
        k = _council_core(norm)
        if k in self._c_exact:
            return _pick(self._c_exact[k], when)
        if k not in _CORE_STOP and k in self._c_core:
            return _pick(self._c_core[k], when)
        return None

    # -- NHS
    def _index_nhs(self) -> None:
        exact: dict[str, list[NhsBody]] = {}
        core: dict[str, list[NhsBody]] = {}

        def add(d: dict[str, list[NhsBody]], key: str, b: NhsBody) -> None:
            if key:
                lst = d.setdefault(key, [])
                if b not in lst:
                    lst.append(b)

        council_words = {normalise_name(c.short_name) for c in self.councils}
        for b in self.nhs_bodies:
            names = [b.name, *b.aliases, b.id.replace("-", " ")]
            short = normalise_name(b.short_name)
            # A trust's short name can be a bare place ("Somerset", "Medway"): not a key.
            if b.type not in ("nhs_trust", "foundation_trust") or (
                    len(short.split()) > 1 and short not in council_words):
                names.append(b.short_name)
            for n in names:
                for k in _nhs_keys(n):
                    add(exact, k, b)
                if b.type in ("nhs_trust", "foundation_trust"):
                    ck = _nhs_core(n)
                    if ck and len(ck) > 3:
                        add(core, ck, b)
            if b.ods:
                add(exact, b.ods.lower(), b)
        self._n_exact, self._n_core = exact, core

    def find_nhs_body(self, name: str, on: date | datetime | str | None = None) -> NhsBody | None:
        if not name or not name.strip():
            return None
        when = _as_date(on)
        raw = name.strip()
        if raw in self.nhs_by_id:
            return self.nhs_by_id[raw]
        for k in _nhs_keys(raw):
            if k in self._n_exact:
                return _pick(self._n_exact[k], when)
        words = _nhs_norm(raw).split()
        # loose trust match only for names that say they are a trust
        if "ccg" in words or "icb" in words or not ({"trust", "ft"} & set(words)):
            return None
        ck = _nhs_core(raw)
        if ck in self._n_core:
            return _pick(self._n_core[ck], when)
        return None


# --------------------------------------------------------------------------- module API
_LOCK = threading.Lock()
_GAZ: Gazetteer | None = None


def load_tables(councils_path: str | Path | None = None, nhs_path: str | Path | None = None) -> Gazetteer:
    """(Re)load the tables -- the packaged ones, or the files given -- and make them current."""
    global _GAZ
    g = Gazetteer(councils_path, nhs_path)
    with _LOCK:
        _GAZ = g
    return g


def gazetteer() -> Gazetteer:
    """The loaded tables (loaded on first use)."""
    g = _GAZ
    if g is None:
        with _LOCK:
            if _GAZ is None:
                globals()["_GAZ"] = Gazetteer()
            g = _GAZ
    assert g is not None
    return g


def councils() -> Iterator[Council]:
    return iter(gazetteer().councils)


def nhs_bodies() -> Iterator[NhsBody]:
    return iter(gazetteer().nhs_bodies)


def get_council(council_id: str) -> Council | None:
    return gazetteer().council_by_id.get(council_id)


def get_nhs_body(body_id: str) -> NhsBody | None:
    return gazetteer().nhs_by_id.get(body_id)


def council_for_host(url_or_host: str, on: date | datetime | str | None = None) -> Council | None:
    """The council whose web site ``url_or_host`` is on, or ``None`` if unsure.

    ``on`` (a date) picks between a council and its predecessor that used the same
    domain (e.g. somerset.gov.uk before and after April 2023); without it the current
    council wins."""
    return gazetteer().council_for_host(url_or_host, on)


def find_council(name: str, on: date | datetime | str | None = None) -> Council | None:
    """A council by id, GSS code, official name, short name or alias (loosely normalised)."""
    return gazetteer().find_council(name, on)


def find_nhs_body(name: str, on: date | datetime | str | None = None) -> NhsBody | None:
    """An NHS body by id, ODS code, name, short name or alias ("CCG"/"ICB" spelled out or not)."""
    return gazetteer().find_nhs_body(name, on)
