from contractwatch.record import DocumentInfo, Event, Evidence, Record, Value
from contractwatch.store import EventFilter

TEXT = "That Cabinet approves the request to re-tender the Care at Home service for Bury Council."


def record(kind="tender", buyer="Bury Council", provider=None):
    ev = Event(kind=kind, status="approved", service="Care at Home", categories=["home_care"],
               buyers=[buyer], providers=[provider] if provider else [],
               value=Value(1_200_000, basis="annual"), decision_date="2021-05-26",
               evidence=[Evidence.at("kind", TEXT, 5, 60)])
    return Record(DocumentInfo(title="Care at Home", published="2021-05-26", type="minutes"), [ev])


def test_save_is_idempotent_and_replaces_changed_content(store):
    st, doc_id = store.save(key="k1", source="https://x", sha256="a" * 64, fmt="text", text=TEXT, record=record())
    assert st == "new"
    st2, doc_id2 = store.save(key="k1", source="https://x", sha256="a" * 64, fmt="text", text=TEXT, record=record())
    assert (st2, doc_id2) == ("unchanged", doc_id)
    st3, doc_id3 = store.save(key="k1", source="https://x", sha256="b" * 64, fmt="text", text=TEXT + " ",
                              record=record(kind="award", provider="Acme Care Ltd"))
    assert (st3, doc_id3) == ("updated", doc_id)
    rows, total = store.events()
    assert total == 1 and rows[0]["kind"] == "award" and rows[0]["providers"] == ["Acme Care Ltd"]
    assert rows[0]["evidence"][0]["text"] == TEXT[5:60]


def test_filters_and_facets(store):
    store.save(key="a", source=None, sha256="1" * 64, fmt="text", text=TEXT, record=record())
    store.save(key="b", source=None, sha256="2" * 64, fmt="text", text="Other text about Wirral home care",
               record=record(kind="insource", buyer="Wirral Council", provider="Wirral Community Health Care"))
    assert store.events(EventFilter(kind=["insource"]))[1] == 1
    assert store.events(EventFilter(buyer="wirral"))[1] == 1
    assert store.events(EventFilter(provider="community health"))[0][0]["kind"] == "insource"
    assert store.events(EventFilter(category=["home_care"]))[1] == 2
    assert store.events(EventFilter(category=["care_homes"]))[1] == 0
    assert store.events(EventFilter(since="2021-06"))[1] == 0
    assert store.events(EventFilter(until="2021-05"))[1] == 2
    facets = store.facets()
    assert facets["kind"] == {"tender": 1, "insource": 1}
    assert facets["buyer"]["Wirral Council"] == 1


def test_bad_filter_values_are_refused(store):
    import pytest

    with pytest.raises(ValueError, match="unknown kind"):
        store.events(EventFilter(kind=["bogus"]))
    with pytest.raises(ValueError, match="since"):
        store.events(EventFilter(since="last week"))


def test_full_text_search(store):
    _, first = store.save(key="a", source=None, sha256="1" * 64, fmt="text", text=TEXT, record=record())
    store.save(key="b", source=None, sha256="2" * 64, fmt="text", text="Extra care housing in Wirral", record=record())
    hits = store.search("re-tender care")
    assert [h["id"] for h in hits] == [first]
    assert "\x02" in hits[0]["snippet"]
    assert store.search('"extra care housing"')[0]["title"] == "Care at Home"
    assert store.search("nonexistentword") == []
    # Operators and punctuation in user input must not break the query.
    store.search('care AND "unterminated')
    store.search("NEAR( * ) OR -")
    assert len(store.events(EventFilter(q="Wirral"))[0]) == 1
