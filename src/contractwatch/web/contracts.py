"""Contract histories, the pipeline and profiles on the web: HTML pages and JSON under /api/v1.

Pages: ``/contracts`` (list), ``/contracts/{id}`` (timeline, linked documents, forecast, why each
event is in it, corrections), ``/pipeline`` (a timeline chart: bars from start to expected end,
extension options shaded; and the table behind it), ``/profiles/{org id}``.

JSON: ``GET /api/v1/contracts``, ``/api/v1/contracts/{id}``, ``/api/v1/pipeline``,
``/api/v1/orgs``, ``/api/v1/orgs/{id}``, ``/api/v1/orgs/{id}/profile``; token-protected writes:
``POST /api/v1/events/{id}/corrections``, ``POST /api/v1/contracts/{id}/split``,
``POST /api/v1/contracts/merge``. The HTML forms post the same with the token as a form field.
"""
from __future__ import annotations

import hmac
from datetime import date, timedelta
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from markupsafe import Markup, escape
from starlette.responses import JSONResponse, RedirectResponse, Response

from .. import forecast as fc
from .. import link
from ..record import CATEGORIES
from . import qs, render
from .common import BadRequest

router = APIRouter()
NAV = [("Contracts", "/contracts"), ("Pipeline", "/pipeline")]
API = "/api/v1"
STATUSES = ("active", "extended", "tendering", "procuring", "ending", "ended", "insourced", "re-let", "unknown")
STATUS_COLOURS = {"active": "#15803d", "extended": "#b45309", "tendering": "#2563eb", "procuring": "#2563eb",
                  "ending": "#dc2626", "ended": "#64748b", "insourced": "#7c3aed", "re-let": "#0e7490",
                  "unknown": "#475569"}
PAGE = 50

CSS = """
.cw-facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; margin: 0 0 16px; }
.cw-facts div { background: var(--card, #fff); border: 1px solid var(--line, #e2e8f0); border-radius: 10px; padding: 8px 12px; }
.cw-facts dt { color: var(--muted, #64748b); font-size: .8rem; }
.cw-facts dd { margin: 0; font-weight: 600; }
.cw-why { font-size: .85rem; color: var(--muted, #64748b); }
.cw-why b { color: var(--ink, #0f172a); font-weight: 600; }
.cw-fixed { background: #fef3c7; border-radius: 4px; padding: 0 4px; }
.cw-ev { font-size: .85rem; border-left: 3px solid #cbd5e1; padding-left: 8px; margin: 4px 0; }
.cw-chart { overflow-x: auto; }
.cw-legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: .85rem; color: var(--muted, #64748b); }
.cw-form { display: flex; flex-wrap: wrap; gap: 6px; align-items: end; }
.cw-form label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted, #64748b); }
.cw-form fieldset { display: flex; flex-wrap: wrap; gap: 4px 14px; border: 1px solid var(--line, #e2e8f0); border-radius: 8px; }
.cw-form fieldset label { flex-direction: row; align-items: center; gap: 4px; color: var(--ink, #0f172a); font-size: .85rem; }
.cw-form + .cw-form { margin-top: 12px; }
.cw-status { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: .8rem; font-weight: 600; color: #fff; }
""" + "".join(f".cw-s-{k} {{ background: {v}; }}\n" for k, v in STATUS_COLOURS.items())


def _store(request: Request):
    return request.app.state.store


def _today(request: Request) -> date:
    v = request.query_params.get("today")
    if v:
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise BadRequest(f"today must be a date like 2025-06-01, not {v!r}", param="today") from None
    return date.today()


def _check_token(request: Request, given: str | None) -> None:
    token = getattr(request.app.state, "token", None)
    if not token:
        raise BadRequest("this server is read-only: start it with --token or CONTRACTWATCH_TOKEN to accept "
                         "corrections", status=403)
    if not given:
        raise BadRequest("a token is required: send 'Authorization: Bearer <token>'", status=401)
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise BadRequest("wrong token", status=403)


def _header_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-token")


# -- the timeline chart ----------------------------------------------------------------------------
def _d(s: str | None, last: bool = False) -> date | None:
    p = fc.PDate.parse(s)
    return (p.last if last else p.first) if p else None


def timeline_chart(rows: list[dict[str, Any]], today: date, title: str = "Contracts by expected end",
                   width: int = 1000) -> Markup:
    """An SVG Gantt chart: one bar per contract from its start to its expected end, the optional
    extensions shaded after it, a diamond at the next market event and a line at today."""
    items = []
    for r in rows:
        start = _d(r.get("start")) or _d(r.get("first_date"))
        lo, hi = _d(r.get("expected_end"), True), _d(r.get("end_with_extensions"), True)
        if lo is None:
            continue
        items.append((r, start or lo - timedelta(days=365), lo, hi or lo, _d(r.get("next_date"))))
    if not items:
        return Markup('<p class="muted">No contract in this view has an expected end.</p>')
    t0 = min(min(i[1] for i in items), today) - timedelta(days=60)
    t1 = max(max(i[3] for i in items), today) + timedelta(days=90)
    label_w, row_h, top = 330, 22, 34
    plot_w = width - label_w - 20
    height = top + row_h * len(items) + 30
    span = max(1, (t1 - t0).days)

    def x(d: date) -> float:
        return round(label_w + plot_w * (d - t0).days / span, 1)

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-labelledby="cwt cwd" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" '
           f'font-size="12"><title id="cwt">{escape(title)}</title>'
           f'<desc id="cwd">One bar per contract from its start to its expected end; the lighter part after it is '
           f'the optional extension period; a diamond marks the next market event; the vertical line is today. '
           f'The table below gives the same dates.</desc>',
           '<defs><pattern id="cwhatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e2e8f0"/>'
           '<line x1="0" y1="0" x2="0" y2="6" stroke="#94a3b8" stroke-width="2"/></pattern></defs>']
    # year ticks
    for year in range(t0.year + 1, t1.year + 1):
        xx = x(date(year, 1, 1))
        out.append(f'<line x1="{xx}" y1="{top - 6}" x2="{xx}" y2="{height - 24}" stroke="#e2e8f0"/>'
                   f'<text x="{xx}" y="{top - 12}" text-anchor="middle" fill="#64748b">{year}</text>')
    for n, (r, s, lo, hi, nxt) in enumerate(items):
        y = top + n * row_h
        colour = STATUS_COLOURS.get(r.get("status") or "unknown", "#475569")
        label = (r.get("title") or ", ".join(r.get("categories") or []) or "contract")
        buyer = "; ".join(r.get("buyers") or [])
        text = f"{label} — {buyer}" if buyer else label
        short = text if len(text) <= 44 else text[:43] + "…"
        cid = escape(r["contract_id"])
        out.append(f'<a href="/contracts/{cid}"><text x="{label_w - 8}" y="{y + 15}" text-anchor="end" '
                   f'fill="#0b5f75">{escape(short)}<title>{escape(text)}</title></text></a>')
        w = max(2.0, x(lo) - x(s))
        out.append(f'<rect x="{x(s)}" y="{y + 4}" width="{w}" height="{row_h - 8}" rx="3" fill="{colour}">'
                   f'<title>{escape(label)}: {s.isoformat()} to {lo.isoformat()} ({escape(r.get("status") or "")})'
                   f'</title></rect>')
        if hi > lo:
            out.append(f'<rect x="{x(lo)}" y="{y + 4}" width="{max(2.0, x(hi) - x(lo))}" height="{row_h - 8}" rx="3" '
                       f'fill="url(#cwhatch)" stroke="{colour}" stroke-width="1">'
                       f'<title>optional extensions: to {hi.isoformat()}</title></rect>')
        if nxt is not None and t0 <= nxt <= t1:
            cx, cy = x(nxt), y + row_h / 2
            out.append(f'<path d="M{cx} {cy - 6} L{cx + 6} {cy} L{cx} {cy + 6} L{cx - 6} {cy} Z" fill="#0f172a">'
                       f'<title>next: {escape(r.get("next_event") or "")} {nxt.isoformat()}</title></path>')
    tx = x(today)
    out.append(f'<line x1="{tx}" y1="{top - 6}" x2="{tx}" y2="{height - 24}" stroke="#dc2626" stroke-width="1.5" '
               f'stroke-dasharray="4 3"/><text x="{tx}" y="{height - 10}" text-anchor="middle" fill="#dc2626">'
               f'today {today.isoformat()}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def contract_timeline_chart(c: link.Contract) -> Markup:
    """A strip for one contract: its events as dots on the years, and its expected end."""
    evs = [t for t in c.timeline if not t.get("missing") and t.get("date")]
    f = c.forecast or {}
    dates = [_d(t["date"]) for t in evs] + [_d(f.get("start")), _d(f.get("end_low"), True), _d(f.get("end_high"), True)]
    dates = [d for d in dates if d]
    if not dates:
        return Markup("")
    t0, t1 = min(dates) - timedelta(days=120), max(dates) + timedelta(days=120)
    width, height, left, right = 960, 96, 20, 20
    span = max(1, (t1 - t0).days)

    def x(d: date) -> float:
        return round(left + (width - left - right) * (d - t0).days / span, 1)

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-labelledby="cct ccd" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" '
           f'font-size="11"><title id="cct">Timeline of this contract</title><desc id="ccd">Each decision as a dot '
           f'on the timeline; the bar runs from the start to the expected end, the hatched part is the optional '
           f'extension period. The table below lists the same events.</desc>'
           '<defs><pattern id="cchatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e2e8f0"/>'
           '<line x1="0" y1="0" x2="0" y2="6" stroke="#94a3b8" stroke-width="2"/></pattern></defs>']
    for year in range(t0.year + 1, t1.year + 1):
        xx = x(date(year, 1, 1))
        out.append(f'<line x1="{xx}" y1="14" x2="{xx}" y2="{height - 8}" stroke="#e2e8f0"/>'
                   f'<text x="{xx}" y="10" text-anchor="middle" fill="#64748b">{year}</text>')
    s, lo, hi = _d(f.get("start")), _d(f.get("end_low"), True), _d(f.get("end_high"), True)
    colour = STATUS_COLOURS.get(c.status or "unknown", "#475569")
    if s and lo:
        out.append(f'<rect x="{x(s)}" y="56" width="{max(2.0, x(lo) - x(s))}" height="14" rx="3" fill="{colour}">'
                   f'<title>{s.isoformat()} to {lo.isoformat()}</title></rect>')
    if lo and hi and hi > lo:
        out.append(f'<rect x="{x(lo)}" y="56" width="{max(2.0, x(hi) - x(lo))}" height="14" rx="3" '
                   f'fill="url(#cchatch)" stroke="{colour}"><title>optional extensions to {hi.isoformat()}</title></rect>')
    from .charts import KIND_COLOURS

    for t in evs:
        d = _d(t["date"])
        out.append(f'<a href="#ev-{t["id"]}"><circle cx="{x(d)}" cy="34" r="7" fill="{KIND_COLOURS.get(t["kind"], "#475569")}" '
                   f'stroke="#fff" stroke-width="1.5"><title>{escape(t["date"])}: {escape(t["kind"])} '
                   f'({escape(t["status"])})</title></circle></a>')
    out.append("</svg>")
    return Markup("".join(out))


# -- HTML pages ------------------------------------------------------------------------------------
@router.get("/contracts/contracts.css", include_in_schema=False)
def css() -> Response:
    return Response(CSS, media_type="text/css", headers={"cache-control": "max-age=3600"})


def _filters(request: Request) -> dict[str, Any]:
    p = request.query_params
    out = {k: (p.get(k) or "").strip() or None for k in ("buyer", "provider", "category", "region", "status", "q")}
    if out["category"] and out["category"] not in CATEGORIES:
        raise BadRequest(f"unknown category {out['category']!r}", param="category")
    if out["status"] and out["status"] not in STATUSES:
        raise BadRequest(f"unknown status {out['status']!r}", param="status")
    return out


def _page(request: Request) -> int:
    v = request.query_params.get("page") or "1"
    if not v.isdigit() or int(v) < 1:
        raise BadRequest("page must be a whole number from 1", param="page")
    return int(v)


@router.get("/contracts", include_in_schema=False)
def contracts_page(request: Request):
    f = _filters(request)
    page = _page(request)
    sort = request.query_params.get("sort") or "end"
    try:
        rows, total = link.list_contracts(_store(request), **f, sort=sort, limit=PAGE, offset=(page - 1) * PAGE)
    except ValueError as e:
        raise BadRequest(str(e)) from None
    pairs = [(k, v) for k, v in {**f, "sort": sort}.items() if v]
    return render(request, "contracts/list.html", {
        "rows": rows, "total": total, "page": page, "pages": max(1, -(-total // PAGE)), "f": f, "sort": sort,
        "pairs": pairs, "categories": CATEGORIES, "statuses": STATUSES})


@router.get("/contracts/{contract_id}", include_in_schema=False)
def contract_page(request: Request, contract_id: str):
    c = link.get_contract(_store(request), contract_id)
    if c is None:
        raise BadRequest(f"no contract {contract_id}", status=404)
    return render(request, "contracts/contract.html", {
        "c": c, "f": c.forecast or {}, "chart": contract_timeline_chart(c), "fields": _correctable(),
        "msg": request.query_params.get("msg")})


def _correctable() -> tuple[str, ...]:
    from ..corrections import FIELDS

    return FIELDS


@router.post("/contracts/{contract_id}/correct", include_in_schema=False)
async def contract_correct(request: Request, contract_id: str):
    from ..corrections import CorrectionError, correct_event

    form = await request.form()
    _check_token(request, form.get("token"))
    try:
        event_id = int(form.get("event_id") or "")
    except ValueError:
        raise BadRequest("choose an event") from None
    try:
        correct_event(_store(request), event_id, str(form.get("field") or ""), str(form.get("value") or ""),
                      who=str(form.get("who") or "web") or "web", note=str(form.get("note") or "") or None)
    except CorrectionError as e:
        raise BadRequest(str(e)) from None
    target = link.contract_of_event(_store(request), event_id) or contract_id
    return RedirectResponse(f"/contracts/{target}?msg=corrected#ev-{event_id}", status_code=303)


@router.post("/contracts/{contract_id}/split", include_in_schema=False)
async def contract_split_form(request: Request, contract_id: str):
    form = await request.form()
    _check_token(request, form.get("token"))
    ids = [int(v) for v in form.getlist("event_id") if str(v).isdigit()]
    try:
        kept, moved = link.split_contract(_store(request), contract_id, ids, who=str(form.get("who") or "web"),
                                          note=str(form.get("note") or "") or None)
    except ValueError as e:
        raise BadRequest(str(e)) from None
    return RedirectResponse(f"/contracts/{moved}?msg=split", status_code=303)


@router.post("/contracts/{contract_id}/merge", include_in_schema=False)
async def contract_merge_form(request: Request, contract_id: str):
    form = await request.form()
    _check_token(request, form.get("token"))
    other = str(form.get("other") or "").strip()
    try:
        cid = link.merge_contracts(_store(request), contract_id, other, who=str(form.get("who") or "web"),
                                   note=str(form.get("note") or "") or None)
    except ValueError as e:
        raise BadRequest(str(e)) from None
    return RedirectResponse(f"/contracts/{cid}?msg=merged", status_code=303)


def _pipeline_args(request: Request) -> dict[str, Any]:
    p = request.query_params
    within = (p.get("within") or "18m").strip()
    try:
        fc.parse_within(within)
    except ValueError as e:
        raise BadRequest(str(e), param="within") from None
    cat = (p.get("category") or "").strip() or None
    if cat and cat not in CATEGORIES:
        raise BadRequest(f"unknown category {cat!r}", param="category")
    return {"within": within, "category": cat, "buyer": (p.get("buyer") or "").strip() or None,
            "provider": (p.get("provider") or "").strip() or None, "region": (p.get("region") or "").strip() or None,
            "include_closed": p.get("open_only") not in ("1", "true", "on")}


@router.get("/pipeline", include_in_schema=False)
def pipeline_page(request: Request):
    args = _pipeline_args(request)
    today = _today(request)
    rows = fc.pipeline(_store(request), today=today, limit=500, **args)
    return render(request, "contracts/pipeline.html", {
        "rows": rows, "args": args, "today": today, "categories": CATEGORIES,
        "chart": timeline_chart(rows[:150], today, title=f"Contracts ending or coming to market within {args['within']}"),
        "csv_href": f"{API}/pipeline{qs({k: v for k, v in args.items() if v and k != 'include_closed'}, format='csv')}"})


@router.get("/profiles/{org_id:path}", include_in_schema=False)
def profile_page(request: Request, org_id: str):
    from ..profiles import profile

    role = request.query_params.get("role") or None
    if role not in (None, "buyer", "provider"):
        raise BadRequest("role must be buyer or provider", param="role")
    try:
        p = profile(_store(request), org_id, role)
    except ValueError as e:
        raise BadRequest(str(e), status=404) from None
    return render(request, "contracts/profile.html", {"p": p, "o": p["organisation"]})


# -- JSON API ----------------------------------------------------------------------------------------
@router.get(f"{API}/contracts", tags=["contracts"], summary="Contract histories, filtered and paged")
def api_contracts(request: Request, buyer: Optional[str] = None, provider: Optional[str] = None,
                  category: Optional[str] = None, region: Optional[str] = None, status: Optional[str] = None,
                  q: Optional[str] = Query(None, description="Service name contains"),
                  sort: str = Query("end", description="end, next, recent or events"),
                  limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0)):
    _filters(request)
    try:
        rows, total = link.list_contracts(_store(request), buyer=buyer, provider=provider, category=category,
                                          region=region, status=status, q=q, sort=sort, limit=limit, offset=offset)
    except ValueError as e:
        raise BadRequest(str(e)) from None
    return JSONResponse({"total": total, "limit": limit, "offset": offset,
                         "contracts": [_json_contract(c) for c in rows]})


def _json_contract(c: link.Contract) -> dict[str, Any]:
    d = c.to_dict()
    if not c.timeline:
        d.pop("timeline")
        d.pop("documents")
    return d


@router.get(f"{API}/contracts/{{contract_id}}", tags=["contracts"],
            summary="One contract: timeline with evidence and link explanations, documents, forecast")
def api_contract(request: Request, contract_id: str):
    c = link.get_contract(_store(request), contract_id)
    if c is None:
        raise BadRequest(f"no contract {contract_id}", status=404)
    return JSONResponse(c.to_dict())


@router.get(f"{API}/pipeline", tags=["contracts"],
            summary="Contracts by expected end or next market event within a window, with confidence and evidence")
def api_pipeline(request: Request, within: str = "18m", category: Optional[str] = None,
                 buyer: Optional[str] = None, provider: Optional[str] = None, region: Optional[str] = None,
                 open_only: bool = False, today: Optional[str] = None,
                 format: str = Query("json", description="json or csv"), limit: int = Query(1000, ge=1, le=100_000)):
    args = _pipeline_args(request)
    rows = fc.pipeline(_store(request), today=_today(request), limit=limit, **args)
    if format == "csv":
        return Response(fc.pipeline_csv(rows), media_type="text/csv",
                        headers={"content-disposition": 'attachment; filename="pipeline.csv"'})
    if format != "json":
        raise BadRequest("format must be json or csv", param="format")
    return JSONResponse({"within": args["within"], "today": _today(request).isoformat(), "count": len(rows),
                         "contracts": rows})


@router.get(f"{API}/orgs", tags=["contracts"], summary="Organisations (resolved buyers and providers)")
def api_orgs(request: Request, type: Optional[str] = None, search: Optional[str] = None,
             limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    from ..resolve import list_orgs

    try:
        rows, total = list_orgs(_store(request), type=type, search=search, limit=limit, offset=offset)
    except ValueError as e:
        raise BadRequest(str(e), param="type") from None
    return JSONResponse({"total": total, "organisations": rows})


@router.get(f"{API}/orgs/{{org_id:path}}/profile", tags=["contracts"], summary="A buyer's or provider's profile")
def api_profile(request: Request, org_id: str, role: Optional[str] = None):
    from ..profiles import profile

    try:
        return JSONResponse(profile(_store(request), org_id, role))
    except ValueError as e:
        raise BadRequest(str(e), status=404) from None


@router.get(f"{API}/orgs/{{org_id:path}}", tags=["contracts"], summary="One organisation with aliases and succession")
def api_org(request: Request, org_id: str):
    from ..resolve import get_org

    o = get_org(_store(request), org_id)
    if o is None:
        raise BadRequest(f"no organisation {org_id}", status=404)
    return JSONResponse(o)


@router.post(f"{API}/events/{{event_id}}/corrections", tags=["contracts"],
             summary="Correct a field of an event (token); kept across re-extraction")
async def api_correct(request: Request, event_id: int):
    from ..corrections import CorrectionError, correct_event

    _check_token(request, _header_token(request))
    body = await _json_body(request)
    try:
        c = correct_event(_store(request), event_id, str(body.get("field") or ""), body.get("value"),
                          who=str(body.get("who") or "api"), note=body.get("note"))
    except CorrectionError as e:
        raise BadRequest(str(e), status=404 if "no such event" in str(e) else 400) from None
    return JSONResponse({"correction": c, "contract_id": link.contract_of_event(_store(request), event_id)},
                        status_code=201)


@router.get(f"{API}/corrections", tags=["contracts"], summary="Corrections and manual links, newest first")
def api_corrections(request: Request, event_id: Optional[int] = None):
    from ..corrections import list_corrections

    return JSONResponse({"corrections": list_corrections(_store(request), event_id=event_id),
                         "manual_links": link.manual_links(_store(request))})


@router.post(f"{API}/contracts/{{contract_id}}/split", tags=["contracts"],
             summary="Take events out of a contract into their own history (token)")
async def api_split(request: Request, contract_id: str):
    _check_token(request, _header_token(request))
    body = await _json_body(request)
    ids = body.get("event_ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise BadRequest('send {"event_ids": [1, 2]}')
    try:
        kept, moved = link.split_contract(_store(request), contract_id, ids, who=str(body.get("who") or "api"),
                                          note=body.get("note"))
    except ValueError as e:
        raise BadRequest(str(e), status=404 if "no such contract" in str(e) else 400) from None
    return JSONResponse({"kept": kept, "new": moved})


@router.post(f"{API}/contracts/merge", tags=["contracts"], summary="Make two contract histories one (token)")
async def api_merge(request: Request):
    _check_token(request, _header_token(request))
    body = await _json_body(request)
    keep, other = body.get("keep"), body.get("other")
    if not isinstance(keep, str) or not isinstance(other, str):
        raise BadRequest('send {"keep": "c…", "other": "c…"}')
    try:
        cid = link.merge_contracts(_store(request), keep, other, who=str(body.get("who") or "api"), note=body.get("note"))
    except ValueError as e:
        raise BadRequest(str(e), status=404) from None
    return JSONResponse({"contract_id": cid})


async def _json_body(request: Request) -> dict[str, Any]:
    import json

    raw = await request.body()
    if len(raw) > 100_000:
        raise BadRequest("the request body is too large", status=413)
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise BadRequest("the body must be JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body
