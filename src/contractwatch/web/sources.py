"""The sources page (``/sources``) and its JSON (``/api/v1/sources``): each source's last sync,
what it brought in and what went wrong. Loaded by ``api.create_app`` when present."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse

router = APIRouter()
NAV = [("Sources", "/sources")]
MAX_ERRORS_SHOWN = 20

PAGE = """{% extends "base.html" %}
{% block title %}Sources{% endblock %}
{% block content %}
<div class="page-head">
  <h1>Sources</h1>
  <p class="lead">{{ rows|length }} source{{ '' if rows|length == 1 else 's' }} kept up to date by
  <code>contractwatch sync</code>. Add one with <code>contractwatch source add moderngov URL</code>
  or <code>contractwatch source add feed URL</code>.</p>
</div>
{% if rows %}
<div class="table-wrap">
<table class="events sources">
  <thead><tr><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Last sync</th>
  <th scope="col">Status</th><th scope="col">Last run</th><th scope="col">Documents</th><th scope="col">Errors</th></tr></thead>
  <tbody>
  {% for r in rows %}
  {% set run = r.last_run or {} %}
  <tr id="source-{{ r.id }}">
    <td data-label="Source"><strong>{{ r.name or r.url }}</strong><br>
      {% if safe_url(r.url) %}<a href="{{ r.url }}" rel="noopener noreferrer nofollow">{{ r.url|truncate(70) }}</a>{% else %}{{ r.url|truncate(70) }}{% endif %}
      {% if r.options %}<br><small>{% for k, v in r.options.items() %}{{ k }}: {{ v|join(', ') if v is iterable and v is not string else v }}{% if not loop.last %}; {% endif %}{% endfor %}</small>{% endif %}</td>
    <td data-label="Kind">{{ r.kind }}</td>
    <td data-label="Last sync" class="date">{{ (r.last_sync_at or 'never')[:16]|replace('T', ' ') }}</td>
    <td data-label="Status"><span class="sync-status st-{{ r.last_status or 'never' }}">{{ r.last_status or 'not yet synced' }}</span></td>
    <td data-label="Last run">{% if run %}{{ run.new_documents }} new, {{ run.updated_documents }} updated,
      {{ run.new_events }} new events; {{ run.requests }} requests{% if run.not_modified %} ({{ run.not_modified }} not modified){% endif %}{% endif %}</td>
    <td data-label="Documents">{{ r.documents|number }}{% if r.pending %} <small>({{ r.pending }} queued)</small>{% endif %}</td>
    <td data-label="Errors">{{ run.error_count or 0 }}</td>
  </tr>
  {% endfor %}
  </tbody>
</table>
</div>
{% for r in rows %}{% set run = r.last_run or {} %}
{% if run.errors %}
<section class="sync-errors" aria-labelledby="errors-{{ r.id }}">
  <h2 id="errors-{{ r.id }}">Errors in the last sync of {{ r.name or r.url }}</h2>
  <ul>
  {% for e in run.errors[:max_errors] %}
    <li><span class="src">{{ e.url|truncate(100) }}</span>: {{ e.error }}</li>
  {% endfor %}
  {% if run.errors|length > max_errors %}<li>… and {{ run.errors|length - max_errors }} more</li>{% endif %}
  </ul>
</section>
{% endif %}
{% endfor %}
{% else %}
<p>No sources yet.</p>
{% endif %}
{% endblock %}
"""


def _store(request: Request):
    return request.app.state.store


def _rows(store) -> list[dict[str, Any]]:
    from ..sync import list_sources

    return list_sources(store)


@router.get("/api/v1/sources", summary="Sources kept up to date by `contractwatch sync`, with each "
                                        "one's last sync and its errors")
async def sources_json(request: Request):
    rows = await run_in_threadpool(_rows, _store(request))
    return JSONResponse({"total": len(rows), "sources": rows})


@router.get("/api/v1/sources/{source_id}", summary="One source and its recent sync runs")
async def source_json(request: Request, source_id: int):
    from ..sync import find_source, source_runs

    store = _store(request)
    src = await run_in_threadpool(find_source, store, source_id)
    if src is None:
        return JSONResponse({"error": {"status": 404, "message": f"no source {source_id}"}}, status_code=404)
    src["runs"] = await run_in_threadpool(source_runs, store, source_id, 20)
    return JSONResponse(src)


@router.get("/sources", include_in_schema=False)
async def sources_page(request: Request):
    rows = await run_in_threadpool(_rows, _store(request))
    return _render(request, {"rows": rows, "max_errors": MAX_ERRORS_SHOWN})


def _render(request: Request, context: dict[str, Any]) -> HTMLResponse:
    try:
        from . import env, nav_entries
    except ImportError:  # the web package without its shared environment: a bare page
        return HTMLResponse(_bare(context))
    tpl = env.from_string(PAGE)
    ctx = {"request": request, "nav": nav_entries(request), "path": request.url.path,
           "read_only": getattr(request.app.state, "token", None) is None, **context}
    return HTMLResponse(tpl.render(ctx))


def _bare(context: dict[str, Any]) -> str:
    from html import escape

    rows = "".join(
        f"<tr><td>{escape(r['name'] or '')}<br>{escape(r['url'])}</td><td>{escape(r['kind'])}</td>"
        f"<td>{escape(r['last_sync_at'] or 'never')}</td><td>{escape(r['last_status'] or '')}</td>"
        f"<td>{escape('; '.join(e['url'] + ': ' + e['error'] for e in ((r['last_run'] or {}).get('errors') or [])[:10]))}</td></tr>"
        for r in context["rows"])
    return ("<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>Sources</title></head><body>"
            "<h1>Sources</h1><table><tr><th>Source</th><th>Kind</th><th>Last sync</th><th>Status</th>"
            f"<th>Errors</th></tr>{rows}</table></body></html>")
