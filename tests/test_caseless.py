"""Rules compiled for lower-cased text (rules.caseless) find exactly what the same rule finds
case-insensitively in the original text: the rewrite is for speed and must change nothing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractwatch.extract.rules import guarded, RULES, _branches, _lower_pattern, caseless
from contractwatch.extract.text import lower_same_length, split_sentences

HERE = Path(__file__).parent


def _sentences() -> list[str]:
    out = []
    for p in sorted((HERE / "gold" / "docs").glob("*.txt")):
        out += [s.text for s in split_sentences(p.read_text(encoding="utf-8"))]
    return out


SENTENCES = _sentences()
PATTERNS = ([(f"kind:{r['kind']}", r["rx"]) for r in RULES["kind"]]
            + [(f"status:{k}", v) for k, v in RULES["status"].items()]
            + [(f"category:{k}", v) for k, v in RULES["categories"].items()]
            + [(f"blocks:{k}", v) for k, v in RULES["blocks"].items()])


@pytest.mark.parametrize("name,pattern", PATTERNS, ids=[n for n, _ in PATTERNS])
def test_caseless_rule_finds_what_the_case_insensitive_rule_finds(name, pattern):
    original, fast = re.compile(pattern, re.I | re.M), caseless(pattern, re.M)
    assert len(SENTENCES) > 1000
    hits = 0
    for s in SENTENCES:
        want = [m.span() for m in original.finditer(s)]
        assert [m.span() for m in fast.finditer(s.lower())] == want, (name, s)
        hits += bool(want)
    if name.startswith("kind:"):
        assert hits, f"{name} matches nothing in the gold documents: the comparison proves little"


def test_lowering_keeps_escapes_group_names_and_drops_only_the_i_flag():
    assert _lower_pattern(r"(?xi)\bA\S+(?P<Org>[A-Z]\W)(?i:Ltd)") == r"(?x)\ba\S+(?P<Org>[a-z]\W)(?:ltd)"
    with pytest.raises(ValueError):
        _lower_pattern(r"(?-i:[A-Z])\w+")


def test_word_boundary_is_factored_out_only_when_every_branch_opens_with_it():
    assert caseless(r"\bfoo|\bbar").pattern == r"(?=[bf])\b(?:foo|bar)"
    assert caseless(r"\bfoo|bar").pattern == r"\bfoo|bar"
    assert _branches(r"a(?:b|c)|[|]d|e\|f") == ["a(?:b|c)", "[|]d", r"e\|f"]


def test_lower_same_length_keeps_offsets():
    text = "İstanbul Care Ltd"  # "İ".lower() is two characters long
    low = lower_same_length(text)
    assert len(low) == len(text) and low.endswith("care ltd")


def test_every_kind_rule_tests_its_word_boundary_once():
    """Speed: a kind rule whose every branch opens with \\b is compiled with the boundary
    factored out; a branch opening with anything else (a lookbehind first) costs every position."""
    for r in RULES["kind"]:
        body = _lower_pattern(r["rx"])
        body = body[body.index(")") + 1:] if body.startswith("(?") else body
        assert all(b.lstrip().startswith("\\b") for b in _branches(body)), r["kind"]


@pytest.mark.parametrize("pattern,guard", [
    (r"\b(?:foo|ba[rz])", "(?=[bf])"),
    (r"(?<!x)\s*(?:\d+\.)?next", None),          # may start with any of several kinds: none needed
    (r"\b(?:a?b|c)", "(?=[abc])"),                 # an optional first item lets the next one start
    (r"\w+ing", ""),                               # any word character: no guard
    (r"x*", ""),                                    # can match nothing: no guard
])
def test_first_character_guard(pattern, guard):
    got = guarded(pattern).pattern
    if guard is not None:
        assert got == guard + pattern
    samples = ["foo bar baz", "  12.next", "ab c", "ring", "", "xx"]
    plain = re.compile(pattern)
    for t in samples:
        assert [m.span() for m in guarded(pattern).finditer(t)] == [m.span() for m in plain.finditer(t)]
