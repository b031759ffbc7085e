"""Exports: events and contracts as CSV and JSON, and contracts as an OCDS release package
validated against the OCDS 1.1.5 release package schema (read from ../shared, never copied)."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from contractwatch import export, link
from contractwatch.cli import CSV_COLUMNS
from contractwatch.store import EventFilter
from test_alerts import BNES, BURY, save

TODAY = date(2025, 6, 1)
SOMERSET = "https://democracy.somerset.gov.uk/ieDecisionDetails.aspx?ID="
DORSET = "https://moderngov.dorsetcouncil.gov.uk/ieDecisionDetails.aspx?ID="
LEEDS = "https://democracy.leeds.gov.uk/ieDecisionDetails.aspx?ID="


def build(store) -> dict[str, int]:
    ids = {
        # Bury: tender → award to two providers → extension option used
        "bury_tender": save(store, BURY + "10", BURY + "10", "2021-05-26", [dict(
            kind="tender", phrase="approves the request to re-tender the Care at Home service", service="Care at Home",
            categories=["home_care"], buyers=["Bury Council"], term_months=36, extension_months=24,
            decision_date="2021-05-26", decision_body="Cabinet")]),
        "bury_award": save(store, BURY + "11", BURY + "11", "2022-02-09", [dict(
            kind="award", phrase="award the Care at Home contracts to Acme Homecare Ltd and Irwell Valley Care CIC",
            service="Care at Home", categories=["home_care"], buyers=["Bury Council"],
            providers=["Acme Homecare Ltd", "Irwell Valley Care CIC"], bidders=["Zeta Care Ltd"],
            value={"amount": 30_000_000, "basis": "total"}, term_months=36, extension_months=24,
            start_date="2022-04-01", decision_date="2022-02-09")]),
        "bury_extend": save(store, BURY + "12", BURY + "12", "2024-11-13", [dict(
            kind="extend", phrase="use the two-year extension option on the Care at Home contracts",
            service="Care at Home contracts", categories=["home_care"], buyers=["Bury Council"],
            providers=["Acme Homecare Limited", "Irwell Valley Care C.I.C."], term_months=24, end_date="2027-03-31",
            decision_date="2024-11-13")]),
        # B&NES: an award with an annual value, then taken in house
        "bnes_award": save(store, BNES + "20", BNES + "20", "2016-11-03", [dict(
            kind="award", phrase="award the community health and care services contract to Virgin Care Services Ltd",
            service="community health and care services", categories=["community_health", "social_care_functions"],
            buyers=["Bath and North East Somerset Council"], providers=["Virgin Care Services Ltd"],
            value={"amount": 70_000_000, "basis": "annual"}, term_months=84, extension_months=36,
            start_date="2017-04-01", decision_date="2016-11-03")]),
        "bnes_insource": save(store, BNES + "21", BNES + "21", "2022-11-10", [dict(
            kind="insource", phrase="in-source the community health and care services delivered by Virgin Care",
            service="community health and care services", categories=["community_health", "social_care_functions"],
            buyers=["Bath and North East Somerset Council"], providers=["Virgin Care Services Ltd"],
            end_date="2024-03-31", decision_date="2022-11-10")]),
        # Somerset: a proposed tender only
        "somerset_tender": save(store, SOMERSET + "30", SOMERSET + "30", "2025-03-05", [dict(
            kind="tender", status="proposed", phrase="recommends that the supported living service is re-procured",
            service="Supported Living", categories=["supported_living"], buyers=["Somerset Council"],
            decision_date="2025-03-05")]),
        # Dorset: the record starts with an extension (the award is older than the record)
        "dorset_extend": save(store, DORSET + "40", DORSET + "40", "2025-01-14", [dict(
            kind="extend", phrase="extend the day opportunities contract with Tricuro for 12 months",
            service="day opportunities", categories=["day_services"], buyers=["Dorset Council"],
            providers=["Tricuro Ltd"], term_months=12, end_date="2026-03-31", decision_date="2025-01-14")]),
        # Leeds: a tender rejected, with hostile text
        "leeds_tender": save(store, LEEDS + "50", LEEDS + "50", "2023-09-01", [dict(
            kind="tender", status="rejected", phrase="rejected the proposal to tender the carers service",
            service="<script>alert(1)</script> Carers \"support\" & advice", categories=["carers"],
            buyers=["Leeds City Council"], decision_date="2023-09-01")]),
    }
    link.refresh(store, today=TODAY)
    return ids


@pytest.fixture(scope="module")
def ocds_validator(shared):
    """A validator for the release package schema, its release schema resolved from ../shared,
    with date-time and uri formats checked strictly (RFC 3339; absolute URIs)."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    base = shared / "data" / "ocds" / "schema-1.1.5"
    package = json.loads((base / "release-package-schema.json").read_text())
    release = json.loads((base / "release-schema.json").read_text())
    registry = Registry().with_resource(release["id"], Resource.from_contents(release, default_specification=DRAFT4))
    formats = FormatChecker()

    @formats.checks("date-time", raises=ValueError)
    def _date_time(v):
        if isinstance(v, str):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", v):
                raise ValueError(f"not RFC 3339: {v!r}")
            datetime.fromisoformat(v.replace("Z", "+00:00"))
        return True

    @formats.checks("uri", raises=ValueError)
    def _uri(v):
        if isinstance(v, str) and (not urlsplit(v).scheme or re.search(r"\s", v)):
            raise ValueError(f"not an absolute URI: {v!r}")
        return True

    validator = Draft4Validator(package, registry=registry, format_checker=formats)

    def check(pkg):
        errors = sorted(validator.iter_errors(pkg), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return check


def release_for(pkg, buyer_id: str) -> dict:
    [r] = [r for r in pkg["releases"] if r.get("buyer", {}).get("id") == buyer_id]
    return r


# -- OCDS ---------------------------------------------------------------------------------------------
def test_ocds_package_is_valid_and_maps_each_history(store, ocds_validator):
    build(store)
    contracts = export.select_contracts(store)
    pkg = export.ocds_package(store, contracts, today=TODAY)
    ocds_validator(pkg)
    assert pkg["version"] == "1.1" and pkg["publisher"] == {"name": "contractwatch"}
    assert len(pkg["releases"]) == len(contracts) == 5
    assert {r["ocid"] for r in pkg["releases"]} == {"ocds-contractwatch-" + c.id for c in contracts}
    for r in pkg["releases"]:
        assert r["initiationType"] == "tender" and "#" not in r["id"] and r["id"].startswith(r["ocid"] + "-")
        roles = {role for p in r["parties"] for role in p["roles"]}
        assert "buyer" in roles and r["buyer"]["id"] in {p["id"] for p in r["parties"]}
        refs = [r["buyer"]] + [s for a in r.get("awards", []) for s in a.get("suppliers", [])] + \
            r.get("tender", {}).get("tenderers", [])
        assert {x["id"] for x in refs} <= {p["id"] for p in r["parties"]}  # every reference is a party

    bury = release_for(pkg, "council:bury")
    assert bury["tag"] == ["tender", "award", "contract", "contractAmendment"]
    assert bury["tender"]["status"] == "complete"  # approved, then awarded
    assert bury["tender"]["items"][0]["classification"] == {"scheme": "CPV", "id": "85312400",
                                                           "description": "Welfare services not delivered through "
                                                                          "residential institutions"}
    [award] = bury["awards"]
    assert award["status"] == "active" and award["date"] == "2022-02-09T00:00:00Z"
    assert award["value"] == {"amount": 30_000_000, "currency": "GBP"}
    # parties carry the organisation's name (the form its documents use most), not each mention's
    assert sorted(s["name"] for s in award["suppliers"]) == ["Acme Homecare Limited", "Irwell Valley Care C.I.C."]
    assert award["contractPeriod"] == {"startDate": "2022-04-01T00:00:00Z", "endDate": "2025-03-31T23:59:59Z",
                                       "maxExtentDate": "2027-03-31T23:59:59Z", "durationInDays": 1096}
    roles = {p["name"]: sorted(p["roles"]) for p in bury["parties"]}
    assert roles["Bury Council"] == ["buyer"] and roles["Zeta Care Ltd"] == ["tenderer"]
    assert roles["Acme Homecare Limited"] == ["supplier", "tenderer"]
    assert [t["name"] for t in bury["tender"]["tenderers"]][0] == "Zeta Care Ltd"
    [k] = bury["contracts"]
    assert k["awardID"] == award["id"] and k["status"] == "active"
    assert k["period"]["startDate"] == "2022-04-01T00:00:00Z" and k["period"]["endDate"] == "2027-03-31T23:59:59Z"
    [am] = k["amendments"]
    assert am["date"] == "2024-11-13T00:00:00Z" and "24 months" in am["description"]
    assert am["rationale"] == "use the two-year extension option on the Care at Home contracts"
    assert {d["url"] for d in k["documents"]} == {BURY + "11", BURY + "12"}

    bnes = release_for(pkg, "council:bath-and-north-east-somerset")
    assert "contractTermination" in bnes["tag"] and "tender" not in bnes["tag"] and "status" not in bnes["tender"]
    [award] = bnes["awards"]
    assert award["value"] == {"amount": 490_000_000, "currency": "GBP"}  # £70m a year × 84 months
    assert "a year over 84 months" in award["description"]
    [k] = bnes["contracts"]
    assert k["status"] == "terminated" and k["period"]["endDate"] == "2024-03-31T23:59:59Z"

    somerset = release_for(pkg, "council:somerset")
    assert somerset["tag"] == ["tender"] and somerset["tender"]["status"] == "planning"
    assert "awards" not in somerset and "contracts" not in somerset

    dorset = release_for(pkg, "council:dorset")
    [award] = dorset["awards"]
    assert award["id"].endswith("-award-0") and award["description"].startswith("Implied")
    assert [s["name"] for s in award["suppliers"]] == ["Tricuro Ltd"]
    [k] = dorset["contracts"]
    assert k["status"] == "active" and len(k["amendments"]) == 1

    leeds = release_for(pkg, "council:leeds")
    assert leeds["tender"]["status"] == "cancelled"
    assert leeds["tender"]["title"] == "<script>alert(1)</script> Carers \"support\" & advice"

    # the same store exports the same package
    again = export.ocds_package(store, export.select_contracts(store), today=TODAY)
    assert [r["id"] for r in again["releases"]] == [r["id"] for r in pkg["releases"]]
    assert again["uri"] == pkg["uri"] and pkg["uri"].startswith("urn:uuid:")


def test_ocds_filters_and_nhs_identifiers(sqlite_store, ocds_validator):
    store = sqlite_store
    build(store)
    save(store, "https://news.example.test/icb", "https://news.example.test/icb", "2024-06-01", [dict(
        kind="award", phrase="awarded the community services contract to Sirona care & health CIC",
        service="adult community services", categories=["community_health"],
        buyers=["NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board"],
        providers=["Sirona care & health CIC"], start_date="2025-10", term_months=60, decision_date="2024-06-01")])
    link.refresh(store, today=TODAY)
    only = export.select_contracts(store, EventFilter(kind=["award"], since="2024"))
    pkg = export.ocds_package(store, only, today=TODAY)
    ocds_validator(pkg)
    [r] = pkg["releases"]
    [icb] = [p for p in r["parties"] if "buyer" in p["roles"]]
    assert icb["identifier"] == {"scheme": "GB-NHS", "id": "QOX", "legalName": icb["name"]}
    [k] = r["contracts"]
    # starts in the future (month precision: the month's first day)
    assert k["status"] == "pending" and k["period"]["startDate"] == "2025-10-01T00:00:00Z"
    assert k["period"]["endDate"] == "2030-09-30T23:59:59Z"
    # region and category filters
    sw = export.select_contracts(store, regions=["South West"])
    assert {c.region for c in sw} == {"South West"} and len(sw) == 4  # B&NES, Somerset, Dorset, the ICB
    assert [c.title for c in export.select_contracts(store, EventFilter(category=["carers"]))] == [
        "<script>alert(1)</script> Carers \"support\" & advice"]
    assert export.select_contracts(store, EventFilter(provider="Tricuro"))[0].buyers == ["Dorset Council"]


# -- CSV and JSON -------------------------------------------------------------------------------------
def test_events_and_contracts_as_csv_and_json(store):
    build(store)
    buf = io.StringIO()
    n = export.export(store, "events", "csv", buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert n == 8 and tuple(rows[0]) == CSV_COLUMNS and len(rows) == 9
    by_kind = {r[CSV_COLUMNS.index("kind")] for r in rows[1:]}
    assert by_kind == {"tender", "award", "extend", "insource"}
    award = next(dict(zip(CSV_COLUMNS, r)) for r in rows[1:] if r[CSV_COLUMNS.index("service")] == "Care at Home"
                 and r[CSV_COLUMNS.index("kind")] == "award")
    assert award["providers"] == "Acme Homecare Ltd; Irwell Valley Care CIC" and award["value_amount"] == "30000000"
    assert award["source"] == BURY + "11"
    dates = [r[CSV_COLUMNS.index("decision_date")] for r in rows[1:]]
    assert dates == sorted(dates, reverse=True)  # newest first, as `events` lists them

    buf = io.StringIO()
    export.export(store, "events", "json", buf, EventFilter(kind=["tender"]), ["North West"])
    data = json.loads(buf.getvalue())
    assert data["total"] == 1 and len(data["events"]) == 1
    [ev] = data["events"]
    assert ev["kind"] == "tender" and ev["buyers"] == ["Bury Council"] and ev["evidence"][0]["field"] == "kind"
    assert ev["document"]["source"] == BURY + "10" and not any(k.startswith("_") for k in ev)

    buf = io.StringIO()
    assert export.export(store, "contracts", "csv", buf) == 5
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0].keys()) == export.CONTRACT_CSV_COLUMNS and len(rows) == 5
    bury = next(r for r in rows if r["buyers"] == "Bury Council")
    assert bury["status"] == "extended" and bury["end_low"] == "2027-03-31" and bury["n_events"] == "3"
    assert bury["categories"] == "home_care" and bury["region"] == "North West"

    buf = io.StringIO()
    export.export(store, "contracts", "json", buf, EventFilter(status=["proposed"]))
    data = json.loads(buf.getvalue())
    assert data["total"] == 1 and data["contracts"][0]["buyers"] == ["Somerset Council"]
    assert "timeline" not in data["contracts"][0] and data["contracts"][0]["forecast"]["status"]


def test_export_command(tmp_path, shared, ocds_validator):
    from contractwatch.cli import app
    from contractwatch.store import Store

    db = str(tmp_path / "x.db")
    s = Store(db)
    build(s)
    s.close()
    r = CliRunner()
    out = tmp_path / "out" / "cw.ocds.json"
    res = r.invoke(app, ["export", "contracts", "--db", db, "--format", "ocds", "--output", str(out),
                         "--publisher", "Test Publisher", "--uri", "https://example.test/cw.json"])
    assert res.exit_code == 0, res.output
    pkg = json.loads(out.read_text())
    ocds_validator(pkg)
    assert pkg["publisher"]["name"] == "Test Publisher" and len(pkg["releases"]) == 5
    assert not list(out.parent.glob(".*"))  # written atomically, no temporary file left
    # events → OCDS: the contracts holding the matching events
    res = r.invoke(app, ["export", "events", "--db", db, "--format", "ocds", "--kind", "extend"])
    assert res.exit_code == 0, res.output
    assert {rel["buyer"]["name"] for rel in json.loads(res.stdout)["releases"]} == {"Bury Council", "Dorset Council"}
    res = r.invoke(app, ["export", "events", "--db", db, "--category", "home_care"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert len(res.stdout.strip().splitlines()) == 4
    res = r.invoke(app, ["export", "contracts", "--db", db, "--format", "json", "--region", "north west"])
    assert json.loads(res.stdout)["total"] == 1
    res = r.invoke(app, ["export", "contracts", "--db", db, "--format", "ocds", "--region", "London"])
    assert res.exit_code == 1 and "no contracts match" in res.output
    assert r.invoke(app, ["export", "events", "--db", db, "--format", "xml"]).exit_code == 2
    assert r.invoke(app, ["export", "things", "--db", db]).exit_code == 2
    assert r.invoke(app, ["export", "events", "--db", db, "--kind", "tenders"]).exit_code == 2
