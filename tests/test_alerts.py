"""Saved searches: matching (with regions), webhook delivery (at most once, retries, signatures,
the delivery log) against a real HTTP receiver on 127.0.0.1, and the Atom feed."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from contractwatch import alerts, link
from contractwatch.alerts import WatchError, WatchFilter
from contractwatch.record import DocumentInfo, Event, Evidence, Record, Value

HOSTILE = "<script>alert('x')</script> Care & \"Support\"\x0b at Home"
SECRET = "s3cret-key"


# -- test data ------------------------------------------------------------------------------------
def save(store, key: str, source: str, published: str, events: list[dict], *, text_suffix: str = "") -> int:
    """Store one hand-made document: each event's phrase is a sentence of the text, and its
    kind evidence points at it."""
    text, evs = "", []
    for spec in events:
        spec = dict(spec)
        phrase = spec.pop("phrase")
        start = len(text)
        text += phrase + ". "
        value = spec.pop("value", None)
        evs.append(Event(**spec, value=Value(**value) if value else None,
                         evidence=[Evidence.at("kind", text, start, start + len(phrase))]))
    text += text_suffix
    rec = Record(DocumentInfo(source=source, title=f"Decision {key}", published=published, type="decision"), evs)
    status, doc_id = store.save(key=key, source=source, sha256=hashlib.sha256(text.encode()).hexdigest(),
                                fmt="text", text=text, record=rec)
    return doc_id


BURY = "https://councildecisions.bury.gov.uk/ieDecisionDetails.aspx?ID="
BNES = "https://democracy.bathnes.gov.uk/ieDecisionDetails.aspx?ID="
BRUM = "https://birmingham.example.test/news/"


def base_docs(store) -> dict[str, int]:
    ids = {
        "bury_tender": save(store, BURY + "1", BURY + "1", "2024-01-10", [dict(
            kind="tender", phrase="approves the re-tender of the Care at Home service", service=HOSTILE,
            categories=["home_care"], buyers=["Bury Council"], term_months=36, decision_date="2024-01-10")]),
        "bnes_award": save(store, BNES + "2", BNES + "2", "2024-02-01", [dict(
            kind="award", phrase="award the community services contract to HCRG Care Group",
            service="community services", categories=["community_health"],
            buyers=["Bath and North East Somerset Council"], providers=["HCRG Care Group"],
            value={"amount": 1_000_000, "basis": "annual"}, decision_date="2024-02-01")]),
        # no buyer named: the council is read from the site (Bury → North West)
        "bury_extend": save(store, BURY + "3", BURY + "3", "2024-03-05", [dict(
            kind="extend", phrase="extend the reablement contract", service="Reablement",
            categories=["reablement"], buyers=[], providers=["Irwell Valley Care CIC"], term_months=12,
            decision_date="2024-03-05")]),
        # an NHS buyer in NHS England's "Midlands" region
        "brum_tender": save(store, BRUM + "4", BRUM + "4", "2024-04-01", [dict(
            kind="tender", phrase="will re-procure home care", service="home care", categories=["home_care"],
            buyers=["NHS Birmingham and Solihull Integrated Care Board"], decision_date="2024-04-01")]),
    }
    link.refresh(store)
    return ids


def new_tenders(store, n: int, start: int = 100) -> list[int]:
    ids = [save(store, BURY + str(start + i), BURY + str(start + i), f"2025-01-{10 + i:02d}", [dict(
        kind="tender", phrase=f"approves tender number {i} for home care", service=f"Home care lot {i}",
        categories=["home_care"], buyers=["Bury Council"], decision_date=f"2025-01-{10 + i:02d}")])
        for i in range(n)]
    link.refresh(store, ids)
    return ids


# -- a webhook receiver ---------------------------------------------------------------------------
class Receiver:
    """An HTTP server on 127.0.0.1 in a thread. ``script`` is a list of status codes (or "slow")
    answered in turn, then 200 for ever; every request is recorded."""

    def __init__(self, script=(), slow_seconds: float = 1.5):
        self.script = list(script)
        self.slow_seconds = slow_seconds
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                with outer.lock:
                    outer.requests.append({"headers": {k.lower(): v for k, v in self.headers.items()},
                                           "body": body, "path": self.path})
                    action = outer.script.pop(0) if outer.script else 200
                if action == "slow":
                    time.sleep(outer.slow_seconds)
                    action = 200
                self.send_response(action)
                self.send_header("Content-Type", "text/plain")
                msg = b"ok" if action < 300 else f"nope {action}".encode()
                self.send_header("Content-Length", str(len(msg)))
                self.end_headers()
                self.wfile.write(msg)

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook?token=abc"

    def events(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(script=(), **kw):
        r = Receiver(script, **kw)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


def fast(**kw):
    """Run options for tests: no real sleeping."""
    sleeps = kw.pop("sleeps", [])
    return dict(backoff=0.01, retry_delay=60, sleep=sleeps.append, timeout=kw.pop("timeout", 5.0), **kw)


# -- matching -------------------------------------------------------------------------------------
def test_filters_and_regions_match_the_right_events(store):
    base_docs(store)
    kinds = lambda wf: sorted((x.kind, re.search(r"(\d+)#", x.ref).group(1))  # noqa: E731
                              for x in alerts.matching(store, wf))
    assert kinds(WatchFilter(kind=["tender"], category=["home_care"])) == [("tender", "1"), ("tender", "4")]
    # region from the named buyer, or from the site when no buyer is named
    assert kinds(WatchFilter(region=["North West"])) == [("extend", "3"), ("tender", "1")]
    assert kinds(WatchFilter(region=["south west"], kind=["award"])) == [("award", "2")]
    # an NHS region covers the ONS regions inside it; an ONS region does not take a whole NHS region
    assert kinds(WatchFilter(region=["Midlands"])) == [("tender", "4")]
    assert kinds(WatchFilter(region=["West Midlands"])) == []
    assert kinds(WatchFilter(provider="hcrg")) == [("award", "2")]
    assert kinds(WatchFilter(buyer="bury", since="2024-02")) == []  # the extend names no buyer
    with pytest.raises(WatchError, match="unknown region"):
        WatchFilter(region=["Narnia"]).validate()
    with pytest.raises(ValueError, match="unknown kind"):
        alerts.add_watch(store, "bad", WatchFilter(kind=["tenders"]))
    with pytest.raises(WatchError, match="name"):
        alerts.add_watch(store, "no spaces please", WatchFilter())
    with pytest.raises(WatchError, match="http"):
        alerts.add_watch(store, "w", WatchFilter(), webhook="file:///etc/passwd")


# -- webhooks -------------------------------------------------------------------------------------
def test_each_event_is_delivered_at_most_once_across_runs_and_reingests(store, receiver):
    base_docs(store)
    rx = receiver()
    w = alerts.add_watch(store, "bury-homecare", WatchFilter(kind=["tender"], region=["North West"]),
                         webhook=rx.url, secret=SECRET)
    assert w.counts == {"baseline": 1}  # the tender there already is not sent
    assert alerts.run(store, **fast())[0].delivered == 0 and rx.requests == []

    new = new_tenders(store, 3)
    rep = alerts.run(store, "bury-homecare", **fast())[0]
    assert (rep.delivered, rep.failed, rep.retrying) == (3, 0, 0)
    for _ in range(2):  # again: nothing more
        assert alerts.run(store, "bury-homecare", **fast())[0].delivered == 0
    assert len(rx.requests) == 3
    got = rx.events()
    assert sorted(p["event"]["document_id"] for p in got) == sorted(new)
    assert len({p["event_key"] for p in got}) == 3 and len({p["delivery"] for p in got}) == 3
    assert got[0]["watch"] == "bury-homecare" and got[0]["event"]["kind"] == "tender"
    assert got[0]["event"]["evidence"][0]["field"] == "kind"
    # a re-ingested page with the same decisions (the text changed, the rows were rebuilt) is not news
    save(store, BURY + "100", BURY + "100", "2025-01-10", [dict(
        kind="tender", phrase="approves tender number 0 for home care", service="Home care lot 0",
        categories=["home_care"], buyers=["Bury Council"], decision_date="2025-01-10")], text_suffix="Updated.")
    link.refresh(store)
    assert alerts.run(store, "bury-homecare", **fast())[0].delivered == 0
    assert len(rx.requests) == 3
    # every request is signed; the signature verifies with the secret and fails without it
    for r in rx.requests:
        sig = r["headers"]["x-contractwatch-signature-256"]
        assert sig == "sha256=" + hmac.new(SECRET.encode(), r["body"], hashlib.sha256).hexdigest()
        assert alerts.verify(SECRET, r["body"], sig)
        assert not alerts.verify("wrong", r["body"], sig)
        assert not alerts.verify(SECRET, r["body"] + b" ", sig)
        assert r["headers"]["content-type"] == "application/json"
        assert r["path"] == "/hook?token=abc"
    log = alerts.delivery_log(store, "bury-homecare")
    assert [d["status"] for d in log] == ["delivered"] * 3 and all(d["attempts"] == 1 for d in log)
    assert len(alerts.delivery_log(store, "bury-homecare", include_baseline=True)) == 4


def test_concurrent_runs_never_send_an_event_twice(store, receiver):
    base_docs(store)
    rx = receiver()
    alerts.add_watch(store, "all", WatchFilter(), webhook=rx.url, backfill=True)
    new_tenders(store, 4)
    reports = []
    threads = [threading.Thread(target=lambda: reports.extend(alerts.run(store, "all", **fast())))
               for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.delivered for r in reports) == 8  # 4 existing (backfill) + 4 new
    keys = [p["event_key"] for p in rx.events()]
    assert len(keys) == 8 and len(set(keys)) == 8


def test_a_500_is_retried_with_backoff_then_delivered(sqlite_store, receiver):
    store = sqlite_store
    base_docs(store)
    rx = receiver([500, 502])
    alerts.add_watch(store, "w", WatchFilter(kind=["award"]), webhook=rx.url, secret=SECRET, backfill=True)
    sleeps: list[float] = []
    rep = alerts.run(store, "w", **fast(sleeps=sleeps, attempts_per_run=3))[0]
    assert (rep.delivered, rep.retrying, rep.failed) == (1, 0, 0)
    assert sleeps == [0.01, 0.02]  # exponential backoff between tries
    assert len(rx.requests) == 3
    # the same delivery id on every try, the attempt counted up, each body signed
    assert {r["headers"]["x-contractwatch-delivery"] for r in rx.requests} == {str(rx.events()[0]["delivery"])}
    assert [p["attempt"] for p in rx.events()] == [1, 2, 3]
    assert all(alerts.verify(SECRET, r["body"], r["headers"]["x-contractwatch-signature-256"]) for r in rx.requests)
    [d] = alerts.delivery_log(store, "w")
    assert d["status"] == "delivered" and d["attempts"] == 3 and d["http_status"] == 200 and d["error"] is None
    assert [h["status"] for h in d["history"]] == [500, 502, 200]
    assert "nope 500" in d["history"][0]["error"]


def test_a_failing_endpoint_is_retried_on_later_runs_then_given_up(sqlite_store, receiver):
    store = sqlite_store
    base_docs(store)
    rx = receiver([503, 503, 200])
    alerts.add_watch(store, "w", WatchFilter(kind=["tender"]), webhook=rx.url, backfill=True)
    t0 = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
    clock = {"now": t0}
    now = lambda: clock["now"]  # noqa: E731
    rep = alerts.run(store, "w", now=now, **fast(attempts_per_run=2))[0]
    # the first event failed twice: it waits for a later run, and the other stays pending behind it
    assert (rep.delivered, rep.retrying, rep.pending) == (0, 1, 1)
    [d] = alerts.delivery_log(store, "w")
    assert d["status"] == "retry" and d["attempts"] == 2 and d["http_status"] == 503
    assert d["next_attempt_at"] == "2025-06-01T12:02:00Z"  # 60 s × 2^(2-1)
    rep = alerts.run(store, "w", now=now, **fast())[0]
    assert (rep.delivered, rep.pending) == (0, 1)  # not due yet, and the next event waits behind it
    assert len(rx.requests) == 2
    clock["now"] = t0 + timedelta(minutes=3)
    rep = alerts.run(store, "w", now=now, **fast())[0]
    assert rep.delivered == 2 and len(rx.requests) == 4
    assert sorted(d["attempts"] for d in alerts.delivery_log(store, "w")) == [1, 3]

    # nothing listening: connection errors are retried, then given up after max_attempts
    dead = Receiver()
    url = dead.url
    dead.close()
    alerts.add_watch(store, "dead", WatchFilter(kind=["award"]), webhook=url, backfill=True)
    rep = alerts.run(store, "dead", now=now, **fast(attempts_per_run=2, max_attempts=3))[0]
    assert rep.retrying == 1
    clock["now"] += timedelta(hours=1)
    rep = alerts.run(store, "dead", now=now, **fast(attempts_per_run=2, max_attempts=3))[0]
    assert rep.failed == 1
    [d] = alerts.delivery_log(store, "dead")
    assert d["status"] == "failed" and d["attempts"] == 3 and "ConnectError" in d["error"]
    clock["now"] += timedelta(days=1)
    assert alerts.run(store, "dead", now=now, **fast())[0].failed == 0  # given up for good


def test_refused_payloads_fail_and_unanswered_ones_are_not_resent(sqlite_store, receiver):
    store = sqlite_store
    base_docs(store)
    rx = receiver([422])
    alerts.add_watch(store, "w", WatchFilter(kind=["award"]), webhook=rx.url, backfill=True)
    rep = alerts.run(store, "w", **fast())[0]
    assert rep.failed == 1 and len(rx.requests) == 1  # 422: this payload is refused, no retry
    assert alerts.delivery_log(store, "w")[0]["http_status"] == 422

    slow = receiver(["slow"], slow_seconds=1.0)
    alerts.add_watch(store, "slow", WatchFilter(kind=["award"]), webhook=slow.url, backfill=True)
    rep = alerts.run(store, "slow", **fast(timeout=0.3))[0]
    assert rep.unknown == 1
    [d] = alerts.delivery_log(store, "slow")
    assert d["status"] == "unknown" and "ReadTimeout" in d["error"]
    time.sleep(0.8)
    assert alerts.run(store, "slow", **fast(timeout=0.3))[0].delivered == 0
    assert len(slow.requests) == 1  # it may have arrived: never resent by itself
    assert alerts.requeue(store, "slow") == 1  # a person decides to send it again
    assert alerts.run(store, "slow", **fast())[0].delivered == 1
    assert len(slow.requests) == 2
    assert slow.requests[0]["headers"]["x-contractwatch-delivery"] == slow.requests[1]["headers"]["x-contractwatch-delivery"]


def test_watch_commands(tmp_path, receiver):
    from contractwatch.cli import app
    from contractwatch.store import Store

    db = str(tmp_path / "cli.db")
    s = Store(db)
    base_docs(s)
    rx = receiver([500, 500, 500])
    r = CliRunner()
    res = r.invoke(app, ["watch", "add", "nw", "--db", db, "--kind", "tender,extend", "--region", "North West",
                         "--webhook", rx.url, "--secret", SECRET])
    assert res.exit_code == 0, res.output
    assert "2 events matching now will not be sent" in res.output and "token" not in res.output
    res = r.invoke(app, ["watch", "add", "nw", "--db", db])
    assert res.exit_code == 2 and "already" in res.output
    res = r.invoke(app, ["watch", "add", "x", "--db", db, "--region", "Atlantis"])
    assert res.exit_code == 2 and "unknown region" in res.output
    res = r.invoke(app, ["watch", "list", "--db", db, "--format", "json"])
    [w] = json.loads(res.output)["watches"]
    assert w["name"] == "nw" and w["filters"] == {"kind": ["tender", "extend"], "region": ["North West"]}
    assert w["signed"] is True and "secret" not in w and w["webhook"].endswith("/…")
    new_tenders(s, 1)
    res = r.invoke(app, ["watch", "run", "nw", "--db", db, "--backoff", "0", "--attempts-per-run", "3"])
    assert res.exit_code == 1 and "1 to retry" in res.output  # three 500s
    res = r.invoke(app, ["watch", "log", "nw", "--db", db, "--format", "json"])
    [d] = json.loads(res.output)["deliveries"]
    assert d["status"] == "retry" and d["attempts"] == 3 and d["http_status"] == 500
    res = r.invoke(app, ["watch", "log", "--db", db])
    assert res.exit_code == 0 and "retry" in res.output
    res = r.invoke(app, ["watch", "feed", "nw", "--db", db, "--base-url", "http://cw.test"])
    assert res.exit_code == 0 and "http://cw.test/watches/nw.atom" in res.output
    res = r.invoke(app, ["watch", "remove", "nw", "--db", db])
    assert res.exit_code == 0
    assert r.invoke(app, ["watch", "run", "nw", "--db", db]).exit_code == 1
    s.close()


# -- the feed -------------------------------------------------------------------------------------
def test_atom_feed_is_valid_and_escapes_hostile_text(sqlite_store):
    from contractwatch.api import create_app

    store = sqlite_store
    base_docs(store)
    save(store, "https://evil.example.test/x", "javascript:alert(1)", "2024-05-01", [dict(
        kind="tender", phrase="tender for home care", service="</title><entry>injected</entry>",
        categories=["home_care"], buyers=["Bury Council"], decision_date="2024-05-01")])
    link.refresh(store)
    w = alerts.add_watch(store, "homecare", WatchFilter(category=["home_care"]), webhook="https://hooks.example.test/"
                         "T000/B000/XXXXSECRET", secret=SECRET)
    raw = alerts.atom_feed(store, w, base_url="http://cw.test")
    assert b"<script>" not in raw and b"&lt;script&gt;" in raw and b"<entry>injected" not in raw
    assert b"\x0b" not in raw and b"javascript:" not in raw
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "contractwatch: homecare"
    assert feed.feed.id.startswith("urn:uuid:")
    titles = [e.title for e in feed.entries]
    assert len(titles) == 3
    assert any(t.startswith("Tender approved: <script>alert('x')</script> Care & \"Support\" at Home — Bury Council")
               for t in titles), titles
    assert any("</title><entry>injected</entry>" in t for t in titles)
    assert len({e.id for e in feed.entries}) == 3 and all(e.id.startswith("urn:uuid:") for e in feed.entries)
    for e in feed.entries:
        assert e.updated_parsed and e.link.startswith("http://cw.test/documents/")
        assert "<script" not in e.content[0].value  # escaped text, not markup
    bury = next(e for e in feed.entries if "Bury Council" in e.title and "script" in e.title)
    assert bury.published.startswith("2024-01-10") and {t.term for t in bury.tags} == {"tender", "home_care"}
    assert "&lt;script&gt;" in bury.content[0].value
    # the ids do not change when the feed is made again
    again = feedparser.parse(alerts.atom_feed(store, w, base_url="http://cw.test"))
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]

    with TestClient(create_app(store)) as c:
        res = c.get("/watches/homecare.atom")
        assert res.status_code == 200 and res.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(res.content)
        assert not parsed.bozo and len(parsed.entries) == 3
        assert parsed.feed.links[0].href == "http://testserver/watches/homecare.atom"
        assert c.get("/watches/homecare.atom", headers={"If-None-Match": res.headers["etag"]}).status_code == 304
        assert c.get("/watches/nope.atom").status_code == 404
        data = c.get("/api/v1/watches").json()
        [wj] = data["watches"]
        assert wj["feed"] == "http://testserver/watches/homecare.atom" and wj["signed"] is True
        assert "SECRET" not in json.dumps(data) and SECRET not in json.dumps(data)
        assert c.get("/api/v1/watches/homecare").json()["name"] == "homecare"
        assert c.get("/api/v1/watches/nope").status_code == 404
        page = c.get("/watches").text
        assert 'href="/watches/homecare.atom"' in page and re.search(r'<a href="/watches"[^>]*>Watches</a>', page)
