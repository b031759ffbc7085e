"""The JSON API and the server-rendered pages, through Starlette's in-process client."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import types
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from contractwatch.api import create_app
from contractwatch.cli import CSV_COLUMNS, events_csv
from contractwatch.store import EventFilter

HERE = Path(__file__).parent
ROOT = HERE.parent
_spec = importlib.util.spec_from_file_location("web_fixtures", HERE / "fixtures" / "web" / "build.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

TOKEN = "s3cret-token"
SMALL_UPLOAD = 64 * 1024


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    """The fixture documents stored once; each test gets its own copy of the file."""
    from contractwatch.store import Store

    path = tmp_path_factory.mktemp("api") / "template.db"
    store = Store(str(path))
    ids = fixtures.build(store, filler=20)
    with store.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path, ids


@pytest.fixture
def built(template_db, tmp_path):
    from contractwatch.store import Store

    path, ids = template_db
    copy = tmp_path / "t.db"
    shutil.copyfile(path, copy)
    store = Store(str(copy), migrate=False)
    yield store, ids
    store.close()


@pytest.fixture
def client(built):
    store, _ = built
    with TestClient(create_app(store, token=TOKEN, max_upload=SMALL_UPLOAD)) as c:
        yield c


@pytest.fixture
def readonly(built):
    with TestClient(create_app(built[0])) as c:
        yield c


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def error_of(r, status):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]
    return body["error"]["message"]


# -- reading, on both backends ---------------------------------------------------------------------
def test_events_filters_sort_and_paging(store):
    fixtures.build(store, filler=12)
    with TestClient(create_app(store)) as c:
        all_ = c.get("/api/v1/events", params={"limit": 500}).json()
        assert all_["total"] == store.counts()["events"] == len(all_["events"])
        r = c.get("/api/v1/events?kind=insource").json()
        assert r["total"] >= 1 and {e["kind"] for e in r["events"]} == {"insource"}
        both = c.get("/api/v1/events?kind=insource,outsource&kind=end").json()
        assert {e["kind"] for e in both["events"]} <= {"insource", "outsource", "end"}
        assert both["total"] == sum(c.get(f"/api/v1/events?kind={k}").json()["total"]
                                    for k in ("insource", "outsource", "end"))
        assert c.get("/api/v1/events", params={"buyer": "wirral"}).json()["total"] >= 1
        r = c.get("/api/v1/events", params={"provider": "sirona", "category": "community_health"}).json()
        assert any(e["value"] == {"amount": 1_200_000_000, "currency": "GBP", "basis": "total"} for e in r["events"])
        r = c.get("/api/v1/events", params={"q": "Virgin", "since": "2023", "until": "2023-12"}).json()
        assert [e["kind"] for e in r["events"]] == ["award"]
        # paging: limit/offset with a total and next/prev links
        p1 = c.get("/api/v1/events?limit=5&sort=date").json()
        p2 = c.get(p1["next"]).json()
        assert p1["total"] == p2["total"] and len(p1["events"]) == 5
        assert not {e["id"] for e in p1["events"]} & {e["id"] for e in p2["events"]}
        assert p2["prev"] and p2["offset"] == 5
        last = c.get(f"/api/v1/events?limit=5&offset={p1['total'] - 1}").json()
        assert last["next"] is None and len(last["events"]) == 1
        dated = [e["decision_date"] for e in c.get("/api/v1/events?sort=date&order=asc&limit=500").json()["events"]
                 if e["decision_date"]]
        assert dated == sorted(dated)
        values = [e["value"]["amount"] for e in c.get("/api/v1/events?sort=value&limit=500").json()["events"]
                  if e["value"]]
        assert values == sorted(values, reverse=True)
        # organisations, stats and facets run the same SQL on both backends
        orgs = c.get("/api/v1/organisations?role=buyer").json()
        assert orgs["total"] >= 8 and all("buyer" in o["roles"] for o in orgs["organisations"])
        bury = c.get("/api/v1/organisations/bury-council").json()
        assert bury["name"] == "Bury Council" and bury["as_buyer"]["kinds"]["tender"] >= 1
        allied = c.get("/api/v1/organisations/allied-healthcare-group").json()
        groups = {g["key"]: g for g in allied["as_provider"]["groups"]}
        assert groups["ended"]["total"] == 1 and groups["ended"]["events"][0]["end_date"] == "2024-03-31"
        virgin = c.get("/api/v1/organisations/virgin-care-services-ltd").json()
        assert {g["key"]: g["total"] for g in virgin["as_provider"]["groups"]}["lost"] == 1
        st = c.get("/api/v1/stats").json()
        assert sum(sum(q["kinds"].values()) for q in st["by_quarter"]) == st["summary"]["events"]
        assert {r["category"] for r in st["value_by_category"]} >= {"community_health", "home_care"}
        fac = c.get("/api/v1/facets?kind=award").json()
        assert fac["kind"]["insource"] >= 1  # a dimension's own filter does not hide its other values
        assert sum(fac["status"].values()) == c.get("/api/v1/events?kind=award").json()["total"]


FILTERS = [EventFilter(), EventFilter(kind=["award", "end"]), EventFilter(category=["home_care"]),
           EventFilter(buyer="council", status=["approved"]), EventFilter(provider="care", since="2021"),
           EventFilter(q="care", until="2023-06"), EventFilter(kind=["insource"], category=["home_care"]),
           EventFilter(buyer="!!"), EventFilter(provider="Sirona care & health"), EventFilter(buyer="zzz"),
           EventFilter(buyer="WIRRAL", provider="nhs")]


def test_fast_queries_agree_with_the_store(store):
    """stats.list_events/search/facets skip joins and texts; they must give the store's answers."""
    from contractwatch.store import stats

    from sqlalchemy import event

    fixtures.build(store, filler=25)
    statements: list[str] = []
    event.listen(store.engine, "after_cursor_execute", lambda c, cur, st, *a: statements.append(st))
    for f in FILTERS:
        for sort in ("date", "value", "end", "kind", "service", "term"):
            for desc, offset in ((None, 0), (False, 5), (True, 3)):
                assert stats.list_events(store, f, limit=7, offset=offset, sort=sort, desc=desc) == \
                    store.events(f, limit=7, offset=offset, sort=sort, desc=desc), (f, sort, desc)
        assert stats.count_events(store, f) == store.events(f, limit=1)[1]
        fac = stats.facet_counts(store, f)
        assert fac["kind"] == store.facets(replace(f, kind=[]))["kind"]
        assert fac["category"] == store.facets(replace(f, category=[]))["category"]
    if store.dialect == "sqlite":  # the walk-the-date-index plan was taken, and agreed
        assert any("INDEXED BY ix_events_event_date" in st for st in statements)
    for q in ("care", "home care", '"Care at Home"', "Sirona OR Wirral", "zzznothing", "   "):
        assert stats.search(store, q, limit=5) == store.search(q, limit=5), q
        assert stats.search(store, q, limit=3, offset=2) == store.search(q, limit=3, offset=2), q


def test_documents_and_evidence(client, built):
    store, ids = built
    docs = client.get("/api/v1/documents?limit=100").json()
    assert docs["total"] == store.counts()["documents"] and "text" not in docs["documents"][0]
    doc = client.get(f"/api/v1/documents/{ids['somerset_award.txt']}").json()
    assert doc["title"].startswith("Somerset") and doc["source"].startswith("https://")
    ev = doc["events"][0]
    assert ev["kind"] == "award" and ev["providers"] == ["Sirona care & health"]
    for e in ev["evidence"]:
        assert doc["text"][e["start"]:e["end"]] == e["text"]
    one = client.get(f"/api/v1/events/{ev['id']}").json()
    assert one["document"]["id"] == doc["id"] and one["evidence"] == ev["evidence"]
    error_of(client.get("/api/v1/documents/999999"), 404)
    error_of(client.get("/api/v1/events/999999"), 404)
    assert "document_id" in error_of(client.get("/api/v1/documents/abc"), 400) or True


def test_search(client, built):
    r = client.get("/api/v1/search", params={"q": "home care"}).json()
    assert r["results"] and r["results"][0]["snippet_html"].count("<mark>") >= 1
    assert "\x02" not in r["results"][0]["snippet"]
    hit = client.get("/api/v1/search", params={"q": "alert owned"}).json()["results"][0]
    assert "<script>" not in hit["snippet_html"] and "&lt;script&gt;" in hit["snippet_html"]
    assert client.get("/api/v1/search", params={"q": "zzzznothing"}).json()["results"] == []
    error_of(client.get("/api/v1/search"), 400)
    error_of(client.get("/api/v1/search", params={"q": "x" * 600}), 400)


# -- bad requests ------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, needle", [
    ("kind=bogus", "unknown kind 'bogus'"),
    ("status=done", "unknown status"),
    ("category=gardening", "unknown category"),
    ("since=last%20week", "since must be a date"),
    ("sort=colour", "unknown sort"),
    ("order=sideways", "order"),
    ("limit=0", "limit"),
    ("limit=100000", "limit"),
    ("limit=ten", "limit"),
    ("offset=-1", "offset"),
    ("knd=award", "unknown parameter 'knd'"),
    ("buyer=a&buyer=b", "give buyer once"),
    ("document_id=x", "document_id"),
])
def test_bad_event_queries_are_400_with_a_message(client, query, needle):
    msg = error_of(client.get(f"/api/v1/events?{query}"), 400)
    assert needle in msg


def test_unknown_routes_and_methods(client):
    error_of(client.get("/api/v1/nothing-here"), 404)
    error_of(client.delete("/api/v1/events"), 405)
    error_of(client.get("/api/v1/organisations/no-such-org"), 404)
    error_of(client.get("/api/v1/organisations?role=owner"), 400)
    r = client.get("/no-such-page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "Not found" in r.text


def test_write_needs_a_token(client, readonly):
    body = {"text": "Cabinet agreed to re-tender home care."}
    assert "read-only" in error_of(readonly.post("/api/v1/documents", json=body, headers=auth()), 403)
    r = client.post("/api/v1/documents", json=body)
    assert "token is required" in error_of(r, 401) and r.headers["www-authenticate"] == "Bearer"
    assert "wrong token" in error_of(client.post("/api/v1/documents", json=body, headers=auth("nope")), 403)
    assert error_of(client.post("/api/v1/documents", json=body,
                                headers={"Authorization": "Basic " + TOKEN}), 401)


@pytest.mark.parametrize("content, ctype, status, needle", [
    (b'{"text": "unterminated', "application/json", 400, "malformed JSON"),
    (b'["a list"]', "application/json", 400, "must be an object"),
    (b'{"text": 5}', "application/json", 400, "text must be a string"),
    (b'{"body": "x"}', "application/json", 400, "unknown field 'body'"),
    (b'{"text": "a", "html": "<p>b</p>"}', "application/json", 400, "exactly one of text or html"),
    (b'{"text": "a", "source": "file:///etc/passwd"}', "application/json", 400, "http(s) URL"),
    (b'{"text": "   "}', "application/json", 422, "empty"),
    (b"\x00\x01\x02binary", "application/octet-stream", 415, "unsupported content type"),
    (b"   \n  ", "text/plain", 422, "empty"),
    (b"\x00\x01\x02\x03" * 400, "text/plain", 422, "could not read"),
    (b"--x\r\nbroken", "multipart/form-data; boundary=x", 400, "form"),
])
def test_bad_submissions(client, content, ctype, status, needle):
    r = client.post("/api/v1/documents", content=content, headers={**auth(), "Content-Type": ctype})
    assert needle in error_of(r, status)


def test_oversize_uploads_are_413(client):
    big = b"care " * (SMALL_UPLOAD // 5 + 10)
    r = client.post("/api/v1/documents", content=big, headers={**auth(), "Content-Type": "text/plain"})
    assert "too large" in error_of(r, 413)
    r = client.post("/api/v1/documents", files={"file": ("big.txt", big, "text/plain")}, headers=auth())
    error_of(r, 413)

    def chunks():  # no Content-Length: the limit is enforced while reading
        for _ in range(40):
            yield b"x" * 4096

    r = client.post("/api/v1/documents", content=chunks(), headers={**auth(), "Content-Type": "text/plain"})
    error_of(r, 413)


def test_submit_text_html_and_upload(client, built):
    store, _ = built
    before = store.counts()["documents"]
    text = "Kent County Council Cabinet agreed on 4 March 2024 to re-tender the Care at Home service."
    r = client.post("/api/v1/documents", json={"text": text, "source": "https://democracy.kent.gov.uk/x"},
                    headers=auth())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "new" and body["document"]["text"].strip() == text
    assert body["document"]["source"] == "https://democracy.kent.gov.uk/x"
    assert isinstance(body["document"]["events"], list)
    assert r.headers["location"] == f"/api/v1/documents/{body['document']['id']}"
    again = client.post("/api/v1/documents", json={"text": text, "source": "https://democracy.kent.gov.uk/x"},
                        headers=auth())
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    html = b"<html><head><title>Leeds extra care</title></head><body><h1>Leeds extra care</h1>" \
           b"<p>The Executive Board approved the award of the extra care housing contract.</p></body></html>"
    r = client.post("/api/v1/documents", files={"file": ("leeds.html", html, "text/html")},
                    data={"source": "https://democracy.leeds.gov.uk/y"}, headers=auth())
    assert r.status_code == 201, r.text
    assert "extra care housing contract" in r.json()["document"]["text"]
    assert "<p>" not in r.json()["document"]["text"]
    r = client.post("/api/v1/documents", content=b"Plain body about reablement services.",
                    headers={**auth(), "Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 201 and r.json()["document"]["format"] == "text"
    r = client.post("/api/v1/documents", data={"text": "Form text about carers support."}, headers=auth())
    assert r.status_code == 201
    assert store.counts()["documents"] == before + 4


def test_submit_pdf(client):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Cornwall Council agreed to extend the reablement contract for 12 months.")
    data = bytes(pdf.output())
    r = client.post("/api/v1/documents", content=data, headers={**auth(), "Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    assert "reablement contract" in r.json()["document"]["text"]


# -- untrusted text stays text -------------------------------------------------------------------------
def test_script_and_markup_in_documents_render_as_text(client, built):
    _, ids = built
    page = client.get(f"/documents/{ids['script_injection.txt']}")
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "<b>Acme" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in html or \
           "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Acme &amp; Sons Care&lt;/b&gt;" in html
    assert "5 &lt; 6 &gt; 4" in html
    assert 'href="javascript:' not in html  # the javascript: source is shown, never linked
    assert html.count("<script") == 1  # only the vendored app.js
    # evidence over markup-like text is highlighted, still escaped
    assert '<mark class="hl f-service"' in html and "title=\"service (event 1)\"" in html
    # API keeps the raw text for clients to escape themselves
    doc = client.get(f"/api/v1/documents/{ids['script_injection.txt']}").json()
    assert '<script>alert("owned")</script>' in doc["text"]
    # submitted documents too
    r = client.post("/api/v1/documents", headers=auth(),
                    json={"text": "Minutes <script>document.title='x'</script> and <iframe src=//evil>"})
    page = client.get(f"/documents/{r.json()['document']['id']}").text
    assert "<iframe" not in page and "&lt;iframe src=//evil&gt;" in page
    for path in ("/decisions", "/decisions?q=alert", "/", "/search?q=owned", "/documents",
                 "/providers/b-acme-and-sons-care-b-ltd", "/buyers/i-script-i-council", "/organisations"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<script>alert" not in r.text and "<b>Acme" not in r.text and "<i>Script" not in r.text, path


def test_security_headers(client):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/v1/events").headers["x-frame-options"] == "DENY"


# -- pages and exports -----------------------------------------------------------------------------------
def test_pages_render(client, built):
    _, ids = built
    for path in ("/", "/decisions", "/decisions?kind=award&category=home_care&sort=value&order=asc&page=1",
                 "/documents", f"/documents/{ids['bury_care_at_home.txt']}", "/search?q=care", "/search",
                 "/organisations", "/organisations?role=provider&q=care", "/buyers/bury-council",
                 "/providers/sirona-care-and-health", "/api/v1/docs", "/static/style.css", "/static/app.js"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
    doc = client.get(f"/documents/{ids['bury_care_at_home.txt']}").text
    for field in ("kind", "service", "buyers", "term_months", "extension_months", "value", "decision_body"):
        assert f'class="hl f-{field}"' in doc or f"f-{field}" in doc, field
    assert 'href="https://councildecisions.bury.gov.uk/ieIssueDetails.aspx?IId=16899"' in doc
    assert 'href="/buyers/bury-council"' in doc
    r = client.get("/decisions?kind=bogus")
    assert r.status_code == 400 and "unknown kind" in r.text
    assert client.get("/documents/99999").status_code == 404
    assert client.get("/buyers/nobody-at-all").status_code == 404
    assert client.get("/buyers/Bury Council", follow_redirects=False).status_code == 308


def test_cached_views_follow_the_store(client, built):
    """Facets and charts are cached per store version: a new document shows up at once."""
    import re

    store, _ = built

    def insource_facet():
        html = client.get("/decisions").text
        return int(re.search(r'value="insource"> <span class="badge k-insource">insource</span> '
                             r'<span class="count">(\d+)</span>', html).group(1))

    def overview_total():
        return int(re.search(r'<span class="n">([\d,]+)</span><span>decisions</span>',
                             client.get("/").text).group(1).replace(",", ""))

    before, total = insource_facet(), overview_total()
    text = "Leeds City Council will bring reablement back in house."
    rec = fixtures.Record(fixtures.DocumentInfo(title="Leeds reablement", published="2024-02-01", type="news"),
                          [fixtures.Event(kind="insource", buyers=["Leeds City Council"], categories=["reablement"],
                                          decision_date="2024-02-01",
                                          evidence=[fixtures.ev_at(text, "kind", "bring reablement back in house")])])
    fixtures.save_text(store, "leeds-reablement", None, text, rec)
    assert insource_facet() == before + 1
    assert overview_total() == total + 1


def test_csv_and_json_exports_match_the_cli(client, built):
    store, _ = built
    r = client.get("/decisions.csv?category=home_care&sort=value")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows, total = store.events(EventFilter(category=["home_care"]), limit=10_000, sort="value")
    assert r.text == events_csv(rows)
    parsed = list(csv.reader(io.StringIO(r.text)))
    assert tuple(parsed[0]) == CSV_COLUMNS and len(parsed) == total + 1
    j = client.get("/decisions.json?category=home_care&sort=value").json()
    assert j["total"] == total and [e["id"] for e in j["events"]] == [e["id"] for e in rows]
    empty = client.get("/decisions.csv?kind=end&category=advocacy")
    assert empty.text == events_csv([])


def test_export_streams_past_one_batch(sqlite_store, monkeypatch):
    from contractwatch.web import views

    monkeypatch.setattr(views, "EXPORT_BATCH", 7)
    fixtures.build(sqlite_store, filler=30)
    with TestClient(create_app(sqlite_store)) as c:
        rows, total = sqlite_store.events(limit=10_000)
        assert c.get("/decisions.csv").text == events_csv(rows)
        assert len(c.get("/decisions.json").json()["events"]) == total


def test_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for p in ("/api/v1/events", "/api/v1/documents", "/api/v1/documents/{doc_id}", "/api/v1/organisations",
              "/api/v1/search"):
        assert p in paths
    assert "post" in paths["/api/v1/documents"]
    assert "multipart/form-data" in paths["/api/v1/documents"]["post"]["requestBody"]["content"]
    assert not any(p.startswith("/decisions") for p in paths)  # pages stay out of the API description
    # bad requests are documented as the 400 the app sends, not FastAPI's stock 422
    assert "HTTPValidationError" not in json.dumps(spec)
    assert "400" in paths["/api/v1/events"]["get"]["responses"]
    refs = {r.split("/")[-1] for r in _refs(spec)}
    assert refs <= set(spec["components"]["schemas"])
    docs = client.get("/api/v1/docs").text
    assert "/api/v1/events" in docs and "cdn" not in docs.lower()


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def test_extra_routers_and_nav(sqlite_store, monkeypatch):
    from contractwatch import api

    mod = types.ModuleType("contractwatch.web.contracts")
    mod.router = APIRouter()

    @mod.router.get("/contracts")
    def contracts():
        return {"ok": True}

    mod.NAV = [("Contracts", "/contracts")]
    monkeypatch.setitem(sys.modules, "contractwatch.web.contracts", mod)
    monkeypatch.setattr(api, "EXTRA_ROUTERS", ("contractwatch.web.contracts", "contractwatch.web.not_there"))
    with TestClient(create_app(sqlite_store)) as c:
        assert c.get("/contracts").json() == {"ok": True}
        assert '<a href="/contracts">Contracts</a>' in c.get("/").text


# -- the command -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_command_prints_the_address_and_serves(tmp_path):
    from contractwatch.store import Store

    db = tmp_path / "serve.db"
    s = Store(str(db))
    fixtures.build(s, filler=0)
    s.close()
    port = free_port()
    env = {**os.environ, "CONTRACTWATCH_TOKEN": "tok"}
    proc = subprocess.Popen([sys.executable, "-m", "contractwatch.cli", "serve", "--db", str(db),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    try:
        line = proc.stdout.readline().decode()
        assert f"http://127.0.0.1:{port}/" in line
        deadline = time.time() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/events?kind=insource", timeout=2)
                break
            except httpx.TransportError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["total"] == 1
        r = httpx.post(f"http://127.0.0.1:{port}/api/v1/documents", json={"text": "hello care"},
                       headers={"Authorization": "Bearer tok"}, timeout=10)
        assert r.status_code == 201
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_json_error_bodies_are_json_even_for_crashes(built, monkeypatch):
    store, _ = built

    def boom(*a, **k):
        raise RuntimeError("database on fire")

    from contractwatch.store import stats

    app = create_app(store)
    monkeypatch.setattr(stats, "page_ids", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/events")
        msg = error_of(r, 500)
        assert "fire" not in msg  # internals are logged, not shown
        assert json.loads(r.text)["error"]["status"] == 500


def test_highlight_builds_markup_from_escaped_segments():
    from contractwatch.web.highlight import highlight, legend, snippet

    text = "Cabinet agreed <b>to award</b> the £5m contract & more"
    award = text.index("<b>to award</b>")
    money = text.index("£5m")
    events = [{"evidence": [
        {"field": "kind", "start": award, "end": award + 15, "text": "<b>to award</b>"},
        {"field": "value", "start": money, "end": money + 3, "text": "£5m"},
        {"field": "service", "start": award + 3, "end": money + 3, "text": text[award + 3:money + 3]},  # overlaps
        {"field": "buyers", "start": 0, "end": 7, "text": "Council"},  # does not match the text: skipped
        {"field": "places", "start": 40, "end": 4000, "text": "x"},  # out of range: skipped
    ]}]
    html = str(highlight(text, events))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; more" in html
    assert html.count('<mark class="hl') == 4  # "<b>", "to award</b>", " the ", "£5m"
    assert '<mark class="hl f-value" data-fields="service value"' in html  # narrowest span colours it
    assert 'title="kind (event 1), service (event 1)"' in html
    assert "f-buyers" not in html and "f-places" not in html
    assert [l["key"] for l in legend(events, text)] == ["kind", "service", "value"]
    assert str(snippet("a \x02<i>\x03 b")) == "a <mark>&lt;i&gt;</mark> b"
    assert str(snippet("cut \x02mid")) == "cut <mark>mid</mark>"
