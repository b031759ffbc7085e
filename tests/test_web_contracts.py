"""The contract and pipeline pages and their JSON API, including token-protected corrections."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

import histories as H
from contractwatch import link
from histories import isolate_reference  # noqa: F401 - autouse fixture

TOKEN = "t0ken-for-tests"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from contractwatch.api import create_app
    from contractwatch.store import Store

    s = Store(str(tmp_path_factory.mktemp("web") / "w.db"))
    ids = H.build(s)
    link.refresh(s, today=date(2025, 6, 1))
    c = TestClient(create_app(s, token=TOKEN))
    c.store, c.ids = s, ids
    yield c
    s.close()


def cid_of(client, name):
    from contractwatch.store import EventFilter

    rows, _ = client.store.events(EventFilter(document_id=client.ids[name]))
    return link.contract_of_event(client.store, rows[0]["id"]), rows[0]["id"]


def test_nav_and_contract_list(client):
    r = client.get("/contracts?category=home_care&region=South+West")
    assert r.status_code == 200
    assert 'href="/pipeline"' in r.text and 'href="/contracts"' in r.text
    assert "Home care (north)" in r.text and "Care at Home" not in r.text
    assert client.get("/contracts?status=bogus").status_code == 400


def test_contract_page_shows_timeline_links_and_documents(client):
    cid, _ = cid_of(client, "bnes_2016_award")
    r = client.get(f"/contracts/{cid}")
    assert r.status_code == 200
    html = r.text
    assert html.count('<tr id="ev-') == 5
    assert "succession" in html and "HCRG Care Group" in html
    assert html.count('<circle') == 5 and 'role="img"' in html
    for name in H.HISTORIES["bnes"]:
        assert f'/documents/{client.ids[name]}"' in html
    assert "How the forecast was reached" in html and "insourced" in html
    assert 'name="token"' in html  # correction forms (the server has a token)
    assert client.get("/contracts/c000").status_code == 404


def test_pipeline_page_chart(client):
    r = client.get("/pipeline?within=18m&category=home_care&region=South+West&today=2025-06-01")
    assert r.status_code == 200
    svg = re.search(r"<svg.*?</svg>", r.text, re.S).group(0)
    assert svg.count('<a href="/contracts/') == 4
    assert 'fill="url(#cwhatch)"' not in svg or "optional extensions" in svg
    assert "today 2025-06-01" in svg and "<title" in svg
    assert "Somerset Care Ltd" in r.text
    # extension options shaded: Bury's contract before its extension was used
    r = client.get("/pipeline?within=5y&buyer=Bury&today=2022-06-01")
    assert r.status_code == 200 and "Care at Home" in r.text
    assert client.get("/pipeline?within=forever").status_code == 400


def test_pipeline_api_json_and_csv(client):
    r = client.get("/api/v1/pipeline", params={"within": "18m", "category": "home_care", "region": "South West",
                                               "today": "2025-06-01"})
    data = r.json()
    assert data["count"] == 4 and data["contracts"][-1]["next_event"] == "award"
    assert all("evidence" in x and "confidence" in x for x in data["contracts"])
    r = client.get("/api/v1/pipeline", params={"within": "18m", "today": "2025-06-01", "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert list(csv.DictReader(io.StringIO(r.text)))


def test_contracts_and_orgs_api(client):
    data = client.get("/api/v1/contracts", params={"buyer": "B&NES"}).json()
    assert data["total"] == 1 and data["contracts"][0]["providers"] == ["HCRG Care Group"]
    cid = data["contracts"][0]["id"]
    one = client.get(f"/api/v1/contracts/{cid}").json()
    assert len(one["timeline"]) == 5 and one["timeline"][1]["link"]["matched"]
    assert client.get("/api/v1/contracts/none").status_code == 404
    orgs = client.get("/api/v1/orgs", params={"search": "virgin"}).json()
    assert orgs["organisations"][0]["id"] == "org:hcrg-care-group"
    assert client.get("/api/v1/orgs/org:hcrg-care-group").json()["name"] == "HCRG Care Group"
    prof = client.get("/api/v1/orgs/council:bromley/profile").json()
    assert prof["role"] == "buyer" and prof["habits"]["waivers"] == 1
    assert client.get("/profiles/council:bromley").status_code == 200
    assert client.get("/profiles/org:heritage-care?role=provider").status_code == 200


def test_corrections_need_the_token(client):
    cid, eid = cid_of(client, "somerset_2024_extend")
    url = f"/api/v1/events/{eid}/corrections"
    body = {"field": "end_date", "value": "2026-12-31", "who": "dana", "note": "checked"}
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
    r = client.post(url, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201 and r.json()["correction"]["who"] == "dana"
    page = client.get(f"/contracts/{cid}").text
    assert "end_date corrected by dana" in page and "2026-12-31" in page
    r = client.post(url, json={"field": "end_date", "value": "soon"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400
    # the HTML form posts the same, with the token as a field
    r = client.post(f"/contracts/{cid}/correct", data={"event_id": eid, "field": "term_months", "value": "27",
                                                       "who": "erin", "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/contracts/{cid}")
    r = client.post(f"/contracts/{cid}/correct", data={"event_id": eid, "field": "term_months", "value": "27",
                                                       "token": "wrong"}, follow_redirects=False)
    assert r.status_code == 403
    listed = client.get("/api/v1/corrections").json()["corrections"]
    assert [c["who"] for c in listed[:2]] == ["erin", "dana"]


def test_split_and_merge_over_the_api(client):
    north, _ = cid_of(client, "dorset_2023_north")
    south, _ = cid_of(client, "dorset_2023_south")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/contracts/merge", json={"keep": north, "other": south}).status_code == 401
    r = client.post("/api/v1/contracts/merge", json={"keep": north, "other": south}, headers=auth)
    assert r.status_code == 200
    merged = r.json()["contract_id"]
    events = [t["id"] for t in client.get(f"/api/v1/contracts/{merged}").json()["timeline"]]
    assert len(events) >= 2
    r = client.post(f"/api/v1/contracts/{merged}/split", json={"event_ids": events[1:2]}, headers=auth)
    assert r.status_code == 200 and r.json()["new"] != merged
    assert client.post(f"/api/v1/contracts/{merged}/split", json={"event_ids": "x"}, headers=auth).status_code == 400


def test_read_only_server_refuses_corrections(tmp_path):
    from fastapi.testclient import TestClient

    from contractwatch.api import create_app
    from contractwatch.store import Store

    s = Store(str(tmp_path / "r.db"))
    ids = H.build(s, H.HISTORIES["bury"])
    link.refresh(s)
    c = TestClient(create_app(s))
    cid = link.list_contracts(s)[0][0].id
    page = c.get(f"/contracts/{cid}").text
    assert "read-only" in page and 'name="token"' not in page
    assert c.post("/api/v1/events/1/corrections", json={"field": "kind", "value": "end"},
                  headers={"Authorization": "Bearer x"}).status_code == 403
    s.close()
