"""Saved searches ("watches"): an Atom feed each, and webhook POSTs for new matching events.

A watch is a name and a filter: the event filter of ``contractwatch events`` (kind, status,
category, buyer, provider, since, until, q) plus ``region``, read from the gazetteer's region
column for the event's buyers (a council's ONS region or an NHS body's NHS region; when no
buyer is named, the council whose web site the document is on).

**Feed.** :func:`atom_feed` renders the newest matching events (newest found first) as Atom
1.0: stable ``urn:uuid`` ids (from the document key, ordinal and kind, so a re-ingested page
keeps its entries' ids), ``updated`` = when the document was stored or last changed,
``published`` = the decision date, XML-escaped text with characters XML cannot carry removed.

**Webhooks.** :func:`run` POSTs each new matching event as JSON to the watch's URL:

* *at most once per (watch, event)*: a ``deliveries`` row is claimed (inserted under a unique
  constraint, or moved from ``retry`` to ``sending`` by a conditional UPDATE) and committed
  *before* the request is sent, and an event with a row is never claimed again;
* *retried on failure*: connection errors and 408/425/429/5xx answers (and redirects, 401,
  403, 404, 405, 410: a misconfigured endpoint) are retried with exponential backoff, a few
  times within the run and then on later runs, until ``max_attempts``; 400/413/415/422 (the
  receiver refuses this payload) fail at once;
* a request that may have reached the receiver with no answer (read timeout, connection cut
  after sending) is marked ``unknown`` and **not** resent by itself, since that could deliver
  twice; :func:`requeue` (``watch retry``) resends it when a person decides to;
* with a secret, ``X-Contractwatch-Signature-256: sha256=<hex HMAC-SHA256 of the body>``
  (the body carries ``sent_at``, so a receiver can refuse replays);
* ``X-Contractwatch-Delivery`` is the delivery's id, the same on every retry (for receivers
  that want to deduplicate);
* every attempt is logged on the row (``history``): time, HTTP status, error, milliseconds.

A new watch with a webhook starts from "now": the events that match when it is made are
recorded as ``baseline`` and never sent (``backfill=True`` sends them too).

Events are identified by their document key, ordinal and kind (see ``store/alertmodels.py``),
so re-ingesting an unchanged or lightly edited page does not alert again.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import time
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .store import EventFilter, event_dict
from .store import models as m
from .store.alertmodels import Delivery, Watch

ATOM = "http://www.w3.org/2005/Atom"
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
FEED_LIMIT = 50
MAX_ATTEMPTS = 8            # in all, across runs, before a delivery is given up
ATTEMPTS_PER_RUN = 3        # tries within one run before waiting for the next run
BACKOFF = 1.0               # seconds before the 2nd try in a run; doubles each try
RETRY_DELAY = 60.0          # seconds before the first retry on a later run; doubles each time
RETRY_DELAY_MAX = 6 * 3600.0
TIMEOUT = 10.0
HISTORY_KEEP = 20
PERMANENT_STATUSES = frozenset({400, 413, 415, 422})
SIGNATURE_HEADER = "X-Contractwatch-Signature-256"
USER_AGENT = "contractwatch-webhook/1"


class WatchError(ValueError):
    pass


# -- regions ------------------------------------------------------------------------------------
# NHS England regions that are unions of ONS regions: a watch on the NHS region also matches
# councils in its parts (a watch on "West Midlands" does not match a body in NHS "Midlands").
NHS_REGION_PARTS = {
    "midlands": {"east midlands", "west midlands"},
    "north east and yorkshire": {"north east", "yorkshire and the humber"},
}


def norm_region(r: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (r or "").lower().replace("&", " and ")))


def known_regions() -> list[str]:
    """Every region the reference tables use (councils' ONS regions, NHS regions)."""
    g = _gazetteer()
    return sorted({c.region for c in g.councils if c.region} | {b.region for b in g.nhs_bodies if b.region})


def region_matches(wanted: Iterable[str], regions: Iterable[str]) -> bool:
    have = {norm_region(r) for r in regions if r}
    for w in wanted:
        n = norm_region(w)
        if n in have or have & NHS_REGION_PARTS.get(n, set()):
            return True
    return False


def _gazetteer():
    from .reference import current_gazetteer

    return current_gazetteer()


def _on(d: str | None) -> str | None:
    """A (partial) ISO date as a full one for the gazetteer's date-aware lookups."""
    if not d:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
        return d
    if re.fullmatch(r"\d{4}-\d{2}", d):
        return d + "-15"
    if re.fullmatch(r"\d{4}", d):
        return d + "-06-30"
    return None


class RegionIndex:
    """Regions of events' buyers, memoised per (name, date)."""

    def __init__(self):
        self.g = _gazetteer()
        self._memo: dict[tuple, str | None] = {}

    def of_name(self, name: str, on: str | None) -> str | None:
        key = ("n", name, on)
        if key not in self._memo:
            region = None
            try:
                body = self.g.find_council(name, on) or self.g.find_nhs_body(name, on)
            except ValueError:
                body = None
            if body is not None:
                region = body.region or None
            self._memo[key] = region
        return self._memo[key]

    def of_host(self, source: str | None, publisher: str | None, on: str | None) -> str | None:
        key = ("h", source, publisher, on)
        if key not in self._memo:
            body = None
            try:
                if source:
                    body = self.g.council_for_host(source, on)
                if body is None and publisher:
                    body = self.g.find_council(publisher, on) or self.g.find_nhs_body(publisher, on)
            except ValueError:
                body = None
            self._memo[key] = (body.region or None) if body is not None else None
        return self._memo[key]

    def event_regions(self, buyers: list[str] | None, event_date: str | None, source: str | None = None,
                      publisher: str | None = None) -> set[str]:
        on = _on(event_date)
        out = {r for r in (self.of_name(b, on) for b in buyers or []) if r}
        if not out:
            r = self.of_host(source, publisher, on)
            if r:
                out.add(r)
        return out


# -- filters ------------------------------------------------------------------------------------
@dataclass
class WatchFilter(EventFilter):
    """What a watch matches: the event filter plus regions."""

    region: list[str] = field(default_factory=list)

    def event_filter(self) -> EventFilter:
        return EventFilter(**{f.name: (list(v) if isinstance(v := getattr(self, f.name), list) else v)
                              for f in fields(EventFilter)})

    def validate(self) -> None:
        super().validate()
        if self.region:
            known = {norm_region(r): r for r in known_regions()}
            for r in self.region:
                if norm_region(r) not in known:
                    raise WatchError(f"unknown region {r!r}; expected one of: {', '.join(sorted(known.values()))}")

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], "")}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "WatchFilter":
        d = d or {}
        lists = ("kind", "status", "category", "region")
        return cls(**{k: (list(d[k]) if k in lists else d[k])
                      for k in cls.__dataclass_fields__ if k in d and d[k] is not None})

    def describe(self) -> str:
        parts = [f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in self.to_dict().items()]
        return " ".join(parts) or "(every event)"


# -- matching -----------------------------------------------------------------------------------
def event_ref(doc_key: str, ordinal: int) -> str:
    return f"{doc_key}#{ordinal}"


def event_key(doc_key: str, ordinal: int, kind: str) -> str:
    """What identifies an event across re-ingests: its document, position and kind (hashed)."""
    return hashlib.sha1(f"{event_ref(doc_key, ordinal)}:{kind}".encode()).hexdigest()


@dataclass
class Match:
    id: int
    key: str
    ref: str
    kind: str
    date: str | None


def matching(store, wf: WatchFilter, *, order: str = "date", limit: int | None = None,
             regions: RegionIndex | None = None) -> list[Match]:
    """The events a filter matches, light: newest first by decision date (``order="date"``), by
    when their document was stored or changed (``"found"``), or oldest first (``"oldest"``)."""
    ef = wf.event_filter()
    E, D = m.Event, m.Document
    q = store._filtered(ef).with_only_columns(E.id, E.kind, E.ordinal, E.event_date, E.buyers, D.key, D.source,
                                              D.publisher)
    if order == "found":
        q = q.order_by(D.updated_at.desc(), E.id.desc())
    elif order == "oldest":
        q = q.order_by(E.event_date.asc().nulls_last(), E.id.asc())
    else:
        q = q.order_by(E.event_date.desc().nulls_last(), E.id.desc())
    if limit is not None and not wf.region:
        q = q.limit(limit)
    out: list[Match] = []
    idx = regions or (RegionIndex() if wf.region else None)
    with store.Session() as s:
        for r in s.execute(q):
            if wf.region and not region_matches(wf.region, idx.event_regions(r.buyers, r.event_date, r.source,
                                                                             r.publisher)):
                continue
            out.append(Match(r.id, event_key(r.key, r.ordinal, r.kind), event_ref(r.key, r.ordinal), r.kind,
                             r.event_date))
            if limit is not None and len(out) >= limit:
                break
    return out


# what event_dict and the feed read of a document (not its text)
_DOC_COLUMNS = (m.Document.id, m.Document.key, m.Document.title, m.Document.source, m.Document.published,
                m.Document.type, m.Document.created_at, m.Document.updated_at)


def event_dicts(store, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Full event dicts (the API's shape) by id, with ``_updated`` (when the document was
    stored or last changed) and ``_key``/``_ref`` for internal use."""
    ids = list(ids)
    out: dict[int, dict[str, Any]] = {}
    with store.Session() as s:
        for i in range(0, len(ids), 500):
            rows = s.scalars(select(m.Event).where(m.Event.id.in_(ids[i:i + 500])).options(
                selectinload(m.Event.evidence), selectinload(m.Event.document).load_only(*_DOC_COLUMNS))).all()
            for e in rows:
                d = event_dict(e)
                d["_updated"] = _utc(e.document.updated_at or e.document.created_at)
                d["_key"] = event_key(e.document.key, e.ordinal, e.kind)
                d["_ref"] = event_ref(e.document.key, e.ordinal)
                d["_date"] = e.event_date
                out[e.id] = d
    return out


def public_event(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not k.startswith("_")}


# -- watches ------------------------------------------------------------------------------------
@dataclass
class WatchInfo:
    id: int
    name: str
    filters: WatchFilter
    webhook_url: str | None
    secret: str | None
    created_at: datetime | None
    last_run_at: datetime | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def webhook_display(self) -> str | None:
        return mask_url(self.webhook_url)

    def to_dict(self, *, secrets: bool = False) -> dict[str, Any]:
        d = {"name": self.name, "filters": self.filters.to_dict(), "description": self.filters.describe(),
             "webhook": (self.webhook_url if secrets else self.webhook_display), "signed": bool(self.secret),
             "created_at": _iso(self.created_at), "last_run_at": _iso(self.last_run_at),
             "deliveries": {k: v for k, v in sorted(self.counts.items()) if k != "baseline"}}
        if secrets:
            d["secret"] = self.secret
        return d


def mask_url(url: str | None) -> str | None:
    """A webhook URL without its path and query (which often hold a token)."""
    if not url:
        return None
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc.rsplit('@', 1)[-1]}/…" if p.path.strip("/") or p.query else \
        f"{p.scheme}://{p.netloc.rsplit('@', 1)[-1]}/"


def _info(w: Watch, counts: dict[str, int] | None = None) -> WatchInfo:
    return WatchInfo(w.id, w.name, WatchFilter.from_dict(w.filters), w.webhook_url, w.secret,
                     _utc(w.created_at), _utc(w.last_run_at), counts or {})


def check_name(name: str) -> str:
    if not NAME_RE.fullmatch(name or ""):
        raise WatchError(f"a watch name is 1-100 letters, digits, '.', '_' or '-' (starting with a letter or digit), "
                         f"not {name!r}")
    return name


def check_webhook(url: str) -> str:
    p = urlsplit(url)
    if p.scheme not in ("http", "https") or not p.hostname:
        raise WatchError(f"the webhook must be an http(s) URL, not {url!r}")
    if len(url) > 2000:
        raise WatchError("the webhook URL is too long (at most 2000 characters)")
    return url


def add_watch(store, name: str, filters: WatchFilter, *, webhook: str | None = None, secret: str | None = None,
              backfill: bool = False, now: datetime | None = None) -> WatchInfo:
    """Save a search. With a webhook, the events it matches now are a baseline (not sent)
    unless ``backfill``."""
    check_name(name)
    filters.validate()
    if webhook:
        check_webhook(webhook)
    elif secret:
        raise WatchError("--secret signs webhook requests: give --webhook too")
    if secret is not None and not secret.strip():
        raise WatchError("the secret is empty")
    now = now or _now()
    # the baseline is read first and written with the watch, in one transaction: no run can see
    # the watch without it (events stored meanwhile are new, and will be sent)
    baseline = _dedupe(matching(store, filters)) if webhook and not backfill else []
    with store.Session.begin() as s:
        if s.scalar(select(Watch.id).where(Watch.name == name)) is not None:
            raise WatchError(f"there is already a watch called {name!r} (remove it first)")
        w = Watch(name=name, filters=filters.to_dict(), webhook_url=webhook or None, secret=secret or None,
                  created_at=now, updated_at=now)
        s.add(w)
        s.flush()
        rows = [{"watch_id": w.id, "event_key": x.key, "event_ref": x.ref[:2100], "event_kind": x.kind,
                 "event_id": x.id, "status": "baseline", "attempts": 0, "history": [], "created_at": now}
                for x in baseline]
        for i in range(0, len(rows), 2000):
            s.execute(insert(Delivery.__table__), rows[i:i + 2000])
    return get_watch(store, name)  # type: ignore[return-value]


def _dedupe(matches: list[Match]) -> list[Match]:
    seen, out = set(), []
    for x in matches:
        if x.key not in seen:
            seen.add(x.key)
            out.append(x)
    return out


def get_watch(store, name: str) -> WatchInfo | None:
    with store.Session() as s:
        w = s.scalar(select(Watch).where(Watch.name == name))
        if w is None:
            return None
        counts = dict(s.execute(select(Delivery.status, func.count()).where(Delivery.watch_id == w.id)
                                .group_by(Delivery.status)).all())
        return _info(w, counts)


def list_watches(store) -> list[WatchInfo]:
    with store.Session() as s:
        rows = s.scalars(select(Watch).order_by(Watch.name)).all()
        counts: dict[int, dict[str, int]] = {}
        for wid, status, n in s.execute(select(Delivery.watch_id, Delivery.status, func.count())
                                        .group_by(Delivery.watch_id, Delivery.status)):
            counts.setdefault(wid, {})[status] = n
        return [_info(w, counts.get(w.id)) for w in rows]


def remove_watch(store, name: str) -> bool:
    with store.Session.begin() as s:
        w = s.scalar(select(Watch).where(Watch.name == name))
        if w is None:
            return False
        s.execute(delete(Delivery).where(Delivery.watch_id == w.id))
        s.delete(w)
        return True


# -- Atom ---------------------------------------------------------------------------------------
_XML_BAD = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(s: Any) -> str:
    """Text XML 1.0 can carry: control characters and lone surrogates removed."""
    return _XML_BAD.sub("", "" if s is None else str(s))


def _uuid_urn(kind: str, value: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"contractwatch:{kind}:{value}"))


def _rfc3339(dt: datetime) -> str:
    return _utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")


def _money(v: dict | None) -> str:
    if not v or v.get("amount") is None:
        return ""
    a = float(v["amount"])
    cur = {"GBP": "£", "EUR": "€", "USD": "$"}.get(v.get("currency") or "GBP", (v.get("currency") or "") + " ")
    s = (f"{cur}{a / 1e9:.2f}bn" if a >= 1e9 else f"{cur}{a / 1e6:.1f}m" if a >= 1e6
         else f"{cur}{a / 1e3:.0f}k" if a >= 1e3 else f"{cur}{a:,.0f}")
    return s + (" a year" if v.get("basis") == "annual" else "")


def entry_title(ev: dict[str, Any]) -> str:
    what = f"{ev['kind'].capitalize()} {ev['status']}"
    service = ev.get("service") or ", ".join(c.replace("_", " ") for c in ev.get("categories") or []) or "a contract"
    t = f"{what}: {service}"
    if ev.get("buyers"):
        t += " — " + ", ".join(ev["buyers"])
    if ev.get("providers"):
        t += " → " + ", ".join(ev["providers"])
    return t


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def entry_html(ev: dict[str, Any], doc_url: str | None) -> str:
    """The entry's content: an HTML fragment, every piece of text escaped."""
    e = html.escape
    rows = [("Decision", f"{ev['kind']} ({ev['status']})"), ("Service", ev.get("service")),
            ("Categories", ", ".join(c.replace("_", " ") for c in ev.get("categories") or [])),
            ("Buyers", "; ".join(ev.get("buyers") or [])), ("Providers", "; ".join(ev.get("providers") or [])),
            ("Other bidders", "; ".join(ev.get("bidders") or [])), ("Value", _money(ev.get("value"))),
            ("Term", (f"{ev['term_months']} months" if ev.get("term_months") else "")
             + (f" + {ev['extension_months']} months optional" if ev.get("extension_months") else "")),
            ("Starts", ev.get("start_date")), ("Ends", ev.get("end_date")),
            ("Decided", ev.get("decision_date")), ("By", ev.get("decision_body")),
            ("Places", "; ".join(ev.get("places") or []))]
    parts = ["<table>"]
    parts += [f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in rows if v]
    parts.append("</table>")
    quote = next((x["text"] for x in ev.get("evidence") or [] if x.get("field") == "kind"), None)
    if quote:
        parts.append(f"<blockquote>{e(quote)}</blockquote>")
    doc = ev.get("document") or {}
    title = doc.get("title") or doc.get("source") or "the document"
    src = _safe_url(doc.get("source"))
    if doc_url:
        parts.append(f'<p>From <a href="{e(doc_url)}">{e(title)}</a>'
                     + (f' (<a href="{e(src)}">original</a>)' if src else "") + "</p>")
    elif src:
        parts.append(f'<p>From <a href="{e(src)}">{e(title)}</a></p>')
    return "".join(parts)


def atom_feed(store, watch: WatchInfo, *, base_url: str | None = None, limit: int = FEED_LIMIT,
              now: datetime | None = None) -> bytes:
    """The watch's Atom 1.0 feed: its newest matching events, newest found first."""
    base = (base_url or "").rstrip("/")
    found = matching(store, watch.filters, order="found", limit=limit)
    evs = event_dicts(store, [x.id for x in found])
    entries = [evs[x.id] for x in found if x.id in evs]
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            el.text = xml_text(text)
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", _uuid_urn("watch", f"{watch.name}/{watch.id}"))
    sub(feed, "title", f"contractwatch: {watch.name}", type="text")
    sub(feed, "subtitle", f"Decisions about public-service contracts matching {watch.filters.describe()}", type="text")
    updated = max([ev["_updated"] for ev in entries] + [watch.created_at or now or _now()])
    sub(feed, "updated", _rfc3339(updated))
    if base:
        sub(feed, "link", rel="self", href=f"{base}/watches/{watch.name}.atom", type="application/atom+xml")
        sub(feed, "link", rel="alternate", href=f"{base}/decisions" + _query(watch.filters), type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "contractwatch")
    sub(feed, "generator", "contractwatch")
    for ev in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", _uuid_urn("event", ev["_key"]))
        sub(entry, "title", entry_title(ev), type="text")
        sub(entry, "updated", _rfc3339(ev["_updated"]))
        pub = _date_rfc3339(ev.get("decision_date") or ev.get("_date"))
        if pub:
            sub(entry, "published", pub)
        doc = ev.get("document") or {}
        doc_url = f"{base}/documents/{doc['id']}" if base and doc.get("id") is not None else None
        link = doc_url or _safe_url(doc.get("source"))
        if link:
            sub(entry, "link", rel="alternate", href=link, type="text/html")
        if doc_url and _safe_url(doc.get("source")):
            sub(entry, "link", rel="related", href=doc["source"])
        sub(entry, "category", term=ev["kind"], label=f"{ev['kind']} ({ev['status']})",
            scheme="https://contractwatch.invalid/kinds")
        for c in ev.get("categories") or []:
            sub(entry, "category", term=c, label=c.replace("_", " "), scheme="https://contractwatch.invalid/categories")
        sub(entry, "content", entry_html(ev, doc_url), type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _query(wf: WatchFilter) -> str:
    from urllib.parse import urlencode

    pairs = [(k, v) for k in ("kind", "status", "category") for v in getattr(wf, k)]
    pairs += [(k, getattr(wf, k)) for k in ("buyer", "provider", "since", "until", "q") if getattr(wf, k)]
    return ("?" + urlencode(pairs)) if pairs else ""


def _date_rfc3339(d: str | None) -> str | None:
    if d and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
        return f"{d}T00:00:00Z"
    return None


# -- webhooks -----------------------------------------------------------------------------------
def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """For receivers: does ``header`` sign ``body`` with ``secret``? (constant-time)"""
    return bool(header) and hmac.compare_digest(sign(secret, body), header.strip())


@dataclass
class RunReport:
    watch: str
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    unknown: int = 0
    pending: int = 0        # new events not tried this run (the endpoint was failing)
    skipped: str | None = None  # why the watch was not run
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Outcome:
    kind: str  # ok | retry | permanent | unknown
    http_status: int | None = None
    error: str | None = None
    retry_after: float | None = None


def _attempt(client, url: str, body: bytes, headers: dict[str, str]) -> _Outcome:
    import httpx

    try:
        r = client.post(url, content=body, headers=headers)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError,
            httpx.WriteTimeout) as e:
        return _Outcome("retry", None, f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
    except (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError) as e:
        # the request may have been received and acted on: never resent automatically
        return _Outcome("unknown", None, f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
    except httpx.HTTPError as e:
        return _Outcome("permanent", None, f"{type(e).__name__}: {e}")
    code = r.status_code
    if 200 <= code < 300:
        return _Outcome("ok", code)
    text = (r.text or "")[:200].strip()
    err = f"HTTP {code}" + (f": {text}" if text else "")
    if 300 <= code < 400:
        err = f"HTTP {code}: redirects are not followed (to {r.headers.get('location', '?')}); update the webhook URL"
    if code in PERMANENT_STATUSES:
        return _Outcome("permanent", code, err)
    retry_after = None
    ra = r.headers.get("retry-after")
    if ra and ra.strip().isdigit():
        retry_after = float(ra.strip())
    return _Outcome("retry", code, err, retry_after)


def payload(watch: WatchInfo, delivery_id: int, ev: dict[str, Any], attempt: int, *,
            contract_id: str | None = None, base_url: str | None = None, now: datetime | None = None) -> dict:
    out = {"type": "contractwatch.event", "watch": watch.name, "delivery": delivery_id, "attempt": attempt,
           "sent_at": _rfc3339(now or _now()), "event_key": ev["_key"], "contract_id": contract_id,
           "event": public_event(ev)}
    if base_url:
        base = base_url.rstrip("/")
        out["links"] = {"document": f"{base}/documents/{ev['document_id']}",
                        "feed": f"{base}/watches/{watch.name}.atom"}
    return out


def _current_event(store, ref: str, kind: str) -> int | None:
    """The event row now holding (document key, ordinal, kind), after a re-ingest."""
    key, _, n = ref.rpartition("#")
    with store.Session() as s:
        return s.scalar(select(m.Event.id).join(m.Document).where(
            m.Document.key == key, m.Event.ordinal == int(n), m.Event.kind == kind))


def run(store, name: str | None = None, *, client=None, now: Callable[[], datetime] | None = None,
        max_attempts: int = MAX_ATTEMPTS, attempts_per_run: int = ATTEMPTS_PER_RUN, backoff: float = BACKOFF,
        retry_delay: float = RETRY_DELAY, sleep: Callable[[float], None] = time.sleep, timeout: float = TIMEOUT,
        base_url: str | None = None, limit: int | None = None) -> list[RunReport]:
    """Deliver pending events of one watch (or of every watch with a webhook)."""
    import httpx

    clock = now or _now
    if name is not None:
        w = get_watch(store, name)
        if w is None:
            raise WatchError(f"no watch called {name!r}")
        watches = [w]
    else:
        watches = list_watches(store)
    own = client is None
    if own:
        # no keep-alive: a connection the server closed while idle cannot make a sent request ambiguous
        client = httpx.Client(timeout=timeout, follow_redirects=False,
                              limits=httpx.Limits(max_keepalive_connections=0),
                              headers={"User-Agent": USER_AGENT})
    try:
        return [_run_one(store, w, client, clock, max_attempts, attempts_per_run, backoff, retry_delay, sleep,
                         base_url, limit) for w in watches]
    finally:
        if own:
            client.close()


def _run_one(store, w: WatchInfo, client, clock, max_attempts, attempts_per_run, backoff, retry_delay, sleep,
             base_url, limit) -> RunReport:
    from .link import contract_of_event

    rep = RunReport(w.name)
    if not w.webhook_url:
        rep.skipped = "no webhook (feed only)"
        return rep
    start = clock()
    D = Delivery.__table__
    # 1. retries that are due, oldest first; 2. new matching events, oldest first
    with store.engine.connect() as c:
        due = c.execute(select(D.c.id, D.c.event_ref, D.c.event_kind, D.c.event_id, D.c.event_key,
                               D.c.next_attempt_at)
                        .where(D.c.watch_id == w.id, D.c.status == "retry")
                        .order_by(D.c.id)).all()
        have = {k for (k,) in c.execute(select(D.c.event_key).where(D.c.watch_id == w.id))}
    waiting = [r for r in due if r.next_attempt_at is not None and _utc(r.next_attempt_at) > start]
    due = [r for r in due if r.next_attempt_at is None or _utc(r.next_attempt_at) <= start]
    new = [x for x in _dedupe(matching(store, w.filters, order="oldest")) if x.key not in have]
    if waiting:
        # the endpoint failed lately and a retry is not due yet: keep new events behind it, in order
        rep.pending = len(new)
        new = []
    jobs: list[tuple[str, Any]] = [("retry", r) for r in due] + [("new", x) for x in new]
    if limit is not None:
        jobs = jobs[:limit]
    for i, (what, item) in enumerate(jobs):
        if what == "new":
            ev_id = item.id
            try:
                with store.Session.begin() as s:
                    d = Delivery(watch_id=w.id, event_key=item.key, event_ref=item.ref[:2100], event_kind=item.kind,
                                 event_id=item.id, status="sending", attempts=0, history=[], created_at=clock())
                    s.add(d)
                    s.flush()
                    did = d.id
            except IntegrityError:
                continue  # claimed by a concurrent run
            prior = 0
        else:
            with store.engine.begin() as c:
                claimed = c.execute(update(D).where(D.c.id == item.id, D.c.status == "retry")
                                    .values(status="sending")).rowcount
            if claimed != 1:
                continue
            did = item.id
            ev_id = _current_event(store, item.event_ref, item.event_kind)
            with store.engine.connect() as c:
                prior = c.execute(select(D.c.attempts).where(D.c.id == did)).scalar() or 0
            if ev_id is None:
                _finish(store, did, "failed", error="the event is no longer in the store (its document changed)")
                rep.failed += 1
                continue
        ev = event_dicts(store, [ev_id]).get(ev_id)
        if ev is None:  # re-ingested since it was matched: the row holding it now
            ev_id = _current_event(store, item.ref if what == "new" else item.event_ref,
                                   item.kind if what == "new" else item.event_kind)
            ev = event_dicts(store, [ev_id]).get(ev_id) if ev_id is not None else None
        if ev is None:
            _finish(store, did, "failed", error="the event is no longer in the store")
            rep.failed += 1
            continue
        contract_id = None
        try:
            contract_id = contract_of_event(store, ev_id)
        except Exception:  # noqa: BLE001 - contracts are optional context
            contract_id = None
        stop = False
        tries = 0
        attempts = prior
        while True:
            tries += 1
            attempts += 1
            at = clock()
            body = json.dumps(payload(w, did, ev, attempts, contract_id=contract_id, base_url=base_url, now=at),
                              ensure_ascii=False, separators=(",", ":")).encode()
            headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                       "X-Contractwatch-Event": "event", "X-Contractwatch-Delivery": str(did),
                       "X-Contractwatch-Watch": w.name}
            if w.secret:
                headers[SIGNATURE_HEADER] = sign(w.secret, body)
            t0 = time.perf_counter()
            o = _attempt(client, w.webhook_url, body, headers)
            ms = int((time.perf_counter() - t0) * 1000)
            hist = {"at": _rfc3339(at), "status": o.http_status, "error": o.error, "ms": ms, "_at": at}
            if o.kind == "ok":
                _record(store, did, attempts, hist, status="delivered", delivered_at=clock())
                rep.delivered += 1
                break
            if o.kind == "unknown":
                _record(store, did, attempts, hist, status="unknown")
                rep.unknown += 1
                rep.errors.append(f"event {ev_id}: {o.error} (not resent: it may have arrived)")
                break
            if o.kind == "permanent" or attempts >= max_attempts:
                _record(store, did, attempts, hist, status="failed")
                rep.failed += 1
                rep.errors.append(o.error or "failed")
                break
            if tries < attempts_per_run:
                _record(store, did, attempts, hist, status="sending")
                sleep(min(backoff * 2 ** (tries - 1), 60.0))
                continue
            delay = min(retry_delay * 2 ** (attempts - 1), RETRY_DELAY_MAX)
            if o.retry_after:
                delay = max(delay, min(o.retry_after, RETRY_DELAY_MAX))
            _record(store, did, attempts, hist, status="retry", next_attempt_at=clock() + timedelta(seconds=delay))
            rep.retrying += 1
            rep.errors.append(o.error or "failed")
            stop = True
            break
        if stop:  # the endpoint is failing: leave the rest for the next run, in order
            rep.pending = sum(1 for what2, _ in jobs[i + 1:] if what2 == "new")
            break
    with store.Session.begin() as s:
        row = s.get(Watch, w.id)
        if row is not None:
            row.last_run_at = clock()
    return rep


def _record(store, did: int, attempts: int, hist: dict, *, status: str, delivered_at: datetime | None = None,
            next_attempt_at: datetime | None = None) -> None:
    with store.Session.begin() as s:
        d = s.get(Delivery, did)
        d.attempts = attempts
        d.http_status = hist.get("status")
        d.error = hist.get("error")
        d.last_attempt_at = hist.pop("_at")
        d.history = (list(d.history or []) + [hist])[-HISTORY_KEEP:]
        d.status = status
        d.next_attempt_at = next_attempt_at
        if delivered_at is not None:
            d.delivered_at = delivered_at
            d.error = None


def _finish(store, did: int, status: str, error: str | None = None) -> None:
    with store.Session.begin() as s:
        d = s.get(Delivery, did)
        d.status = status
        d.error = error
        d.next_attempt_at = None


def requeue(store, name: str, statuses: Iterable[str] = ("unknown", "failed"), *,
            stale_after: timedelta = timedelta(minutes=30), now: datetime | None = None) -> int:
    """Let deliveries be tried again on the next run (a person's decision: an ``unknown`` one may
    then arrive twice). Deliveries stuck in ``sending`` longer than ``stale_after`` (a run that
    died mid-request) are included when ``"sending"`` is among ``statuses``."""
    w = get_watch(store, name)
    if w is None:
        raise WatchError(f"no watch called {name!r}")
    statuses = set(statuses)
    bad = statuses - {"unknown", "failed", "sending"}
    if bad:
        raise WatchError(f"only unknown, failed or sending deliveries can be retried, not {', '.join(sorted(bad))}")
    now = now or _now()
    D = Delivery.__table__
    n = 0
    with store.engine.begin() as c:
        plain = list(statuses - {"sending"})
        if plain:
            n += c.execute(update(D).where(D.c.watch_id == w.id, D.c.status.in_(plain))
                           .values(status="retry", next_attempt_at=None)).rowcount
        if "sending" in statuses:
            rows = c.execute(select(D.c.id, D.c.last_attempt_at, D.c.created_at)
                             .where(D.c.watch_id == w.id, D.c.status == "sending")).all()
            stale = [r.id for r in rows if now - _utc(r.last_attempt_at or r.created_at) > stale_after]
            if stale:
                n += c.execute(update(D).where(D.c.id.in_(stale), D.c.status == "sending")
                               .values(status="retry", next_attempt_at=None)).rowcount
    return n


def delivery_log(store, name: str | None = None, *, status: str | None = None, limit: int = 100,
                 include_baseline: bool = False) -> list[dict[str, Any]]:
    """Deliveries, newest first: watch, event, status, attempts, last HTTP status and error, history."""
    D, W = Delivery, Watch
    q = select(D, W.name).join(W, W.id == D.watch_id)
    if name is not None:
        q = q.where(W.name == name)
    if status:
        q = q.where(D.status == status)
    elif not include_baseline:
        q = q.where(D.status != "baseline")
    q = q.order_by(func.coalesce(D.last_attempt_at, D.created_at).desc(), D.id.desc()).limit(limit)
    out = []
    with store.Session() as s:
        for d, wname in s.execute(q):
            out.append({"id": d.id, "watch": wname, "event_id": d.event_id, "event_kind": d.event_kind,
                        "event_key": d.event_key, "status": d.status, "attempts": d.attempts,
                        "http_status": d.http_status, "error": d.error, "created_at": _iso(d.created_at),
                        "last_attempt_at": _iso(d.last_attempt_at), "next_attempt_at": _iso(d.next_attempt_at),
                        "delivered_at": _iso(d.delivered_at), "history": list(d.history or [])})
    return out


# -- time ---------------------------------------------------------------------------------------
def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(dt: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: they were written as UTC."""
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _iso(dt: datetime | None) -> str | None:
    return _rfc3339(dt) if dt is not None else None

