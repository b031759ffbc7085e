"""Official procurement notices published as OCDS (Find a Tender, Contracts Finder).

Input: a release package ``{"releases": [...]}``, a record package ``{"records": [...]}``, a
single record, a bare release, a JSON array of any of these, or JSON Lines of any of these.

Each release is one notice. It is rendered to a deterministic plain-text notice (one
``Label: value`` line per fact, in a fixed order) and mapped to a decision record whose
evidence spans index into that text, so notices are stored and searched like any other
document. The mapping from notice type to event:

* Procurement Act 2023 notices (from 24 February 2025), read from ``documents[].noticeType``:
  UK1 pipeline, UK2 preliminary market engagement, UK3 planned procurement → ``tender``
  (proposed); UK4 tender → ``tender``; UK5 transparency, UK6 contract award, UK7 contract
  details → ``award``; UK10 contract change → ``extend`` when it prolongs the contract;
  UK11 contract termination → ``end``; UK12 procurement termination → ``tender`` rejected
  (a procurement stopped before award ends no contract).
* Earlier EU-form notices (prior information, contract notice, contract award, VEAT,
  modification) and Contracts Finder notices, read from the form number when given, else
  from ``tag``, ``tender.status``, awards/contracts and the procedure.
* Provider Selection Regime (health care) notices: legal basis SI 2023/1348 or the words
  "Provider Selection Regime" → award (intention to award, direct award process A/B/C),
  tender (competitive process contract notice) or extend (modification).

A modification or change notice that does not prolong the contract (nor adds value for more
time) gives no event: it is stored as a document, but it is not a decision in our sense.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator

from ..extract.spans import months_of_period

from ..record import DocumentInfo, Event, Evidence, Record, Value

FTS_NOTICE = "https://www.find-tender.service.gov.uk/Notice/{}"
CF_NOTICE = "https://www.contractsfinder.service.gov.uk/Notice/{}"
FTS_OCID_PREFIX = "ocds-h6vhtk-"
CF_OCID_PREFIX = "ocds-b5fd17-"
PSR_LEGAL_BASIS = "2023/1348"  # The Health Care Services (Provider Selection Regime) Regulations 2023

UK_NOTICES = {
    "UK1": "Pipeline notice", "UK2": "Preliminary market engagement notice",
    "UK3": "Planned procurement notice", "UK4": "Tender notice", "UK5": "Transparency notice",
    "UK6": "Contract award notice", "UK7": "Contract details notice",
    "UK8": "Payments compliance notice", "UK9": "Contract performance notice",
    "UK10": "Contract change notice", "UK11": "Contract termination notice",
    "UK12": "Procurement termination notice", "UK13": "Dynamic market intention notice",
    "UK14": "Dynamic market establishment notice", "UK15": "Dynamic market modification notice",
    "UK16": "Dynamic market cessation notice",
}
EU_FORMS = {
    "F01": "Prior information notice", "F02": "Contract notice", "F03": "Contract award notice",
    "F04": "Periodic indicative notice (utilities)", "F05": "Contract notice (utilities)",
    "F06": "Contract award notice (utilities)", "F07": "Qualification system (utilities)",
    "F12": "Design contest notice", "F13": "Results of design contest", "F14": "Corrigendum",
    "F15": "Voluntary ex ante transparency notice", "F16": "Prior information notice (defence)",
    "F17": "Contract notice (defence)", "F18": "Contract award notice (defence)",
    "F20": "Modification notice", "F21": "Social and other specific services (public contracts)",
    "F22": "Social and other specific services (utilities)",
    "F23": "Social and other specific services (concessions)", "F24": "Concession notice",
    "F25": "Concession award notice",
}
# notice type → (kind or None for "no event", status); "modify" = extend when it prolongs.
UK_MAP = {
    "UK1": ("tender", "proposed"), "UK2": ("tender", "proposed"), "UK3": ("tender", "proposed"),
    "UK4": ("tender", "approved"), "UK5": ("award", "approved"), "UK6": ("award", "approved"),
    "UK7": ("award", "approved"), "UK8": (None, None), "UK9": (None, None),
    "UK10": ("modify", "approved"), "UK11": ("end", "approved"), "UK12": ("tender", "rejected"),
    "UK13": ("tender", "proposed"), "UK14": ("tender", "approved"), "UK15": (None, None),
    "UK16": ("end", "approved"),
}
EU_MAP = {
    "F01": ("tender", "proposed"), "F04": ("tender", "proposed"), "F16": ("tender", "proposed"),
    "F02": ("tender", "approved"), "F05": ("tender", "approved"), "F17": ("tender", "approved"),
    "F24": ("tender", "approved"), "F12": ("tender", "approved"), "F07": ("tender", "approved"),
    "F03": ("award", "approved"), "F06": ("award", "approved"), "F18": ("award", "approved"),
    "F25": ("award", "approved"), "F13": ("award", "approved"), "F15": ("award", "approved"),
    "F20": ("modify", "approved"), "F14": (None, None),
    # F21-F23 (light-touch regime) can be a PIN, a contract notice or an award: read the tag.
}

MONTHS_PER_UNIT = {"month": 1, "year": 12, "yr": 12, "week": 12 / 52}
WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
    "twenty-four": 24, "twenty four": 24, "thirty-six": 36,
}
_NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty[- ]four|thirty-six|an?)"
_UNIT = r"(months?|years?|yrs?|weeks?)"
_EXT_WORD = r"(?:extend\w*|extension\w*|renew\w*|prolong\w*|option\w*)"
_RE_TIMES = re.compile(rf"\b{_NUM}\s*(?:x|×|\*|times)\s*{_NUM}[- ]?{_UNIT}\b", re.I)
_RE_PLUS = re.compile(r"\b(\d+)((?:\s*\+\s*\d+)+)\s*(months?|years?|yrs?)\b", re.I)
_RE_COUNTED = re.compile(rf"\b{_NUM}\s+(?:further\s+|additional\s+|optional\s+)?{_NUM}[- ]{_UNIT}\s+(?:extension|renewal|period)s\b", re.I)
_RE_AFTER_WORD = re.compile(
    rf"\b{_EXT_WORD}\b[^.;\n]{{0,80}}?\b(?:by|for|of)\s+(?:up\s+to\s+|a\s+further\s+|an?\s+additional\s+|"
    rf"a\s+maximum\s+of\s+|a\s+period\s+of\s+|a\s+further\s+period\s+of\s+|further\s+|additional\s+|"
    rf"maximum\s+)?{_NUM}[- ]?(?:\(\d+\)\s*)?{_UNIT}\b", re.I)
_RE_BEFORE_WORD = re.compile(rf"\b{_NUM}[- ]?{_UNIT}\s+(?:optional\s+)?{_EXT_WORD}", re.I)
_RE_UP_TO = re.compile(rf"\b(?:up\s+to|a\s+further|an?\s+additional|further|additional)\s+{_NUM}[- ]?(?:\(\d+\)\s*)?{_UNIT}\b", re.I)
_RE_PROLONG = re.compile(
    r"\b(?:extend\w*|extension\w*|prolong\w*|further\s+period|additional\s+period|"
    r"(?:additional|further)\s+\d+\s+(?:months?|years?)|"
    r"(?:run|continue)\s+until|new\s+end\s+date|end\s+date\s+(?:has\s+been\s+|was\s+|is\s+)?(?:changed|amended|moved))\b", re.I)
_RE_ANY_UNIT = re.compile(r"month|year|yr|week", re.I)
_RE_PSR_TEXT = re.compile(r"provider\s+selection\s+regime|\bPSR\b", re.I)
_RE_VEAT = re.compile(r"voluntary\s+ex[- ]ante|\bVEAT\b|without\s+(?:the\s+)?prior\s+publication|"
                      r"negotiated\s+procedure\s+without", re.I)
_RE_PER_YEAR = re.compile(r"per\s+annum|per\s+year|a\s+year|annual(?:ly)?|p\.\s?a\.|each\s+year|yearly", re.I)


class OCDSError(ValueError):
    """Bytes that are not OCDS JSON (or JSON Lines)."""


# -- input shapes -------------------------------------------------------------------------

def _loads_all(data: bytes) -> list[Any]:
    """Top-level JSON values: one for a JSON document, one per line for JSON Lines."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise OCDSError(f"not UTF-8 JSON: {e}") from None
    try:
        return [json.loads(text)]
    except json.JSONDecodeError as first:
        values = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                values.append(json.loads(line))
            except json.JSONDecodeError as e:
                if not values:
                    raise OCDSError(f"not JSON: {first}") from None
                raise OCDSError(f"JSON Lines line {n}: {e}") from None
        if not values:
            raise OCDSError(f"not JSON: {first}") from None
        return values


def _is_release(o: Any) -> bool:
    return isinstance(o, dict) and "ocid" in o and not ("compiledRelease" in o or "records" in o) and any(
        k in o for k in ("id", "tag", "date", "tender", "awards", "contracts", "buyer", "parties", "planning"))


def _is_record(o: Any) -> bool:
    return isinstance(o, dict) and ("compiledRelease" in o or "versionedRelease" in o
                                    or ("ocid" in o and isinstance(o.get("releases"), list)))


def _is_package(o: Any) -> bool:
    return isinstance(o, dict) and "ocid" not in o and (
        isinstance(o.get("releases"), list) or isinstance(o.get("records"), list))


def _is_ocds(o: Any) -> bool:
    if isinstance(o, list):
        return bool(o) and all(_is_ocds(x) for x in o[:5])
    return _is_release(o) or _is_record(o) or _is_package(o)


def looks_like_ocds(data: bytes) -> bool:
    """True for OCDS JSON or JSON Lines: packages, records or releases."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith((b"{", b"[")):
        return False
    if not any(k in head for k in (b'"ocid"', b'"releases"', b'"records"')):
        return False
    try:
        values = _loads_all(data)
    except OCDSError:
        return False
    return bool(values) and all(_is_ocds(v) for v in values[:5])


def _iter_releases(o: Any) -> Iterator[dict]:
    if isinstance(o, list):
        for x in o:
            yield from _iter_releases(x)
    elif _is_package(o):
        for r in o.get("releases") or []:
            yield from _iter_releases(r)
        for rec in o.get("records") or []:
            yield from _iter_releases(rec)
    elif _is_record(o):
        embedded = [r for r in o.get("releases") or [] if isinstance(r, dict) and r.get("id")
                    and any(k in r for k in ("tender", "awards", "contracts", "planning", "parties", "buyer"))]
        if embedded:
            for r in embedded:
                yield {"ocid": o.get("ocid"), **r} if "ocid" not in r and o.get("ocid") else r
        elif isinstance(o.get("compiledRelease"), dict):
            yield o["compiledRelease"]
    elif _is_release(o):
        yield o


# -- small helpers ------------------------------------------------------------------------

def _d(o: Any) -> dict:
    return o if isinstance(o, dict) else {}


def _l(o: Any) -> list:
    return [x for x in o if x is not None] if isinstance(o, list) else []


def _s(o: Any) -> str:
    if o is None or isinstance(o, (dict, list)):
        return ""
    return str(o)


def clean(s: Any) -> str:
    """Deterministic tidy text: NFC, LF newlines, no control characters, single blank lines."""
    t = _s(s)
    if not t:
        return ""
    t = unicodedata.normalize("NFC", t).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    t = _RE_CONTROL.sub("", t)
    t = _RE_BLANKS.sub(" ", t)
    t = _RE_LINE_EDGES.sub("\n", t)
    t = _RE_MANY_LINES.sub("\n\n", t)
    return t.strip()


_RE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_RE_BLANKS = re.compile(r"[ \t]+")
_RE_LINE_EDGES = re.compile(r" ?\n ?")
_RE_MANY_LINES = re.compile(r"\n{3,}")


def day(s: Any) -> str | None:
    m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", _s(s))
    if not m:
        return None
    try:
        date.fromisoformat(m.group(1))
    except ValueError:
        return None
    return m.group(1)


def months_between(start: str, end: str) -> int | None:
    """Whole months of a period given by its first and last day (2025-04-01..2030-03-31 is 60)."""
    return months_of_period(start, end)


def months_after(end: str, later: str) -> int | None:
    """Months from one end date to a later one (2027-03-31 → 2029-03-31 is 24)."""
    try:
        first_day = (date.fromisoformat(end) + timedelta(days=1)).isoformat()
    except ValueError:
        return None
    return months_between(first_day, later)


def amount_of(v: Any) -> float | None:
    a = _d(v).get("amount")
    if a is None or isinstance(a, bool):
        return None
    try:
        a = float(a)
    except (TypeError, ValueError):
        return None
    return a if a > 0 else None


def money(amount: float, currency: str | None) -> str:
    num = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    cur = (currency or "GBP").upper()
    return f"£{num}" if cur == "GBP" else f"{cur} {num}"


def _num(word: str) -> float | None:
    w = word.lower().replace(" ", "-") if word else ""
    if w in WORD_NUMBERS:
        return WORD_NUMBERS[w]
    if word.lower() in WORD_NUMBERS:
        return WORD_NUMBERS[word.lower()]
    try:
        return float(word)
    except ValueError:
        return None


def _unit_months(unit: str) -> float:
    u = unit.lower().rstrip("s")
    return MONTHS_PER_UNIT.get(u, 1)


def extension_in(text: str, renewal_context: bool = False) -> tuple[int, int, int] | None:
    """The longest optional extension a text describes, in months, with its span.

    ``renewal_context`` marks text that is known to be about renewal or options (a lot's
    renewal description), where "up to 24 months" alone is enough; elsewhere an
    extension word must come first ("option to extend by a further 12 months").
    """
    best: tuple[int, int, int] | None = None
    if not _RE_ANY_UNIT.search(text):
        return None

    def keep(months: float | None, start: int, end: int) -> None:
        nonlocal best
        if months is None or months <= 0 or months > 240:
            return
        m = int(round(months))
        if best is None or m > best[0]:
            best = (m, start, end)

    for m in _RE_TIMES.finditer(text):
        a, b = _num(m.group(1)), _num(m.group(2))
        if a is not None and b is not None and a <= 10:
            keep(a * b * _unit_months(m.group(3)), m.start(), m.end())
    for m in _RE_PLUS.finditer(text):
        parts = [int(x) for x in re.findall(r"\d+", m.group(2))]
        keep(sum(parts) * _unit_months(m.group(3)), m.start(), m.end())
    for m in _RE_COUNTED.finditer(text):
        a, b = _num(m.group(1)), _num(m.group(2))
        if a is not None and b is not None and a <= 10:
            keep(a * b * _unit_months(m.group(3)), m.start(), m.end())
    for m in _RE_AFTER_WORD.finditer(text):
        n = _num(m.group(1))
        if n is not None:
            # the span from the number, so the evidence reads "12 months" in context
            keep(n * _unit_months(m.group(2)), m.start(), m.end())
    for m in _RE_BEFORE_WORD.finditer(text):
        n = _num(m.group(1))
        if n is not None:
            keep(n * _unit_months(m.group(2)), m.start(), m.end())
    if renewal_context:
        for m in _RE_UP_TO.finditer(text):
            n = _num(m.group(1))
            if n is not None:
                keep(n * _unit_months(m.group(2)), m.start(), m.end())
    return best


# -- CPV and keyword categories ------------------------------------------------------------

@lru_cache(maxsize=1)
def cpv_table() -> dict[str, dict]:
    raw = resources.files("contractwatch").joinpath("data/cpv_categories.json").read_text(encoding="utf-8")
    return json.loads(raw)["codes"]


def cpv_entry(code: str) -> tuple[str, dict] | None:
    """The most specific listed ancestor of a CPV code."""
    code = re.sub(r"\D", "", code.split("-")[0])[:8]
    if len(code) != 8:
        return None
    table = cpv_table()
    for keep in range(8, 1, -1):
        cand = code[:keep] + "0" * (8 - keep)
        if cand in table:
            return cand, table[cand]
    return None


# (category, pattern) in the order categories are listed when several match.
KEYWORDS: list[tuple[str, re.Pattern]] = [(cat, re.compile(p, re.I)) for cat, p in [
    ("home_care", r"\bdomiciliary\b|\bhome[- ]?care\b|\bcare (?:and support )?at home\b|\bhome support\b|"
                  r"\bcare and support in (?:the )?home\b|\bhelp at home\b|\bhomecare\b"),
    ("community_health", r"\bcommunity health\b|\bdistrict nursing\b|\bcommunity nursing\b|"
                         r"\badult community services?\b|\bcommunity services? for (?:adults|children)\b|"
                         r"\b(?:occupational|speech and language) therap|\bphysiotherap|\bpodiatr|"
                         r"\bcommunity (?:rehabilitation|therapy|therapies)\b|\bcontinuing health ?care\b"),
    ("mental_health", r"\bmental health\b|\bmental wellbeing\b|\bpsychiatr|\bpsychological (?:therap|services?|support)|\bclinical psycholog|\bIAPT\b|"
                      r"\btalking therap|\bsuicide\b|\bpostvention\b|\bemotional wellbeing\b|\bcounselling\b"),
    ("learning_disability", r"\blearning disabilit|\blearning difficult|\bautis[mt]|\bneurodivers"),
    ("extra_care_housing", r"\bextra[- ]care\b"),
    ("care_homes", r"\bcare homes?\b|\bnursing homes?\b|\bresidential (?:and nursing )?care\b|"
                   r"\bnursing care\b|\bresidential homes?\b|\bnursing beds?\b|\bcare beds?\b"),
    ("supported_living", r"\bsupported living\b|\bsupported (?:housing|accommodation)\b|\bsupporting people\b|"
                         r"\bhousing[- ]related support\b|\bfloating support\b|\bhousing support\b|"
                         r"\bcommunity living\b"),
    ("reablement", r"\bre-?ablement\b|\bintermediate care\b|\bdischarge to assess\b|\bhospital discharge\b|"
                   r"\bstep[- ]down (?:beds?|care|services?)\b|\brehabilitation\b"),
    ("carers", r"(?<!foster )(?<!foster-)\bcarers?'?(?!\w)|\brespite\b|\bshort[- ]breaks?\b"),
    ("day_services", r"\bday (?:services?|care|centres?|opportunit\w*)\b|\bdaycare\b"),
    ("social_care_functions", r"\bsafeguarding\b|\bcare management\b|\bassessment and care\b|"
                              r"\bsocial care functions?\b|\bdirect payments?\b|\bsocial work(?:ers)?\b|"
                              r"\bdeprivation of liberty\b|\bbest interests? assess"),
    ("public_health", r"\bpublic health\b|\bsexual health\b|\bsubstance misuse\b|\bdrugs? and alcohol\b|"
                      r"\b(?:stop|quit) smoking\b|\bsmoking cessation\b|\btobacco\b|\bhealth visit|"
                      r"\bschool nurs|\b0-19\b|\bhealthy child\b|\bNHS health checks?\b|\bweight management\b|"
                      r"\bobesity\b|\boral health\b|\bbreast ?feeding\b|\bHIV\b|\bhealth (?:promotion|improvement)\b"),
    ("equipment", r"\bcommunity equipment\b|\bequipment services?\b|\btelecare\b|\bassistive technolog|"
                  r"\bwheelchairs?\b|\bdaily living (?:aids|equipment)\b|\bmobility aids\b|"
                  r"\bmedical equipment|\bdisability equipment\b"),
    ("advocacy", r"\badvocacy\b|\badvocates?\b"),
]]


def keyword_categories(text: str) -> list[tuple[str, int, int]]:
    """Categories named in a text, each with the span of its first mention."""
    out = []
    for cat, pat in KEYWORDS:
        m = pat.search(text)
        if m:
            out.append((cat, m.start(), m.end()))
    return out


# -- rendering --------------------------------------------------------------------------

Span = tuple[int, int]


class _Text:
    """Lines of ``Label: value``; remembers where each value sits."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0

    def add(self, label: str, value: Any) -> Span | None:
        v = clean(value)
        if not v:
            return None
        prefix = f"{label}: "
        start = self.n + len(prefix)
        self.parts.append(f"{prefix}{v}\n")
        self.n += len(prefix) + len(v) + 1
        return (start, start + len(v))

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Period:
    start: str | None = None
    end: str | None = None
    max_extent: str | None = None
    days: int | None = None
    line: Span | None = None
    start_span: Span | None = None
    end_span: Span | None = None
    extent_span: Span | None = None

    @property
    def months(self) -> int | None:
        if self.start and self.end:
            return months_between(self.start, self.end)
        if self.days:
            return int(round(self.days / 30.4375)) or None
        return None


@dataclass
class Money:
    amount: float
    currency: str
    basis: str
    span: Span


@dataclass
class Unit:
    """One award (or contract) block: who, how much, for how long."""
    suppliers: list[tuple[str, Span]] = field(default_factory=list)
    value: Money | None = None
    period: Period | None = None
    date: tuple[str, Span] | None = None
    signed: tuple[str, Span] | None = None
    status: str = ""


@dataclass
class Facts:
    notice: Span | None = None
    buyers: list[tuple[str, Span]] = field(default_factory=list)
    title: tuple[str, Span] | None = None
    description: Span | None = None
    cpvs: list[tuple[str, Span]] = field(default_factory=list)
    procedure: Span | None = None
    value: Money | None = None
    period: Period | None = None
    renewals: list[Span] = field(default_factory=list)
    places: list[tuple[str, Span]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    changes: list[Span] = field(default_factory=list)
    change_date: tuple[str, Span] | None = None
    previous_end: tuple[str, Span] | None = None
    supplier_parties: list[tuple[str, Span]] = field(default_factory=list)


@dataclass
class NoticeType:
    code: str | None          # UK6, F03, PSR, or None when inferred
    label: str                # "Contract award notice"
    kind: str | None          # tender | award | modify | end | None (no event)
    status: str | None
    confidence: float
    direct: bool = False      # awarded without competition (UK5, VEAT, PSR direct award)


def _documents(release: dict) -> list[tuple[str, dict]]:
    docs = [("planning", d) for d in _l(_d(release.get("planning")).get("documents"))]
    docs += [("tender", d) for d in _l(_d(release.get("tender")).get("documents"))]
    for a in _l(release.get("awards")):
        docs += [("award", d) for d in _l(_d(a).get("documents"))]
    for c in _l(release.get("contracts")):
        docs += [("contract", d) for d in _l(_d(c).get("documents"))]
    return [(sec, d) for sec, d in docs if isinstance(d, dict)]


def _own_document(release: dict) -> dict | None:
    """The document that is this notice: its URL names the release id, else the latest one."""
    rid = _s(release.get("id"))
    docs = _documents(release)
    if not docs:
        return None
    if rid:
        for _, d in docs:
            url = _s(d.get("url"))
            if url and (url.rstrip("/").endswith(rid) or (len(rid) > 36 and url.rstrip("/").endswith(rid[:36]))):
                return d
    typed = [d for _, d in docs if d.get("noticeType")]
    pool = typed or [d for _, d in docs]
    return max(pool, key=lambda d: (_s(d.get("datePublished")), pool.index(d)))


def notice_url(release: dict) -> str | None:
    """The public web page of the notice, when the release says or its ids imply it."""
    rid, ocid = _s(release.get("id")), _s(release.get("ocid"))
    for _, d in _documents(release):
        url = _s(d.get("url"))
        if rid and re.search(r"(find-tender\.service\.gov\.uk|contractsfinder\.service\.gov\.uk)/Notice/", url) \
                and (url.rstrip("/").endswith(rid) or url.rstrip("/").endswith(rid[:36])):
            return url
    if ocid.startswith(FTS_OCID_PREFIX) and re.fullmatch(r"\d{6}-\d{4}", rid):
        return FTS_NOTICE.format(rid)
    m = re.fullmatch(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+", rid)
    if ocid.startswith(CF_OCID_PREFIX) and m:
        return CF_NOTICE.format(m.group(1))
    own = _own_document(release)
    url = _s((own or {}).get("url"))
    if re.search(r"(find-tender\.service\.gov\.uk|contractsfinder\.service\.gov\.uk)/Notice/", url):
        return url
    return None


def is_psr(release: dict) -> bool:
    t = _d(release.get("tender"))
    lb = _d(t.get("legalBasis"))
    if PSR_LEGAL_BASIS in _s(lb.get("id")) or "provider-selection-regime" in _s(lb.get("uri")).lower():
        return True
    marks = [t.get("procurementMethodDetails"), t.get("procurementMethodRationale"), t.get("title"),
             _s(lb.get("description"))]
    marks += [f"{_s(d.get('noticeType'))} {_s(d.get('description'))} {_s(d.get('title'))}" for _, d in _documents(release)]
    return any(_RE_PSR_TEXT.search(_s(m)) for m in marks if m)


def _tags(release: dict) -> list[str]:
    tag = release.get("tag")
    return [tag] if isinstance(tag, str) else [_s(x) for x in _l(tag)]


def notice_type(release: dict) -> NoticeType:
    tags = _tags(release)
    t = _d(release.get("tender"))
    own = _own_document(release)
    code = _s((own or {}).get("noticeType")).strip().upper().replace(" ", "")
    code = re.sub(r"^(?:UK_)?(F\d\d)$", r"\1", code)
    awards = [a for a in _l(release.get("awards")) if isinstance(a, dict)]
    contracts = [c for c in _l(release.get("contracts")) if isinstance(c, dict)]
    amendments = any(_l(_d(c).get("amendments")) for c in contracts) or (
        "contractAmendment" in tags or "awardUpdate" in tags and "contractUpdate" in tags)
    method = f"{_s(t.get('procurementMethod'))} {_s(t.get('procurementMethodDetails'))} {_s(t.get('procurementMethodRationale'))}"
    doc_words = " ".join(f"{_s(d.get('description'))} {_s(d.get('title'))}" for _, d in _documents(release))
    veat = bool(_RE_VEAT.search(method) or _RE_VEAT.search(doc_words))
    direct = veat or _s(t.get("procurementMethod")) in ("direct", "limited")

    if code in UK_MAP:
        kind, status = UK_MAP[code]
        return NoticeType(code, UK_NOTICES[code], kind, status, 0.95, direct=code == "UK5" or direct and kind == "award")
    if is_psr(release):
        words = f"{method} {doc_words} {_s(t.get('description'))}"
        process = re.search(r"direct award process\s*([abc])\b|\b(most suitable provider)\b|\b(competitive process)\b|\b(urgent award)\b",
                            words, re.I)
        detail = ""
        if process:
            detail = f" ({('direct award process ' + process.group(1).upper()) if process.group(1) else next(g for g in process.groups()[1:] if g).lower()})"
        if amendments or re.search(r"\bmodification\b", f"{method} {doc_words}", re.I):
            return NoticeType("PSR", "Provider Selection Regime modification notice", "modify", "approved", 0.85)
        if awards or contracts or any(x in tags for x in ("award", "contract", "awardUpdate")):
            intention = re.search(r"intention to award|intends to award|intend to award", words, re.I)
            label = "Provider Selection Regime " + ("intention to award notice" if intention else "contract award notice")
            return NoticeType("PSR", label + detail, "award", "approved", 0.9,
                              direct=bool(process and (process.group(1) or process.group(2) or process.group(4))))
        if "planning" in tags:
            return NoticeType("PSR", "Provider Selection Regime planned procurement notice", "tender", "proposed", 0.8)
        return NoticeType("PSR", "Provider Selection Regime contract notice" + detail, "tender", "approved", 0.85)
    if code in EU_MAP:
        kind, status = EU_MAP[code]
        return NoticeType(code, EU_FORMS[code], kind, status, 0.9, direct=code == "F15" or direct and kind == "award")
    if veat and (awards or "award" in tags):
        return NoticeType(code or None, "Voluntary ex ante transparency notice", "award", "approved", 0.85, direct=True)
    label_pre = f"{code} " if code in EU_FORMS or re.fullmatch(r"UK\d{1,2}", code) else ""
    tstatus = _s(t.get("status"))
    if "contractTermination" in tags or any(_s(c.get("status")) == "terminated" for c in contracts):
        return NoticeType(code or None, label_pre + "Contract termination notice", "end", "approved", 0.85)
    if amendments or "contractUpdate" in tags and "awardUpdate" in tags:
        return NoticeType(code or None, label_pre + "Modification notice", "modify", "approved", 0.8)
    if "tenderCancellation" in tags or tstatus in ("cancelled", "withdrawn") and not awards:
        return NoticeType(code or None, label_pre + "Procurement cancellation notice", "tender", "rejected", 0.8)
    if "awardCancellation" in tags:
        return NoticeType(code or None, label_pre + "Award cancellation notice", "award", "rejected", 0.7)
    if awards or contracts or any(x in tags for x in ("award", "awardUpdate", "contract", "contractUpdate")):
        live = [a for a in awards if _s(a.get("status")) not in ("cancelled", "unsuccessful")]
        if awards and not live and not contracts:
            return NoticeType(code or None, label_pre + "Contract award notice (no award made)", "tender", "rejected", 0.7)
        label = "Contract details notice" if "contract" in tags and "award" not in tags else "Contract award notice"
        return NoticeType(code or None, label_pre + label, "award", "approved", 0.85, direct=direct)
    if "planning" in tags or "planningUpdate" in tags or tstatus in ("planned", "planning"):
        return NoticeType(code or None, label_pre + "Prior information notice", "tender", "proposed", 0.8)
    if any(x in tags for x in ("tender", "tenderUpdate", "tenderAmendment")) or t:
        # Old Contracts Finder releases mark closed opportunities 'unsuccessful'; the notice
        # still opened the market.
        conf = 0.85 if tstatus in ("active", "complete", "") else 0.7
        return NoticeType(code or None, label_pre + "Contract notice", "tender", "approved", conf)
    return NoticeType(code or None, label_pre + "Notice", None, None, 0.5)


def _party_names(release: dict, role: str) -> list[tuple[str, str]]:
    out = []
    for p in _l(release.get("parties")):
        p = _d(p)
        if role in [_s(r) for r in _l(p.get("roles"))] and clean(p.get("name")):
            out.append((clean(p.get("name")), _s(p.get("id"))))
    return out


def _party_by_id(release: dict) -> dict[str, dict]:
    return {_s(_d(p).get("id")): _d(p) for p in _l(release.get("parties")) if _d(p).get("id")}


def _cpvs(release: dict) -> list[tuple[str, str]]:
    found: dict[str, str] = {}

    def take(c: Any) -> None:
        c = _d(c)
        scheme = _s(c.get("scheme")).upper()
        code = re.sub(r"\s", "", _s(c.get("id")))
        if scheme not in ("CPV", "") or not re.fullmatch(r"\d{8}(-\d)?", code):
            return
        code = code[:8]
        if code not in found or not found[code]:
            found[code] = clean(c.get("description"))

    t = _d(release.get("tender"))
    take(t.get("classification"))
    for c in _l(t.get("additionalClassifications")):
        take(c)
    for section in [t] + [_d(a) for a in _l(release.get("awards"))] + [_d(c) for c in _l(release.get("contracts"))]:
        for item in _l(section.get("items")):
            take(_d(item).get("classification"))
            for c in _l(_d(item).get("additionalClassifications")):
                take(c)
    for lot in _l(t.get("lots")):
        take(_d(lot).get("classification"))
    return list(found.items())


def _period_line(doc: _Text, label: str, period: Any) -> Period | None:
    p = _d(period)
    start, end, extent = day(p.get("startDate")), day(p.get("endDate")), day(p.get("maxExtentDate"))
    days = p.get("durationInDays") if isinstance(p.get("durationInDays"), int) else None
    if not (start or end or days):
        return None
    if start and end:
        value = f"{start} to {end}"
    elif start:
        value = f"from {start}" + (f" for {days} days" if days else "")
    elif end:
        value = f"until {end}"
    else:
        value = f"{days} days"
    span = doc.add(label, value)
    out = Period(start, end, None, days, span)
    if span:
        if start:
            out.start_span = (span[0] + value.index(start), span[0] + value.index(start) + len(start))
        if end:
            i = value.rindex(end)
            out.end_span = (span[0] + i, span[0] + i + len(end))
    if extent and extent != end:
        es = doc.add("Maximum extent", extent)
        out.max_extent, out.extent_span = extent, es
    return out


def _milestone_period(doc: _Text, tender: dict) -> Period | None:
    """Old Contracts Finder releases give the contract dates as milestones."""
    start = end = None
    for m in _l(tender.get("milestones")):
        m = _d(m)
        title = f"{_s(m.get('title'))} {_s(m.get('description'))}".lower()
        due = day(m.get("dueDate"))
        if not due:
            continue
        if "start" in title:
            start = start or due
        elif "end" in title:
            end = end or due
    if not (start or end):
        return None
    return _period_line(doc, "Contract period", {"startDate": start, "endDate": end})


def _money_line(doc: _Text, label: str, v: Any, context: str = "") -> Money | None:
    amount = amount_of(v)
    if amount is None:
        return None
    cur = (_s(_d(v).get("currency")) or "GBP").upper()[:3]
    basis = "total"
    if context:
        # "£250,000 per annum" in the description: the published figure is a yearly one.
        for form in {f"{amount:,.0f}", f"{amount:.0f}"}:
            for m in re.finditer(re.escape(form), context):
                if _RE_PER_YEAR.search(context[m.end():m.end() + 40]) or _RE_PER_YEAR.search(context[max(0, m.start() - 40):m.start()]):
                    basis = "annual"
    shown = f"{money(amount, cur)} ({basis})"
    span = doc.add(label, shown)
    return Money(amount, cur, basis, span) if span else None


def _places(release: dict) -> list[str]:
    out: list[str] = []
    items = list(_l(_d(release.get("tender")).get("items")))
    for a in _l(release.get("awards")):
        items += _l(_d(a).get("items"))
    for item in items:
        for addr in _l(_d(item).get("deliveryAddresses")) + ([_d(item).get("deliveryAddress")] if _d(item).get("deliveryAddress") else []):
            for k in ("locality", "region"):
                v = clean(_d(addr).get(k))
                if (v and not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{0,3}", v)
                        and v.lower() not in ("united kingdom", "uk", "england", "great britain", "gb", "europe",
                                              "rest of the world", "any region")
                        and v not in out):
                    out.append(v)
    return out[:10]


def _renewal_texts(tender: dict) -> list[tuple[str, str]]:
    """(label, text) of the renewal and option descriptions a tender and its lots give."""
    out = []
    holders = [tender] + [_d(x) for x in _l(tender.get("lots"))]
    for h in holders:
        for key, label in (("renewal", "Renewal"), ("options", "Options")):
            desc = clean(_d(h.get(key)).get("description"))
            if desc and (label, desc) not in out:
                out.append((label, desc))
        rp = _d(_d(h.get("renewal")).get("period"))
        n = _d(h.get("renewal")).get("maximumRenewals")
        if isinstance(rp.get("durationInDays"), int) and rp["durationInDays"] > 0:
            months = int(round(rp["durationInDays"] / 30.4375 * (n if isinstance(n, int) and n > 0 else 1)))
            txt = f"up to {months} months"
            if ("Renewal period", txt) not in out:
                out.append(("Renewal period", txt))
        if h.get("hasRenewal") is True and not any(lbl.startswith("Renewal") for lbl, _ in out):
            out.append(("Renewal", "the contract may be renewed"))
    return out


def render(release: dict, nt: NoticeType, previous_end: str | None = None) -> tuple[str, Facts]:
    doc = _Text()
    f = Facts()
    t = _d(release.get("tender"))
    rid, ocid = _s(release.get("id")), _s(release.get("ocid"))
    f.notice = doc.add("Notice", f"{nt.code} {nt.label}" if nt.code and nt.code != "PSR" and not nt.label.startswith(nt.code) else nt.label)
    doc.add("Notice ID", rid)
    doc.add("OCID", ocid)

    buyers: list[tuple[str, str]] = []
    rb = _d(release.get("buyer"))
    if clean(rb.get("name")):
        buyers.append((clean(rb.get("name")), _s(rb.get("id"))))
    for name, pid in _party_names(release, "buyer"):
        if all(name.lower() != b[0].lower() for b in buyers):
            buyers.append((name, pid))
    for name, pid in buyers:
        span = doc.add("Buyer", name)
        if span:
            f.buyers.append((name, span))
        ident = pid if pid and not re.fullmatch(r"[0-9a-f]{32}", pid) else ""
        if ident:
            doc.add("Buyer ID", ident)

    title = clean(t.get("title")) or next((clean(_d(a).get("title")) for a in _l(release.get("awards")) if clean(_d(a).get("title"))), "") \
        or next((clean(_d(c).get("title")) for c in _l(release.get("contracts")) if clean(_d(c).get("title"))), "") \
        or clean(_d(release.get("planning")).get("rationale"))
    tspan = doc.add("Title", title)
    if tspan:
        f.title = (clean(title), tspan)
    description = clean(t.get("description")) or clean(release.get("description"))
    f.description = doc.add("Description", description)

    table = cpv_table()
    for code, desc in _cpvs(release):
        entry = cpv_entry(code)
        label = desc or (table.get(code) or {}).get("label") or (entry[1]["label"] if entry and entry[0] == code else "")
        span = doc.add("CPV", f"{code} {label}".strip())
        if span:
            f.cpvs.append((code, span))

    method = " — ".join(x for x in (clean(t.get("procurementMethodDetails")) or clean(t.get("procurementMethod")),
                                      clean(t.get("procurementMethodRationale"))) if x)
    f.procedure = doc.add("Procedure", method)
    lb = _d(t.get("legalBasis"))
    if lb.get("id"):
        doc.add("Legal basis", " ".join(x for x in (_s(lb.get("scheme")), _s(lb.get("id"))) if x))
    doc.add("Tender status", _s(t.get("status")))

    context = description
    lots = [_d(x) for x in _l(t.get("lots"))]
    f.value = _money_line(doc, "Value", t.get("value"), context)
    if f.value is None and amount_of(t.get("minValue")) is None and len(lots) == 1:
        f.value = _money_line(doc, "Value", lots[0].get("value"), context)
    if amount_of(t.get("minValue")) is not None:
        mv = _money_line(doc, "Minimum value", t.get("minValue"))
        if f.value is None:
            f.value = mv
    f.period = _period_line(doc, "Contract period", t.get("contractPeriod"))
    if f.period is None and lots:
        periods = [_d(x.get("contractPeriod")) for x in lots if x.get("contractPeriod")]
        if periods and all(p == periods[0] for p in periods):
            f.period = _period_line(doc, "Contract period", periods[0])
    if f.period is None:
        f.period = _milestone_period(doc, t)
    for label, text in _renewal_texts(t):
        span = doc.add(label, text)
        if span:
            f.renewals.append(span)
    if len(lots) > 1:
        for lot in lots:
            doc.add("Lot", " — ".join(x for x in (_s(lot.get("id")), clean(lot.get("title"))) if x))
            _money_line(doc, "Lot value", lot.get("value"))
            _period_line(doc, "Lot contract period", lot.get("contractPeriod"))
    for place in _places(release):
        span = doc.add("Place", place)
        if span:
            f.places.append((place, span))

    # awards and contracts
    parties = _party_by_id(release)
    contracts = [_d(c) for c in _l(release.get("contracts"))]
    by_award: dict[str, list[dict]] = {}
    for c in contracts:
        by_award.setdefault(_s(c.get("awardID")), []).append(c)
    used_contracts: set[int] = set()

    def supplier_lines(refs: list) -> list[tuple[str, Span]]:
        out = []
        for s in refs:
            s = _d(s)
            name = clean(s.get("name")) or clean(parties.get(_s(s.get("id")), {}).get("name"))
            if not name or any(name.lower() == o[0].lower() for o in out):
                continue
            span = doc.add("Supplier", name)
            if span:
                out.append((name, span))
            sid = _s(s.get("id"))
            if sid and sid != name and not re.fullmatch(r"[0-9a-f]{32}", sid):
                doc.add("Supplier ID", sid)
        return out

    for a in [_d(x) for x in _l(release.get("awards"))]:
        u = Unit(status=_s(a.get("status")))
        doc.add("Award", " — ".join(x for x in (_s(a.get("id")), clean(a.get("title"))) if x) or "award")
        doc.add("Award status", u.status)
        if day(a.get("date")):
            u.date = (day(a.get("date")), doc.add("Award date", day(a.get("date"))))
        u.suppliers = supplier_lines(_l(a.get("suppliers")))
        linked = by_award.get(_s(a.get("id"))) or []
        for c in linked:
            used_contracts.add(id(c))
        cval = next((c.get("value") for c in linked if amount_of(c.get("value")) is not None), None)
        u.value = _money_line(doc, "Value", cval if cval is not None else a.get("value"), context)
        cper = next((c.get("period") for c in linked if _d(c.get("period"))), None)
        u.period = _period_line(doc, "Contract period", cper if cper else a.get("contractPeriod"))
        signed = next((day(c.get("dateSigned")) for c in linked if day(c.get("dateSigned"))), None)
        if signed:
            u.signed = (signed, doc.add("Contract signed", signed))
        if not u.suppliers:
            for c in linked:
                u.suppliers = supplier_lines(_l(c.get("suppliers")))
                if u.suppliers:
                    break
        f.units.append(u)
    for c in contracts:
        if id(c) in used_contracts:
            continue
        u = Unit(status=_s(c.get("status")))
        doc.add("Contract", " — ".join(x for x in (_s(c.get("id")), clean(c.get("title"))) if x) or "contract")
        doc.add("Contract status", u.status)
        u.suppliers = supplier_lines(_l(c.get("suppliers")))
        u.value = _money_line(doc, "Value", c.get("value"), context)
        u.period = _period_line(doc, "Contract period", c.get("period"))
        if day(c.get("dateSigned")):
            u.signed = (day(c.get("dateSigned")), doc.add("Contract signed", day(c.get("dateSigned"))))
        f.units.append(u)
    if not any(u.suppliers for u in f.units):
        names = _party_names(release, "supplier")
        if names and nt.kind in ("award", "modify", "end"):
            for name, _pid in names:
                span = doc.add("Supplier", name)
                if span:
                    f.supplier_parties.append((name, span))

    # changes (UK10, F20, PSR modification)
    for c in contracts:
        for am in _l(c.get("amendments")):
            am = _d(am)
            span = doc.add("Change", am.get("description"))
            if span:
                f.changes.append(span)
            span = doc.add("Change reason", am.get("rationale"))
            if span:
                f.changes.append(span)
            if day(am.get("date")) and not f.change_date:
                f.change_date = (day(am.get("date")), doc.add("Change date", day(am.get("date"))))
    for am in _l(t.get("amendments")):
        am = _d(am)
        for key, label in (("description", "Change"), ("rationale", "Change reason")):
            span = doc.add(label, am.get(key))
            if span:
                f.changes.append(span)
    if previous_end:
        f.previous_end = (previous_end, doc.add("Previous end date", previous_end))

    published = day(release.get("date")) or day(t.get("datePublished"))
    doc.add("Published", published)
    doc.add("Source", notice_url(release))
    return doc.text, f


# -- events -------------------------------------------------------------------------------

_REF_PREFIX = [
    re.compile(r"^United Kingdom-[^:]{1,60}:\s*"),
    re.compile(r"^(?=[^:]{0,70}\b(?:Council|ICB|CCG|Trust|Authority|Board)\b)[^:]{3,70}:\s+"),
    # a reference code: letters and digits ("TD0864", "NCC/ASC/0142", "EBC-DS-24") or a long number ("414/2014")
    re.compile(r"^(?:(?=[A-Z0-9/._-]*\d)(?=[A-Z0-9/._-]*[A-Z])[A-Z0-9][A-Z0-9/._-]{1,30}|\d{2,}/\d{2,}|\d{5,})"
               r"\s*(?:[-–:]\s+|\s+(?=[A-Za-z]))"),
    re.compile(r"^(?:[A-Z]{2,8}-)(?=[A-Z][a-z])"),
    re.compile(r"^(?:contract\s+for\s+|for\s+)?(?:the\s+)?(?:provision|supply|delivery|commissioning|procurement)\s+of\s+(?:an?\s+|the\s+)?", re.I),
]
_REF_SUFFIX = [
    re.compile(r"\s*\((?:[A-Z]{1,6}\d[\w/-]*)\)\s*$"),
    re.compile(r"\s+[A-Z]{1,5}\d{2,}[\w/-]*\s*$"),
    re.compile(r"\s*[-–:]\s*(?:re-?tender|recommission\w*|tender|invitation to tender|ITT|award notice)\s*$", re.I),
]


def service_span(title: str) -> tuple[int, int]:
    """The service's name inside a notice title: reference codes and "Provision of" trimmed."""
    s, e = 0, len(title)
    for _ in range(3):
        moved = False
        for pat in _REF_PREFIX:
            m = pat.match(title[s:e])
            if m and m.end() < e - s:
                s += m.end()
                moved = True
        for pat in _REF_SUFFIX:
            m = pat.search(title[s:e])
            if m and m.start() > 0:
                e = s + m.start()
                moved = True
        if not moved:
            break
    while s < e and title[s] in " -–:,.;":
        s += 1
    while e > s and title[e - 1] in " -–:,.;":
        e -= 1
    if e - s < 3:
        return 0, len(title)
    return s, e


def categories_for(text: str, f: Facts) -> list[tuple[str, Span]]:
    """Categories with the span that shows each: title words, specific CPV codes, then the
    description, then broad CPV codes, else ``other`` for any health or social care notice."""
    strong: list[tuple[str, Span]] = []
    weak: list[tuple[str, Span]] = []
    care = False
    works = False
    for code, span in f.cpvs:
        entry = cpv_entry(code)
        if code.startswith("45"):
            works = True
        if not entry:
            continue
        care = care or bool(entry[1].get("care"))
        for cat in entry[1].get("categories", []):
            (weak if entry[1].get("weak") else strong).append((cat, span))
    out: list[tuple[str, Span]] = []

    def put(items: Iterable[tuple[str, Span]]) -> None:
        for cat, span in items:
            if all(cat != c for c, _ in out):
                out.append((cat, span))

    if f.title and (care or not f.cpvs or not works):
        ts = f.title[1][0]
        title_text = text[f.title[1][0]:f.title[1][1]]
        if care or not f.cpvs:
            put((cat, (ts + a, ts + b)) for cat, a, b in keyword_categories(title_text))
        else:
            # not a care CPV: only the clearest service names in the title count
            put((cat, (ts + a, ts + b)) for cat, a, b in keyword_categories(title_text)
                if cat in ("home_care", "care_homes", "supported_living", "extra_care_housing", "reablement",
                           "community_health", "mental_health", "learning_disability", "day_services", "advocacy"))
    put(strong)
    if not out and f.description and (care or not f.cpvs):
        ds = f.description[0]
        put((cat, (ds + a, ds + b)) for cat, a, b in keyword_categories(text[f.description[0]:f.description[1]]))
    if not out:
        put(weak)
    if not out and care and f.cpvs:
        care_spans = [span for code, span in f.cpvs if (cpv_entry(code) or ("", {}))[1].get("care")]
        out.append(("other", care_spans[0]))
    return out


def _ev(field_name: str, text: str, span: Span | None) -> list[Evidence]:
    return [Evidence.at(field_name, text, span[0], span[1])] if span and span[1] > span[0] else []


def _event(text: str, f: Facts, nt: NoticeType, kind: str, status: str, unit: Unit | None,
           all_suppliers: list[tuple[str, Span]]) -> Event:
    ev = Event(kind=kind, status=status, confidence=nt.confidence)
    evidence: list[Evidence] = []
    evidence += _ev("kind", text, f.notice)
    evidence += _ev("status", text, f.notice)
    if f.title:
        s, e = service_span(f.title[0])
        base = f.title[1][0]
        ev.service = f.title[0][s:e]
        evidence += _ev("service", text, (base + s, base + e))
    for cat, span in categories_for(text, f):
        ev.categories.append(cat)
        evidence += _ev("categories", text, span)
    for name, span in f.buyers:
        ev.buyers.append(name)
        evidence += _ev("buyers", text, span)
    suppliers = (unit.suppliers if unit else []) or ([] if kind == "tender" else all_suppliers)
    if kind != "tender":
        for name, span in suppliers:
            if name not in ev.providers:
                ev.providers.append(name)
                evidence += _ev("providers", text, span)
    money_ = (unit.value if unit and unit.value else None) or f.value
    if money_:
        ev.value = Value(money_.amount, money_.currency, money_.basis)
        evidence += _ev("value", text, money_.span)
    period = (unit.period if unit and unit.period else None) or f.period
    if period:
        if kind not in ("modify", "extend"):
            if period.start:
                ev.start_date = period.start
                evidence += _ev("start_date", text, period.start_span)
            months = period.months
            if months:
                ev.term_months = months
                evidence += _ev("term_months", text, period.line)
        if period.end:
            ev.end_date = period.end
            evidence += _ev("end_date", text, period.end_span)
        if period.max_extent and period.end and kind not in ("modify", "extend"):
            ext = months_after(period.end, period.max_extent)
            if ext:
                ev.extension_months = ext
                evidence += _ev("extension_months", text, period.extent_span)
    if ev.extension_months is None and kind not in ("modify", "extend"):
        best: tuple[int, Span] | None = None
        for span in f.renewals:
            hit = extension_in(text[span[0]:span[1]], renewal_context=True)
            if hit and (best is None or hit[0] > best[0]):
                best = (hit[0], (span[0] + hit[1], span[0] + hit[2]))
        if best is None and f.description:
            hit = extension_in(text[f.description[0]:f.description[1]])
            if hit:
                best = (hit[0], (f.description[0] + hit[1], f.description[0] + hit[2]))
        if best:
            ev.extension_months = best[0]
            evidence += _ev("extension_months", text, best[1])
    if kind == "award" and unit:
        when = (unit.signed or unit.date) if nt.code == "UK7" else (unit.date or unit.signed)
        if when and when[1]:
            ev.decision_date = when[0]
            evidence += _ev("decision_date", text, when[1])
    if kind in ("modify", "extend") and f.change_date and f.change_date[1]:
        ev.decision_date = f.change_date[0]
        evidence += _ev("decision_date", text, f.change_date[1])
    for place, span in f.places:
        ev.places.append(place)
        evidence += _ev("places", text, span)
    ev.evidence = evidence
    return ev


def _extension_of_change(text: str, f: Facts, period: Period | None) -> tuple[bool, int | None, Span | None]:
    """Does a change prolong the contract? With the extension's length and where it is read."""
    prolongs = False
    months: int | None = None
    span: Span | None = None
    for cs in f.changes:
        chunk = text[cs[0]:cs[1]]
        if _RE_PROLONG.search(chunk):
            prolongs = True
            hit = extension_in(chunk, renewal_context=True)
            if hit and months is None:
                months, span = hit[0], (cs[0] + hit[1], cs[0] + hit[2])
    if not f.changes and f.description and _RE_PROLONG.search(text[f.description[0]:f.description[1]]):
        prolongs = True
        hit = extension_in(text[f.description[0]:f.description[1]], renewal_context=True)
        if hit:
            months, span = hit[0], (f.description[0] + hit[1], f.description[0] + hit[2])
    if f.previous_end and period and period.end and f.previous_end[0] < period.end:
        prolongs = True
        if months is None:
            months = months_after(f.previous_end[0], period.end)
            span = period.line
    return prolongs, months, span


def events_for(release: dict, text: str, f: Facts, nt: NoticeType) -> list[Event]:
    if nt.kind is None:
        return []
    live = [u for u in f.units if u.status not in ("cancelled", "unsuccessful", "pending") or u.suppliers]
    all_suppliers: list[tuple[str, Span]] = []
    for u in f.units:
        for name, span in u.suppliers:
            if all(name != n for n, _ in all_suppliers):
                all_suppliers.append((name, span))
    all_suppliers += [x for x in f.supplier_parties if all(x[0] != n for n, _ in all_suppliers)]

    if nt.kind == "modify":
        period = next((u.period for u in f.units if u.period and u.period.end), None) or f.period
        prolongs, months, mspan = _extension_of_change(text, f, period)
        if not prolongs:
            return []
        unit = next((u for u in f.units if u.period or u.value), None)
        ev = _event(text, f, nt, "extend", nt.status or "approved", unit, all_suppliers)
        if period and period.end and ev.end_date != period.end:
            # the contract's (changed) period, not the tender's original one
            ev.end_date = period.end
            ev.evidence = [e for e in ev.evidence if e.field != "end_date"] + _ev("end_date", text, period.end_span)
        unit_value = next((u.value for u in f.units if u.value), None)
        if unit_value and ev.value is None:
            ev.value = Value(unit_value.amount, unit_value.currency, unit_value.basis)
            ev.evidence += _ev("value", text, unit_value.span)
        if months:
            ev.term_months = months
            ev.evidence += _ev("term_months", text, mspan)
        ev.kind = "extend"
        return [ev]
    if nt.kind == "end":
        period = next((u.period for u in f.units if u.period and u.period.end), None) or f.period
        unit = next((u for u in f.units if u.period), None)
        ev = _event(text, f, nt, "end", nt.status or "approved", unit, all_suppliers)
        ev.start_date, ev.term_months, ev.extension_months = None, None, None
        ev.evidence = [e for e in ev.evidence if e.field not in ("start_date", "term_months", "extension_months")]
        if period and period.end and ev.end_date != period.end:
            ev.end_date = period.end
            ev.evidence = [e for e in ev.evidence if e.field != "end_date"] + _ev("end_date", text, period.end_span)
        return [ev]
    if nt.kind == "award" and len(live) > 1:
        return [_event(text, f, nt, "award", nt.status or "approved", u, all_suppliers) for u in live]
    unit = live[0] if live else None
    return [_event(text, f, nt, nt.kind, nt.status or "approved", unit, all_suppliers)]


# -- public API ---------------------------------------------------------------------------

@dataclass
class Notice:
    key: str
    text: str
    record: Record
    source: str | None
    sha256: str
    release: dict


def _release_id(release: dict) -> str:
    rid = _s(release.get("id"))
    if rid:
        return rid
    blob = json.dumps(release, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return "sha256-" + hashlib.sha256(blob).hexdigest()[:16]


def _contract_end(release: dict) -> str | None:
    ends = [day(_d(c).get("period", {}).get("endDate")) for c in _l(release.get("contracts"))]
    ends += [day(_d(_d(a).get("contractPeriod")).get("endDate")) for a in _l(release.get("awards"))]
    ends += [day(_d(_d(release.get("tender")).get("contractPeriod")).get("endDate"))]
    ends = [e for e in ends if e]
    return max(ends) if ends else None


def build_notice(release: dict, name: str, previous_end: str | None = None) -> Notice:
    nt = notice_type(release)
    # An earlier notice's end date only matters to a change notice: did the change prolong it?
    text, facts = render(release, nt, previous_end=previous_end if nt.kind == "modify" else None)
    events = events_for(release, text, facts, nt)
    ocid, rid = _s(release.get("ocid")) or "ocds-unknown", _release_id(release)
    url = notice_url(release)
    t = _d(release.get("tender"))
    published = day(release.get("date")) or day(t.get("datePublished"))
    title = facts.title[0] if facts.title else f"Notice {rid}"
    info = DocumentInfo(source=url or name, title=title,
                        publisher=(facts.buyers[0][0][:300] if facts.buyers else None),
                        published=published, type="notice")
    blob = json.dumps(release, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Notice(key=f"{ocid}/{rid}", text=text, record=Record(info, events), source=url,
                  sha256=hashlib.sha256(blob).hexdigest(), release=release)


def parse_notices(data: bytes, name: str = "<ocds>") -> tuple[list[Notice], list[str]]:
    """Every notice in OCDS bytes, and one line per release that could not be read."""
    values = _loads_all(data)
    releases = [r for v in values for r in _iter_releases(v) if isinstance(r, dict)]
    # For change notices: the contract end an earlier release of the same process gave.
    by_ocid: dict[str, list[tuple[str, str]]] = {}
    for r in releases:
        end = _contract_end(r)
        if end:
            by_ocid.setdefault(_s(r.get("ocid")), []).append((_s(r.get("date")), end))
    notices: list[Notice] = []
    problems: list[str] = []
    seen: set[str] = set()
    for ends in by_ocid.values():
        ends.sort()
    for r in releases:
        try:
            date_ = _s(r.get("date"))
            earlier = [end for d, end in by_ocid.get(_s(r.get("ocid")), []) if d and date_ and d < date_] \
                if _s(r.get("ocid")) in by_ocid and len(by_ocid[_s(r.get("ocid"))]) > 1 else []
            n = build_notice(r, name, previous_end=earlier[-1] if earlier else None)
        except Exception as e:  # noqa: BLE001 - one odd release must not lose the rest of a file
            problems.append(f"release {_s(r.get('id')) or '?'}: {type(e).__name__}: {e}")
            continue
        if n.key in seen:
            continue
        seen.add(n.key)
        notices.append(n)
    return notices, problems


def parse_ocds(data: bytes, name: str = "<ocds>") -> list[tuple[str, str, Record]]:
    """(key, text, record) for each notice in OCDS JSON or JSON Lines bytes."""
    notices, _ = parse_notices(data, name)
    return [(n.key, n.text, n.record) for n in notices]


def ingest_ocds(store, data: bytes, name: str, source: str | None = None) -> dict[str, Any]:
    """Store one document per notice; returns a summary for the caller's Outcome."""
    notices, unread = parse_notices(data, name)
    problems = list(unread)
    statuses: list[str] = []
    first_id: int | None = None
    events = 0
    for n in notices:
        n.record.document.source = n.source or source or name
        try:
            status, doc_id = store.save(key=n.key, source=n.source or source or name, sha256=n.sha256,
                                        fmt="ocds", text=n.text, record=n.record)
        except Exception as e:  # noqa: BLE001 - report and go on with the other notices
            problems.append(f"notice {n.key}: {type(e).__name__}: {e}")
            continue
        statuses.append(status)
        first_id = first_id if first_id is not None else doc_id
        events += len(n.record.events)
    if not statuses:
        status = "error"
    elif "new" in statuses:
        status = "new"
    elif "updated" in statuses:
        status = "updated"
    else:
        status = "unchanged"
    error = None
    if problems:
        error = f"{len(problems)} of {len(notices) + len(unread)} notices not stored: " + "; ".join(problems[:3])
    elif not notices:
        error = "OCDS data holds no releases"
    return {"status": status, "document_id": first_id, "documents": len(statuses), "events": events, "error": error}
