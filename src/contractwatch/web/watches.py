"""Saved searches on the web: each watch's Atom feed (``/watches/NAME.atom``), a page listing
them (``/watches``) and their JSON (``/api/v1/watches``). Loaded by ``api.create_app``.

Watches are made with ``contractwatch watch add``; the web app only reads them. Webhook URLs
are shown without their path and query (which often hold a token), and secrets never.
"""
from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, Response

from .common import BadRequest

router = APIRouter()
NAV = [("Watches", "/watches")]
ATOM_TYPE = "application/atom+xml; charset=utf-8"

PAGE = """{% extends "base.html" %}
{% block title %}Watches{% endblock %}
{% block content %}
<div class="page-head">
  <h1>Watches</h1>
  <p class="lead">Saved searches, each with an Atom feed of the newest matching decisions. Add one with
  <code>contractwatch watch add NAME --kind tender --category home_care</code>.</p>
</div>
{% if rows %}
<div class="table-wrap">
<table class="events watches">
  <thead><tr><th scope="col">Watch</th><th scope="col">Matches</th><th scope="col">Feed</th>
  <th scope="col">Webhook</th><th scope="col">Delivered</th></tr></thead>
  <tbody>
  {% for w in rows %}
  <tr>
    <td data-label="Watch"><strong>{{ w.name }}</strong></td>
    <td data-label="Matches">{{ w.description }}</td>
    <td data-label="Feed"><a href="/watches/{{ w.name }}.atom" type="application/atom+xml">Atom feed</a></td>
    <td data-label="Webhook">{{ w.webhook or '' }}{% if w.signed %} (signed){% endif %}</td>
    <td data-label="Delivered">{{ w.deliveries.get('delivered', 0) }}{% if w.deliveries.get('failed') %},
      {{ w.deliveries.failed }} failed{% endif %}{% if w.deliveries.get('retry') %}, {{ w.deliveries.retry }} to retry{% endif %}</td>
  </tr>
  {% endfor %}
  </tbody>
</table>
</div>
{% else %}
<p>No watches yet.</p>
{% endif %}
{% endblock %}
"""


def _store(request: Request):
    return request.app.state.store


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _rows(store, base: str) -> list[dict[str, Any]]:
    from ..alerts import list_watches

    return [{**w.to_dict(), "feed": f"{base}/watches/{w.name}.atom"} for w in list_watches(store)]


@router.get("/api/v1/watches", summary="Saved searches, each with its Atom feed's address and delivery counts")
async def watches_json(request: Request):
    rows = await run_in_threadpool(_rows, _store(request), _base(request))
    return JSONResponse({"total": len(rows), "watches": rows})


@router.get("/api/v1/watches/{name}", summary="One saved search")
async def watch_json(request: Request, name: str):
    from ..alerts import get_watch

    w = await run_in_threadpool(get_watch, _store(request), name)
    if w is None:
        raise BadRequest(f"no watch {name!r}", status=404)
    return JSONResponse({**w.to_dict(), "feed": f"{_base(request)}/watches/{w.name}.atom"})


@router.get("/watches/{name}.atom", include_in_schema=False)
async def watch_feed(request: Request, name: str):
    from ..alerts import atom_feed, get_watch

    store = _store(request)
    w = await run_in_threadpool(get_watch, store, name)
    if w is None:
        raise BadRequest(f"no watch {name!r}", status=404)
    body = await run_in_threadpool(lambda: atom_feed(store, w, base_url=_base(request)))
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=300"}
    if etag in [t.strip() for t in (request.headers.get("if-none-match") or "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=ATOM_TYPE, headers=headers)


@router.get("/watches", include_in_schema=False)
async def watches_page(request: Request):
    rows = await run_in_threadpool(_rows, _store(request), _base(request))
    from . import env, nav_entries

    ctx = {"request": request, "nav": nav_entries(request), "path": request.url.path,
           "read_only": getattr(request.app.state, "token", None) is None, "rows": rows}
    return HTMLResponse(env.from_string(PAGE).render(ctx))
