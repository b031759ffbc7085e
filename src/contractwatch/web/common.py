"""What the JSON API and the HTML pages share: query parsing, errors, formatting."""
from __future__ import annotations

from typing import Any, Mapping

from ..record import CATEGORIES, KINDS, STATUSES
from ..store import SORTS, EventFilter

FILTER_PARAMS = ("kind", "status", "category", "buyer", "provider", "since", "until", "q", "document_id")
LIST_PARAMS = ("kind", "status", "category")
PAGING_PARAMS = ("sort", "order", "limit", "offset", "page")


class BadRequest(Exception):
    """A request the server understood but cannot answer; ``status`` is the HTTP code."""

    def __init__(self, message: str, status: int = 400, **details: Any):
        super().__init__(message)
        self.message = message
        self.status = status
        self.details = details


def _raw(params, name: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    if getlist:
        return [str(v) for v in getlist(name)]
    v = params.get(name)
    return [] if v is None else [str(x) for x in v] if isinstance(v, (list, tuple)) else [str(v)]


def _values(params, name: str) -> list[str]:
    return [v.strip() for item in _raw(params, name) for v in item.split(",") if v.strip()]


def _one(params, name: str) -> str | None:
    vals = [v.strip() for v in _raw(params, name) if v.strip()]
    if len(vals) > 1:
        raise BadRequest(f"give {name} once, not {len(vals)} times", param=name)
    return vals[0] if vals else None


def parse_filter(params: Mapping, *, strict: bool = False, allowed_extra: tuple[str, ...] = ()) -> EventFilter:
    """Query parameters to an EventFilter; repeated or comma-separated kind/status/category.

    ``strict`` refuses parameters it does not know (the API), so a typo is not ignored.
    """
    if strict:
        known = {*FILTER_PARAMS, *PAGING_PARAMS, *allowed_extra}
        unknown = sorted({k for k in params.keys() if k not in known})
        if unknown:
            raise BadRequest(f"unknown parameter {unknown[0]!r}; expected one of: {', '.join(sorted(known))}",
                             param=unknown[0])
    doc = _one(params, "document_id")
    if doc is not None and not doc.isdigit():
        raise BadRequest(f"document_id must be a whole number, not {doc!r}", param="document_id")
    f = EventFilter(kind=_values(params, "kind"), status=_values(params, "status"),
                    category=_values(params, "category"), buyer=_one(params, "buyer"),
                    provider=_one(params, "provider"), since=_one(params, "since"),
                    until=_one(params, "until"), q=_one(params, "q"),
                    document_id=int(doc) if doc is not None else None)
    for name in ("buyer", "provider", "q"):
        v = getattr(f, name)
        if v is not None and len(v) > 500:
            raise BadRequest(f"{name} is too long (at most 500 characters)", param=name)
    try:
        f.validate()
    except ValueError as e:
        raise BadRequest(str(e), param=str(e).split()[1] if str(e).startswith("unknown") else None) from None
    return f


def parse_sort(params: Mapping) -> tuple[str, bool | None]:
    sort = _one(params, "sort") or "date"
    if sort not in SORTS:
        raise BadRequest(f"unknown sort {sort!r}; expected one of: {', '.join(SORTS)}", param="sort")
    order = _one(params, "order")
    if order not in (None, "asc", "desc"):
        raise BadRequest(f"order must be asc or desc, not {order!r}", param="order")
    return sort, (None if order is None else order == "desc")


def parse_int(params: Mapping, name: str, default: int, lo: int, hi: int) -> int:
    raw = _one(params, name)
    if raw is None:
        return default
    try:
        v = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {raw!r}", param=name) from None
    if not lo <= v <= hi:
        raise BadRequest(f"{name} must be between {lo} and {hi}, not {v}", param=name)
    return v


def filter_params(f: EventFilter) -> list[tuple[str, str]]:
    """An EventFilter back to query parameters (for links that keep the current filter)."""
    out: list[tuple[str, str]] = []
    for name in LIST_PARAMS:
        out += [(name, v) for v in getattr(f, name)]
    for name in ("buyer", "provider", "since", "until", "q"):
        if getattr(f, name):
            out.append((name, getattr(f, name)))
    if f.document_id is not None:
        out.append(("document_id", str(f.document_id)))
    return out


def is_empty(f: EventFilter) -> bool:
    return not filter_params(f)


def fmt_value(v: dict | None) -> str:
    if not v or v.get("amount") is None:
        return ""
    from .charts import money

    return money(float(v["amount"])) + ("/yr" if v.get("basis") == "annual" else "")


def fmt_term(ev: dict) -> str:
    t, x = ev.get("term_months"), ev.get("extension_months")
    if not t and not x:
        return ""

    def months(n):
        if n is None:
            return "?"
        if n % 12 == 0 and n >= 12:
            return f"{n // 12} yr"
        return f"{n} mo"

    return months(t) + (f" + {months(x)}" if x else "")


ALL = {"kind": KINDS, "status": STATUSES, "category": CATEGORIES}
