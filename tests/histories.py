"""Hand-made decision records for the multi-document contract histories in fixtures/histories.

Each document's events are written here by hand (the extractor is not under test), with
evidence spans that are phrases of the fixture text. ``build(store)`` saves them all.
"""
from __future__ import annotations

import hashlib

import pytest
from pathlib import Path

from contractwatch.record import DocumentInfo, Event, Evidence, Record, Value

HIST = Path(__file__).parent / "fixtures" / "histories"


def E(kind: str, phrase: str, **kw) -> dict:
    return {"kind": kind, "phrase": phrase, **kw}


BNES = "https://democracy.bathnes.gov.uk"
WIRRAL = "https://democracy.wirral.gov.uk"
BROMLEY = "https://cds.bromley.gov.uk"
BURY = "https://councildecisions.bury.gov.uk"
SOMERSET = "https://democracy.somerset.gov.uk"
DORSET = "https://moderngov.dorsetcouncil.gov.uk"

# name: (source, published, type, events)
DOCS: dict[str, tuple[str, str, str, list[dict]]] = {
    # 1. B&NES community services: Virgin Care → HCRG Care Group, CCG → BSW CCG → BSW ICB
    "bnes_2016_award": (f"{BNES}/ieDecisionDetails.aspx?ID=1001", "2016-11-03", "decision", [
        E("award", "agrees to award the integrated community health and care services contract to Virgin Care Services Ltd",
          service="integrated community health and care services",
          categories=["community_health", "social_care_functions"],
          buyers=["Bath and North East Somerset Council", "NHS Bath and North East Somerset Clinical Commissioning Group"],
          providers=["Virgin Care Services Ltd"], term_months=84, extension_months=36, start_date="2017-04-01",
          decision_date="2016-11-03", decision_body="Cabinet", staff_transferred=1500,
          fields={"term_months": "seven years", "extension_months": "a further three years",
                  "start_date": "1 April 2017"})]),
    "bnes_2022_not_extend": ("https://news.example.test/2022/05/bnes-hcrg", "2022-05-27", "news", [
        E("end", "not to extend the community services contract with HCRG Care Group",
          service="community services", categories=["community_health", "social_care_functions"],
          buyers=["Bath & North East Somerset Council",
                  "NHS Bath and North East Somerset, Swindon and Wiltshire Clinical Commissioning Group"],
          providers=["HCRG Care Group"], end_date="2024-03-31", decision_date="2022-05-26",
          fields={"end_date": "31 March 2024"})]),
    "bnes_2022_insource": (f"{BNES}/ieIssueDetails.aspx?IId=44&Opt=3", "2022-11-10", "minutes", [
        # no buyer named: the council is read from the site the page is on
        E("insource", "in-source all adult social care services currently delivered by HCRG Care Group",
          service="adult social care services", categories=["social_care_functions"], buyers=[],
          providers=["HCRG Care Group"], end_date="2024-03-31", decision_date="2022-11-10", decision_body="Cabinet",
          fields={"end_date": "31st March 2024"})]),
    "bnes_2023_interim": ("https://news.example.test/2023/06/bsw-interim", "2023-06-15", "news", [
        E("extend", "agreed a one-year interim arrangement with HCRG Care Group for community health services",
          service="community health services", categories=["community_health"], buyers=["BSW ICB"],
          providers=["HCRG Care Group"], term_months=12, start_date="2024-04-01", end_date="2025-03-31",
          fields={"end_date": "31 March 2025", "start_date": "1 April 2024", "term_months": "one-year"})]),
    "bnes_2024_transfer": ("https://news.example.test/2024/04/bnes-tupe", "2024-04-02", "news", [
        E("insource", "transferred from HCRG Care Group to Bath and North East Somerset Council on 1 April 2024",
          service="adult social care", categories=["social_care_functions"],
          buyers=["Bath and North East Somerset Council"], providers=["HCRG Care Group"], staff_transferred=300,
          start_date="2024-04-01", fields={"staff_transferred": "Around 300"})]),

    # 2. Wirral adult social care: an NHS trust under its old name, its new name and an acronym
    "wirral_2017_outsource": (f"{WIRRAL}/ieDecisionDetails.aspx?ID=2017", "2017-03-20", "decision", [
        E("outsource", "transfer the delivery of adult social care services",
          service="adult social care services", categories=["social_care_functions", "reablement"],
          buyers=["Wirral Council"], providers=["Wirral Community NHS Foundation Trust"], start_date="2017-06-01",
          end_date="2023-09-30", decision_date="2017-03-20", staff_transferred=240,
          value={"amount": 10_000_000, "basis": "annual"},
          fields={"end_date": "30 September 2023", "start_date": "1 June 2017"})]),
    "wirral_2023_news": ("https://news.example.test/2023/01/wirral", "2023-01-12", "news", [
        E("insource", "decided to bring the service back in house", service="social care",
          categories=["social_care_functions"], buyers=["Wirral Council"], providers=["WCHC"],
          decision_date="2023-01-11"),
        E("extend", "proposed a one-year extension to the current contract", status="proposed",
          categories=["social_care_functions"], buyers=["Wirral Council"], providers=["WCHC"], term_months=12,
          end_date="2024-09", fields={"end_date": "September 2024"}),
        E("outsource", "outsourced the bulk of its social care services", service="social care services",
          categories=["social_care_functions"], buyers=["Wirral Council"],
          providers=["Wirral Community Health Care Foundation Trust"], decision_date="2017-06",
          staff_transferred=240)]),
    "wirral_2023_decision": (f"{WIRRAL}/ieDecisionDetails.aspx?ID=2023", "2023-03-20", "decision", [
        E("end", "end the adult social care contract with Wirral Community Health and Care NHS Foundation Trust",
          service="adult social care", categories=["social_care_functions"], buyers=["Wirral Council"],
          providers=["Wirral Community Health and Care NHS Foundation Trust"], end_date="2023-09-30",
          decision_date="2023-03-20", fields={"end_date": "30 September 2023"})]),

    # 3. Bromley mental health: Community Options renamed Heritage Care; a re-let to a new provider
    "bromley_2014_award": (f"{BROMLEY}/ieDecisionDetails.aspx?ID=14", "2014-01-15", "decision", [
        E("award", "award the Mental Health Flexible Support contract to Community Options Ltd",
          service="Mental Health Flexible Support", categories=["mental_health"], buyers=["London Borough of Bromley"],
          providers=["Community Options Ltd"], term_months=36, extension_months=12, start_date="2014-04-01",
          decision_date="2014-01-15", fields={"term_months": "three years", "start_date": "1 April 2014"})]),
    "bromley_2017_committee": (f"{BROMLEY}/ieIssueDetails.aspx?IId=79&Opt=3", "2017-03-21", "minutes", [
        E("extend", "agree a waiver to exempt the current service from tender", status="proposed",
          service="Mental Health Flexible Support", categories=["mental_health"], buyers=["Bromley"],
          providers=["Heritage Care (previously known as Community Options)"], term_months=18, extension_months=6,
          decision_date="2017-03-21", fields={"term_months": "18 months", "extension_months": "six months"})]),
    "bromley_2017_decision": (f"{BROMLEY}/ieDecisionDetails.aspx?ID=17", "2017-03-28", "decision", [
        E("extend", "agreed a waiver to exempt the Mental Health Flexible Support service provided by Heritage Care from tender",
          service="Mental Health Flexible Support", categories=["mental_health"], buyers=["London Borough of Bromley"],
          providers=["Heritage Care"], term_months=18, extension_months=6, start_date="2017-04-01",
          decision_date="2017-03-28", fields={"start_date": "1 April 2017", "term_months": "18 months"})]),
    "bromley_2018_tender": (f"{BROMLEY}/ieDecisionDetails.aspx?ID=18", "2018-06-13", "decision", [
        E("tender", "approved the procurement",
          service="Mental Health Supported Accommodation and Flexible Support", categories=["mental_health"],
          buyers=["London Borough of Bromley", "Bromley Clinical Commissioning Group"], term_months=60,
          extension_months=24, decision_date="2018-06-13")]),
    "bromley_2019_award": (f"{BROMLEY}/ieDecisionDetails.aspx?ID=19", "2019-02-06", "decision", [
        E("award", "award the Mental Health Supported Accommodation and Flexible Support contract to Certitude Support",
          service="Mental Health Supported Accommodation and Flexible Support", categories=["mental_health"],
          buyers=["London Borough of Bromley"], providers=["Certitude Support"], term_months=60,
          start_date="2019-10-01", decision_date="2019-02-06")]),

    # 4. Bury care at home: tender → award to two providers → extension (names written differently)
    "bury_2021_tender": (f"{BURY}/ieIssueDetails.aspx?IId=16899&Opt=3", "2021-05-26", "minutes", [
        E("tender", "approves the request to re-tender the Care at Home service", service="Care at Home",
          categories=["home_care"], buyers=["Bury Council"], term_months=36, extension_months=24,
          decision_date="2021-05-26", decision_body="Cabinet",
          fields={"term_months": "3 years", "extension_months": "up to 2 year extension"})]),
    "bury_2022_award": (f"{BURY}/ieDecisionDetails.aspx?ID=22", "2022-02-09", "decision", [
        E("award", "award the Care at Home contracts to Acme Homecare Ltd and Irwell Valley Care CIC",
          service="Care at Home", categories=["home_care"], buyers=["Bury Council"],
          providers=["Acme Homecare Ltd", "Irwell Valley Care CIC"], term_months=36, extension_months=24,
          start_date="2022-04-01", decision_date="2022-02-09")]),
    "bury_2024_extend": (f"{BURY}/ieDecisionDetails.aspx?ID=24", "2024-11-13", "decision", [
        E("extend", "use the two-year extension option on the Care at Home contracts", service="Care at Home contracts",
          categories=["home_care"], buyers=["Bury Council"],
          providers=["Acme Homecare Limited", "Irwell Valley Care C.I.C."], term_months=24, end_date="2027-03-31",
          decision_date="2024-11-13", fields={"end_date": "31 March 2027"})]),

    # 5. BNSSG adult community services: CCG → ICB handover, "Sirona" and its full name
    "bnssg_2019_preferred": ("https://news.example.test/2019/07/sirona", "2019-07-05", "news", [
        E("award", "has chosen Sirona as its preferred bidder", service="adult community services",
          categories=["community_health"],
          buyers=["Bristol, North Somerset and South Gloucestershire Clinical Commissioning Group"],
          providers=["Sirona"], bidders=["Bristol Community Health", "North Somerset Community Partnership"],
          term_months=120, start_date="2020-04", value={"amount": 1_200_000_000, "basis": "total"},
          fields={"term_months": "10-year", "start_date": "April 2020"})]),
    "bnssg_2019_award": ("https://bnssg.example.test/governing-body/2019-09", "2019-09-24", "decision", [
        E("award", "formally awarded the adult community services contract to Sirona care & health CIC",
          service="adult community services", categories=["community_health"], buyers=["BNSSG CCG"],
          providers=["Sirona care & health CIC"], term_months=120, start_date="2020-04-01",
          decision_date="2019-09-24")]),
    "bnssg_2023_variation": ("https://bnssg.example.test/icb-board/2023-05", "2023-05-04", "decision", [
        E("extend", "approved a variation to the adult community services contract with Sirona care & health",
          service="adult community services", categories=["community_health"],
          buyers=["NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board"],
          providers=["Sirona care & health"], decision_date="2023-05-04")]),

    # 6. Somerset home care: county council → Somerset Council (2023), then a re-procurement
    "somerset_2019_award": (f"{SOMERSET}/ieDecisionDetails.aspx?ID=19", "2019-06-12", "decision", [
        E("award", "award the Home Care contract to Somerset Care Ltd", service="Home Care", categories=["home_care"],
          buyers=["Somerset County Council"], providers=["Somerset Care Ltd"], term_months=60, extension_months=24,
          start_date="2019-10-01", decision_date="2019-06-12")]),
    "somerset_2024_extend": (f"{SOMERSET}/ieDecisionDetails.aspx?ID=24", "2024-05-15", "decision", [
        E("extend", "extend the Home Care contract with Somerset Care Ltd by two years", service="Home Care",
          categories=["home_care"], buyers=["Somerset Council"], providers=["Somerset Care Ltd"], term_months=24,
          end_date="2026-09-30", decision_date="2024-05-15")]),
    "somerset_2025_tender": (f"{SOMERSET}/ieDecisionDetails.aspx?ID=25", "2025-03-05", "decision", [
        E("tender", "approved the re-procurement of homecare services", service="homecare services",
          categories=["home_care"], buyers=["Somerset Council"], term_months=48, extension_months=24,
          decision_date="2025-03-05")]),

    # 7. Dorset: two concurrent home care contracts and an extension that could be either
    "dorset_2023_north": (f"{DORSET}/ieDecisionDetails.aspx?ID=231", "2023-01-10", "decision", [
        E("award", "award the Home care (north) contract to Alpha Care Ltd", service="Home care (north)",
          categories=["home_care"], buyers=["Dorset Council"], providers=["Alpha Care Ltd"], term_months=36,
          start_date="2023-04-01", decision_date="2023-01-10")]),
    "dorset_2023_south": (f"{DORSET}/ieDecisionDetails.aspx?ID=232", "2023-01-10", "decision", [
        E("award", "award the Home care (south) contract to Beta Care Ltd", service="Home care (south)",
          categories=["home_care"], buyers=["Dorset Council"], providers=["Beta Care Ltd"], term_months=36,
          start_date="2023-04-01", decision_date="2023-01-10")]),
    "dorset_2025_extend": (f"{DORSET}/ieDecisionDetails.aspx?ID=251", "2025-01-14", "decision", [
        E("extend", "extend the home care contracts by twelve months", service="home care contracts",
          categories=["home_care"], buyers=["Dorset Council"], term_months=12, decision_date="2025-01-14")]),
}

HISTORIES = {
    "bnes": ["bnes_2016_award", "bnes_2022_not_extend", "bnes_2022_insource", "bnes_2023_interim", "bnes_2024_transfer"],
    "wirral": ["wirral_2017_outsource", "wirral_2023_news", "wirral_2023_decision"],
    "bromley": ["bromley_2014_award", "bromley_2017_committee", "bromley_2017_decision", "bromley_2018_tender"],
    "bury": ["bury_2021_tender", "bury_2022_award", "bury_2024_extend"],
    "bnssg": ["bnssg_2019_preferred", "bnssg_2019_award", "bnssg_2023_variation"],
    "somerset": ["somerset_2019_award", "somerset_2024_extend", "somerset_2025_tender"],
}


def text_of(name: str) -> str:
    return (HIST / f"{name}.txt").read_text(encoding="utf-8")


def _span(text: str, phrase: str, field: str) -> Evidence:
    i = text.find(phrase)
    assert i >= 0, f"{phrase!r} is not in the text"
    return Evidence.at(field, text, i, i + len(phrase))


def record_for(name: str, overrides: dict | None = None) -> tuple[str, Record]:
    source, published, doc_type, specs = DOCS[name]
    text = text_of(name)
    events = []
    for spec in specs:
        spec = {**spec, **(overrides or {})}
        kw = {k: v for k, v in spec.items() if k not in ("phrase", "fields", "value")}
        ev = Event(**kw)
        if spec.get("value"):
            ev.value = Value(**spec["value"])
        ev.evidence = [_span(text, spec["phrase"], "kind")]
        ev.evidence += [_span(text, p, f) for f, p in (spec.get("fields") or {}).items()]
        ev.confidence = 0.8
        events.append(ev)
    title = text.strip().splitlines()[0]
    return text, Record(DocumentInfo(source=source, title=title, published=published, type=doc_type), events)


def save(store, name: str, overrides: dict | None = None, salt: str = "") -> int:
    text, rec = record_for(name, overrides)
    sha = hashlib.sha256((text + salt + repr(overrides)).encode()).hexdigest()
    _, doc_id = store.save(key=DOCS[name][0], source=DOCS[name][0], sha256=sha, fmt="text", text=text, record=rec)
    return doc_id


def build(store, names=None) -> dict[str, int]:
    return {n: save(store, n) for n in (names or DOCS)}


def module_store(request, tmp_path_factory):
    """A store that lives for a whole test module: SQLite, or a PostgreSQL schema of its own."""
    from contractwatch.store import Store

    if request.param == "sqlite":
        return Store(str(tmp_path_factory.mktemp("hist") / "h.db"))
    base = request.getfixturevalue("pg_url").split("?")[0]
    import uuid

    import psycopg

    schema = "cwh_" + uuid.uuid4().hex[:10]
    plain = base.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")

    def drop():
        with psycopg.connect(plain, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")

    request.addfinalizer(drop)
    return Store(f"{base}?options=-csearch_path%3D{schema}")


@pytest.fixture(scope="module", autouse=True)
def isolate_reference(tmp_path_factory):
    """Tests never read a developer's own updated reference tables (``reference update``)."""
    from contractwatch import gazetteer

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONTRACTWATCH_DATA_DIR", str(tmp_path_factory.mktemp("cwdata")))
        gazetteer.load_tables()
        yield
    gazetteer.load_tables()
