"""The polite, guarded HTTP client, against the fixture server on 127.0.0.1."""
from __future__ import annotations

import json
import time

import pytest

from contractwatch import __version__
from contractwatch.sources.fetch import USER_AGENT, Fetcher, FetchError, address_problem, make_fetcher
from mgsite import MgSite

LOCAL = ["127.0.0.0/8"]  # the fixture server; everything else private stays refused


@pytest.fixture
def site():
    s = MgSite()
    yield s
    s.close()


def fetcher(**kw) -> Fetcher:
    kw.setdefault("allow_private", LOCAL)
    kw.setdefault("rate", 0)
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 2)
    return Fetcher(**kw)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_identifies_itself_and_reads_robots_first(site):
    with fetcher() as f:
        r = f.get(site.url("/_test/headers"))
    assert USER_AGENT == f"contractwatch/{__version__} (+https://github.com/contractwatch/contractwatch)"
    assert json.loads(r.content)["User-Agent"] == USER_AGENT
    assert site.paths() == ["/robots.txt", "/_test/headers"]
    assert all(h.user_agent == USER_AGENT for h in site.log)


def test_callable_returns_bytes_and_content_type(site):
    with fetcher() as f:
        data, ctype = f(site.url("/_test/ok"))
    assert b"ok" in data and ctype.startswith("text/html")


def test_robots_disallowed_path_is_never_requested(site):
    with fetcher() as f:
        with pytest.raises(FetchError) as e:
            f.get(site.url("/mgConvert2PDF.aspx?ID=5306"))
        assert e.value.kind == "robots"
        assert f.get(site.url("/_test/ok")).status == 200
    assert not site.hits("mgConvert2PDF")
    assert site.paths().count("/robots.txt") == 1  # cached per host


def test_robots_missing_allows_everything():
    site = MgSite(robots="404")
    try:
        with fetcher() as f:
            assert f.get(site.url("/mgConvert2PDF.aspx?ID=5306")).status == 200
    finally:
        site.close()


def test_robots_unreachable_blocks_the_host():
    site = MgSite(robots="500")
    try:
        with fetcher(retries=1) as f:
            with pytest.raises(FetchError, match="robots.txt unreachable") as e:
                f.get(site.url("/_test/ok"))
        assert e.value.kind == "robots"
        assert not site.hits("/_test/ok")
    finally:
        site.close()


def test_crawl_delay_lengthens_the_interval(site):
    site.robots_txt = "User-agent: contractwatch\nCrawl-delay: 2\nDisallow: /private/\n"
    sleeps = Sleeps()
    with fetcher(rate=0.5, sleep=sleeps) as f:
        f.get(site.url("/_test/ok"))
        assert f.interval_for(site.url("/anything")) == 2.0
        f.get(site.url("/_test/ok"))
    assert sleeps and sleeps[-1] >= 1.9  # the 2 s Crawl-delay, not the 0.5 s rate
    with fetcher(rate=0.5, max_crawl_delay=1, sleep=sleeps) as f:
        f.allowed(site.url("/_test/ok"))
        assert f.interval_for(site.url("/anything")) == 1.0


def test_rate_limit_spaces_requests_to_one_host(site):
    with fetcher(rate=0.15) as f:
        t0 = time.monotonic()
        for _ in range(3):
            f.get(site.url("/_test/ok"))
        elapsed = time.monotonic() - t0
    stamps = [h.at for h in site.log]
    assert len(stamps) == 4  # robots.txt + 3
    assert all(b - a >= 0.1 for a, b in zip(stamps, stamps[1:]))  # arrival times jitter a little
    assert elapsed >= 0.44  # robots.txt, then three requests 0.15 s apart


def test_retries_5xx_with_exponential_backoff(site):
    sleeps = Sleeps()
    with fetcher(backoff=1.0, sleep=sleeps) as f:
        r = f.get(site.url("/_test/flaky?key=a&times=3"))
    assert r.content == b"ok after 3 failures"
    assert len(site.hits("/_test/flaky")) == 4
    assert len(sleeps) == 3
    assert 1 <= sleeps[0] <= 2 and 2 <= sleeps[1] <= 3 and 4 <= sleeps[2] <= 5
    assert f.stats["retries"] == 3


def test_gives_up_after_the_retries(site):
    with fetcher(retries=1) as f:
        with pytest.raises(FetchError, match=r"HTTP 503 \(after 2 attempts\)") as e:
            f.get(site.url("/_test/flaky?key=b&times=5&code=503"))
    assert e.value.status == 503
    assert len(site.hits("/_test/flaky")) == 2


def test_429_honours_retry_after(site):
    sleeps = Sleeps()
    with fetcher(sleep=sleeps) as f:
        r = f.get(site.url("/_test/flaky?key=c&times=1&code=429&retry_after=7"))
    assert r.status == 200
    assert sleeps == [7.0]


def test_429_with_too_long_retry_after_gives_up(site):
    sleeps = Sleeps()
    with fetcher(sleep=sleeps, max_retry_after=60) as f:
        with pytest.raises(FetchError, match="retry after 3600 s"):
            f.get(site.url("/_test/status?code=429&retry_after=3600"))
    assert sleeps == []


def test_4xx_is_not_retried(site):
    with fetcher() as f:
        with pytest.raises(FetchError, match="HTTP 404") as e:
            f.get(site.url("/no-such-page"))
    assert e.value.status == 404 and e.value.kind == "http"
    assert len(site.hits("/no-such-page")) == 1


def test_timeout_on_a_slow_page(site):
    with fetcher(timeout=0.2, retries=0) as f:
        t0 = time.monotonic()
        with pytest.raises(FetchError, match="timed out") as e:
            f.get(site.url("/_test/slow?delay=1.5"))
    assert e.value.kind == "network"
    assert time.monotonic() - t0 < 1.2


def test_total_timeout_stops_a_trickling_body(site):
    with fetcher(timeout=2, total_timeout=0.3, retries=0) as f:
        with pytest.raises(FetchError, match="timed out"):
            f.get(site.url("/_test/trickle?n=8192&gap=0.2"))


def test_size_cap_from_content_length(site):
    with fetcher(max_bytes=100_000) as f:
        with pytest.raises(FetchError, match="too large") as e:
            f.get(site.url("/_test/big?n=200000"))
        assert e.value.kind == "size"
        assert len(f.get(site.url("/_test/big?n=90000")).content) == 90_000


def test_size_cap_while_streaming_without_a_length(site):
    with fetcher(max_bytes=100_000) as f:
        with pytest.raises(FetchError, match="too large"):
            f.get(site.url("/_test/big?n=300000&nolength=1"))


def test_conditional_request_gets_304(site):
    with fetcher() as f:
        first = f.get(site.url("/_test/etag"))
        assert first.status == 200 and first.etag
        again = f.get(site.url("/_test/etag"), etag=first.etag)
    assert again.not_modified and again.content == b""
    assert site.hits("/_test/etag")[-1].if_none_match == first.etag


def test_follows_redirects(site):
    with fetcher() as f:
        r = f.get(site.url("/_test/redirect?to=/_test/ok"))
    assert r.status == 200 and r.url.endswith("/_test/ok")


def test_redirect_loop_ends(site):
    with fetcher() as f:
        with pytest.raises(FetchError, match="redirects"):
            f.get(site.url("/_test/redirect-loop"))


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/_test/ok",
    "http://localhost:{port}/_test/ok",
    "http://[::1]:{port}/_test/ok",
    "http://2130706433:{port}/_test/ok",  # 127.0.0.1 written as a number
    "http://[::ffff:127.0.0.1]:{port}/_test/ok",
    "http://10.1.2.3/",
    "http://192.168.0.10/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0:{port}/",
])
def test_refuses_loopback_private_and_link_local(site, url):
    port = site.server.server_address[1]
    with Fetcher(rate=0, retries=0) as f:  # allow_private defaults to False
        with pytest.raises(FetchError, match="refusing") as e:
            f.get(url.format(port=port))
    assert e.value.kind == "blocked"
    assert site.log == []


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "gopher://example.org/",
                                 "javascript:alert(1)", "/relative/path"])
def test_only_http_and_https(url):
    with Fetcher(rate=0) as f:
        with pytest.raises(FetchError, match="only http") as e:
            f.get(url)
    assert e.value.kind == "blocked"


def test_redirect_to_a_private_address_is_refused(site):
    with fetcher() as f:  # 127.0.0.0/8 allowed, 10/8 not
        with pytest.raises(FetchError, match=r"refusing 10\.1\.2\.3"):
            f.get(site.url("/_test/redirect?to=http://10.1.2.3/admin"))
        with pytest.raises(FetchError, match="only http"):
            f.get(site.url("/_test/redirect?to=file:///etc/passwd"))


def test_dns_rebinding_is_caught_at_connect_time(site):
    # The name "resolves" to a public address when checked, but the connection lands on loopback.
    port = site.server.server_address[1]
    with Fetcher(rate=0, retries=0, resolver=lambda host, p: ["93.184.215.14"]) as f:
        with pytest.raises(FetchError, match="connected to 127.0.0.1") as e:
            f.get(f"http://localhost:{port}/_test/ok")
    assert e.value.kind == "blocked"
    with Fetcher(rate=0, retries=0, robots=False, resolver=lambda host, p: ["93.184.215.14"]) as f:
        with pytest.raises(FetchError, match="connected to 127.0.0.1"):
            f.get(f"http://localhost:{port}/_test/ok")


def test_allow_private_true_allows_everything(site):
    with Fetcher(rate=0, allow_private=True) as f:
        assert f.get(site.url("/_test/ok")).status == 200


def test_address_classes():
    assert address_problem("8.8.8.8") is None
    assert address_problem("2a00:1450:4009:81f::200e") is None
    assert address_problem("127.0.0.1") == "loopback"
    assert address_problem("::1") == "loopback"
    assert address_problem("10.0.0.1") == "private"
    assert address_problem("fd00::1") == "private"
    assert address_problem("169.254.169.254") == "link-local"
    assert address_problem("fe80::1") == "link-local"
    assert address_problem("224.0.0.1") == "multicast"
    assert address_problem("0.0.0.0") == "unspecified"
    assert address_problem("100.64.0.1") == "non-public"
    assert address_problem("::ffff:10.0.0.1") == "private"
    assert address_problem("64:ff9b::7f00:1") == "loopback"  # NAT64 of 127.0.0.1
    assert address_problem("2002:7f00:1::1") == "loopback"  # 6to4 of 127.0.0.1


def test_make_fetcher_reads_the_settings(monkeypatch):
    monkeypatch.delenv("CONTRACTWATCH_ALLOW_PRIVATE", raising=False)
    monkeypatch.delenv("CONTRACTWATCH_RATE_LIMIT", raising=False)
    f = make_fetcher()
    assert not f.guard.allow_all and f.rate == 1.0
    assert make_fetcher(allow_private=True).guard.allow_all
    monkeypatch.setenv("CONTRACTWATCH_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("CONTRACTWATCH_RATE_LIMIT", "2.5")
    f = make_fetcher()
    assert f.guard.allow_all and f.rate == 2.5
