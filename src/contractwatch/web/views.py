"""HTML pages: overview, decisions, search, documents and organisations."""
from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from typing import Iterator

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, StreamingResponse

from ..record import KINDS
from ..store import SORTS, EventFilter
from ..store import stats
from . import charts, qs, render
from .common import BadRequest, filter_params, is_empty, parse_filter, parse_int, parse_sort
from .highlight import highlight, legend, snippet, spans

router = APIRouter(include_in_schema=False)
PAGE_SIZES = (25, 50, 100, 200)
EXPORT_MAX = 100_000
EXPORT_BATCH = 2_000


def store_of(request: Request):
    return request.app.state.store


CACHE_TTL = 30.0
CACHE_SIZE = 2048
_CACHE_LOCK = threading.Lock()


def cached(request: Request, key: tuple, fn):
    """Memoise a derived value (facets, charts, a page's event ids and total) until the store
    changes, and for CACHE_TTL seconds at most (so changes the version misses, like an edited
    title, show up soon). A small LRU per app; ``app.state.cache_enabled = False`` turns it off."""
    app = request.app
    if not getattr(app.state, "cache_enabled", True):
        return fn()
    cache: OrderedDict = app.state.cache
    ver = getattr(request.state, "cw_version", None)
    if ver is None:  # once per request
        ver = request.state.cw_version = stats.version(store_of(request))
    now = time.monotonic()
    with _CACHE_LOCK:
        hit = cache.get(key)
        if hit is not None and hit[0] == ver and now - hit[1] < CACHE_TTL:
            cache.move_to_end(key)
            return hit[2]
    value = fn()  # outside the lock: two threads may both compute, and both store the same
    with _CACHE_LOCK:
        cache[key] = (ver, now, value)
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return value


def list_events(request: Request, f: EventFilter, *, limit: int, offset: int, sort: str,
                desc: bool | None) -> tuple[list[dict], int]:
    """A page of events: ids and total from the cache when the same query was answered since
    the store last changed; the events themselves always read fresh."""
    store = store_of(request)
    key = filter_key(f)
    total = cached(request, ("total", key), lambda: stats.count_events(store, f))
    ids, _ = cached(request, ("page", key, sort, desc, limit, offset),
                    lambda: stats.page_ids(store, f, limit=limit, offset=offset, sort=sort, desc=desc, total=total))
    return stats.events_by_ids(store, ids), total


def filter_key(f: EventFilter) -> tuple:
    return tuple(filter_params(f))


# -- overview -------------------------------------------------------------------------------------
@router.get("/")
def overview(request: Request):
    store = store_of(request)

    def build():
        quarters = stats.by_quarter(store)
        years = stats.by_year(store)
        all_years = stats.by_year(store, kinds=KINDS)
        values = stats.value_by_category(store)
        summ = stats.summary(store)
        return {"summary": summ, "quarters": quarters, "years": years, "values": values, "all_years": all_years,
                "buyers": stats.organisations(store, role="buyer", limit=8)[0],
                "providers": stats.organisations(store, role="provider", limit=8)[0]}

    data = cached(request, ("overview",), build)
    latest, _ = stats.list_events(store, limit=8)
    q_title, q_desc = ("Decisions per quarter, by kind",
                       "Stacked bars: for each quarter, the number of decisions of each kind "
                       "(tender, award, extend, end, insource, outsource). The table below gives the same numbers.")
    quarter_chart = (charts.stacked_bars(data["quarters"], title=q_title, desc=q_desc, width=960),
                     charts.stacked_bars(data["all_years"], title="Decisions per year, by kind",
                                         desc="Stacked bars: decisions per year of each kind.", width=360))
    io_title = "Insourcing and outsourcing per year"
    io_desc = ("Side-by-side bars per year: decisions to bring services in house against decisions "
               "to contract them out.")
    inout_chart = tuple(charts.stacked_bars(data["years"], series=("insource", "outsource"), grouped=True,
                                            title=io_title, desc=io_desc, width=w) for w in (560, 360))
    v_rows = [(r["category"].replace("_", " "), r["value"]) for r in data["values"]]
    v_desc = ("Estimated total value of decisions with a stated value, per service category "
              "(annual values multiplied by the term in years).")
    value_chart = tuple(charts.hbars(v_rows, title="Contract value by category", desc=v_desc, width=w)
                        for w in (520, 360))
    return render(request, "overview.html", {**data, "latest": latest, "quarter_chart": quarter_chart,
                                             "inout_chart": inout_chart, "value_chart": value_chart,
                                             "kinds": KINDS})


# -- decisions -----------------------------------------------------------------------------------
@router.get("/decisions")
def decisions(request: Request):
    store = store_of(request)
    params = request.query_params
    error = None
    try:
        f = parse_filter(params)
        sort, desc = parse_sort(params)
        limit = parse_int(params, "limit", 50, 1, 200)
        if limit not in PAGE_SIZES:
            limit = min(PAGE_SIZES, key=lambda p: abs(p - limit))
        page = parse_int(params, "page", 1, 1, 1_000_000)
    except BadRequest as e:
        error = e.message
        f, sort, desc, limit, page = EventFilter(), "date", None, 50, 1
    rows, total = list_events(request, f, limit=limit, offset=(page - 1) * limit, sort=sort, desc=desc)
    facets = cached(request, ("facets", filter_key(f)), lambda: stats.facet_counts(store, f))
    pages = max(1, math.ceil(total / limit))
    base = filter_params(f)
    keep = [*base, *([("sort", sort)] if sort != "date" else []),
            *([("order", "desc" if desc else "asc")] if desc is not None else []),
            *([("limit", str(limit))] if limit != 50 else [])]
    doc_hits = cached(request, ("search", f.q, 5, 0), lambda: stats.search(store, f.q, limit=5)) if f.q else []
    heads = sort_heads(base, sort, desc, limit)
    ctx = {"rows": rows, "total": total, "f": f, "facets": facets, "sort": sort, "desc": desc,
           "limit": limit, "page": page, "pages": pages, "base": base, "keep": keep, "error": error,
           "filtered": not is_empty(f), "doc_hits": doc_hits, "page_sizes": PAGE_SIZES,
           "snippet": snippet, "heads": heads}
    return render(request, "decisions.html", ctx, status=400 if error else 200)


def sort_heads(base: list, sort: str, desc: bool | None, limit: int) -> dict[str, dict]:
    """Per sortable column: its link (toggling direction when active) and current direction."""
    out = {}
    for key, (_col, default) in SORTS.items():
        active = key == sort
        cur_desc = (default == "desc") if desc is None else desc
        extra = [("limit", str(limit))] if limit != 50 else []
        if active:
            pairs = [*base, ("sort", key), ("order", "asc" if cur_desc else "desc"), *extra]
        else:
            pairs = [*base, *([("sort", key)] if key != "date" else []), *extra]
        out[key] = {"href": "/decisions" + qs(pairs), "active": active,
                    "dir": "descending" if cur_desc else "ascending"}
    return out


def _export_rows(store, f: EventFilter, sort: str, desc) -> Iterator[list[dict]]:
    offset = 0
    while offset < EXPORT_MAX:
        rows, _total = stats.list_events(store, f, limit=EXPORT_BATCH, offset=offset, sort=sort, desc=desc)
        if not rows:
            return
        yield rows
        if len(rows) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH


def export(request: Request, fmt: str):
    """The events matching the current filter, as CSV (the CLI's columns) or JSON."""
    from ..cli import events_csv

    store = store_of(request)
    f = parse_filter(request.query_params)
    sort, desc = parse_sort(request.query_params)
    total = stats.count_events(store, f)
    name = "contractwatch-decisions"
    if fmt == "csv":
        def gen():
            first = True
            for rows in _export_rows(store, f, sort, desc):
                text = events_csv(rows)
                if not first:
                    text = text.split("\r\n", 1)[1] if "\r\n" in text else ""
                first = False
                yield text
            if first:
                yield events_csv([])
        return StreamingResponse(gen(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})

    def gen_json():
        yield '{"total": %d, "events": [' % min(total, EXPORT_MAX)
        first = True
        for rows in _export_rows(store, f, sort, desc):
            for ev in rows:
                yield ("" if first else ",") + "\n" + json.dumps(ev, ensure_ascii=False)
                first = False
        yield "\n]}\n"
    return StreamingResponse(gen_json(), media_type="application/json",
                             headers={"Content-Disposition": f'attachment; filename="{name}.json"'})


@router.get("/decisions.csv")
def decisions_csv(request: Request):
    return export(request, "csv")


@router.get("/decisions.json")
def decisions_json(request: Request):
    return export(request, "json")


# -- search ----------------------------------------------------------------------------------------
@router.get("/search")
def search(request: Request):
    store = store_of(request)
    q = (request.query_params.get("q") or "").strip()[:500]
    page = parse_int(request.query_params, "page", 1, 1, 10_000)
    per = 20
    hits = cached(request, ("search", q, per + 1, (page - 1) * per),
                  lambda: stats.search(store, q, limit=per + 1, offset=(page - 1) * per)) if q else []
    more = len(hits) > per
    events_total = cached(request, ("total", filter_key(EventFilter(q=q))),
                          lambda: stats.count_events(store, EventFilter(q=q))) if q else 0
    return render(request, "search.html", {"q": q, "hits": hits[:per], "more": more, "page": page,
                                           "snippet": snippet, "events_total": events_total})


# -- documents --------------------------------------------------------------------------------------
@router.get("/documents")
def documents(request: Request):
    store = store_of(request)
    per = 50
    page = parse_int(request.query_params, "page", 1, 1, 1_000_000)
    rows, total = store.documents(limit=per, offset=(page - 1) * per)
    return render(request, "documents.html", {"rows": rows, "total": total, "page": page,
                                              "pages": max(1, math.ceil(total / per))})


@router.get("/documents/{doc_id}")
def document(request: Request, doc_id: str):
    if not doc_id.isdigit() or len(doc_id) > 12:
        raise BadRequest(f"no document {doc_id!r}", status=404)
    doc = store_of(request).document(int(doc_id))
    if doc is None:
        raise BadRequest(f"no document {doc_id}", status=404)
    text, events = doc["text"], doc["events"]
    sp = spans(text, events)
    for i, ev in enumerate(events):
        ev["n"] = i + 1
        ev["spans"] = [s for s in sp if s["event"] == i]
        ev["by_field"] = {}
        for s in ev["spans"]:
            ev["by_field"].setdefault(s["key"], s)
    return render(request, "document.html", {"doc": doc, "events": events, "body": highlight(text, events),
                                             "legend": legend(events, text),
                                             "missing": [s for s in sp if not s["found"]]})


# -- organisations ------------------------------------------------------------------------------------
@router.get("/organisations")
def organisations(request: Request):
    store = store_of(request)
    role = request.query_params.get("role") or None
    if role not in (None, "buyer", "provider", "bidder"):
        raise BadRequest(f"role must be buyer, provider or bidder, not {role!r}")
    q = (request.query_params.get("q") or "").strip()[:200] or None
    page = parse_int(request.query_params, "page", 1, 1, 1_000_000)
    per = 50
    rows, total = stats.organisations(store, role=role, q=q, limit=per, offset=(page - 1) * per)
    return render(request, "organisations.html", {"rows": rows, "total": total, "role": role, "q": q,
                                                  "page": page, "pages": max(1, math.ceil(total / per))})


def timeline_charts(timeline, title: str):
    if not timeline:
        return None
    return tuple(charts.stacked_bars(timeline, title=title, desc="Stacked bars: decisions per year by kind.",
                                     width=w) for w in (560, 360))


def _org(request: Request, slug: str, role: str):
    store = store_of(request)
    norm = stats.unslug(slug)
    if not norm or len(slug) > 500:
        raise BadRequest("no such organisation", status=404)
    if stats.slug(norm) != slug:
        return RedirectResponse(f"/{role}s/{stats.slug(norm)}", status_code=308)
    org = stats.organisation(store, norm)
    if org is None:
        raise BadRequest(f"no organisation named {slug.replace('-', ' ')!r} in the store", status=404)
    return store, norm, org


@router.get("/buyers/{slug}")
def buyer(request: Request, slug: str):
    got = _org(request, slug, "buyer")
    if not isinstance(got, tuple):
        return got
    store, norm, org = got
    profile = stats.buyer_profile(store, norm)
    page = parse_int(request.query_params, "page", 1, 1, 1_000_000)
    per = 50
    rows, total = stats.org_events(store, "buyer", norm, limit=per, offset=(page - 1) * per)
    chart = timeline_charts(profile["timeline"], f"Decisions by {org['name']} per year")
    return render(request, "buyer.html", {"org": org, "profile": profile, "rows": rows, "total": total,
                                          "page": page, "pages": max(1, math.ceil(total / per)),
                                          "chart": chart})


@router.get("/providers/{slug}")
def provider(request: Request, slug: str):
    got = _org(request, slug, "provider")
    if not isinstance(got, tuple):
        return got
    store, norm, org = got
    profile = stats.provider_profile(store, norm)
    chart = timeline_charts(profile["timeline"], f"Decisions naming {org['name']} per year")
    return render(request, "provider.html", {"org": org, "profile": profile, "chart": chart})

