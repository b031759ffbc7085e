"""The decision record: the one definition of what extraction returns.

Every other layer (store, API, exports, scorer) reads and writes these types, so the
field names here are the contract of ``shared/spec/decision-record.md``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

KINDS = ("tender", "award", "extend", "end", "insource", "outsource")
STATUSES = ("proposed", "approved", "rejected", "deferred")
DOCUMENT_TYPES = ("minutes", "decision", "report", "news", "notice", "other")
CATEGORIES = (
    "home_care", "community_health", "mental_health", "learning_disability",
    "extra_care_housing", "care_homes", "supported_living", "reablement", "carers",
    "day_services", "social_care_functions", "public_health", "equipment", "advocacy",
    "other",
)
VALUE_BASES = ("total", "annual")

LIST_FIELDS = ("categories", "buyers", "providers", "bidders", "places")
SCALAR_FIELDS = (
    "service", "value", "term_months", "extension_months", "start_date", "end_date",
    "decision_date", "decision_body", "staff_transferred",
)


@dataclass
class Evidence:
    """Where a field was read: ``text == document_text[start:end]`` always holds."""

    field: str
    start: int
    end: int
    text: str

    @classmethod
    def at(cls, field_name: str, text: str, start: int, end: int) -> "Evidence":
        return cls(field_name, start, end, text[start:end])


@dataclass
class Value:
    amount: float
    currency: str = "GBP"
    basis: str = "total"

    def to_dict(self) -> dict[str, Any]:
        amount: float | int = int(self.amount) if float(self.amount).is_integer() else self.amount
        return {"amount": amount, "currency": self.currency, "basis": self.basis}


@dataclass
class Event:
    kind: str
    status: str = "approved"
    service: str | None = None
    categories: list[str] = field(default_factory=list)
    buyers: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    bidders: list[str] = field(default_factory=list)
    value: Value | None = None
    term_months: int | None = None
    extension_months: int | None = None
    start_date: str | None = None
    end_date: str | None = None
    decision_date: str | None = None
    decision_body: str | None = None
    places: list[str] = field(default_factory=list)
    staff_transferred: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # Not in the spec's required set: how sure the extractor is (0..1), for ranking.
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "value":
                out["value"] = v.to_dict() if v else None
            elif f.name == "evidence":
                out["evidence"] = [asdict(e) for e in v]
            else:
                out[f.name] = list(v) if isinstance(v, list) else v
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        kw = {f.name: d[f.name] for f in fields(cls) if f.name in d}
        if kw.get("value"):
            kw["value"] = Value(**kw["value"])
        kw["evidence"] = [Evidence(**e) for e in d.get("evidence") or []]
        for name in LIST_FIELDS:
            kw[name] = list(kw.get(name) or [])
        return cls(**kw)


@dataclass
class DocumentInfo:
    source: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    type: str = "other"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Record:
    document: DocumentInfo
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "events": [e.to_dict() for e in self.events]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        return cls(DocumentInfo(**d.get("document") or {}),
                   [Event.from_dict(e) for e in d.get("events") or []])


def check_grounded(record: Record, text: str) -> list[str]:
    """Problems with a record's evidence against its text (empty when it is sound)."""
    problems = []
    for i, ev in enumerate(record.events):
        if ev.kind not in KINDS:
            problems.append(f"event {i}: unknown kind {ev.kind!r}")
        if ev.status not in STATUSES:
            problems.append(f"event {i}: unknown status {ev.status!r}")
        for c in ev.categories:
            if c not in CATEGORIES:
                problems.append(f"event {i}: unknown category {c!r}")
        for e in ev.evidence:
            if text[e.start:e.end] != e.text:
                problems.append(f"event {i}: evidence for {e.field} is not text[{e.start}:{e.end}]")
    return problems
