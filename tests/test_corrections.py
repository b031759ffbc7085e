"""Corrections by hand: recorded with who and when, shown as such, kept across re-extraction."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

import histories as H
from contractwatch import link
from contractwatch.corrections import (CorrectionError, correct_event, corrections_for_events, list_corrections,
                                       parse_value)
from contractwatch.store import EventFilter
from histories import isolate_reference  # noqa: F401 - autouse fixture

TODAY = date(2025, 6, 1)


def only_event(store, doc_id):
    rows, _ = store.events(EventFilter(document_id=doc_id))
    assert len(rows) == 1
    return rows[0]


def test_a_corrected_field_survives_reextraction(store):
    ids = H.build(store, H.HISTORIES["bury"])
    link.refresh(store, today=TODAY)
    ev = only_event(store, ids["bury_2024_extend"])
    c = correct_event(store, ev["id"], "end_date", "2027-06-30", who="alice", note="the minutes say June")
    assert (c["old_value"], c["new_value"], c["who"], c["status"]) == ("2027-03-31", "2027-06-30", "alice", "applied")
    assert c["at"] and c["note"] == "the minutes say June"
    assert only_event(store, ids["bury_2024_extend"])["end_date"] == "2027-06-30"
    cid = link.contract_of_event(store, ev["id"])
    assert link.get_contract(store, cid).end_low == "2027-06-30"  # the forecast moved with it
    # shown as such on the timeline
    t = [x for x in link.get_contract(store, cid).timeline if x["id"] == ev["id"]][0]
    assert t["corrections"][0]["field"] == "end_date" and t["corrections"][0]["who"] == "alice"
    # the document is re-extracted: new rows with the extractor's value …
    H.save(store, "bury_2024_extend", salt="re-extracted")
    ev2 = only_event(store, ids["bury_2024_extend"])
    assert ev2["end_date"] == "2027-03-31"
    # … and the refresh after ingest puts the correction back
    link.refresh(store, [ids["bury_2024_extend"]], today=TODAY)
    ev3 = only_event(store, ids["bury_2024_extend"])
    assert ev3["end_date"] == "2027-06-30"
    assert corrections_for_events(store, [ev3["id"]])[ev3["id"]][0]["who"] == "alice"
    assert link.get_contract(store, link.contract_of_event(store, ev3["id"])).end_low == "2027-06-30"


def test_correcting_names_relinks_and_a_kind_correction_keeps_its_key(store):
    ids = H.build(store, ["dorset_2023_north", "dorset_2023_south", "dorset_2025_extend"])
    link.refresh(store, today=TODAY)
    ext = only_event(store, ids["dorset_2025_extend"])
    north = link.contract_of_event(store, only_event(store, ids["dorset_2023_north"])["id"])
    assert link.contract_of_event(store, ext["id"]) != north  # ambiguous: left alone
    correct_event(store, ext["id"], "providers", "Alpha Care Ltd", who="bob")
    assert link.contract_of_event(store, ext["id"]) == north  # now it knows which one
    correct_event(store, ext["id"], "kind", "end", who="bob")
    correct_event(store, ext["id"], "term_months", "-", who="bob")
    rows = list_corrections(store)
    assert [r["kind"] for r in rows] == ["extend", "extend", "extend"]  # keyed by the extracted kind
    H.save(store, "dorset_2025_extend", salt="again")
    link.refresh(store, [ids["dorset_2025_extend"]], today=TODAY)
    ev = only_event(store, ids["dorset_2025_extend"])
    assert (ev["kind"], ev["providers"], ev["term_months"]) == ("end", ["Alpha Care Ltd"], None)
    assert link.contract_of_event(store, ev["id"]) == north
    assert link.get_contract(store, north).status == "ending"
    # the document loses the event: the corrections are kept, marked orphaned
    from contractwatch.record import DocumentInfo, Record

    store.save(key=H.DOCS["dorset_2025_extend"][0], source=None, sha256="0" * 64, fmt="text", text="nothing",
               record=Record(DocumentInfo(), []))
    link.refresh(store, [ids["dorset_2025_extend"]], today=TODAY)
    assert {r["status"] for r in list_corrections(store)} == {"orphaned"}


@pytest.mark.parametrize("field,value,expected", [
    ("kind", "Extend", "extend"), ("term_months", "18", 18), ("term_months", "18m", 18), ("end_date", "2024-03", "2024-03"),
    ("providers", "Acme Ltd; Beta CIC", ["Acme Ltd", "Beta CIC"]), ("categories", "home care, reablement",
                                                                       ["home_care", "reablement"]),
    ("value", "£1.2m annual", {"amount": 1200000, "currency": "GBP", "basis": "annual"}),
    ("value", "3bn", {"amount": 3000000000, "currency": "GBP", "basis": "total"}), ("service", "-", None),
])
def test_values_are_parsed_and_checked(field, value, expected):
    assert parse_value(field, value) == expected


@pytest.mark.parametrize("field,value", [("kind", "renew"), ("term_months", "ten"), ("end_date", "March 2024"),
                                         ("categories", "gardening"), ("nonsense", "x"), ("value", "lots")])
def test_bad_corrections_are_refused(field, value):
    with pytest.raises(CorrectionError):
        parse_value(field, value)


def test_correct_cli(sqlite_store, monkeypatch):
    from contractwatch.cli import app

    ids = H.build(sqlite_store, H.HISTORIES["somerset"])
    monkeypatch.setenv("CONTRACTWATCH_DB", sqlite_store.url)
    run = CliRunner().invoke
    assert run(app, ["contracts", "refresh", "--today", "2025-06-01"]).exit_code == 0
    ev = only_event(sqlite_store, ids["somerset_2024_extend"])
    res = run(app, ["correct", str(ev["id"]), "end_date", "2026-12-31", "--who", "carol", "--note", "typo"])
    assert res.exit_code == 0, res.output
    assert '"2026-09-30" → "2026-12-31"' in res.stdout and "carol" in res.stdout
    data = json.loads(run(app, ["corrections", "-f", "json"]).stdout)
    assert data["corrections"][0]["who"] == "carol" and data["corrections"][0]["note"] == "typo"
    assert run(app, ["correct", str(ev["id"]), "end_date", "soon"]).exit_code == 1
    assert run(app, ["correct", "999999", "kind", "end"]).exit_code == 1
    cid = link.contract_of_event(sqlite_store, ev["id"])
    res = run(app, ["contracts", "show", cid])
    assert res.exit_code == 0 and "end_date by carol" in res.stdout and "2026-12-31" in res.stdout
