"""`contractwatch sync` against the fixture ModernGov site: what is fetched and stored on a
first and a second sync, and how errors, slow pages, robots rules, interruptions and the
lock are handled. Assertions are on requests and stored documents, not on extraction."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from contractwatch.sources.fetch import USER_AGENT, Fetcher
from contractwatch.store import models as m
from contractwatch.sync import (SyncBusy, SyncLock, add_source, crawl_rows, list_sources, remove_source,
                                source_runs, sync)
from mgsite import MgSite

TODAY = date(2025, 7, 15)  # settled: anything dated before 2025-04-16
SINCE = "2024-09-01"
WS = "/mgWebService.asmx/"
COMMITTEES = (101, 214, 305)  # 518 is deleted; 412 (Planning) never decides care contracts
MEETINGS = (7001, 7002, 7003, 7004, 7101, 7102, 7201)  # 7103 is cancelled
RELEVANT_ITEMS = (30103, 30202, 30301, 31101, 31201, 32101)
RELEVANT_DECISIONS = (9001, 9002, 9004, 9005)  # 9003 (gritting salt) is not about care or contracts
DOCS = {5101: "/documents/s5101/Care and Support at Home re-tender report.pdf",
        5202: "/documents/s5202/Reablement business case.pdf",
        5305: "/documents/s5305/Orchard Court extension.pdf",  # always HTTP 500
        5401: "/documents/s5401/Riverside waiver.pdf"}


def decisions_list(year: int) -> str:
    return (f"/mgDelegatedDecisions.aspx?XXR=0&DR=01/01/{year}-31/12/{year}&ACT=Find&RP=0&K=0&V=0&DM=0&HD=0"
            "&DS=2&Next=true&META=mgdelegateddecisions")


def meetings_list(cid: int, year: int) -> str:
    return f"{WS}GetMeetings?lCommitteeId={cid}&sFromDate=01/01/{year}&sToDate=31/12/{year}"


@pytest.fixture
def site():
    s = MgSite()
    yield s
    s.close()


def fetcher(**kw) -> Fetcher:
    opts = {"allow_private": ["127.0.0.0/8"], "rate": 0, "backoff": 0.01, "timeout": 2, "retries": 2, **kw}
    return Fetcher(**opts)


def add(store, site: MgSite, **options) -> dict:
    return add_source(store, "moderngov", site.base_url + "/mgListCommittees.aspx",
                      options={"since": SINCE, **options})


def run(store, **kw):
    kw.setdefault("fetcher", fetcher())
    return sync(store, today=TODAY, **kw)


def ok_paths(site: MgSite) -> set[str]:
    return {h.path for h in site.log if h.status == 200}


def sources_in_store(store) -> set[str]:
    with store.Session() as s:
        return set(s.scalars(select(m.Document.source)).all())


# -- first and second sync -------------------------------------------------------------------------
def test_first_and_second_sync(sqlite_store, site):
    store = sqlite_store
    src = add(store, site)
    assert src["url"] == site.base_url  # the site root, whatever page was given

    first = run(store)
    r = first.results[0]
    requested = {h.path for h in site.log}
    first_count = len(site.log)
    expected = ({"/robots.txt", f"{WS}GetCommittees"}
                | {meetings_list(c, y) for c in COMMITTEES for y in (2024, 2025)}
                | {decisions_list(2024), decisions_list(2025)}
                | {f"{WS}GetMeeting?lMeetingId={mid}" for mid in MEETINGS}
                | {f"/ieDecisionDetails.aspx?ID={d}" for d in RELEVANT_DECISIONS}
                | {f"/mgAi.aspx?ID={i}" for i in RELEVANT_ITEMS}
                | set(DOCS.values()))
    assert requested == expected
    assert not site.hits("mgConvert2PDF")  # robots.txt disallows it
    assert not site.hits("ID=9003") and not site.hits("mgAi.aspx?ID=30101")  # not about care or contracts
    assert not site.hits("lCommitteeId=412") and not site.hits("lMeetingId=7301")  # the planning committee
    assert all(h.user_agent == USER_AGENT for h in site.log)

    # 429 with Retry-After: 1 on one meetings list, retried after waiting
    throttled = site.hits(meetings_list(214, 2025))
    assert [h.status for h in throttled] == [429, 200]
    assert throttled[1].at - throttled[0].at >= 0.95
    # 500 then OK: retried within the same sync
    assert [h.status for h in site.hits("ieDecisionDetails.aspx?ID=9004")] == [500, 200]
    # a PDF that always fails: tried 1 + 2 retries, reported once
    assert [h.status for h in site.hits("/documents/s5305/")] == [500, 500, 500]
    assert r.status == "errors"
    assert [e["url"] for e in r.errors] == [site.url("/documents/s5305/Orchard%20Court%20extension.pdf")]
    assert "HTTP 500" in r.errors[0]["error"]

    stored = sources_in_store(store)
    assert stored == ({site.url(f"/mgAi.aspx?ID={i}") for i in RELEVANT_ITEMS}
                      | {site.url(f"/ieDecisionDetails.aspx?ID={d}") for d in RELEVANT_DECISIONS}
                      | {site.url(p.replace(" ", "%20")) for k, p in DOCS.items() if k != 5305})
    assert r.new_documents == 13 and r.updated_documents == 0
    assert r.notes["mode"] == "ws"

    # every document's council and meeting are known from its crawl state
    rows = {row.url: row for row in crawl_rows(store, src["id"])}
    item = rows[site.url("/mgAi.aspx?ID=30103")]
    assert item.meta["committee"] == "Cabinet" and item.meta["meeting_id"] == 7001
    assert item.meta["meeting_url"] == site.url("/ieListDocuments.aspx?CId=101&MId=7001&Ver=4")
    assert item.date == "2024-11-12" and item.document_id is not None
    pdf = rows[site.url("/documents/s5202/Reablement%20business%20case.pdf")]
    assert pdf.meta["committee"] == "Cabinet" and pdf.meta["meeting_id"] == 7002 and pdf.settled
    # settled: old decisions, items of old meetings, PDFs; not the recent ones
    assert rows[site.url("/ieDecisionDetails.aspx?ID=9001")].settled
    assert not rows[site.url("/ieDecisionDetails.aspx?ID=9004")].settled
    assert rows[site.url("/mgAi.aspx?ID=31101")].settled and not rows[site.url("/mgAi.aspx?ID=31201")].settled
    assert rows[site.url(meetings_list(101, 2024))].settled and not rows[site.url(meetings_list(101, 2025))].settled
    robots_row = rows[site.url("/mgConvert2PDF.aspx?ID=5306")]
    assert robots_row.status == "skipped" and robots_row.document_id is None
    assert list_sources(store)[0]["last_status"] == "errors"

    # second sync, nothing changed on the site: only unsettled pages, mostly answered 304
    site.clear_log()
    r2 = run(store).results[0]
    requested2 = [h.path for h in site.log]
    assert set(requested2) == ({"/robots.txt", f"{WS}GetCommittees"}
                               | {meetings_list(c, 2025) for c in COMMITTEES} | {decisions_list(2025)}
                               | {f"{WS}GetMeeting?lMeetingId={mid}" for mid in (7003, 7004, 7102)}
                               | {"/ieDecisionDetails.aspx?ID=9004", "/ieDecisionDetails.aspx?ID=9005"}
                               | {"/mgAi.aspx?ID=30301", "/mgAi.aspx?ID=31201", DOCS[5305]})
    assert (first_count, len(requested2)) == (35, 16)  # retries included: 429, 500-then-OK, the broken PDF x3
    assert r.requests == first_count and r2.requests == len(requested2)
    assert all(h.status in (304, 500) for h in site.log if h.path.startswith((WS + "GetMeeting", "/mgAi")))
    assert r2.new_documents == 0 and r2.updated_documents == 0
    assert r2.unchanged_documents == 2  # the two recent decision pages (no ETag), same bytes
    assert r2.not_modified == 9  # 3 lists, the 2025 decisions list, 3 meetings, 2 items
    assert len(sources_in_store(store)) == 13

    # the council publishes more: a new meeting with a report, a new decision, revised minutes
    site.data["meetings"].append({"id": 7005, "committee": 101, "date": "08/07/2025", "time": "10.00 am",
                                  "status": "Confirmed", "items": [
        {"id": 30501, "number": "1.", "title": "Carers support service: contract award", "decision": True,
         "text": "<p>Award of the carers support contract.</p>",
         "docs": [{"id": 5501, "title": "Carers award report", "file": "Carers award report.pdf", "pdf": "retender"}]}]})
    site.data["decisions"].append({"id": 9006, "title": "Direct award of a home care contract for Ashby Wold",
                                   "maker": "Director of Adult Social Services", "published": "10/07/2025",
                                   "date": "09/07/2025", "decision": "<p>To award a contract.</p>"})
    site.meeting(7102)["items"][0]["minutes"] += "<p>The Chair asked for an update in September.</p>"
    site.clear_log()
    third = run(store).results[0]
    new_ok = ok_paths(site)
    assert {f"{WS}GetMeeting?lMeetingId=7005", "/mgAi.aspx?ID=30501", "/documents/s5501/Carers award report.pdf",
            "/ieDecisionDetails.aspx?ID=9006", "/mgAi.aspx?ID=31201"} <= new_ok
    assert not any("ID=9001" in p or "ID=30103" in p or "s5101" in p for p in new_ok)
    assert (third.new_documents, third.updated_documents) == (3, 1)


def test_html_fallback_when_the_web_service_is_off(sqlite_store):
    site = MgSite(webservice=False)
    site.throttle_left.clear()
    try:
        store = sqlite_store
        add(store, site)
        r = run(store).results[0]
        paths = {h.path for h in site.log}
        assert site.hits(f"{WS}GetCommittees")[0].status == 404
        assert "/mgListCommittees.aspx" in paths
        assert {f"/ieListMeetings.aspx?CId={c}&Year={y}" for c in COMMITTEES for y in (2024, 2025)} <= paths
        assert not site.hits("CId=412")
        assert {f"/ieListDocuments.aspx?CId=101&MId={mid}&Ver=4" for mid in (7001, 7002, 7003, 7004)} <= paths
        assert not any("GetMeeting?" in p or "GetMeetings" in p for p in paths)
        assert "MId=7103" not in " ".join(paths)  # cancelled
        assert r.notes["mode"] == "html"
        # the same documents as through the web service
        assert sources_in_store(store) == (
            {site.url(f"/mgAi.aspx?ID={i}") for i in RELEVANT_ITEMS}
            | {site.url(f"/ieDecisionDetails.aspx?ID={d}") for d in RELEVANT_DECISIONS}
            | {site.url(p.replace(" ", "%20")) for k, p in DOCS.items() if k != 5305})
        assert [e["url"] for e in r.errors] == [site.url("/documents/s5305/Orchard%20Court%20extension.pdf")]

        site.clear_log()
        r2 = run(store).results[0]
        assert r2.new_documents == 0
        again = {h.path for h in site.log}
        for settled in ("/mgAi.aspx?ID=30103", "/ieDecisionDetails.aspx?ID=9001", DOCS[5101],
                        "/ieListDocuments.aspx?CId=101&MId=7001&Ver=4"):
            assert settled not in again
    finally:
        site.close()


# -- robustness ------------------------------------------------------------------------------------
class Interrupting(Fetcher):
    """Stops the run (as Ctrl-C or SIGTERM would) at the n-th request."""

    def __init__(self, at: int, **kw):
        super().__init__(**{"allow_private": ["127.0.0.0/8"], "rate": 0, "backoff": 0.01, "timeout": 2,
                            "retries": 2, **kw})
        self.at, self.calls = at, 0

    def get(self, url, **kw):
        self.calls += 1
        if self.calls == self.at:
            raise KeyboardInterrupt
        return super().get(url, **kw)


def test_resumes_after_an_interruption(sqlite_store, site):
    store = sqlite_store
    site.throttle_left.clear()
    src = add(store, site)
    with pytest.raises(KeyboardInterrupt):
        run(store, fetcher=Interrupting(at=24))
    assert source_runs(store, src["id"])[0]["status"] == "interrupted"
    first_ok = ok_paths(site)
    partial = sources_in_store(store)
    assert 0 < len(partial) < 13
    settled = {row.url for row in crawl_rows(store, src["id"]) if row.settled}

    site.clear_log()
    r = run(store).results[0]  # the lock was released: this run starts
    assert len(sources_in_store(store)) == 13
    assert r.new_documents == 13 - len(partial)
    again = {site.url(h.path.replace(" ", "%20")) for h in site.log}
    assert not (again & settled)  # nothing settled in the interrupted run is fetched again
    assert {p for p in first_ok if p.startswith(("/mgAi", "/documents"))}.isdisjoint(
        {h.path for h in site.log if h.status == 200 and h.path.startswith("/documents")})
    assert all(row.status != "pending" for row in crawl_rows(store, src["id"]))


def test_request_budget_leaves_the_rest_for_the_next_run(sqlite_store, site):
    store = sqlite_store
    site.throttle_left.clear()
    add(store, site)
    r = run(store, limit=15).results[0]
    assert r.status == "partial"
    assert list_sources(store)[0]["pending"] > 0
    r2 = run(store).results[0]
    assert r2.status == "errors"  # only the broken PDF
    assert list_sources(store)[0]["pending"] == 0
    assert len(sources_in_store(store)) == 13


def test_a_slow_page_times_out_and_the_rest_goes_on(sqlite_store):
    site = MgSite(slow_delay=1.0)
    try:
        store = sqlite_store
        add(store, site, committees=["Health and Wellbeing"], decisions=False)
        r = run(store, fetcher=fetcher(timeout=0.25, retries=0)).results[0]
        assert r.status == "errors"
        assert [e["url"] for e in r.errors] == [site.url("/mgAi.aspx?ID=32101")]
        assert "timed out" in r.errors[0]["error"]
        assert {h.path for h in site.log if "GetMeetings" in h.path} == {meetings_list(305, 2024),
                                                                         meetings_list(305, 2025)}
        site.slow_delay = 0.05  # the page recovers: the next sync fetches it
        r2 = run(store, fetcher=fetcher(timeout=1, retries=0)).results[0]
        assert r2.status == "ok" and r2.new_documents == 1
    finally:
        site.close()


def test_private_addresses_are_refused_unless_allowed(sqlite_store, site):
    add(sqlite_store, site)
    r = sync(sqlite_store, today=TODAY, fetcher=Fetcher(rate=0, retries=0)).results[0]
    assert r.status == "failed"
    assert "refusing 127.0.0.1" in r.errors[0]["error"]
    assert site.log == []


def test_lock_stops_a_second_run(sqlite_store, site):
    add(sqlite_store, site)
    with SyncLock(sqlite_store):
        with pytest.raises(SyncBusy):
            run(sqlite_store)
    assert site.log == []


def test_on_each_backend(store, site):
    """The migration, crawl state and lock on SQLite and PostgreSQL."""
    site.throttle_left.clear()
    src = add(store, site, committees=["cabinet"], decisions=False)
    r = run(store).results[0]
    assert {h.path for h in site.log if "GetMeetings" in h.path} == {meetings_list(101, 2024),
                                                                     meetings_list(101, 2025)}
    assert sources_in_store(store) == ({site.url(f"/mgAi.aspx?ID={i}") for i in (30103, 30202, 30301)}
                                       | {site.url(DOCS[k].replace(" ", "%20")) for k in (5101, 5202)})
    assert r.new_documents == 5 and len(r.errors) == 1
    site.clear_log()
    assert run(store).results[0].new_documents == 0
    assert not site.hits("mgAi.aspx?ID=30103")
    with SyncLock(store):
        with pytest.raises(SyncBusy):
            with SyncLock(store):
                pass
    assert remove_source(store, src["id"])["id"] == src["id"]
    assert list_sources(store) == [] and crawl_rows(store, src["id"]) == []
    assert len(sources_in_store(store)) == 5  # documents stay


def test_a_page_that_keeps_failing_is_given_up_after_five_syncs(sqlite_store, site):
    from contractwatch.sync import MAX_ATTEMPTS

    add(sqlite_store, site, committees=["Cabinet"], decisions=False)
    tries = []
    for _ in range(MAX_ATTEMPTS + 2):
        site.clear_log()
        run(sqlite_store, fetcher=fetcher(retries=0))
        tries.append(len(site.hits("/documents/s5305/")))
    assert tries == [1] * MAX_ATTEMPTS + [0, 0]


def test_named_committees_and_all_items(sqlite_store, site):
    site.throttle_left.clear()
    add(sqlite_store, site, committees=["412"], all_items=True, decisions=False)  # by id
    r = run(sqlite_store).results[0]
    assert {h.path for h in site.log if "GetMeetings" in h.path} == {meetings_list(412, 2024),
                                                                     meetings_list(412, 2025)}
    assert sources_in_store(sqlite_store) == {site.url("/mgAi.aspx?ID=33101"), site.url("/mgAi.aspx?ID=33102")}
    assert r.status == "ok"


def test_summary_reports_errors_by_source(sqlite_store, site):
    site.throttle_left.clear()
    add(sqlite_store, site, committees=["Cabinet"], decisions=False)
    summary = run(sqlite_store)
    text = "\n".join(summary.lines())
    assert "5 new documents" in text and "1 errors" in text
    assert "error: " + site.url("/documents/s5305/Orchard%20Court%20extension.pdf") in text
    d = summary.to_dict()
    assert d["totals"]["new_documents"] == 5 and d["totals"]["errors"] == 1
    assert d["sources"][0]["errors"][0]["error"].startswith("HTTP 500")


# -- the command line and the web page ---------------------------------------------------------------
def test_cli_and_web_page(tmp_path, site, monkeypatch):
    from contractwatch.cli import app

    monkeypatch.delenv("CONTRACTWATCH_ALLOW_PRIVATE", raising=False)
    monkeypatch.delenv("CONTRACTWATCH_DB", raising=False)
    db = str(tmp_path / "cli.db")
    cli = CliRunner()

    def call(*args):
        return cli.invoke(app, [*args, "--db", db])

    res = call("source", "add", "moderngov", site.url("/mgListCommittees.aspx"), "--committees", "Cabinet",
               "--since", "2024-09-01", "--no-decisions")
    assert res.exit_code == 0, res.output
    assert "added source 1" in res.output
    assert call("source", "add", "moderngov", site.base_url).exit_code == 2  # already there
    assert call("source", "add", "moderngov", "ftp://example.org/").exit_code == 2
    assert call("source", "add", "moderngov", site.base_url + "/x", "--since", "last year").exit_code == 2
    listed = json.loads(call("source", "list", "--format", "json").output)
    assert listed[0]["url"] == site.base_url and listed[0]["options"]["committees"] == ["Cabinet"]
    assert listed[0]["options"]["decisions"] is False

    refused = call("sync", "--rate", "0", "--retries", "0")  # 127.0.0.1 is refused by default
    assert refused.exit_code == 1 and "refusing 127.0.0.1" in refused.output
    assert site.log == []

    res = call("sync", "--allow-private", "--rate", "0", "--retries", "0", "--timeout", "2")
    assert res.exit_code == 1, res.output  # the broken PDF
    assert "5 new documents" in res.output and "Orchard%20Court" in res.output
    res = call("sync", "--allow-private", "--rate", "0", "--retries", "0", "--format", "json")
    summary = json.loads(res.output)
    assert summary["totals"]["new_documents"] == 0 and summary["totals"]["errors"] == 1
    assert call("sync", "--source", "nope", "--allow-private").exit_code == 2

    from contractwatch.store import Store

    store = Store(db)
    with SyncLock(store):
        busy = call("sync", "--allow-private")
    assert busy.exit_code == 75

    from fastapi.testclient import TestClient

    from contractwatch.api import create_app

    client = TestClient(create_app(store))
    page = client.get("/sources")
    assert page.status_code == 200
    assert site.base_url in page.text and "Orchard%20Court" in page.text and "errors" in page.text
    assert 'href="/sources"' in page.text  # in the navigation
    data = client.get("/api/v1/sources").json()
    assert data["total"] == 1
    last = data["sources"][0]["last_run"]
    assert last["error_count"] == 1 and last["new_documents"] == 0 and data["sources"][0]["documents"] == 5
    one = client.get("/api/v1/sources/1").json()
    assert [(r["status"], r["new_documents"]) for r in one["runs"]] == [("errors", 0), ("errors", 5), ("failed", 0)]
    assert client.get("/api/v1/sources/99").status_code == 404

    assert call("source", "remove", "1").exit_code == 0
    assert "no sources yet" in call("source", "list").output
    assert call("source", "remove", "1").exit_code == 1
