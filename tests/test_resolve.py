"""Names → organisations: gazetteer, acronyms in context, forms, renames, succession, manual fixes."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

import histories as H
from contractwatch import link
from contractwatch.resolve import (Manual, Resolver, acronym_expansions, company_key, form_type, is_acronym,
                                   list_orgs, get_org, merge_orgs, split_org)
from contractwatch.store import EventFilter
from histories import isolate_reference  # noqa: F401 - autouse fixture

WIRRAL_NEWS = H.text_of("wirral_2023_news")
SIRONA_NEWS = H.text_of("bnssg_2019_preferred")


@pytest.fixture(scope="module")
def r() -> Resolver:
    return Resolver()


@pytest.mark.parametrize("name", ["B&NES", "BaNES", "Bath & North East Somerset Council",
                                  "Bath and North East Somerset", "Bath and North East Somerset Council",
                                  "bath and north east somerset council", "E06000022"])
def test_one_council_under_many_names(r, name):
    res = r.resolve(name)
    assert res.id == "council:bath-and-north-east-somerset"
    assert res.org.name == "Bath and North East Somerset Council" and res.org.type == "council"
    assert res.org.code == "E06000022" and res.org.region == "South West"


def test_acronym_resolved_from_the_document_text(r):
    res = r.resolve("WCHC", role="provider", text=WIRRAL_NEWS, doc=1)
    assert res.id == "nhs:wirral-community-health-and-care-nhs-foundation-trust"
    assert res.method == "acronym" and "Wirral Community Health Care Foundation Trust" in res.detail
    assert res.org.type == "nhs_trust" and res.org.code == "RY7"
    # the same letters elsewhere mean whatever that text spells out
    other = "Westshire County Health Commissioners (WCHC) agreed the plan."
    res2 = r.resolve("WCHC", role="buyer", text=other, doc=2)
    assert res2.id == "org:westshire-county-health-commissioners" and res2.method == "acronym"


def test_acronym_expansion():
    assert acronym_expansions("WCHC", WIRRAL_NEWS) == ["Wirral Community Health Care Foundation Trust"]
    assert acronym_expansions("BaNES", "Bath and North East Somerset Council (BaNES) said") == \
        ["Bath and North East Somerset Council"]
    assert acronym_expansions("BANES", "in Bath And North East Somerset today") == ["Bath And North East Somerset"]
    assert acronym_expansions("XYZ", WIRRAL_NEWS) == []
    assert is_acronym("B&NES") and is_acronym("WCHC") and not is_acronym("Sirona") and not is_acronym("HCRG Care")


@pytest.mark.parametrize("name,kind", [
    ("Acme Care Ltd", "company"), ("Acme Care Limited", "company"), ("HCRG Care Group", "company"),
    ("Sirona care & health CIC", "cic"), ("Irwell Valley Care C.I.C.", "cic"),
    ("Bristol Community Health Community Interest Company", "cic"),
    ("Age UK Bristol", "charity"), ("The Carers Trust", "charity"), ("Mencap", "charity"),
    ("Oxleas NHS Foundation Trust", "nhs_trust"), ("Northshire Hospitals NHS Trust", "nhs_trust"),
    ("NHS Northshire CCG", "nhs_commissioner"), ("Northshire Integrated Care Board", "nhs_commissioner"),
    ("Northshire County Council", "council"), ("London Borough of Northshire", "council"),
    ("Sirona", None),
])
def test_forms(name, kind):
    assert form_type(name) == kind


def test_unknown_organisations_get_stable_ids_from_their_names(r):
    a, b = r.resolve("Acme Care Ltd", role="provider"), r.resolve("ACME CARE LIMITED", role="provider")
    assert a.id == b.id == "org:acme-care" and a.org.type == "company"
    assert company_key("The Acme Care Company Ltd") == "acme care company"
    assert r.resolve("Sirona", role="provider").org.type == "other"


def test_renamed_providers_are_one_organisation_with_former_names(r):
    for old in ("Virgin Care", "Virgin Care Ltd", "Virgin Care Services Ltd", "Assura Medical"):
        res = r.resolve(old, role="provider")
        assert res.id == "org:hcrg-care-group" and res.method == "rename", old
    assert "renamed HCRG Care Group in 2021" in r.resolve("Virgin Care Ltd", role="provider").detail
    hcrg = r.ref("org:hcrg-care-group")
    assert ("Virgin Care", "2021") in hcrg.former
    res = r.resolve("Heritage Care (previously known as Community Options)", role="provider")
    assert res.id == r.resolve("Community Options Ltd", role="provider").id == "org:heritage-care"


def test_nhs_bodies_by_name_code_and_near_spelling(r):
    assert r.resolve("Bristol, North Somerset and South Gloucestershire Clinical Commissioning Group").id == \
        "nhs:bristol-north-somerset-and-south-gloucestershire-ccg"
    assert r.resolve("BNSSG CCG").id == r.resolve("15C").id
    assert r.resolve("Wirral Community Health Care Foundation Trust", role="provider").id == \
        "nhs:wirral-community-health-and-care-nhs-foundation-trust"
    # the trust's former name is an alias in the table
    assert r.resolve("Wirral Community NHS Foundation Trust", role="provider").org.code == "RY7"


def test_generic_names_from_the_document(r):
    res = r.resolve("the Council", source="https://councildecisions.bury.gov.uk/ieIssueDetails.aspx?IId=1", doc=3)
    assert res.id == "council:bury" and res.method == "host"
    res = r.resolve("the Council", publisher="Wirral Council", doc=4)
    assert res.id == "council:wirral" and res.method == "publisher"
    res = r.resolve("The CCG", text=SIRONA_NEWS, doc=5, on="2019-07-05")
    assert res.id == "nhs:bristol-north-somerset-and-south-gloucestershire-ccg" and res.method == "context"
    assert r.resolve("the provider") is None and r.resolve("  ") is None


def test_succession_ccg_to_icb_and_council_reorganisation(r):
    ccg = "nhs:bath-and-north-east-somerset-ccg"
    assert r.descendants(ccg) == {"nhs:bath-and-north-east-somerset-swindon-and-wiltshire-ccg",
                                  "nhs:bath-and-north-east-somerset-swindon-and-wiltshire-icb"}
    assert r.roots(ccg) == {"nhs:bath-and-north-east-somerset-swindon-and-wiltshire-icb"}
    assert r.related(ccg, "nhs:bath-and-north-east-somerset-swindon-and-wiltshire-icb") == "successor"
    assert r.related("nhs:bath-and-north-east-somerset-swindon-and-wiltshire-icb", ccg) == "predecessor"
    # two CCGs handed to one ICB are not the same buyer
    assert r.related("nhs:swindon-ccg", ccg) is None
    # a county split in two has two successors
    assert r.roots("council:northamptonshire-county-council") == {"council:north-northamptonshire",
                                                                  "council:west-northamptonshire"}
    # a bare place name picks the council in office on the date
    assert r.resolve("Somerset", on="2020-05-01").id == "council:somerset-county-council"
    assert r.resolve("Somerset", on="2024-05-01").id == "council:somerset"


def test_manual_merge_and_split_rules():
    r = Resolver(manual=Manual(merges={"org:acme-home-care-services": "org:acme-homecare"},
                               splits={("council:north-somerset", "nsc")}))
    assert r.resolve("Acme Home Care Services", role="provider").id == "org:acme-homecare"
    res = r.resolve("NSC", text="The NSC (National Standards Committee) met.", doc=9)
    assert res.id != "council:north-somerset"


# -- organisations in the store ---------------------------------------------------------------------
def test_orgs_in_the_store_merge_and_split_by_hand_survive_reingest(store):
    ids = H.build(store, H.HISTORIES["bury"] + H.HISTORIES["bnes"])
    link.refresh(store, today=date(2025, 6, 1))
    rows, total = list_orgs(store, type="company")
    assert {o["id"] for o in rows} == {"org:acme-homecare", "org:hcrg-care-group"}
    hcrg = get_org(store, "Virgin Care Services Ltd")
    assert hcrg["id"] == "org:hcrg-care-group"
    assert {"Virgin Care", "Virgin Care Services Ltd"} <= {a["alias"] for a in hcrg["aliases"]}
    assert any(a["until"] == "2021" for a in hcrg["aliases"] if a["alias"] == "Virgin Care")
    icb = get_org(store, "nhs:bath-and-north-east-somerset-swindon-and-wiltshire-icb")
    assert "nhs:bath-and-north-east-somerset-swindon-and-wiltshire-ccg" in icb["predecessors"]
    assert list_orgs(store, search="B&NES")[0][0]["id"] == "council:bath-and-north-east-somerset"
    with pytest.raises(ValueError):
        list_orgs(store, type="alien")
    # merge the two Bury providers (say they are one group), then re-ingest: still merged
    merge_orgs(store, "Acme Homecare Ltd", "Irwell Valley Care CIC", who="tester")
    c = link.list_contracts(store, buyer="Bury")[0][0]
    assert c.provider_ids == ["org:acme-homecare"]
    H.save(store, "bury_2024_extend", salt="again")
    link.refresh(store, [ids["bury_2024_extend"]])
    rows, _ = store.events(EventFilter(document_id=ids["bury_2024_extend"]))
    m_ids = {m for m in _mention_orgs(store, rows[0]["id"])}
    assert m_ids == {"council:bury", "org:acme-homecare"}
    # split it back out: the merge is undone, for every spelling
    new = split_org(store, "org:acme-homecare", "Irwell Valley Care C.I.C.", who="tester")
    assert new == "org:irwell-valley-care"
    assert sorted(link.list_contracts(store, buyer="Bury")[0][0].provider_ids) == ["org:acme-homecare",
                                                                                    "org:irwell-valley-care"]
    # a name wrongly read as an organisation can be split off on its own
    assert split_org(store, "council:bath-and-north-east-somerset", "B&NES") == "org:b-and-nes"
    aliases = [a["alias"] for a in get_org(store, "council:bath-and-north-east-somerset")["aliases"]]
    assert "B&NES" not in aliases and "BANES" in aliases
    with pytest.raises(ValueError):
        split_org(store, "org:acme-homecare", "Nobody Ltd")
    with pytest.raises(ValueError):
        merge_orgs(store, "org:acme-homecare", "org:acme-homecare")


def _mention_orgs(store, event_id):
    from sqlalchemy import select

    from contractwatch.store import models as m

    with store.Session() as s:
        return list(s.scalars(select(m.Mention.org_id).where(m.Mention.event_id == event_id)))


def test_orgs_cli(sqlite_store, monkeypatch):
    from contractwatch.cli import app

    H.build(sqlite_store, H.HISTORIES["bnssg"])
    monkeypatch.setenv("CONTRACTWATCH_DB", sqlite_store.url)
    run = CliRunner().invoke
    assert run(app, ["contracts", "refresh"]).exit_code == 0
    res = run(app, ["orgs", "--type", "nhs_commissioner", "-f", "json"])
    data = json.loads(res.stdout)
    assert {o["id"] for o in data["organisations"]} >= {"nhs:bristol-north-somerset-and-south-gloucestershire-ccg",
                                                        "nhs:bristol-north-somerset-and-south-gloucestershire-icb"}
    res = run(app, ["orgs", "--search", "sirona"])
    assert res.exit_code == 0 and "Sirona" in res.stdout
    res = run(app, ["orgs", "show", "BNSSG CCG"])
    assert res.exit_code == 0 and "successors: nhs:bristol-north-somerset-and-south-gloucestershire-icb" in res.stdout
    res = run(app, ["orgs", "merge", "Sirona care & health CIC", "Sirona", "--who", "me"])
    assert res.exit_code == 0, res.output
    assert run(app, ["orgs", "show", "Sirona"]).stdout.startswith("Sirona care & health CIC")
    assert run(app, ["orgs", "merge", "nobody", "Sirona"]).exit_code == 1
    assert run(app, ["orgs", "--type", "alien"]).exit_code == 2
