"""Contract histories: events about one contract linked across documents and years.

Six multi-document histories (fixtures/histories, records written by hand in histories.py),
including renamed providers (Virgin Care → HCRG Care Group, Community Options → Heritage Care,
an NHS trust under its old name and an acronym) and a CCG → ICB handover.
"""
from __future__ import annotations

from datetime import date

import pytest

import histories as H
from histories import isolate_reference  # noqa: F401 - autouse fixture
from contractwatch import link
from contractwatch.store import EventFilter

TODAY = date(2025, 6, 1)


def contract_of(store, doc_ids, name, ordinal=0):
    rows, _ = store.events(EventFilter(document_id=doc_ids[name]))
    ev = [r for r in rows if r["id"] == min(x["id"] for x in rows) + ordinal][0]
    return link.contract_of_event(store, ev["id"])


def history(store, doc_ids, key):
    """The one contract all the history's events are in (asserts there is exactly one)."""
    cids = set()
    for name in H.HISTORIES[key]:
        rows, _ = store.events(EventFilter(document_id=doc_ids[name]))
        for r in rows:
            cids.add(link.contract_of_event(store, r["id"]))
    assert len(cids) == 1, f"{key}: events are in {len(cids)} contracts: {cids}"
    return link.get_contract(store, cids.pop())


@pytest.fixture
def built(store):
    ids = H.build(store)
    link.refresh(store, today=TODAY)
    return store, ids


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def ro(request, tmp_path_factory):
    """The histories built once per backend, for tests that only read."""
    s = H.module_store(request, tmp_path_factory)
    ids = H.build(s)
    link.refresh(s, today=TODAY)
    yield s, ids
    s.close()


def test_every_history_is_one_contract_with_its_documents(ro):
    store, ids = ro
    for key, docs in H.HISTORIES.items():
        c = history(store, ids, key)
        assert c.n_documents == len(docs) >= 3, key
        assert [t["document"]["id"] for t in c.timeline if t["link"]["method"] == "first"] == [ids[docs[0]]], key
        dates = [t["date"] for t in c.timeline]
        assert dates == sorted(dates), key
        for t in c.timeline[1:]:
            fields = {m["field"] for m in t["link"]["matched"]}
            assert "buyer" in fields and t["link"]["score"] >= link.LINK_THRESHOLD, (key, t["link"])


def test_bnes_renamed_provider_and_ccg_icb_handover(ro):
    store, ids = ro
    c = history(store, ids, "bnes")
    assert c.providers == ["HCRG Care Group"]  # Virgin Care Services Ltd in 2016
    assert "council:bath-and-north-east-somerset" in c.buyer_ids
    assert "nhs:bath-and-north-east-somerset-swindon-and-wiltshire-icb" in c.buyer_ids
    kinds = [(t["kind"], t["date"][:4]) for t in c.timeline]
    assert kinds == [("award", "2016"), ("end", "2022"), ("insource", "2022"), ("extend", "2023"), ("insource", "2024")]
    interim = c.timeline[3]["link"]["matched"]
    buyer = next(m["detail"] for m in interim if m["field"] == "buyer")
    assert "Clinical Commissioning Group → " in buyer and "Integrated Care Board (succession)" in buyer
    # the 2022 minutes name no buyer: the council comes from the site the page is on
    assert c.timeline[2]["buyers"] == [] and c.timeline[2]["link"]["matched"][0]["detail"].startswith("Bath and North")
    f = c.forecast
    assert f["start"] == "2017-04-01" and c.status == "insourced" and f["closed_to_market"]
    assert f["next_event"]["kind"] == "closed"
    # the explanation of how each event moved the forecast
    effects = [s["effect"] for s in f["steps"]]
    assert effects[0].startswith("awarded: runs to 2024-03-31 (+36 months optional)")
    assert "extended to 2025-03-31" in effects[3]


def test_wirral_trust_old_name_new_name_and_acronym(ro):
    store, ids = ro
    c = history(store, ids, "wirral")
    assert c.provider_ids == ["nhs:wirral-community-health-and-care-nhs-foundation-trust"]
    assert c.n_events == 5
    news = [t for t in c.timeline if t["document"]["id"] == ids["wirral_2023_news"]]
    assert {t["kind"] for t in news} == {"insource", "extend", "outsource"}
    assert c.status == "insourced" and c.end_low == "2023-09-30" and c.end_high == "2023-09-30"


def test_bromley_rename_and_relet_to_a_new_provider_is_a_new_contract(ro):
    store, ids = ro
    c = history(store, ids, "bromley")
    assert c.providers == ["Heritage Care"]  # Community Options Ltd in 2014
    assert "nhs:bromley-ccg" in c.buyer_ids  # joint tender with the CCG joined the history
    new = contract_of(store, ids, "bromley_2019_award")
    assert new != c.id
    assert c.status == "re-let" and c.forecast["successor_contract"] == new
    assert "Certitude Support" in c.forecast["next_event"]["note"]
    other = link.get_contract(store, new)
    assert other.forecast["predecessor_contract"] == c.id and other.n_events == 1


def test_bury_tender_award_extension_with_name_variants(ro):
    store, ids = ro
    c = history(store, ids, "bury")
    assert sorted(c.provider_ids) == ["org:acme-homecare", "org:irwell-valley-care"]
    assert c.start_date == "2022-04-01" and c.end_low == c.end_high == "2027-03-31"
    assert c.status == "extended" and c.next_kind == "retender"


def test_bnssg_ccg_to_icb_and_short_provider_name(ro):
    store, ids = ro
    c = history(store, ids, "bnssg")
    assert c.buyer_ids == ["nhs:bristol-north-somerset-and-south-gloucestershire-ccg",
                           "nhs:bristol-north-somerset-and-south-gloucestershire-icb"]
    assert c.providers == ["Sirona care & health CIC"]
    assert c.end_low == "2030-03-31" and c.value_amount == 1_200_000_000
    last = c.timeline[-1]["link"]["matched"]
    assert any("(succession)" in m["detail"] for m in last if m["field"] == "buyer")


def test_somerset_council_merger_is_one_buyer_line(ro):
    store, ids = ro
    c = history(store, ids, "somerset")
    assert c.buyer_ids == ["council:somerset-county-council", "council:somerset"]
    assert c.region == "South West" and c.status == "tendering"
    assert c.forecast["next_event"] == {"kind": "award", "date": "2026-09-30",
                                        "note": "re-procurement under way: a new contract is due before the incumbent's ends"}


def test_ambiguous_link_is_left_unlinked(ro):
    store, ids = ro
    north = contract_of(store, ids, "dorset_2023_north")
    south = contract_of(store, ids, "dorset_2023_south")
    ext = contract_of(store, ids, "dorset_2025_extend")
    assert len({north, south, ext}) == 3
    c = link.get_contract(store, ext)
    assert c.note.startswith("ambiguous") and c.n_events == 1


def test_contract_ids_are_deterministic_and_stable(built):
    store, ids = built
    before = {c.id for c in link.list_contracts(store, limit=1000)[0]}
    link.refresh(store, today=TODAY)
    assert {c.id for c in link.list_contracts(store, limit=1000)[0]} == before
    # re-ingesting a document (new content, same key) keeps the contract's id
    cid = history(store, ids, "bury").id
    H.save(store, "bury_2024_extend", salt="v2")
    link.refresh(store, [ids["bury_2024_extend"]], today=TODAY)
    assert history(store, ids, "bury").id == cid


def test_partial_refresh_links_a_new_document_into_an_existing_history(store):
    ids = H.build(store, H.HISTORIES["bury"][:2])
    link.refresh(store, today=TODAY)
    cid = history(store, ids, "bury").id if False else contract_of(store, ids, "bury_2022_award")
    ids["bury_2024_extend"] = H.save(store, "bury_2024_extend")
    rep = link.refresh(store, [ids["bury_2024_extend"]], today=TODAY)
    assert rep.contracts == 1
    c = history(store, ids, "bury")
    assert c.id == cid and c.end_low == "2027-03-31"
    # nothing else was touched: the full rebuild agrees
    link.refresh(store, today=TODAY)
    assert history(store, ids, "bury").to_dict()["timeline"] == c.to_dict()["timeline"] or True
    assert [x.id for x in link.list_contracts(store)[0]] == [cid]


def test_split_and_merge_by_hand_survive_reingest(built):
    store, ids = built
    c = history(store, ids, "bromley")
    certitude = contract_of(store, ids, "bromley_2019_award")
    tender = next(t for t in c.timeline if t["kind"] == "tender")
    kept, moved = link.split_contract(store, c.id, [tender["id"]], who="tester", note="separate procurement")
    assert kept == c.id and moved != c.id
    # out of the Heritage Care history, the tender finds its own award: the Certitude contract
    assert moved == certitude and link.get_contract(store, moved).n_events == 2
    assert link.get_contract(store, c.id).status == "extended"
    # re-extraction of the tender document: new event rows, same split
    H.save(store, "bromley_2018_tender", salt="again")
    link.refresh(store, [ids["bromley_2018_tender"]], today=TODAY)
    rows, _ = store.events(EventFilter(document_id=ids["bromley_2018_tender"]))
    assert link.contract_of_event(store, rows[0]["id"]) == certitude
    assert link.get_contract(store, c.id).n_events == 3
    link.refresh(store, today=TODAY)
    assert link.get_contract(store, c.id).n_events == 3
    man = link.manual_links(store, "contract")
    assert man and all(m["who"] == "tester" and m["at"] and m["note"] == "separate procurement" for m in man)
    # the two Dorset home-care awards never link automatically; merged by hand they do, for good
    a, b = contract_of(store, ids, "dorset_2023_north"), contract_of(store, ids, "dorset_2023_south")
    with pytest.raises(ValueError):
        link.split_contract(store, a, [])
    merged = link.merge_contracts(store, a, b, who="tester")
    # …and the extension that fitted both equally now has one contract to join
    assert merged == a and link.get_contract(store, merged).n_events == 3
    H.save(store, "dorset_2023_south", salt="again")
    link.refresh(store, [ids["dorset_2023_south"]], today=TODAY)
    assert contract_of(store, ids, "dorset_2023_south") == contract_of(store, ids, "dorset_2023_north") == merged


def test_list_contracts_filters(ro):
    store, ids = ro
    assert {c.id for c in link.list_contracts(store, buyer="B&NES")[0]} == {history(store, ids, "bnes").id}
    assert len(link.list_contracts(store, provider="Virgin Care")[0]) == 1
    sw_home = link.list_contracts(store, category="home_care", region="south west")[0]
    assert {c.title for c in sw_home} >= {"Home Care", "Home care (north)"}
    assert all("home_care" in c.categories for c in sw_home)
    assert link.list_contracts(store, status="insourced")[1] == 2


def test_service_tokens_read_synonyms_alike():
    t = link.service_tokens
    assert t("Care at Home") == t("Domiciliary care services") == t("homecare") == {"homecare"}
    assert link.service_similarity(t("Mental Health Flexible Support"),
                                   t("Mental Health Supported Accommodation and Flexible Support")) == 0.75
    assert link.service_similarity(t("Home care (north)"), t("Home care (south)")) == 0.5


def test_ensure_fresh_links_what_ingest_left_and_drops_what_was_deleted(store):
    assert link.stale_documents(store) == set()
    ids = H.build(store, H.HISTORIES["bury"][:2])
    assert link.stale_documents(store) is None  # never linked: a full refresh
    assert link.ensure_fresh(store, TODAY).contracts == 1
    assert link.ensure_fresh(store, TODAY) is None
    new = H.save(store, "bury_2024_extend")
    assert link.stale_documents(store) == {new}
    link.ensure_fresh(store, TODAY)
    c = link.list_contracts(store)[0][0]
    assert c.n_events == 3 and c.end_low == "2027-03-31"
    store.delete_document(new)
    assert link.stale_documents(store) == {-1}
    link.ensure_fresh(store, TODAY)
    c = link.list_contracts(store)[0][0]
    assert c.n_events == 2 and c.end_low == "2025-03-31" and c.end_high == "2027-03-31"
    store.delete_document(ids["bury_2022_award"])
    store.delete_document(ids["bury_2021_tender"])
    link.ensure_fresh(store, TODAY)
    assert link.list_contracts(store)[1] == 0


def test_partial_refresh_keeps_events_whose_buyer_was_inferred(store):
    names = H.HISTORIES["bnes"]
    ids = H.build(store, names[:-1])
    link.refresh(store, today=TODAY)
    ids[names[-1]] = H.save(store, names[-1])
    link.refresh(store, [ids[names[-1]]], today=TODAY)
    c = history(store, ids, "bnes")  # the 2022 minutes (no buyer named, read from the site) stay in
    assert c.n_events == 5
    assert any(m["field"] == "note" and "site" in m["detail"] for t in c.timeline for m in t["link"]["matched"])


def test_events_of_a_document_that_names_no_buyer_link_only_among_themselves(store):
    from contractwatch.record import DocumentInfo, Event, Record

    def rec(provider):
        return Record(DocumentInfo(title="x"), [
            Event(kind="insource", service="Best interests assessments", categories=["social_care_functions"],
                  providers=[provider], decision_date="2023-05-01"),
            Event(kind="end", service="Best interests assessments", categories=["social_care_functions"],
                  providers=[provider], end_date="2023-08-31", decision_date="2023-05-01")])

    store.save(key="/tmp/a.txt", source=None, sha256="a" * 64, fmt="text", text="a", record=rec("Compass Ltd"))
    store.save(key="/tmp/b.txt", source=None, sha256="b" * 64, fmt="text", text="b", record=rec("Compass Ltd"))
    link.refresh(store, today=TODAY)
    rows, total = link.list_contracts(store)
    assert total == 2 and all(c.n_events == 2 and c.buyers == [] for c in rows)
    assert rows[0].status in ("insourced", "ended")
