"""A polite, guarded HTTP client for everything contractwatch downloads.

* identifies itself (``contractwatch/<version> (+https://github.com/contractwatch/contractwatch)``);
* honours robots.txt (RFC 9309: a missing file allows everything, an unreachable one
  blocks the host for this run) and its Crawl-delay;
* waits between requests to the same host (``rate`` seconds, default 1);
* retries 429 and 5xx answers and network failures with exponential backoff, honouring
  ``Retry-After`` (and giving up when a server asks for a longer wait than we accept);
* times out (per read and per request overall) and caps the size of a response while
  streaming it;
* only fetches http(s), and refuses hosts that resolve to loopback, private,
  link-local, reserved or otherwise non-public addresses unless ``allow_private`` says
  so -- checked before connecting, on every redirect, and against the address actually
  connected to (so DNS rebinding cannot slip past).

``make_fetcher(allow_private=...)`` returns a callable ``url -> (bytes, content_type)``
raising ``FetchError`` (a ``DocumentError``) on failure; ``Fetcher.get`` gives the full
response, with conditional requests (ETag / Last-Modified) for incremental sync.
"""
from __future__ import annotations

import ipaddress
import os
import random
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from .convert import MAX_BYTES, DocumentError

USER_AGENT = f"contractwatch/{__version__} (+https://github.com/contractwatch/contractwatch)"
ROBOTS_AGENT = "contractwatch"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,application/rss+xml,application/atom+xml,*/*;q=0.8"
RETRY_STATUSES = {429, 500, 502, 503, 504}
ROBOTS_MAX_BYTES = 512 * 1024
NAT64 = ipaddress.ip_network("64:ff9b::/96")
ALLOW_PRIVATE_ENV = "CONTRACTWATCH_ALLOW_PRIVATE"
RATE_ENV = "CONTRACTWATCH_RATE_LIMIT"
DNS_TTL = 300.0


class FetchError(DocumentError):
    """A URL that could not be fetched; ``reason`` is one line, ``status`` the HTTP status if any.

    ``kind`` is ``http`` (an error answer), ``network`` (connection, timeout), ``blocked``
    (scheme or address refused), ``robots`` (disallowed by robots.txt) or ``size``.
    """

    def __init__(self, url: str, reason: str, status: int | None = None, kind: str = "http"):
        super().__init__(url, reason)
        self.url = url
        self.status = status
        self.kind = kind


@dataclass
class Response:
    url: str  # the final URL, after redirects
    status: int  # 200..299, or 304 for a conditional request whose content has not changed
    content: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# -- address guard -------------------------------------------------------------------------
def address_problem(ip: str) -> str | None:
    """Why an address must not be fetched from by default, or None for a public address."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or (addr.sixtofour if addr.sixtofour else None)
        if embedded is None and addr.teredo:
            embedded = addr.teredo[1]
        if embedded is None and addr in NAT64:
            embedded = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if embedded is not None:
            return address_problem(str(embedded))
    for label, flag in (("unspecified", addr.is_unspecified), ("loopback", addr.is_loopback),
                        ("link-local", addr.is_link_local), ("multicast", addr.is_multicast),
                        ("private", addr.is_private), ("reserved", addr.is_reserved)):
        if flag:
            return label
    if not addr.is_global:
        return "non-public"
    return None


def _system_resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class AddressGuard:
    """Decides which hosts may be fetched: public addresses always; others only if allowed.

    ``allow_private`` is ``True`` (allow everything), ``False`` (public only) or an iterable
    of networks (``"127.0.0.0/8"``) to allow besides public addresses.
    """

    def __init__(self, allow_private: bool | Iterable[str] = False,
                 resolver: Callable[[str, int], list[str]] | None = None):
        if isinstance(allow_private, str):
            allow_private = [allow_private]
        if allow_private is True or allow_private is False:
            self.allow_all, self.networks = bool(allow_private), []
        else:
            self.allow_all = False
            self.networks = [ipaddress.ip_network(n, strict=False) for n in allow_private]
        self.resolve = resolver or _system_resolve
        self._cache: dict[tuple[str, int], tuple[float, list[str]]] = {}  # (host, port) -> (when, addresses)

    def allowed_ip(self, ip: str) -> str | None:
        """None if the address may be used, else why not."""
        if self.allow_all:
            return None
        problem = address_problem(ip)
        if problem is None:
            return None
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
        if any(addr.version == n.version and addr in n for n in self.networks):
            return None
        return problem

    def check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(url, f"only http(s) URLs are fetched, not {parts.scheme or 'a relative URL'!r}",
                             kind="blocked")
        host = parts.hostname
        if not host:
            raise FetchError(url, "URL has no host", kind="blocked")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError:
            raise FetchError(url, "URL has a bad port", kind="blocked") from None
        if self.allow_all:
            return
        cached = self._cache.get((host, port))
        if cached is not None and time.monotonic() - cached[0] < DNS_TTL:
            addrs = cached[1]
        else:
            try:
                addrs = self.resolve(host, port)
            except (socket.gaierror, UnicodeError, OSError) as e:
                raise FetchError(url, f"cannot resolve host {host!r}: {e}", kind="network") from None
            # Safe to reuse for a while: the address actually connected to is checked again.
            self._cache[(host, port)] = (time.monotonic(), addrs)
        if not addrs:
            raise FetchError(url, f"cannot resolve host {host!r}", kind="network")
        for ip in addrs:
            problem = self.allowed_ip(ip)
            if problem:
                raise FetchError(url, f"refusing {host} ({ip}): {problem} address; "
                                      "pass --allow-private (or set CONTRACTWATCH_ALLOW_PRIVATE=1) to allow it",
                                 kind="blocked")


# -- the client ----------------------------------------------------------------------------
class Fetcher:
    """A polite HTTP client; one per sync run (it caches robots.txt per host)."""

    def __init__(self, *, allow_private: bool | Iterable[str] = False, user_agent: str = USER_AGENT,
                 rate: float = 1.0, timeout: float = 30.0, total_timeout: float = 180.0,
                 max_bytes: int = MAX_BYTES, retries: int = 3, backoff: float = 1.0,
                 max_backoff: float = 60.0, max_retry_after: float = 120.0, robots: bool = True,
                 max_crawl_delay: float = 30.0, max_redirects: int = 5,
                 resolver: Callable[[str, int], list[str]] | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self.guard = AddressGuard(allow_private, resolver)
        self.user_agent = user_agent
        self.rate = max(0.0, rate)
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.robots = robots
        self.max_crawl_delay = max_crawl_delay
        self.max_redirects = max_redirects
        self.sleep = sleep
        self.stats = {"requests": 0, "retries": 0, "not_modified": 0, "bytes": 0, "robots_blocked": 0}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Language": "en-GB,en;q=0.8"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            follow_redirects=False, trust_env=False, transport=transport)

    # -- public API ------------------------------------------------------------------------
    def __call__(self, url: str) -> tuple[bytes, str | None]:
        r = self.get(url)
        return r.content, r.content_type

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET with redirects, robots, guard, rate limit and retries; raises FetchError."""
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.max_redirects + 1):
            self.guard.check_url(current)
            if self.robots and not self.allowed(current):
                self.stats["robots_blocked"] += 1
                raise FetchError(current, "disallowed by robots.txt", kind="robots")
            r = self._attempts(current, conditional)
            if isinstance(r, str):  # a redirect
                current = r
                continue
            return r
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def allowed(self, url: str) -> bool:
        """What the host's robots.txt says about this URL (fetched once per host)."""
        rp = self._robots_for(url)
        if isinstance(rp, FetchError):
            raise FetchError(url, rp.reason, status=rp.status, kind="robots")
        return rp.can_fetch(ROBOTS_AGENT, url)

    def interval_for(self, url: str) -> float:
        """Seconds between requests to this URL's host: our rate, or a longer Crawl-delay."""
        rp = self._robots.get(_origin(url))
        delay = 0.0
        if isinstance(rp, urllib.robotparser.RobotFileParser):
            try:
                delay = float(rp.crawl_delay(ROBOTS_AGENT) or 0)
            except (TypeError, ValueError):
                delay = 0.0
        return max(self.rate, min(delay, self.max_crawl_delay))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------
    def _robots_for(self, url: str):
        origin = _origin(url)
        with self._lock:
            cached = self._robots.get(origin)
        if cached is not None:
            return cached
        rp = urllib.robotparser.RobotFileParser()
        robots_url = origin + "/robots.txt"
        try:
            r = self._fetch_robots(robots_url)
        except FetchError as e:
            if e.kind == "blocked":  # the guard refused the host: say so, not "robots unreachable"
                raise
            if e.status is not None and 400 <= e.status < 500:
                rp.allow_all = True  # RFC 9309: "unavailable" means no restrictions
                result: urllib.robotparser.RobotFileParser | FetchError = rp
            else:
                result = FetchError(robots_url, f"robots.txt unreachable ({e.reason}); "
                                                "not crawling this host in this run", status=e.status, kind="robots")
        else:
            text = r.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
            rp.parse(text.splitlines())
            result = rp
        with self._lock:
            self._robots[origin] = result
        return result

    def _fetch_robots(self, robots_url: str) -> Response:
        current = robots_url
        for _hop in range(self.max_redirects + 1):
            self.guard.check_url(current)
            r = self._attempts(current, {}, retries=min(self.retries, 1), max_bytes=ROBOTS_MAX_BYTES * 4)
            if isinstance(r, str):
                current = r
                continue
            return r
        raise FetchError(robots_url, "too many redirects", status=None)

    def _wait_turn(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        interval = self.interval_for(url)
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, 0.0))
            self._next_slot[host] = slot + interval
        if slot > now:
            self.sleep(slot - now)

    def _attempts(self, url: str, headers: dict[str, str], retries: int | None = None,
                  max_bytes: int | None = None) -> Response | str:
        retries = self.retries if retries is None else retries
        attempt = 0
        while True:
            self._wait_turn(url)
            self.stats["requests"] += 1
            try:
                return self._once(url, headers, max_bytes or self.max_bytes)
            except _Retryable as e:
                if attempt >= retries:
                    raise FetchError(url, e.reason + (f" (after {attempt + 1} attempts)" if attempt else ""),
                                     status=e.status, kind=e.kind) from None
                wait = self._backoff(attempt)
                if e.retry_after is not None:
                    if e.retry_after > self.max_retry_after:
                        raise FetchError(url, f"{e.reason}; the server asks to retry after "
                                              f"{e.retry_after:.0f} s, longer than we wait "
                                              f"({self.max_retry_after:.0f} s)", status=e.status) from None
                    wait = max(e.retry_after, 0.0)
                attempt += 1
                self.stats["retries"] += 1
                self.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        base = self.backoff * (2 ** attempt)
        return min(self.max_backoff, base + random.uniform(0, self.backoff))

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Response | str:
        deadline = time.monotonic() + self.total_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                self._check_peer(url, r)
                status = r.status_code
                if status in (301, 302, 303, 307, 308):
                    loc = r.headers.get("location")
                    if not loc:
                        raise FetchError(url, f"HTTP {status} redirect without a Location", status=status)
                    return urljoin(url, loc.strip())
                if status == 304:
                    self.stats["not_modified"] += 1
                    return Response(url, 304, etag=r.headers.get("etag"),
                                    last_modified=r.headers.get("last-modified"), headers=dict(r.headers))
                if status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {status}", status=status,
                                     retry_after=_retry_after(r.headers.get("retry-after")))
                if status >= 400:
                    raise FetchError(url, f"HTTP {status}", status=status)
                if status < 200 or status >= 300:
                    raise FetchError(url, f"unexpected HTTP {status}", status=status)
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(url, f"too large ({int(declared):,} bytes; the cap is {max_bytes:,})",
                                     status=status, kind="size")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(url, f"too large (over {max_bytes:,} bytes; the cap)",
                                         status=status, kind="size")
                    if time.monotonic() > deadline:
                        raise _Retryable(f"timed out after {self.total_timeout:.0f} s", kind="network")
                    chunks.append(chunk)
                data = b"".join(chunks)
                self.stats["bytes"] += len(data)
                return Response(str(r.url), status, data, r.headers.get("content-type"),
                                r.headers.get("etag"), r.headers.get("last-modified"), dict(r.headers))
        except httpx.TimeoutException:
            raise _Retryable(f"timed out (no answer within {self.timeout:g} s)", kind="network") from None
        except httpx.TransportError as e:
            raise _Retryable(f"network error: {type(e).__name__}: {e}".rstrip(": "), kind="network") from None
        except httpx.HTTPError as e:
            raise FetchError(url, f"{type(e).__name__}: {e}", kind="network") from None

    def _check_peer(self, url: str, r: httpx.Response) -> None:
        if self.guard.allow_all:
            return
        stream = r.extensions.get("network_stream")
        try:
            peer = stream.get_extra_info("server_addr") if stream is not None else None
        except Exception:  # noqa: BLE001 - transports without socket info (tests, proxies)
            peer = None
        if not peer:
            return
        ip = peer[0] if isinstance(peer, tuple) else str(peer)
        problem = self.guard.allowed_ip(ip)
        if problem:
            raise FetchError(url, f"refusing {urlsplit(url).hostname} (connected to {ip}): {problem} address; "
                                  "pass --allow-private to allow it", kind="blocked")


class _Retryable(Exception):
    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None,
                 kind: str = "http"):
        super().__init__(reason)
        self.reason, self.status, self.retry_after, self.kind = reason, status, retry_after, kind


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    from datetime import datetime, timezone

    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme.lower()}://{p.netloc.lower()}"


def make_fetcher(allow_private: bool | Iterable[str] = False, **options) -> Fetcher:
    """The fetcher the CLI uses: ``--allow-private`` or CONTRACTWATCH_ALLOW_PRIVATE=1 allow
    private addresses; CONTRACTWATCH_RATE_LIMIT sets the seconds between requests to a host."""
    if allow_private is False and _env_flag(ALLOW_PRIVATE_ENV):
        allow_private = True
    if "rate" not in options and os.environ.get(RATE_ENV):
        try:
            options["rate"] = float(os.environ[RATE_ENV])
        except ValueError:
            pass
    return Fetcher(allow_private=allow_private, **options)
