"""Each rule earns its place: its examples match, its near-misses do not, and removing a
kind's rule costs accuracy on the gold set."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from contractwatch.extract import events as events_mod
from contractwatch.extract import extract
from contractwatch.extract.rules import CATEGORY_RULES, FALLBACK, KIND_RULES

HERE = Path(__file__).parent
EXAMPLES = tomllib.loads((HERE / "rule_examples.toml").read_text())
KIND_RX = {k: rx for k, _, rx in KIND_RULES}


@pytest.mark.parametrize("kind", sorted(EXAMPLES["kinds"]))
def test_kind_rule_examples(kind):
    rx = KIND_RX[kind]  # compiled for lower-cased text
    for s in EXAMPLES["kinds"][kind]["match"]:
        assert rx.search(s.lower()), f"{kind} rule misses: {s}"
    for s in EXAMPLES["kinds"][kind]["miss"]:
        assert not rx.search(s.lower()), f"{kind} rule wrongly matches: {s}"


@pytest.mark.parametrize("sentence,trigger,expected", EXAMPLES["statuses"]["cases"])
def test_status_cues(sentence, trigger, expected):
    from contractwatch.extract.events import Context, _status
    from contractwatch.extract.meta import Meta
    from contractwatch.extract.text import split_sentences

    s = split_sentences(sentence)[0]
    ctx = Context(text=sentence, sentences=[s], meta=Meta(), host_council=None, doc_type="other")
    status, _ = _status(ctx, s, sentence.index(trigger))
    assert status == expected


@pytest.mark.parametrize("category", sorted(EXAMPLES["categories"]))
def test_category_rules(category):
    for phrase in EXAMPLES["categories"][category]:
        hits = [c for c, rx in CATEGORY_RULES.items() if rx.search(phrase)]
        assert category in hits, f"{phrase!r} not recognised as {category} (got {hits})"


def _kind_accuracy() -> float:
    lines = [json.loads(x) for x in (HERE / "gold" / "gold.jsonl").read_text().splitlines() if x.strip()]
    ok = total = 0
    for d in lines:
        if not d["events"]:
            continue
        total += 1
        text = (HERE / "gold" / d["path"]).read_text(encoding="utf-8")
        rec = extract(text, source=d.get("source"))
        ok += bool(rec.events) and rec.events[0].kind in (d.get("primary_kinds") or [d["events"][0]["kind"]])
    return ok / total


def test_every_kind_rule_earns_its_place(monkeypatch):
    full = _kind_accuracy()
    for kind in KIND_RX:
        monkeypatch.setattr(events_mod, "KIND_RULES", [r for r in KIND_RULES if r[0] != kind])
        # The rule alone, without the word-list fallback standing in for it.
        monkeypatch.setattr(events_mod, "FALLBACK", {k: v for k, v in FALLBACK.items() if k != kind})
        without = _kind_accuracy()
        assert without < full - 0.03, f"removing the {kind} rule costs nothing ({full:.3f} → {without:.3f})"
    monkeypatch.setattr(events_mod, "KIND_RULES", KIND_RULES)


def test_coordinated_commissioners_become_one_buyer_each():
    text = ("Community services deal awarded\n\nGreater Huddersfield and North Kirklees clinical commissioning "
            "groups have awarded the community services contract to Kirkwood Community Partnership CIC.\n")
    ev = extract(text).events[0]
    assert ev.kind == "award"
    assert len(ev.buyers) == 2 and all("Clinical Commissioning Group" in b for b in ev.buyers)
    assert {e.text for e in ev.evidence if e.field == "buyers"} == {"Greater Huddersfield", "North Kirklees"}
    # "and" inside one name stays whole: Ipswich and East Suffolk is one CCG.
    text2 = ("West Suffolk, and Ipswich and East Suffolk clinical commissioning groups have chosen Anglia Care Ltd "
             "as their preferred bidder for community services.\n")
    ev2 = extract(text2).events[0]
    assert len(ev2.buyers) == 2 and any("Ipswich and East Suffolk" in b for b in ev2.buyers)


FALLBACK_CASES = [
    ("Cabinet agreed that the home care contract with Acme Care Ltd should cease at the end of March 2026.\n", "end"),
    ("Cabinet agreed that the reablement service will be in-house from April.\n", "insource"),
]


@pytest.mark.parametrize("text,kind", FALLBACK_CASES)
def test_fallback_reads_a_decision_no_rule_phrases(monkeypatch, text, kind):
    events = extract(text, source="https://www.example.gov.uk/news").events
    assert events and events[0].kind == kind
    ev = next(e for e in events[0].evidence if e.field == "kind")
    assert text[ev.start:ev.end] == ev.text
    # The fallback earns its place: without its word lists these decisions are lost.
    monkeypatch.setattr(events_mod, "FALLBACK", {k: () for k in events_mod.FALLBACK})
    assert extract(text, source="https://www.example.gov.uk/news").events == []


def test_fallback_leaves_pages_without_a_contract_decision_alone():
    for text in ("RESOLVED: That planning permission be granted for the extension of the care home at 4 Mill Lane.\n",
                 "Adult Social Care Fee Uplift 2025/26 - Independent Sector Residential and Nursing Care\n\n"
                 "Cabinet agreed a fee uplift of 6.5% for care homes from April 2025.\n",
                 # services the council runs now, named "in-house", are not a move in house
                 "Day Services Petition Response\n\nAnytown County Council undertook a consultation process on the proposed "
                 "changes to In-house day services and agreed a response to the petition.\n"):
        assert extract(text, source="https://www.example.gov.uk/news").events == []


def _example_sentences():
    """Every kind rule's examples and every sentence of the gold set, lower-cased."""
    from contractwatch.extract.text import split_sentences

    out = [s.lower() for k in EXAMPLES["kinds"].values() for s in k["match"] + k["miss"]]
    for d in (HERE / "gold" / "docs").glob("*.txt"):
        out += [s.low for s in split_sentences(d.read_text(encoding="utf-8"))]
    return out


def test_kind_hints_are_necessary():
    """A kind rule runs only on sentences holding one of its hint words (for speed). A rule
    that can match without one would be silently skipped: every match must hold a hint."""
    from contractwatch.extract.rules import KIND_HINTS

    for low in _example_sentences():
        for kind, _, rx in KIND_RULES:
            if rx.search(low):
                assert any(w in low for w in KIND_HINTS[kind]), f"{kind} rule matched without a hint word: {low[:160]}"
