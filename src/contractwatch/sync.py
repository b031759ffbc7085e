"""Keep the store up to date from named sources: ModernGov council sites and news feeds.

``sync(store)`` runs every enabled source under a lock (so cron or a systemd timer can start
it without two runs overlapping), fetches only what is new or may have changed since the
last run, and returns a summary. Per-URL state lives in ``crawl_state``: it is the work queue
(so an interrupted run resumes where it stopped), it keeps ETag / Last-Modified for
conditional requests, and it marks pages *settled* once they are old enough never to change
(decisions and meetings older than ``settle_days``, report PDFs once fetched).
"""
from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
import time
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from sqlalchemy import and_, func, select, text as sql_text, update

from .ingest import ingest_bytes
from .sources.fetch import FetchError, Fetcher, Response, make_fetcher
from .store import Store
from .store.sourcemodels import CrawlState, Source, SyncRun

SETTLE_DAYS = 90
MAX_ATTEMPTS = 5  # a URL that failed this many syncs in a row is left alone
MAX_ERRORS_KEPT = 50
MAX_CONSECUTIVE_NETWORK_ERRORS = 8
SOURCE_KINDS: dict[str, str] = {
    "moderngov": "contractwatch.sources.moderngov",
    "feed": "contractwatch.sources.feeds",
}
# Kinds whose content never changes once fetched.
SETTLE_ON_FETCH = {"document", "article"}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class SyncBusy(Exception):
    """Another sync holds the lock."""


class CrawlError(Exception):
    """One page could not be used; recorded against its URL, the crawl goes on."""


class SourceFailed(Exception):
    """The whole source cannot be crawled this time (site down, robots.txt unreachable...)."""


class BudgetExhausted(Exception):
    """The per-run request budget (``limit``) is spent; the rest waits for the next run."""


# -- sources ---------------------------------------------------------------------------------
def register_kind(kind: str, module: str) -> None:
    """Let another module provide a source kind: it must define ``sync_source(crawl)``."""
    SOURCE_KINDS[kind] = module


def _check_url(url: str) -> str:
    url = url.strip()
    p = urlsplit(url)
    if p.scheme.lower() not in ("http", "https") or not p.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


def add_source(store: Store, kind: str, url: str, *, name: str | None = None,
               options: dict[str, Any] | None = None) -> dict[str, Any]:
    if kind not in SOURCE_KINDS:
        raise ValueError(f"unknown source kind {kind!r}; expected one of: {', '.join(SOURCE_KINDS)}")
    url = _check_url(url)
    if kind == "moderngov":
        from .sources.moderngov import site_root

        url = site_root(url)
    options = {k: v for k, v in (options or {}).items() if v not in (None, [], "")}
    if options.get("since"):
        try:
            date.fromisoformat(str(options["since"]))
        except ValueError:
            raise ValueError(f"--since must be a date like 2019-01-01, not {options['since']!r}") from None
    with store.Session.begin() as s:
        existing = s.scalar(select(Source).where(Source.url == url))
        if existing is not None:
            raise ValueError(f"{url} is already source {existing.id} ({existing.kind})")
        src = Source(kind=kind, url=url, name=name or urlsplit(url).hostname, options=options, enabled=True)
        s.add(src)
        s.flush()
        return _source_dict(src, None)


def find_source(store: Store, ident: str | int) -> dict[str, Any] | None:
    with store.Session() as s:
        src = _lookup(s, ident)
        return _source_dict(src, _last_run(s, src.id)) if src is not None else None


def _lookup(s, ident: str | int) -> Source | None:
    ident = str(ident).strip()
    if ident.isdigit():
        return s.get(Source, int(ident))
    src = s.scalar(select(Source).where(Source.url == ident))
    if src is None and ident.startswith(("http://", "https://")):
        from .sources.moderngov import site_root

        src = s.scalar(select(Source).where(Source.url == site_root(ident)))
    if src is None:
        src = s.scalar(select(Source).where(Source.name == ident))
    return src


def remove_source(store: Store, ident: str | int) -> dict[str, Any] | None:
    """Forget a source and its crawl state (the documents it brought in stay)."""
    with store.Session.begin() as s:
        src = _lookup(s, ident)
        if src is None:
            return None
        info = _source_dict(src, None)
        s.execute(CrawlState.__table__.delete().where(CrawlState.source_id == src.id))
        s.execute(SyncRun.__table__.delete().where(SyncRun.source_id == src.id))
        s.delete(src)
        return info


def list_sources(store: Store) -> list[dict[str, Any]]:
    with store.Session() as s:
        rows = s.scalars(select(Source).order_by(Source.id)).all()
        counts = dict(s.execute(select(CrawlState.source_id, func.count(CrawlState.document_id))
                                .where(CrawlState.document_id.is_not(None))
                                .group_by(CrawlState.source_id)).all())
        pending = dict(s.execute(select(CrawlState.source_id, func.count())
                                 .where(CrawlState.status == "pending").group_by(CrawlState.source_id)).all())
        out = []
        for src in rows:
            d = _source_dict(src, _last_run(s, src.id))
            d["documents"] = int(counts.get(src.id, 0))
            d["pending"] = int(pending.get(src.id, 0))
            out.append(d)
        return out


def _last_run(s, source_id: int) -> SyncRun | None:
    return s.scalar(select(SyncRun).where(SyncRun.source_id == source_id)
                    .order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(1))


def _iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.isoformat(timespec="seconds")


def _run_dict(r: SyncRun | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"run": r.run, "started_at": _iso(r.started_at), "finished_at": _iso(r.finished_at),
            "status": r.status, "requests": r.requests, "not_modified": r.not_modified,
            "new_documents": r.new_documents, "updated_documents": r.updated_documents,
            "unchanged_documents": r.unchanged_documents, "new_events": r.new_events,
            "error_count": r.error_count, "errors": list(r.errors or []), "notes": dict(r.notes or {})}


def _source_dict(src: Source, last: SyncRun | None) -> dict[str, Any]:
    return {"id": src.id, "kind": src.kind, "url": src.url, "name": src.name, "options": dict(src.options or {}),
            "enabled": bool(src.enabled), "created_at": _iso(src.created_at),
            "last_sync_at": _iso(src.last_sync_at), "last_status": src.last_status,
            "last_error": src.last_error, "last_run": _run_dict(last)}


def source_runs(store: Store, source_id: int, limit: int = 10) -> list[dict[str, Any]]:
    with store.Session() as s:
        rows = s.scalars(select(SyncRun).where(SyncRun.source_id == source_id)
                         .order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(limit)).all()
        return [_run_dict(r) for r in rows]


# -- results ---------------------------------------------------------------------------------
@dataclass
class SourceResult:
    source_id: int
    kind: str
    url: str
    name: str | None
    status: str = "running"
    requests: int = 0
    fetched: int = 0
    not_modified: int = 0
    skipped: int = 0
    new_documents: int = 0
    updated_documents: int = 0
    unchanged_documents: int = 0
    new_events: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SyncSummary:
    run: str
    started_at: datetime
    results: list[SourceResult] = field(default_factory=list)
    seconds: float = 0.0

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.results)

    @property
    def error_count(self) -> int:
        return sum(len(r.errors) for r in self.results)

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run, "started_at": _iso(self.started_at), "seconds": round(self.seconds, 2),
                "sources": [r.to_dict() for r in self.results],
                "totals": {k: self.total(k) for k in ("requests", "fetched", "not_modified", "new_documents",
                                                       "updated_documents", "unchanged_documents", "new_events")}
                | {"errors": self.error_count}}

    def lines(self, max_errors: int = 10) -> list[str]:
        out = [f"sync {self.started_at:%Y-%m-%d %H:%M} UTC: {len(self.results)} source(s), "
               f"{self.total('new_documents')} new documents, {self.total('updated_documents')} updated, "
               f"{self.total('new_events')} new events, {self.error_count} errors "
               f"({self.total('requests')} requests, {self.total('not_modified')} not modified, {self.seconds:.1f} s)"]
        for r in self.results:
            out.append(f"  [{r.source_id}] {r.kind} {r.name or r.url}: {r.status} - {r.new_documents} new, "
                       f"{r.updated_documents} updated, {r.unchanged_documents} unchanged documents, "
                       f"{r.new_events} new events, {r.requests} requests, {len(r.errors)} errors")
            for e in r.errors[:max_errors]:
                out.append(f"      error: {e['url']}: {e['error']}")
            if len(r.errors) > max_errors:
                out.append(f"      ... and {len(r.errors) - max_errors} more errors")
        return out


# -- the crawl of one source ----------------------------------------------------------------
@dataclass
class CrawlRow:
    id: int
    url: str
    kind: str
    ref: str | None
    parent_url: str | None
    status: str
    date: str | None
    title: str | None
    meta: dict | None
    etag: str | None
    last_modified: str | None
    sha256: str | None
    settled: bool
    document_id: int | None
    attempts: int

    @classmethod
    def of(cls, r: CrawlState) -> "CrawlRow":
        return cls(r.id, r.url, r.kind, r.ref, r.parent_url, r.status, r.item_date, r.title,
                   dict(r.meta) if r.meta else None, r.etag, r.last_modified, r.sha256, bool(r.settled),
                   r.document_id, r.attempts or 0)


class Crawl:
    """State, fetching and storing for one source in one sync run (what a source module sees)."""

    CrawlError = CrawlError
    SourceFailed = SourceFailed

    def __init__(self, store: Store, source: dict[str, Any], fetcher: Fetcher, result: SourceResult, *,
                 today: date | None = None, settle_days: int = SETTLE_DAYS, limit: int | None = None):
        self.store = store
        self.source = source
        self.source_id: int = source["id"]
        self.source_url: str = source["url"]
        self.options: dict[str, Any] = dict(source.get("options") or {})
        self.fetcher = fetcher
        self.result = result
        self.today = today or date.today()
        self.settle_days = int(self.options.get("settle_days") or settle_days)
        self.cutoff = (self.today - timedelta(days=self.settle_days)).isoformat()
        self.limit = limit
        self.used = 0
        self.last_error: str | None = None
        self._network_errors = 0
        self._seen: set[int] = set()

    # -- helpers for source modules ------------------------------------------------------------
    def default_since(self) -> date:
        return self.today - timedelta(days=365)

    def is_old(self, iso: str | None) -> bool:
        """True for a date old enough that its page will not change any more."""
        return bool(iso) and iso < self.cutoff

    def note(self, key: str, value: Any) -> None:
        self.result.notes[key] = value

    def error(self, url: str, message: str) -> None:
        self.result.errors.append({"url": url, "error": message})

    def is_settled(self, url: str) -> bool:
        with self.store.Session() as s:
            return bool(s.scalar(select(CrawlState.settled).where(CrawlState.source_id == self.source_id,
                                                                  CrawlState.url == url)))

    def settle(self, url: str) -> None:
        with self.store.Session.begin() as s:
            s.execute(update(CrawlState).where(CrawlState.source_id == self.source_id, CrawlState.url == url)
                      .values(settled=True, updated_at=utcnow()))

    def enqueue(self, url: str, kind: str, *, parent: str | None = None, ref: str | None = None,
                date: str | None = None, title: str | None = None, meta: dict | None = None) -> bool:
        """Queue a URL for this run unless it is settled, already queued, or known by ``ref``
        under another URL. Returns True if it will be fetched."""
        with self.store.Session.begin() as s:
            if ref:
                other = s.scalar(select(CrawlState.id).where(CrawlState.source_id == self.source_id,
                                                             CrawlState.ref == ref, CrawlState.url != url).limit(1))
                if other is not None:
                    return False
            row = s.scalar(select(CrawlState).where(CrawlState.source_id == self.source_id, CrawlState.url == url))
            if row is None:
                s.add(CrawlState(source_id=self.source_id, url=url, kind=kind, ref=ref, parent_url=parent,
                                 status="pending", item_date=date, title=title, meta=meta, first_seen=utcnow(),
                                 updated_at=utcnow()))
                return True
            if date and not row.item_date:
                row.item_date = date
            if title and not row.title:
                row.title = title
            if row.settled or row.status == "pending":
                return False
            if row.status == "error" and (row.attempts or 0) >= MAX_ATTEMPTS:
                return False
            row.status, row.updated_at = "pending", utcnow()
            return True

    def requeue_children(self, parent_url: str) -> None:
        """A page that has not changed still has unsettled children due for a look."""
        with self.store.Session.begin() as s:
            s.execute(update(CrawlState).where(
                CrawlState.source_id == self.source_id, CrawlState.parent_url == parent_url,
                CrawlState.settled.is_(False), CrawlState.status.in_(("done", "skipped", "error")),
                CrawlState.attempts < MAX_ATTEMPTS).values(status="pending", updated_at=utcnow()))

    def fetch(self, url: str, kind: str, *, conditional: bool = True, record_errors: bool = True,
              parent: str | None = None, title: str | None = None, date: str | None = None,
              meta: dict | None = None) -> Response | None:
        """Fetch a discovery page now; None (and the error noted) if it failed.

        A 304 answer comes back as a Response with ``not_modified``; the page's unsettled
        children are queued again, since the caller cannot re-read them from it."""
        with self.store.Session.begin() as s:
            row = s.scalar(select(CrawlState).where(CrawlState.source_id == self.source_id, CrawlState.url == url))
            if row is None:  # not queued work: "done" until the fetch below says otherwise
                row = CrawlState(source_id=self.source_id, url=url, kind=kind, parent_url=parent, status="done",
                                 item_date=date, title=title, meta=meta, first_seen=utcnow(), updated_at=utcnow())
                s.add(row)
                s.flush()
            snap = CrawlRow.of(row)
        r = self._get(snap, conditional=conditional, record_errors=record_errors)
        if r is None:
            return None
        self._done(snap, r)
        if r.not_modified:
            self.requeue_children(url)
        return r

    def ingest(self, row: CrawlRow, r: Response) -> None:
        """Store a fetched page as a document (skipped when its bytes have not changed)."""
        digest = hashlib.sha256(r.content).hexdigest()
        if row.sha256 == digest and row.document_id is not None:
            self.result.unchanged_documents += 1
            return
        outcome = ingest_bytes(self.store, r.content, row.url, source=row.url, content_type=r.content_type)
        if outcome.status == "error":
            raise CrawlError(f"cannot store: {outcome.error}")
        if outcome.status == "new":
            self.result.new_documents += 1
            self.result.new_events += outcome.events
        elif outcome.status == "updated":
            self.result.updated_documents += 1
            self.result.new_events += outcome.events
        else:
            self.result.unchanged_documents += 1
        with self.store.Session.begin() as s:
            s.execute(update(CrawlState).where(CrawlState.id == row.id)
                      .values(document_id=outcome.document_id, updated_at=utcnow()))
        row.document_id = outcome.document_id

    def process(self, handlers: dict[str, Callable[[CrawlRow, Response], None]]) -> None:
        """Fetch queued URLs, kinds in the order given, until the queue is empty."""
        order = list(handlers)
        rank = {k: i for i, k in enumerate(order)}
        self._retry_failed(order)
        while True:
            rows = self._pending(order)
            if not rows:
                return
            rows.sort(key=lambda r: (rank.get(r.kind, 99), r.id))
            kind = rows[0].kind
            for row in (r for r in rows if r.kind == kind):  # re-read after each kind: handlers add work
                if row.id in self._seen:  # queued again by a page fetched in this run: once is enough
                    self._mark(row.id, "done")
                    continue
                self._seen.add(row.id)
                r = self._get(row)
                if r is None:
                    continue
                if r.not_modified:
                    self._done(row, r)
                    self.requeue_children(row.url)
                    if row.kind in SETTLE_ON_FETCH or self.is_old(row.date):
                        self.settle(row.url)
                    continue
                try:
                    handlers[row.kind](row, r)
                except CrawlError as e:
                    self._fail(row, str(e), status=r.status)
                    continue
                except (SourceFailed, BudgetExhausted):
                    raise
                except Exception as e:  # noqa: BLE001 - a page we cannot handle must not stop the source
                    self._fail(row, f"{type(e).__name__}: {e}", status=r.status)
                    continue
                self._done(row, r)

    # -- internals -----------------------------------------------------------------------------
    def _retry_failed(self, kinds: list[str]) -> None:
        """Pages that failed in earlier runs get another try (up to MAX_ATTEMPTS runs)."""
        with self.store.Session.begin() as s:
            s.execute(update(CrawlState).where(
                CrawlState.source_id == self.source_id, CrawlState.status == "error", CrawlState.kind.in_(kinds),
                CrawlState.settled.is_(False), CrawlState.attempts < MAX_ATTEMPTS).values(status="pending"))

    def _pending(self, kinds: list[str]) -> list[CrawlRow]:
        with self.store.Session() as s:
            rows = s.scalars(select(CrawlState).where(CrawlState.source_id == self.source_id,
                                                      CrawlState.status == "pending", CrawlState.kind.in_(kinds))
                             .order_by(CrawlState.id).limit(500)).all()
            return [CrawlRow.of(r) for r in rows]

    def _get(self, row: CrawlRow, conditional: bool = True, record_errors: bool = True) -> Response | None:
        if self.limit is not None and self.used >= self.limit:
            raise BudgetExhausted(f"request budget of {self.limit} spent")
        self.used += 1
        try:
            r = self.fetcher.get(row.url, etag=row.etag if conditional else None,
                                 last_modified=row.last_modified if conditional else None)
        except FetchError as e:
            self.last_error = e.reason
            if e.kind == "robots" and e.reason.startswith("robots.txt unreachable"):
                raise SourceFailed(e.reason) from None
            if e.kind == "robots":
                self.result.skipped += 1
                self._fail(row, e.reason, status=None, skipped=True, record=False)
                return None
            self._fail(row, e.reason, status=e.status, record=record_errors)
            if e.kind == "network":
                self._network_errors += 1
                if self._network_errors >= MAX_CONSECUTIVE_NETWORK_ERRORS:
                    raise SourceFailed(f"{self._network_errors} network failures in a row; last: {e.reason}") from None
            return None
        self._network_errors = 0
        if r.not_modified:
            self.result.not_modified += 1
        else:
            self.result.fetched += 1
        return r

    def _mark(self, row_id: int, status: str) -> None:
        with self.store.Session.begin() as s:
            s.execute(update(CrawlState).where(CrawlState.id == row_id).values(status=status, updated_at=utcnow()))

    def _done(self, row: CrawlRow, r: Response) -> None:
        values: dict[str, Any] = {"status": "done", "http_status": r.status, "fetched_at": utcnow(),
                                  "attempts": 0, "error": None, "updated_at": utcnow()}
        if not r.not_modified:
            values.update(etag=(r.etag or "")[:300] or None, last_modified=(r.last_modified or "")[:100] or None,
                          sha256=hashlib.sha256(r.content).hexdigest(),
                          content_type=(r.content_type or "")[:200] or None)
        elif r.etag:
            values["etag"] = r.etag[:300]
        with self.store.Session.begin() as s:
            s.execute(update(CrawlState).where(CrawlState.id == row.id).values(**values))

    def _fail(self, row: CrawlRow, message: str, *, status: int | None, skipped: bool = False,
              record: bool = True) -> None:
        with self.store.Session.begin() as s:
            s.execute(update(CrawlState).where(CrawlState.id == row.id).values(
                status="skipped" if skipped else "error", error=message[:2000], http_status=status,
                attempts=CrawlState.attempts + (0 if skipped else 1), updated_at=utcnow()))
        if record:
            self.error(row.url, message)


# -- the lock --------------------------------------------------------------------------------
class SyncLock:
    """One sync at a time per store: an advisory lock on PostgreSQL, a file lock beside SQLite.

    Both are released by the operating system or the server if the process dies."""

    def __init__(self, store: Store):
        self.store = store
        self._conn = None
        self._fh = None
        self.path: Path | None = None

    def __enter__(self) -> "SyncLock":
        if self.store.dialect == "postgresql":
            conn = self.store.engine.connect()
            ident = conn.execute(sql_text("SELECT current_database() || '.' || current_schema()")).scalar()
            key = int.from_bytes(hashlib.sha1(f"contractwatch.sync:{ident}".encode()).digest()[:8], "big", signed=True)
            got = conn.execute(sql_text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            conn.commit()
            if not got:
                conn.close()
                raise SyncBusy("another contractwatch sync is running on this database")
            self._conn, self._key = conn, key
            return self
        self.path = lock_path(self.store.url)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")
        try:
            _lock_file(fh)
        except OSError:
            fh.close()
            raise SyncBusy(f"another contractwatch sync is running (lock file {self.path})") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(sql_text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
                self._conn.commit()
            finally:
                self._conn.close()
                self._conn = None
        if self._fh is not None:
            try:
                _unlock_file(self._fh)
            finally:
                self._fh.close()
                self._fh = None


def lock_path(store_url: str) -> Path:
    if store_url.startswith("sqlite:///"):
        p = store_url[len("sqlite:///"):].split("?", 1)[0]
        if p and p != ":memory:":
            return Path(p + ".sync.lock")
    digest = hashlib.sha1(store_url.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"contractwatch-sync-{digest}.lock"


def _lock_file(fh) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_file(fh) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# -- the run ---------------------------------------------------------------------------------
def sync(store: Store, *, sources: list[str] | None = None, fetcher: Fetcher | None = None,
         allow_private: bool = False, today: date | None = None, settle_days: int = SETTLE_DAYS,
         limit: int | None = None, lock: bool = True, fetch_options: dict[str, Any] | None = None,
         on_source: Callable[[SourceResult], None] | None = None) -> SyncSummary:
    """Sync the named sources (ids, URLs or names; default every enabled source).

    Raises SyncBusy if another sync holds the lock, KeyError for an unknown source name."""
    with (SyncLock(store) if lock else nullcontext()):
        _close_stale_runs(store)
        chosen = _choose(store, sources)
        own = fetcher is None
        fetcher = fetcher or make_fetcher(allow_private=allow_private, **(fetch_options or {}))
        summary = SyncSummary(str(uuid.uuid4()), utcnow())
        t0 = time.monotonic()
        try:
            for src in chosen:
                result = _sync_one(store, src, fetcher, summary.run, today=today, settle_days=settle_days,
                                   limit=limit)
                summary.results.append(result)
                if on_source:
                    on_source(result)
        finally:
            summary.seconds = time.monotonic() - t0
            if own:
                fetcher.close()
        return summary


def _choose(store: Store, idents: list[str] | None) -> list[dict[str, Any]]:
    if idents:
        out = []
        for ident in idents:
            src = find_source(store, ident)
            if src is None:
                raise KeyError(f"no source {ident!r} (see `contractwatch source list`)")
            out.append(src)
        return out
    return [s for s in list_sources(store) if s["enabled"]]


def _close_stale_runs(store: Store) -> None:
    """Runs still 'running' while we hold the lock were killed; say so."""
    with store.Session.begin() as s:
        s.execute(update(SyncRun).where(SyncRun.status == "running")
                  .values(status="interrupted", finished_at=utcnow()))


def _sync_one(store: Store, src: dict[str, Any], fetcher: Fetcher, run: str, *, today: date | None,
              settle_days: int, limit: int | None) -> SourceResult:
    result = SourceResult(src["id"], src["kind"], src["url"], src.get("name"))
    with store.Session.begin() as s:
        row = SyncRun(run=run, source_id=src["id"], started_at=utcnow(), status="running")
        s.add(row)
        s.flush()
        run_id = row.id
    requests0 = fetcher.stats["requests"]
    t0 = time.monotonic()
    status = "ok"
    try:
        module = importlib.import_module(SOURCE_KINDS[src["kind"]])
        crawl = Crawl(store, src, fetcher, result, today=today, settle_days=settle_days, limit=limit)
        module.sync_source(crawl)
        status = "errors" if result.errors else "ok"
    except BudgetExhausted as e:
        status = "partial"
        result.notes["partial"] = str(e)
    except SourceFailed as e:
        status = "failed"
        result.errors.append({"url": src["url"], "error": str(e)})
    except KeyError as e:
        status = "failed"
        result.errors.append({"url": src["url"], "error": f"unknown source kind {e}"})
    except (KeyboardInterrupt, SystemExit):
        status = "interrupted"
        raise
    except Exception as e:  # noqa: BLE001 - one broken source must not stop the others
        status = "failed"
        result.errors.append({"url": src["url"], "error": f"{type(e).__name__}: {e}"})
    finally:
        result.status = status
        result.requests = fetcher.stats["requests"] - requests0
        result.seconds = time.monotonic() - t0
        _finish(store, run_id, src["id"], result)
    return result


def _finish(store: Store, run_id: int, source_id: int, result: SourceResult) -> None:
    now = utcnow()
    with store.Session.begin() as s:
        s.execute(update(SyncRun).where(SyncRun.id == run_id).values(
            finished_at=now, status=result.status, requests=result.requests, not_modified=result.not_modified,
            new_documents=result.new_documents, updated_documents=result.updated_documents,
            unchanged_documents=result.unchanged_documents, new_events=result.new_events,
            error_count=len(result.errors), errors=result.errors[:MAX_ERRORS_KEPT], notes=result.notes or None))
        first = result.errors[0] if result.errors else None
        s.execute(update(Source).where(Source.id == source_id).values(
            last_sync_at=now, last_status=result.status,
            last_error=f"{first['url']}: {first['error']}"[:2000] if first else None))


def crawl_rows(store: Store, source_id: int, **where: Any) -> list[CrawlRow]:
    """Crawl state of a source (for tests and diagnostics), optionally filtered by column."""
    with store.Session() as s:
        q = select(CrawlState).where(CrawlState.source_id == source_id)
        conds = [getattr(CrawlState, k) == v for k, v in where.items()]
        if conds:
            q = q.where(and_(*conds))
        return [CrawlRow.of(r) for r in s.scalars(q.order_by(CrawlState.id)).all()]
