"""The HTTP app: the JSON API under ``/api/v1`` and the HTML pages, over one store.

``create_app(store, token=None)`` builds it. Without a token the server is read-only; with
one, ``POST /api/v1/documents`` needs ``Authorization: Bearer <token>`` (or ``X-API-Token``).
"""
from __future__ import annotations

import hmac
import importlib
import json
import logging
import os
from contextlib import asynccontextmanager
from collections import OrderedDict
from typing import Any, Literal, Optional

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles

from .record import CATEGORIES, KINDS, STATUSES
from .store import SORTS, EventFilter, Store
from .store import stats
from .web.common import BadRequest, filter_params, parse_filter, parse_sort
from .web.highlight import plain_snippet, snippet

log = logging.getLogger("contractwatch.api")

API = "/api/v1"
EXTRA_ROUTERS = ("contractwatch.web.contracts", "contractwatch.web.sources", "contractwatch.web.watches")
MAX_UPLOAD = 25 * 1024 * 1024
THREADS = int(os.environ.get("CONTRACTWATCH_WEB_THREADS") or 0) or max(4, 2 * (os.cpu_count() or 2))
UPLOAD_TYPES = {"text/plain": "text", "text/html": "html", "application/xhtml+xml": "html",
                "application/pdf": "pdf"}

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
     b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
]


class SecurityHeaders:
    """Plain ASGI middleware (cheaper than BaseHTTPMiddleware) adding security headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *[(k, v) for k, v in SECURITY_HEADERS if k not in names]]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# -- response shapes (documentation only: responses are built as plain dicts) -------------------
class ValueOut(BaseModel):
    amount: float
    currency: Optional[str] = "GBP"
    basis: Literal["total", "annual"] = "total"


class EvidenceOut(BaseModel):
    field: str
    start: int = Field(description="Character offset into the document's text.")
    end: int
    text: str = Field(description="Exactly text[start:end].")


class DocRef(BaseModel):
    id: int
    title: Optional[str]
    source: Optional[str]
    published: Optional[str]
    type: str


class EventOut(BaseModel):
    id: int
    document_id: int
    kind: Literal[KINDS]  # type: ignore[valid-type]
    status: Literal[STATUSES]  # type: ignore[valid-type]
    service: Optional[str]
    categories: list[str]
    buyers: list[str]
    providers: list[str]
    bidders: list[str]
    value: Optional[ValueOut]
    term_months: Optional[int]
    extension_months: Optional[int]
    start_date: Optional[str]
    end_date: Optional[str]
    decision_date: Optional[str]
    decision_body: Optional[str]
    places: list[str]
    staff_transferred: Optional[int]
    confidence: float
    evidence: list[EvidenceOut]
    document: Optional[DocRef] = None


class EventsPage(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str
    order: Optional[str]
    next: Optional[str] = Field(description="URL of the next page, or null on the last page.")
    prev: Optional[str]
    events: list[EventOut]


class DocumentMeta(BaseModel):
    id: int
    source: Optional[str]
    title: Optional[str]
    publisher: Optional[str]
    published: Optional[str]
    type: str
    format: str
    sha256: str


class DocumentOut(DocumentMeta):
    text: str = Field(description="The text that evidence offsets index into.")
    events: list[EventOut]


class DocumentsPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: Optional[str]
    documents: list[DocumentMeta]


class Submitted(BaseModel):
    status: Literal["new", "updated", "unchanged"]
    document: DocumentOut


class SubmitJSON(BaseModel):
    text: Optional[str] = Field(None, description="Plain text of the document.")
    html: Optional[str] = Field(None, description="HTML of the document (instead of text).")
    source: Optional[str] = Field(None, description="Where the document came from (a URL names the council).")
    name: Optional[str] = Field(None, description="A file name, used to guess the format.")


class SearchHit(DocumentMeta):
    rank: float
    snippet: str
    snippet_html: str = Field(description="The snippet, HTML-escaped, hits in <mark>.")
    events: int


class SearchPage(BaseModel):
    q: str
    limit: int
    offset: int
    next: Optional[str]
    results: list[SearchHit]


class Organisation(BaseModel):
    name: str
    slug: str
    norm: str
    events: int
    roles: dict[str, int]


class OrganisationsPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: Optional[str]
    organisations: list[Organisation]


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody


ERRORS = {400: {"model": ErrorOut, "description": "Bad request: unknown parameter or value"}}
NOT_FOUND = {404: {"model": ErrorOut, "description": "Not found"}}

# -- the API -------------------------------------------------------------------------------------
api = APIRouter(prefix=API, tags=["v1"])


def _store(request: Request) -> Store:
    return request.app.state.store


def _page_url(request: Request, offset: int | None) -> str | None:
    if offset is None:
        return None
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "page")]
    from urllib.parse import urlencode

    return f"{request.url.path}?{urlencode([*items, ('offset', str(offset))])}"


KindQ = Query(None, description=f"Repeat or comma-separate: {', '.join(KINDS)}")
StatusQ = Query(None, description=f"Repeat or comma-separate: {', '.join(STATUSES)}")
CategoryQ = Query(None, description=f"Repeat or comma-separate: {', '.join(CATEGORIES)}")


@api.get("/events", response_model=None, responses={200: {"model": EventsPage}, **ERRORS},
         summary="Decision events, filtered, sorted and paged")
def list_events(request: Request,
                kind: Optional[list[str]] = KindQ, status: Optional[list[str]] = StatusQ,
                category: Optional[list[str]] = CategoryQ,
                buyer: Optional[str] = Query(None, description="Buyer name contains (loosely)"),
                provider: Optional[str] = Query(None, description="Provider name contains"),
                since: Optional[str] = Query(None, description="Decided on or after: 2024, 2024-03 or 2024-03-31"),
                until: Optional[str] = Query(None, description="Decided on or before"),
                q: Optional[str] = Query(None, description="Only events in documents matching this text"),
                document_id: Optional[int] = Query(None),
                sort: str = Query("date", description=f"One of {', '.join(SORTS)}"),
                order: Optional[Literal["asc", "desc"]] = Query(None),
                limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)):
    p = request.query_params
    f = parse_filter(p, strict=True)
    sort, desc = parse_sort(p)
    from .web.views import list_events as cached_list

    rows, total = cached_list(request, f, limit=limit, offset=offset, sort=sort, desc=desc)
    return JSONResponse({
        "total": total, "limit": limit, "offset": offset, "sort": sort,
        "order": None if desc is None else ("desc" if desc else "asc"),
        "next": _page_url(request, offset + limit if offset + limit < total else None),
        "prev": _page_url(request, max(0, offset - limit) if offset > 0 else None),
        "events": rows})


@api.get("/events/{event_id}", response_model=None, responses={200: {"model": EventOut}, **NOT_FOUND},
         summary="One event with its evidence")
def get_event(request: Request, event_id: int):
    ev = stats.event(_store(request), event_id)
    if ev is None:
        raise BadRequest(f"no event {event_id}", status=404)
    return JSONResponse(ev)


@api.get("/facets", response_model=None, responses=ERRORS,
         summary="Counts per kind, status, category, buyer and provider for a filter")
def facets(request: Request, kind: Optional[list[str]] = KindQ, status: Optional[list[str]] = StatusQ,
           category: Optional[list[str]] = CategoryQ, buyer: Optional[str] = None,
           provider: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           q: Optional[str] = None):
    f = parse_filter(request.query_params, strict=True)
    return JSONResponse(stats.facet_counts(_store(request), f))


@api.get("/documents", response_model=None, responses={200: {"model": DocumentsPage}, **ERRORS},
         summary="Stored documents (metadata), newest first")
def list_documents(request: Request, limit: int = Query(50, ge=1, le=500),
                   offset: int = Query(0, ge=0, le=10_000_000)):
    rows, total = _store(request).documents(limit=limit, offset=offset)
    return JSONResponse({"total": total, "limit": limit, "offset": offset,
                         "next": _page_url(request, offset + limit if offset + limit < total else None),
                         "documents": rows})


@api.get("/documents/{doc_id}", response_model=None, responses={200: {"model": DocumentOut}, **NOT_FOUND},
         summary="One document: metadata, text and events with evidence")
def get_document(request: Request, doc_id: int):
    doc = _store(request).document(doc_id)
    if doc is None:
        raise BadRequest(f"no document {doc_id}", status=404)
    return JSONResponse(doc)


def _check_token(request: Request) -> None:
    token = request.app.state.token
    if not token:
        raise BadRequest("this server is read-only: start it with --token or CONTRACTWATCH_TOKEN to accept "
                         "documents", status=403)
    given = request.headers.get("x-api-token")
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not given:
        raise BadRequest("a token is required: send 'Authorization: Bearer <token>'", status=401)
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise BadRequest("wrong token", status=403)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise BadRequest(f"the upload is too large: at most {limit:,} bytes", status=413)
        except ValueError:
            raise BadRequest("bad Content-Length header") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(f"the upload is too large: at most {limit:,} bytes", status=413)
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # noqa: SLF001 - lets request.form() parse what was already read
    return body


@api.post("/documents", status_code=201, response_model=None,
          responses={201: {"model": Submitted, "description": "Stored as a new document"},
                     200: {"model": Submitted, "description": "Already stored (unchanged) or replaced"},
                     401: {"model": ErrorOut, "description": "No token sent"},
                     403: {"model": ErrorOut, "description": "Wrong token, or the server is read-only"},
                     413: {"model": ErrorOut, "description": "Upload too large"},
                     415: {"model": ErrorOut, "description": "Unsupported content type"},
                     422: {"model": ErrorOut, "description": "The document could not be read"},
                     **ERRORS},
          summary="Submit a document (text, HTML or PDF) to extract and store",
          openapi_extra={"requestBody": {"required": True, "content": {
              "application/json": {"schema": SubmitJSON.model_json_schema()},
              "multipart/form-data": {"schema": {"type": "object", "properties": {
                  "file": {"type": "string", "format": "binary", "description": "A text, HTML or PDF file"},
                  "text": {"type": "string", "description": "Plain text instead of a file"},
                  "source": {"type": "string", "description": "The document's source URL"}}}},
              "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                  "text": {"type": "string"}, "source": {"type": "string"}}}},
              "text/plain": {"schema": {"type": "string"}},
              "text/html": {"schema": {"type": "string"}},
              "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}})
async def submit_document(request: Request,
                          source: Optional[str] = Query(None, description="Source URL for raw-body uploads")):
    """Send JSON (`{"text"|"html": ..., "source": ...}`), a multipart form (`file` or `text`, and
    `source`) or the raw bytes with their content type (`source` then goes in the query)."""
    _check_token(request)
    limit = request.app.state.max_upload
    body = await _read_body(request, limit)
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    name, data, content_type = "<submitted>", b"", None
    if ctype == "application/json":
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError) as e:
            raise BadRequest(f"malformed JSON: {e}") from None
        if not isinstance(payload, dict):
            raise BadRequest("the JSON body must be an object like {\"text\": \"...\", \"source\": \"...\"}")
        unknown = sorted(set(payload) - {"text", "html", "source", "name"})
        if unknown:
            raise BadRequest(f"unknown field {unknown[0]!r}; expected text or html, source, name")
        for k in ("text", "html", "source", "name"):
            if payload.get(k) is not None and not isinstance(payload[k], str):
                raise BadRequest(f"{k} must be a string")
        if bool(payload.get("text")) == bool(payload.get("html")):
            raise BadRequest("give exactly one of text or html")
        source = payload.get("source") or source
        if payload.get("html"):
            data, content_type, name = payload["html"].encode(), "text/html", "<submitted>.html"
        else:
            data, content_type, name = payload["text"].encode(), "text/plain", "<submitted>.txt"
        if payload.get("name"):
            name = "<submitted>/" + payload["name"][-200:]
    elif ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
        except Exception as e:  # noqa: BLE001 - malformed multipart bodies
            raise BadRequest(f"malformed form data: {e}") from None
        upload, text = form.get("file"), form.get("text")
        source = (form.get("source") if isinstance(form.get("source"), str) else None) or source
        if upload is not None and not isinstance(upload, str):
            data = await upload.read()
            name = "<upload>/" + (upload.filename or "document")[-200:]
            content_type = upload.content_type
        elif isinstance(text, str) and text:
            data, content_type, name = text.encode(), "text/plain", "<submitted>.txt"
        else:
            raise BadRequest("the form needs a 'file' or a 'text' field")
    elif ctype in UPLOAD_TYPES:
        data, content_type = body, ctype
        name = "<submitted>." + {"text": "txt", "html": "html", "pdf": "pdf"}[UPLOAD_TYPES[ctype]]
    else:
        raise BadRequest(f"unsupported content type {ctype or '(none)'!r}; send application/json, "
                         "multipart/form-data, application/x-www-form-urlencoded, text/plain, text/html "
                         "or application/pdf", status=415)
    if source is not None:
        source = source.strip()
        if len(source) > 2000:
            raise BadRequest("source is too long (at most 2000 characters)")
        if source and not source.lower().startswith(("http://", "https://")):
            raise BadRequest("source must be an http(s) URL")
    if not data.strip():
        raise BadRequest("the document is empty", status=422)
    store = _store(request)
    from .ingest import ingest_bytes

    outcome = await run_in_threadpool(ingest_bytes, store, data, name, source or None, content_type)
    if outcome.status == "error":
        raise BadRequest(f"could not read the document: {outcome.error}", status=422)
    doc = await run_in_threadpool(store.document, outcome.document_id)
    return JSONResponse({"status": outcome.status, "document": doc},
                        status_code=201 if outcome.status == "new" else 200,
                        headers={"Location": f"{API}/documents/{outcome.document_id}"})


@api.get("/search", response_model=None, responses={200: {"model": SearchPage}, **ERRORS},
         summary="Full-text search over documents")
def search(request: Request, q: str = Query(..., min_length=1, max_length=500),
           limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=100_000)):
    from .web.views import cached

    store = _store(request)
    hits = cached(request, ("search", q, limit + 1, offset),
                  lambda: stats.search(store, q, limit=limit + 1, offset=offset))
    more = len(hits) > limit
    results = [{**h, "snippet": plain_snippet(h["snippet"]), "snippet_html": str(snippet(h["snippet"]))}
               for h in hits[:limit]]
    return JSONResponse({"q": q, "limit": limit, "offset": offset,
                         "next": _page_url(request, offset + limit if more else None), "results": results})


@api.get("/organisations", response_model=None, responses={200: {"model": OrganisationsPage}, **ERRORS},
         summary="Organisations named as buyers, providers or bidders, most decisions first")
def list_organisations(request: Request, role: Optional[Literal["buyer", "provider", "bidder"]] = None,
                       q: Optional[str] = Query(None, max_length=200, description="Name contains"),
                       limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)):
    rows, total = stats.organisations(_store(request), role=role, q=q, limit=limit, offset=offset)
    for r in rows:
        r["url"] = f"{API}/organisations/{r['slug']}"
    return JSONResponse({"total": total, "limit": limit, "offset": offset,
                         "next": _page_url(request, offset + limit if offset + limit < total else None),
                         "organisations": rows})


@api.get("/organisations/{slug}", response_model=None, responses=NOT_FOUND,
         summary="One organisation: its roles, and as buyer or provider its decisions and counterparts")
def get_organisation(request: Request, slug: str, limit: int = Query(50, ge=1, le=500)):
    store = _store(request)
    norm = stats.unslug(slug)
    org = stats.organisation(store, norm) if norm else None
    if org is None:
        raise BadRequest(f"no organisation {slug!r}", status=404)
    out: dict[str, Any] = {**org}
    if "buyer" in org["roles"]:
        prof = stats.buyer_profile(store, norm)
        rows, total = stats.org_events(store, "buyer", norm, limit=limit)
        out["as_buyer"] = {**prof, "timeline": [{"year": y, "kinds": k} for y, k in prof["timeline"]],
                           "total": total, "events": rows}
    if "provider" in org["roles"] or "bidder" in org["roles"]:
        prof = stats.provider_profile(store, norm, per_group=limit)
        out["as_provider"] = {**prof, "timeline": [{"year": y, "kinds": k} for y, k in prof["timeline"]]}
    return JSONResponse(out)


@api.get("/stats", response_model=None, summary="Totals and the overview charts' numbers")
def get_stats(request: Request):
    from .web.views import cached

    store = _store(request)

    def build():
        return {"summary": stats.summary(store),
                "by_quarter": [{"quarter": q, "kinds": k} for q, k in stats.by_quarter(store)],
                "insource_outsource_by_year": [{"year": y, **k} for y, k in stats.by_year(store)],
                "value_by_category": stats.value_by_category(store)}

    return JSONResponse(cached(request, ("api-stats",), build))


@api.get("", include_in_schema=False)
@api.get("/", include_in_schema=False)
def api_index():
    return JSONResponse({"version": "v1", "openapi": f"{API}/openapi.json", "docs": f"{API}/docs",
                         "endpoints": [f"{API}/events", f"{API}/documents", f"{API}/organisations",
                                       f"{API}/search", f"{API}/facets", f"{API}/stats"]})


@api.get("/docs", include_in_schema=False)
def api_docs(request: Request):
    from .web import render

    spec = request.app.openapi()
    ops = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description") or "",
                       "type": _schema_type(p.get("schema") or {})} for p in op.get("parameters", [])]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary") or "",
                        "description": op.get("description") or "", "params": params,
                        "responses": {code: r.get("description", "") for code, r in op.get("responses", {}).items()},
                        "body": list((op.get("requestBody") or {}).get("content", {}))})
    return render(request, "api_docs.html", {"ops": ops, "spec": spec})


def _schema_type(s: dict) -> str:
    if "anyOf" in s:
        return " or ".join(_schema_type(x) for x in s["anyOf"] if x.get("type") != "null")
    if s.get("type") == "array":
        return f"list of {_schema_type(s.get('items') or {})}"
    if "enum" in s:
        return " | ".join(map(str, s["enum"]))
    return s.get("type", "")


# -- errors --------------------------------------------------------------------------------------
def _error(request: Request, status: int, message: str, **extra) -> Response:
    if request.url.path.startswith(API) and not request.url.path.startswith(f"{API}/docs"):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status,
                            headers=headers)
    from .web import render

    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _validation_message(exc: RequestValidationError) -> tuple[str, list]:
    errs = exc.errors()
    details = []
    for e in errs:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        details.append({"param": ".".join(loc), "message": e.get("msg", "")})
    first = details[0] if details else {"param": "", "message": "invalid request"}
    return f"bad value for {first['param'] or 'the request'}: {first['message']}", details


def create_app(store: Store, token: str | None = None, *, max_upload: int = MAX_UPLOAD,
               cache: bool = True) -> FastAPI:
    """The app serving the JSON API (``/api/v1``) and the web UI from ``store``.

    ``cache`` keeps derived views (facets, charts, page ids and totals) per store version."""
    from .web import STATIC
    from .web import views

    @asynccontextmanager
    async def lifespan(_app):
        # Requests run in threads; on a few cores a small pool beats 40 threads fighting for
        # the GIL (measured: fewer CPU ms per request and lower tail latency under load).
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        yield

    app = FastAPI(title="contractwatch", version="1", lifespan=lifespan,
                  description="Decisions about UK public-service contracts (tender, award, extend, end, "
                              "insource, outsource), each with evidence spans in the document text.",
                  openapi_url=f"{API}/openapi.json", docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.token = token or None
    app.state.max_upload = max_upload
    app.state.cache = OrderedDict()
    app.state.cache_enabled = cache
    app.state.nav = []

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        return _error(request, exc.status, exc.message, **({k: v for k, v in exc.details.items() if v}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        message, details = _validation_message(exc)
        return _error(request, 400, message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = {404: f"nothing at {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
            exc.status_code, str(exc.detail))
        return _error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal error: the server could not answer this request")

    def openapi() -> dict:
        """FastAPI's description, with its stock 422 replaced by the 400 this app really sends."""
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for methods in spec.get("paths", {}).values():
            for op in methods.values():
                responses = op.get("responses", {})
                if responses.get("422", {}).get("description") == "Validation Error":
                    del responses["422"]
                    responses.setdefault("400", {"description": "Bad request: a parameter is missing or invalid",
                                                 **error_ref})
        schemas = spec.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi
    app.include_router(api)
    app.include_router(views.router)
    for modname in EXTRA_ROUTERS:
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as e:
            if e.name != modname:
                raise
            continue
        app.include_router(mod.router)
        app.state.nav.extend(getattr(mod, "NAV", []))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` worker processes: the store and token come from the environment."""
    return create_app(Store(os.environ.get("CONTRACTWATCH_DB")), token=os.environ.get("CONTRACTWATCH_TOKEN") or None,
                      cache=os.environ.get("CONTRACTWATCH_WEB_CACHE", "1") != "0")


__all__ = ["create_app", "app_from_env", "EXTRA_ROUTERS", "API", "filter_params", "EventFilter"]
