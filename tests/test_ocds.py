"""Official procurement notices (OCDS): detection, rendering, mapping to events, storing.

Real data: the 200 + 11 + 11 Contracts Finder releases of 2014-15 in ../shared/data/ocds.
Fixtures: tests/fixtures/ocds, written in the shape of today's Find a Tender and Contracts
Finder release packages (fictional bodies), validated against the OCDS 1.1.5 schema here.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from contractwatch.ingest import ingest_bytes, ingest_paths
from contractwatch.record import CATEGORIES, LIST_FIELDS, check_grounded
from contractwatch.sources.ocds import (cpv_entry, cpv_table, extension_in, looks_like_ocds, months_between,
                                        notice_url, parse_notices, parse_ocds, service_span)
from contractwatch.store import EventFilter

FIXTURES = Path(__file__).parent / "fixtures" / "ocds"
FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".json", ".jsonl"))


@pytest.fixture(scope="module")
def cf(shared) -> Path:
    d = shared / "data" / "ocds" / "contracts_finder"
    if not d.exists():
        pytest.skip("no Contracts Finder sample data")
    return d


def notices_of(path: Path):
    notices, problems = parse_notices(path.read_bytes(), str(path))
    assert problems == []
    return notices


def one(name: str):
    notices = notices_of(FIXTURES / name)
    assert len(notices) == 1
    return notices[0]


def assert_sound(notice) -> None:
    """Evidence is exact, and every filled field of every event has evidence."""
    text, record = notice.text, notice.record
    assert check_grounded(record, text) == []
    for ev in record.events:
        have = {}
        for e in ev.evidence:
            assert text[e.start:e.end] == e.text and e.text
            have.setdefault(e.field, []).append(e.text)
        assert "kind" in have
        for name in ("service", "value", "term_months", "extension_months", "start_date", "end_date",
                     "decision_date"):
            if getattr(ev, name) is not None:
                assert name in have, (notice.key, name)
        for name in LIST_FIELDS:
            values = getattr(ev, name)
            if values:
                assert len(have.get(name, [])) >= len(values), (notice.key, name)
        for name in ("buyers", "providers", "places"):
            assert have.get(name, []) == getattr(ev, name)
        if ev.service:
            assert have["service"] == [ev.service]
        for d in ("start_date", "end_date", "decision_date"):
            if getattr(ev, d):
                assert have[d] == [getattr(ev, d)]


# -- real Contracts Finder data ------------------------------------------------------------

def test_all_200_old_contracts_finder_releases_parse(cf):
    path = cf / "cf_2014_2015_releases_ocds10.jsonl"
    assert looks_like_ocds(path.read_bytes())
    notices = notices_of(path)
    index = list(csv.DictReader((cf / "cf_2014_2015_releases_index.csv").open(encoding="utf-8")))
    assert len(notices) == len(index) == 200
    assert len({n.key for n in notices}) == 200
    for n, row in zip(notices, index):
        assert n.key == f"{row['ocid']}/{row['release_id']}"
        info = n.record.document
        assert info.type == "notice" and info.published == row["date"][:10]
        assert info.publisher == " ".join(row["buyer"].split())
        assert info.title == " ".join(row["title"].split())
        assert n.text.startswith("Notice: ") and "\nPublished: " in n.text
        for code in row["cpv"].split(";"):
            assert f"\nCPV: {code} " in n.text
        assert len(n.record.events) == 1 and n.record.events[0].kind == "tender"
        assert n.record.events[0].buyers == [" ".join(row["buyer"].split())]
        assert_sound(n)


def test_health_and_social_care_notices_get_categories(cf):
    notices = notices_of(cf / "cf_2014_2015_releases_ocds10.jsonl")
    index = list(csv.DictReader((cf / "cf_2014_2015_releases_index.csv").open(encoding="utf-8")))
    flagged = [(n, row) for n, row in zip(notices, index) if row["health_social_cpv85"] == "True"]
    assert len(flagged) == 35
    for n, row in flagged:
        cats = n.record.events[0].categories
        assert cats and all(c in CATEGORIES for c in cats), row["title"]
    by_title = {row["title"]: n.record.events[0] for n, row in flagged}
    assert "reablement" in by_title["WCL026/2014 Community Reablement Service - Re-tender"].categories
    assert by_title["WCL026/2014 Community Reablement Service - Re-tender"].service == "Community Reablement Service"
    assert "home_care" in by_title["Individual Domiciliary Care Package - Stanhope"].categories
    assert "carers" in by_title["TD0864 - The provision of Carers Services for the City of Derby"].categories
    assert "advocacy" in by_title["TD0843 - For the provision of an Integrated Advocacy Service for Derby City Council"].categories
    assert "public_health" in by_title["HIV Support Service"].categories
    assert "community_health" in by_title["CTP 716 Occupational Physiotherapy Contract"].categories
    # most notices outside health and social care get no category at all
    others = [n for n, row in zip(notices, index) if row["health_social_cpv85"] != "True"]
    assert sum(1 for n in others if n.record.events[0].categories) <= 5


def test_old_shape_values_and_milestone_dates(cf):
    notices = notices_of(cf / "cf_2014_2015_releases_ocds11_subset.jsonl")
    assert len(notices) == 11
    met = notices[0]
    ev = met.record.events[0]
    assert ev.value.amount == 464500 and ev.value.basis == "total"
    assert (ev.start_date, ev.end_date, ev.term_months) == ("2015-04-01", "2016-03-31", 12)
    assert "Contract period: 2015-04-01 to 2016-03-31\n" in met.text
    for n in notices:
        assert_sound(n)


def test_record_package_lines_give_the_same_notices(cf):
    releases = notices_of(cf / "cf_2014_2015_releases_ocds11_subset.jsonl")
    records = notices_of(cf / "cf_2014_2015_records_subset.jsonl")
    assert [n.key for n in records] == [n.key for n in releases]
    assert [n.record.events[0].kind for n in records] == ["tender"] * 11


def test_parsing_speed(cf):
    """A thousand old-shape releases parse and map in well under ten seconds."""
    lines = (cf / "cf_2014_2015_releases_ocds10.jsonl").read_text(encoding="utf-8").splitlines()
    many = []
    for i in range(5):
        for line in lines:
            r = json.loads(line)
            r["id"] = f"{r['id']}-{i}"
            many.append(json.dumps(r))
    data = ("\n".join(many) + "\n").encode()
    out = parse_ocds(data, "many.jsonl")
    assert len(out) == 1000  # speed is for bench/, not a timed test


# -- fixtures: current Find a Tender and Contracts Finder shapes -----------------------------

@pytest.fixture(scope="module")
def package_validator(shared):
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    base = shared / "data" / "ocds" / "schema-1.1.5"
    release = json.loads((base / "release-schema.json").read_text(encoding="utf-8"))
    package = json.loads((base / "release-package-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(release["id"], Resource.from_contents(release, default_specification=DRAFT4))
    return Draft4Validator(package, registry=registry)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixtures_are_valid_ocds_release_packages(path, package_validator):
    text = path.read_text(encoding="utf-8")
    packages = [json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" \
        else [json.loads(text)]
    for pkg in packages:
        errors = sorted(package_validator.iter_errors(pkg), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixture_evidence_is_exact(path):
    assert looks_like_ocds(path.read_bytes())
    for n in notices_of(path):
        assert_sound(n)
        assert n.source and n.source.startswith("https://www.") and "/Notice/" in n.source
        assert n.record.document.type == "notice" and n.record.document.title


EXPECTED = {
    # file: [(kind, status, providers, categories, term, extension, start, end, value, decision date)]
    "fts_uk4_tender.json": [("tender", "approved", [], ["home_care"], 60, 24, "2025-10-01", "2030-09-30",
                             48_000_000, None)],
    "fts_uk5_transparency.json": [("award", "approved", ["Brightwater Care Limited"], ["home_care"], 12, None,
                                   "2025-04-01", "2026-03-31", 3_150_000, "2025-03-14")],
    "fts_uk6_award.json": [
        ("award", "approved", ["Heron Homecare Services Ltd"], ["home_care"], 60, 24, "2025-10-01", "2030-09-30",
         25_400_000, "2025-08-28"),
        ("award", "approved", ["Brightwater Care Limited"], ["home_care"], 60, 24, "2025-10-01", "2030-09-30",
         21_750_000, "2025-08-28")],
    "fts_uk7_contract_details.json": [("award", "approved", ["Heron Homecare Services Ltd"], ["home_care"], 60,
                                       None, "2025-10-01", "2030-09-30", 25_400_000, "2025-09-26")],
    "fts_uk10_change.json": [("extend", "approved", ["Brightwater Care Limited"], ["home_care"], 12, None,
                              None, "2027-03-31", 6_300_000, "2026-02-06")],
    "fts_uk11_contract_termination.json": [("end", "approved", ["Hollies Residential Care Homes Ltd"],
                                            ["care_homes"], None, None, None, "2025-06-30", None, None)],
    "fts_uk12_procurement_termination.json": [("tender", "rejected", [], ["extra_care_housing"], None, None,
                                               None, None, None, None)],
    "fts_psr_direct_award.json": [("award", "approved", ["Northshire Community Health NHS Foundation Trust"],
                                   ["community_health"], 36, 24, "2026-04-01", "2029-03-31", 84_600_000,
                                   "2025-11-27")],
    "fts_pre2025_contract_award.json": [("award", "approved", ["Ashgrove Housing Association"],
                                         ["extra_care_housing"], 60, 24, "2023-11-01", "2028-10-31", 9_800_000,
                                         "2023-08-30")],
    "fts_pre2025_veat.json": [("award", "approved", ["Meridian Advocacy CIC"], ["advocacy"], 12, None,
                               "2024-04-01", "2025-03-31", 410_000, "2024-02-08")],
    "fts_pre2025_modification_extension.json": [("extend", "approved", ["Meridian Advocacy CIC"], ["advocacy"],
                                                 6, None, None, "2025-09-30", 615_000, "2025-01-15")],
    "fts_pre2025_modification_scope.json": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_events(name):
    n = one(name)
    got = [(e.kind, e.status, e.providers, e.categories, e.term_months, e.extension_months, e.start_date,
            e.end_date, e.value.amount if e.value else None, e.decision_date) for e in n.record.events]
    assert got == EXPECTED[name]
    for e in n.record.events:
        assert e.buyers and e.bidders == []
        assert e.service and e.service in n.text


def test_notice_lines_and_buyer():
    n = one("fts_uk4_tender.json")
    lines = n.text.splitlines()
    assert lines[0] == "Notice: UK4 Tender notice"
    assert "Buyer: Northshire County Council" in lines
    assert "Buyer ID: GB-PPON-PQWX-7316-HNDB" in lines
    assert "Title: NCC/ASC/0142 - Care and Support at Home Services" in lines
    assert "CPV: 85312000 Social work services without accommodation" in lines
    assert "Value: £48,000,000 (total)" in lines
    assert "Contract period: 2025-10-01 to 2030-09-30" in lines
    assert "Maximum extent: 2032-09-30" in lines
    assert "Published: 2025-04-14" in lines
    assert lines[-1] == "Source: https://www.find-tender.service.gov.uk/Notice/031245-2025"
    ev = n.record.events[0]
    assert ev.service == "Care and Support at Home Services"
    assert ev.buyers == ["Northshire County Council"] and ev.status == "approved"
    assert n.record.document.publisher == "Northshire County Council"
    assert n.key == "ocds-h6vhtk-0a1b2c/031245-2025"
    # deterministic: the same bytes give the same text and record
    again = one("fts_uk4_tender.json")
    assert again.text == n.text and again.record.to_dict() == n.record.to_dict()


def test_notice_type_lines():
    first = {name: one(name).text.splitlines()[0] for name in EXPECTED}
    assert first["fts_uk5_transparency.json"] == "Notice: UK5 Transparency notice"
    assert first["fts_uk6_award.json"] == "Notice: UK6 Contract award notice"
    assert first["fts_uk7_contract_details.json"] == "Notice: UK7 Contract details notice"
    assert first["fts_uk10_change.json"] == "Notice: UK10 Contract change notice"
    assert first["fts_uk11_contract_termination.json"] == "Notice: UK11 Contract termination notice"
    assert first["fts_uk12_procurement_termination.json"] == "Notice: UK12 Procurement termination notice"
    assert first["fts_psr_direct_award.json"].startswith("Notice: Provider Selection Regime intention to award")
    assert "direct award process C" in first["fts_psr_direct_award.json"]
    assert first["fts_pre2025_veat.json"] == "Notice: Voluntary ex ante transparency notice"
    assert first["fts_pre2025_contract_award.json"] == "Notice: Contract award notice"


def test_change_evidence_reads_the_extension():
    ev = one("fts_uk10_change.json").record.events[0]
    term = [e.text for e in ev.evidence if e.field == "term_months"]
    assert term == ["extended by 12 months"]


def test_contracts_finder_json_lines():
    notices = notices_of(FIXTURES / "cf_notices.jsonl")
    assert [n.record.events[0].kind for n in notices] == ["tender", "award"]
    tender, award = notices
    assert tender.source == "https://www.contractsfinder.service.gov.uk/Notice/5c8e2f10-1d2a-4b7c-9e31-0f6a7b8c9d01"
    assert award.source == "https://www.contractsfinder.service.gov.uk/Notice/9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d"
    t = tender.record.events[0]
    assert t.value.amount == 180_000 and t.value.basis == "annual"  # "£180,000 per annum"
    assert t.categories == ["day_services"] and t.places == ["East Midlands"]
    assert t.service == "Day Opportunities for Older People"
    a = award.record.events[0]
    assert a.providers == ["Kindred Day Opportunities CIC"] and a.value.basis == "total"


def test_previous_release_of_the_process_dates_an_extension():
    """A change notice saying only "extended" gets its length from the earlier notice's end date."""
    uk5 = json.loads((FIXTURES / "fts_uk5_transparency.json").read_text())["releases"][0]
    uk10 = json.loads((FIXTURES / "fts_uk10_change.json").read_text())["releases"][0]
    uk10["contracts"][0]["amendments"][0]["description"] = "The contract term is extended to allow re-procurement."
    data = (json.dumps(uk10) + "\n" + json.dumps(uk5) + "\n").encode()
    notices, problems = parse_notices(data, "process.jsonl")
    assert problems == []
    change = next(n for n in notices if n.key.endswith("012877-2026"))
    ev = change.record.events[0]
    assert ev.kind == "extend" and ev.term_months == 12 and ev.end_date == "2027-03-31"
    assert "Previous end date: 2026-03-31" in change.text
    assert_sound(change)


def test_extension_is_not_the_whole_contract_term():
    """A change notice restating the original period still reports only the extension."""
    pkg = json.loads((FIXTURES / "fts_uk10_change.json").read_text())
    rel = pkg["releases"][0]
    rel["tender"]["contractPeriod"] = {"startDate": "2025-04-01T00:00:00+01:00", "endDate": "2026-03-31T23:59:59+01:00",
                                       "maxExtentDate": "2027-03-31T23:59:59+01:00"}
    ev = parse_notices(json.dumps(pkg).encode())[0][0].record.events[0]
    assert (ev.kind, ev.term_months, ev.start_date, ev.extension_months) == ("extend", 12, None, None)
    rel["contracts"][0]["amendments"][0]["description"] = "The contract is extended."
    notice = parse_notices(json.dumps(pkg).encode())[0][0]
    ev = notice.record.events[0]
    assert (ev.kind, ev.term_months, ev.start_date, ev.end_date) == ("extend", None, None, "2027-03-31")
    assert_sound(notice)


# -- input shapes and robustness -------------------------------------------------------------

def test_input_shapes_give_the_same_notice():
    pkg = json.loads((FIXTURES / "fts_uk6_award.json").read_text())
    release = pkg["releases"][0]
    base = parse_ocds(json.dumps(pkg).encode())
    shapes = {
        "bare release": json.dumps(release),
        "array of releases": json.dumps([release]),
        "record package": json.dumps({"uri": "x", "version": "1.1", "publishedDate": "2025-09-02T00:00:00Z",
                                      "records": [{"ocid": release["ocid"], "releases": [release],
                                                   "compiledRelease": release}]}),
        "record with linked releases only": json.dumps({"ocid": release["ocid"], "compiledRelease": release,
                                                        "releases": [{"url": "https://x/1", "date": release["date"],
                                                                      "tag": ["award"]}]}),
        "JSON Lines with a BOM and CRLF": "\ufeff" + json.dumps(release) + "\r\n\r\n",
        "pretty printed": json.dumps(pkg, indent=4),
    }
    for label, text in shapes.items():
        data = text.encode("utf-8")
        assert looks_like_ocds(data), label
        assert parse_ocds(data) == base, label


def test_looks_like_ocds_refuses_other_documents():
    for data in (b"<html><body>Cabinet minutes</body></html>", b"Plain text about ocid and releases",
                 b'{"note": "the word \\"ocid\\" in a string"}', b'{"releases": "not a list"}', b"[1, 2, 3]",
                 b"", b"%PDF-1.7 ...", b'{"ocid": "x"', b'["ocid"]'):
        assert not looks_like_ocds(data), data


def test_odd_releases_do_not_break_a_file():
    good = json.loads((FIXTURES / "fts_uk4_tender.json").read_text())["releases"][0]
    odd = [
        {"ocid": "ocds-x-1", "id": "1", "date": "not a date", "tag": "tender", "tender": "free text"},
        {"ocid": "ocds-x-2", "id": "2", "tender": {"title": None, "value": {"amount": "lots"}, "items": [None, 5],
                                                    "contractPeriod": {"startDate": "2025-13-45"}},
         "awards": [None, {"suppliers": [None, {"name": None}, {"id": "nope"}]}], "parties": [1, "two", None]},
        {"ocid": "ocds-x-3", "id": "3", "tag": ["award"], "awards": [{"status": "unsuccessful"}]},
        {"ocid": "ocds-x-4", "id": "4", "tag": ["contractAmendment"], "contracts": [{"amendments": [{}]}]},
        {"ocid": "ocds-x-5", "tender": {"title": "No id, no date", "status": "planned"}},
    ]
    data = "\n".join(json.dumps(x) for x in [good] + odd).encode()
    notices, problems = parse_notices(data, "odd.jsonl")
    assert problems == [] and len(notices) == 6
    for n in notices:
        assert check_grounded(n.record, n.text) == []
    kinds = {n.key.split("/")[0]: [e.kind for e in n.record.events] for n in notices}
    assert kinds["ocds-x-4"] == []  # a change that says nothing about time is no event
    assert notices[-1].key.startswith("ocds-x-5/sha256-")


def test_scope_only_modification_is_stored_without_events():
    n = one("fts_pre2025_modification_scope.json")
    assert n.record.events == []
    assert "Change: A fifth extra care scheme (Linden Court) is added to the contract." in n.text


def test_notice_urls():
    assert notice_url({"ocid": "ocds-h6vhtk-01ab23", "id": "012345-2025"}) == \
        "https://www.find-tender.service.gov.uk/Notice/012345-2025"
    assert notice_url({"ocid": "ocds-b5fd17-aaaa", "id": "df8d0f63-9018-4d89-9008-acf8ea3d67bc-832814"}) == \
        "https://www.contractsfinder.service.gov.uk/Notice/df8d0f63-9018-4d89-9008-acf8ea3d67bc"
    assert notice_url({"ocid": "ocds-b5fd17-aaaa", "id": "ocds-b5fd17-aaaa-metofc-9mgh"}) is None


@pytest.mark.parametrize("text,months", [
    ("The contract may be extended by up to 24 months (2 x 12 months).", 24),
    ("with the option to extend for a further two years", 24),
    ("3+1+1 years", 24),
    ("two 12-month extensions", 24),
    ("an option to extend by 6 months", 6),
    ("12 month extension option", 12),
    ("five one-month extensions", 5),  # the spec's own example
    ("The service runs for 3 years.", None),
])
def test_extension_phrases(text, months):
    hit = extension_in(text)
    assert (hit[0] if hit else None) == months


def test_extension_phrases_in_renewal_context():
    assert extension_in("up to 24 months", renewal_context=True)[0] == 24
    assert extension_in("up to 24 months") is None


def test_months_between():
    assert months_between("2025-04-01", "2030-03-31") == 60
    assert months_between("2024-12-03", "2028-11-30") == 48
    assert months_between("2025-04-01", "2025-04-01") is None


def test_service_names_from_titles():
    for title, service in [
        ("TD0864 - The provision of Carers Services for the City of Derby", "Carers Services for the City of Derby"),
        ("South Gloucestershire Council: Housing Advice Service (AH009)", "Housing Advice Service"),
        ("United Kingdom-Liverpool: Pharmacy services", "Pharmacy services"),
        ("0-19 Public Health Nursing Service", "0-19 Public Health Nursing Service"),
        ("Care Homes", "Care Homes"),
    ]:
        s, e = service_span(title)
        assert title[s:e] == service


def test_cpv_table_is_sound():
    table = cpv_table()
    assert len(table) >= 40
    for code, entry in table.items():
        assert len(code) == 8 and code.isdigit()
        assert all(c in CATEGORIES for c in entry["categories"]) and entry["label"]
    assert cpv_entry("85312310")[0] == "85312300"  # falls back to the nearest listed ancestor
    assert cpv_entry("85311110")[0] == "85311100"
    assert cpv_entry("85323000-9")[1]["categories"] == ["community_health"]
    assert cpv_entry("85144100")[1]["categories"] == ["care_homes"]
    assert cpv_entry("45000000") is None


# -- into the store ------------------------------------------------------------------------

def test_ingest_fixtures_into_the_store(store):
    report = ingest_paths(store, [str(p) for p in FIXTURE_FILES])
    assert report.errors == []
    notices = [n for p in FIXTURE_FILES for n in notices_of(p)]
    assert sum(o.documents for o in report.outcomes) == len(notices) == store.counts()["documents"]
    assert sum(o.events for o in report.outcomes) == store.counts()["events"] == \
        sum(len(n.record.events) for n in notices)
    assert {o.status for o in report.outcomes} == {"new"}

    extends, total = store.events(EventFilter(kind=["extend"]), sort="date")
    assert total == 2 and {e["providers"][0] for e in extends} == {"Brightwater Care Limited", "Meridian Advocacy CIC"}
    awards, total = store.events(EventFilter(kind=["award"], provider="heron homecare"))
    assert total == 2  # the UK6 lot award and the UK7 contract details
    rows, total = store.events(EventFilter(buyer="northshire", category=["home_care"]))
    assert total == 6
    ends, _ = store.events(EventFilter(kind=["end"]))
    assert ends[0]["end_date"] == "2025-06-30"

    doc = store.document(awards[0]["document_id"])
    assert doc["type"] == "notice" and doc["format"] == "ocds"
    assert doc["source"].startswith("https://www.find-tender.service.gov.uk/Notice/")
    for ev in doc["events"]:
        for e in ev["evidence"]:
            assert doc["text"][e["start"]:e["end"]] == e["text"]
    assert store.search("homecare")

    again = ingest_paths(store, [str(p) for p in FIXTURE_FILES])
    assert {o.status for o in again.outcomes} == {"unchanged"}
    assert store.counts()["documents"] == len(notices)


def test_ingest_real_contracts_finder_file(store, cf):
    data = (cf / "cf_2014_2015_releases_ocds10.jsonl").read_bytes()
    out = ingest_bytes(store, data, "cf_2014_2015_releases_ocds10.jsonl")
    assert (out.status, out.documents, out.events, out.error) == ("new", 200, 200, None)
    assert store.counts() == {"documents": 200, "events": 200}
    rows, total = store.events(EventFilter(category=["reablement"]))
    assert total >= 1 and any("Reablement" in (r["service"] or "") for r in rows)
    docs, _ = store.documents(limit=1)
    assert docs[0]["source"] == "cf_2014_2015_releases_ocds10.jsonl"  # no notice URL derivable for 2014 ids


def test_non_ocds_json_still_goes_the_usual_way(sqlite_store):
    out = ingest_bytes(sqlite_store, b'{"minutes": "Cabinet agreed to re-tender home care."}', "note.json")
    assert out.status == "new" and out.documents == 1
    doc = sqlite_store.document(out.document_id)
    assert doc["format"] == "text"


def test_empty_package_is_an_error(sqlite_store):
    out = ingest_bytes(sqlite_store, b'{"uri": "x", "releases": []}', "empty.json")
    assert out.status == "error" and "no releases" in out.error
