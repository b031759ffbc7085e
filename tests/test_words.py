"""One Aho-Corasick pass finds what a str.find per word found."""
from __future__ import annotations

from contractwatch.extract.words import Lexicon, PageWords


def _by_find(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def test_positions_match_find_including_overlaps():
    lex = Lexicon()
    words = lex.add(["care", "car", "are", "aa", "contract", "re-tender", "tender"])
    text = "a care car; aaaa contract re-tender retender carer"
    found = lex.positions(text)
    for w in words:
        assert found.get(w, []) == _by_find(text, w), w


def test_words_added_later_rebuild_the_automaton():
    lex = Lexicon()
    lex.add(["care"])
    assert lex.positions("home care") == {"care": [5]}
    lex.add(["home"])
    assert lex.positions("home care") == {"home": [0], "care": [5]}


def test_unregistered_words_are_still_found():
    lex = Lexicon()
    lex.add(["care"])
    page = PageWords("extra care housing, extra care", lex)
    assert page.at("extra") == [0, 20]
    assert page.at("care") == [6, 26]
    assert page.at("nursing") == []


def test_present_lists_only_words_on_the_page():
    lex = Lexicon()
    lex.add(["care", "tender"])
    page = PageWords("home care and extra care", lex)
    assert dict(page.present(["care", "tender", "extra", "nursing"])) == {"care": [5, 20], "extra": [14]}
