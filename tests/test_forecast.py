"""The forecast: expected end, extension range, next market event, confidence, evidence; the pipeline."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

import histories as H
from histories import isolate_reference  # noqa: F401 - autouse fixture
from contractwatch import forecast as fc
from contractwatch import link

TODAY = date(2025, 6, 1)


def ev(kind, status="approved", **kw):
    return {"id": kw.pop("id", None), "kind": kind, "status": status, **kw}


@pytest.mark.parametrize("start,months,end", [
    ("2017-04-01", 84, "2024-03-31"), ("2020-04", 120, "2030-03"), ("2023", 24, "2024"),
    ("2022-04-01", 36, "2025-03-31"), ("2019-10-01", 60, "2024-09-30"), ("2024-02-29", 12, "2025-02-28"),
])
def test_term_arithmetic_keeps_precision(start, months, end):
    assert fc.PDate.parse(start).end_after(months).iso() == end


def test_extension_moves_month_ends_to_month_ends():
    assert fc.PDate.parse("2024-02-29").extend(12).iso() == "2025-02-28"
    assert fc.PDate.parse("2025-02-28").extend(12).iso() == "2026-02-28"
    assert fc.PDate.parse("2024-03-31").extend(36).iso() == "2027-03-31"
    assert fc.PDate.parse("2024-09").extend(6).iso() == "2025-03"


def test_start_plus_term_with_options_is_a_range():
    f = fc.forecast([ev("award", start_date="2017-04-01", term_months=84, extension_months=36,
                        decision_date="2016-11-03")], today=TODAY)
    assert (f.start, f.end_low, f.end_high, f.basis) == ("2017-04-01", "2024-03-31", "2027-03-31", "start + term")
    assert f.next_event["kind"] == "extend_or_retender" and f.next_event["date"] == "2024-03-31"
    assert not f.closed_to_market


def test_explicit_end_date_beats_term_and_is_most_confident():
    explicit = fc.forecast([ev("award", start_date="2020-01-01", term_months=12, end_date="2021-06-30")])
    derived = fc.forecast([ev("award", start_date="2020-01-01", term_months=12)])
    estimated = fc.forecast([ev("award", decision_date="2019-11-20", term_months=12)])
    assert explicit.end_low == "2021-06-30" and derived.end_low == "2020-12-31"
    assert estimated.end_low == "2020-10" and estimated.basis == "decision + term"
    assert explicit.confidence > derived.confidence > estimated.confidence


def test_extension_moves_the_end_and_uses_up_options():
    tl = [ev("award", start_date="2022-04-01", term_months=36, extension_months=24),
          ev("extend", term_months=12, decision_date="2024-12-01")]
    f = fc.forecast(tl, today=TODAY)
    assert (f.end_low, f.end_high, f.status) == ("2026-03-31", "2027-03-31", "extended")
    # an extension with its own end date
    f = fc.forecast(tl[:1] + [ev("extend", end_date="2026-09-30", extension_months=0)], today=TODAY)
    assert (f.end_low, f.end_high) == ("2026-09-30", "2026-09-30")
    # an extension that only says the options were taken
    f = fc.forecast(tl[:1] + [ev("extend", decision_date="2024-11-01")], today=TODAY)
    assert (f.end_low, f.end_high) == ("2027-03-31", "2027-03-31")


def test_proposed_extension_only_widens_the_range():
    tl = [ev("award", start_date="2017-06-01", end_date="2023-09-30"),
          ev("extend", status="proposed", term_months=12)]
    f = fc.forecast(tl, today=date(2023, 1, 1))
    assert (f.end_low, f.end_high) == ("2023-09-30", "2024-09-30")
    assert "proposed extension" in f.flags


def test_end_and_insource_close_it_to_the_market():
    award = ev("award", start_date="2017-04-01", term_months=84, extension_months=36)
    ended = fc.forecast([award, ev("end", decision_date="2022-05-26")], today=TODAY)
    assert (ended.end_low, ended.end_high, ended.status) == ("2024-03-31", "2024-03-31", "ended")
    assert ended.closed_to_market and ended.next_event["kind"] == "closed"
    ins = fc.forecast([award, ev("insource", decision_date="2022-11-10", end_date="2024-03-31")],
                      today=date(2023, 1, 1))
    assert ins.status == "insourced" and ins.closed_to_market
    # an insource from a date ends the contract the day before
    early = fc.forecast([award, ev("insource", start_date="2021-10-01")], today=TODAY)
    assert early.end_low == "2021-09-30"


def test_tender_opens_it():
    award = ev("award", start_date="2019-10-01", term_months=60, extension_months=24)
    f = fc.forecast([award, ev("tender", decision_date="2023-05-01")], today=TODAY)
    assert f.status == "tendering" and f.next_event == {
        "kind": "award", "date": "2024-09-30",
        "note": "re-procurement under way: a new contract is due before the incumbent's ends"}
    # a tender with no contract yet: a new contract, its start estimated a year on
    f = fc.forecast([ev("tender", decision_date="2021-05-26", term_months=36, extension_months=24)])
    assert f.status == "procuring" and f.basis == "tender estimate"
    assert (f.start, f.end_low, f.end_high) == ("2022-05", "2025-04", "2027-04")
    assert f.next_event["kind"] == "award" and f.next_event["date"] == "2022-05"
    assert f.confidence < 0.4


def test_rejected_and_deferred_change_nothing():
    award = ev("award", start_date="2020-01-01", term_months=12)
    f = fc.forecast([award, ev("extend", status="rejected", term_months=12),
                     ev("insource", status="deferred")])
    assert f.end_low == "2020-12-31" and not f.closed_to_market


def test_evidence_behind_the_forecast():
    spans = [{"field": "kind", "start": 0, "end": 5, "text": "award"},
             {"field": "end_date", "start": 10, "end": 20, "text": "31 March 2024"},
             {"field": "bidders", "start": 30, "end": 40, "text": "irrelevant"}]
    f = fc.forecast([ev("award", id=7, document_id=3, end_date="2024-03-31", evidence=spans)])
    assert [(e["event_id"], e["field"]) for e in f.evidence] == [(7, "kind"), (7, "end_date")]
    assert f.steps[0]["effect"] == "awarded: runs to 2024-03-31"


def test_within_and_window():
    assert fc.parse_within("18m") == 18 and fc.parse_within("2y") == 24 and fc.parse_within("6") == 6
    with pytest.raises(ValueError):
        fc.parse_within("soon")
    f = {"end_low": "2026-09-30", "end_high": "2027-09-30", "next_event": None}
    assert fc.in_window(f, TODAY, 18) and not fc.in_window(f, TODAY, 12)
    assert fc.in_window({"end_low": "2024-01-01", "end_high": "2026-01-01"}, TODAY, 6)  # range still open
    assert not fc.in_window({"end_low": "2024-01-01", "end_high": "2024-06-01"}, TODAY, 18)


# -- the pipeline over the multi-document histories ------------------------------------------------
@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def ro(request, tmp_path_factory):
    s = H.module_store(request, tmp_path_factory)
    ids = H.build(s)
    link.refresh(s, today=TODAY)
    yield s, ids
    s.close()


def test_pipeline_answers_the_bid_team(ro):
    """Which home care contracts in the South West end in the next 18 months, and has anyone
    decided to extend or take them in house?"""
    store, _ = ro
    rows = fc.pipeline(store, within="18m", category="home_care", region="South West", today=TODAY)
    titles = [r["title"] for r in rows]
    assert titles == ["home care contracts", "Home care (north)", "Home care (south)", "Home Care"]
    somerset = rows[-1]
    assert somerset["buyers"] == ["Somerset County Council", "Somerset Council"]
    assert somerset["status"] == "tendering" and somerset["next_event"] == "award"
    assert somerset["expected_end"] == "2026-09-30" and somerset["confidence"] > 0.7
    assert any("extend the Home Care contract" in e["text"] for e in somerset["evidence"])
    assert [s["kind"] for s in somerset["steps"]] == ["award", "extend", "tender"]
    # Bury is in the North West; B&NES ended in 2024 (taken in house)
    assert not any("Care at Home" == t for t in titles)


def test_pipeline_filters_and_closed_contracts(ro):
    store, _ = ro
    all_rows = fc.pipeline(store, within="10y", today=date(2022, 1, 1))
    ids = {r["contract_id"] for r in all_rows}
    closed = [r for r in all_rows if r["closed_to_market"]]
    assert closed and {r["status"] for r in closed} <= {"insourced", "ended", "ending", "re-let"}
    assert {r["contract_id"] for r in fc.pipeline(store, within="10y", today=date(2022, 1, 1),
                                                  include_closed=False)} == ids - {r["contract_id"] for r in closed}
    bnes = fc.pipeline(store, within="10y", buyer="B&NES", today=date(2022, 1, 1))
    assert len(bnes) == 1 and bnes[0]["providers"] == ["HCRG Care Group"]
    assert fc.pipeline(store, within="10y", provider="Virgin Care", today=date(2022, 1, 1))[0]["contract_id"] \
        == bnes[0]["contract_id"]
    with pytest.raises(ValueError):
        fc.pipeline(store, category="nonsense")


def test_pipeline_cli_formats(ro, monkeypatch):
    from typer.testing import CliRunner

    from contractwatch.cli import app

    store, _ = ro
    monkeypatch.setenv("CONTRACTWATCH_DB", store.url)
    run = CliRunner().invoke
    res = run(app, ["pipeline", "--within", "18m", "--category", "home_care", "--region", "South West",
                    "--today", "2025-06-01", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["count"] == 4 and data["contracts"][-1]["status"] == "tendering"
    res = run(app, ["pipeline", "--within", "18m", "--today", "2025-06-01", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and set(fc.PIPELINE_COLUMNS) == set(rows[0]) and all(r["confidence"] for r in rows)
    res = run(app, ["pipeline", "--within", "18m", "--today", "2025-06-01"])
    assert res.exit_code == 0 and "Somerset Care Ltd" in res.stdout
    assert run(app, ["pipeline", "--within", "soon"]).exit_code == 2
