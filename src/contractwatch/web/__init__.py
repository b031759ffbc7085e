"""The web UI: server-rendered pages over the store, sharing one Jinja2 environment.

Extra page modules (``contractwatch.web.contracts``, ``contractwatch.web.sources``) are
loaded by :func:`contractwatch.api.create_app` when present. Such a module exposes
``router`` (a FastAPI ``APIRouter``) and may expose ``NAV``, a list of ``(label, href)``
pairs or ``{"label", "href"}`` dicts for the navigation bar. Its views read the store from
``request.app.state.store`` and render with :func:`render`, whose templates live in
``web/templates/`` and extend ``base.html`` (blocks ``title`` and ``content``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..record import CATEGORIES, KINDS, STATUSES
from ..store import norm_name
from . import charts
from .common import fmt_term, fmt_value
from .highlight import field_label

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

NAV = [("Overview", "/"), ("Decisions", "/decisions"), ("Documents", "/documents"),
       ("Organisations", "/organisations"), ("API", "/api/v1/docs")]

env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)


def org_url(role: str, name: str) -> str:
    slug = norm_name(name or "").replace(" ", "-")
    return f"/{'buyers' if role == 'buyer' else 'providers'}/{slug}" if slug else "#"


def qs(pairs, **changes) -> str:
    """A query string from (name, value) pairs with some names replaced (None drops them)."""
    items = [(k, v) for k, v in (pairs.items() if isinstance(pairs, dict) else pairs)
             if k not in changes and v not in (None, "")]
    for k, v in changes.items():
        if v is None or v == "":
            continue
        items += [(k, x) for x in v] if isinstance(v, (list, tuple)) else [(k, v)]
    return ("?" + urlencode(items)) if items else ""


def safe_url(url: str | None) -> str | None:
    """Only http(s) sources become links."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def category_label(c: str) -> str:
    return c.replace("_", " ")


def number(n: Any) -> str:
    return f"{n:,}" if isinstance(n, int) else str(n)


env.globals.update(KINDS=KINDS, STATUSES=STATUSES, CATEGORIES=CATEGORIES, org_url=org_url, qs=qs,
                   safe_url=safe_url, KIND_COLOURS=charts.KIND_COLOURS)
env.filters.update(money=fmt_value, term=fmt_term, category=category_label, number=number,
                   field_label=field_label, amount=charts.money)


def nav_entries(request: Request) -> list[dict[str, str]]:
    extra = getattr(request.app.state, "nav", [])
    out = []
    for item in [*NAV[:-1], *extra, NAV[-1]]:
        label, href = (item["label"], item["href"]) if isinstance(item, dict) else item
        out.append({"label": label, "href": href})
    return out


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    ctx = {"request": request, "nav": nav_entries(request), "path": request.url.path,
           "read_only": getattr(request.app.state, "token", None) is None, **(context or {})}
    html = env.get_template(name).render(ctx)
    return HTMLResponse(html, status_code=status, headers=headers)


__all__ = ["render", "env", "NAV", "org_url", "qs", "Markup"]
