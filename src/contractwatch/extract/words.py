"""Every hint word of the rules found in one pass over a page.

The rules name the words a sentence (or a stretch of text) must hold before a pattern is
tried there. Seeking each word with its own ``str.find`` walked a long page several hundred
times; one Aho-Corasick automaton holding all of them walks it once.
"""
from __future__ import annotations

import ahocorasick


class Lexicon:
    """The hint words of every rule that reads one form of the page (lower-cased or as written).

    Modules register their words when imported; the automaton is built at the first page."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, words) -> tuple[str, ...]:
        words = tuple(words)
        new = set(words) - self.words
        if new:
            self.words |= new
            self._automaton = None
        return words

    def _built(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for w in self.words:
                automaton.add_word(w, (w, len(w) - 1))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def positions(self, text: str) -> dict[str, list[int]]:
        """Start of every occurrence (overlapping ones too) of each registered word found."""
        found: dict[str, list[int]] = {}
        if not self.words:
            return found
        for end, (w, back) in self._built().iter(text):
            at = found.get(w)
            if at is None:
                found[w] = [end - back]
            else:
                at.append(end - back)
        return found


class PageWords:
    """One page's word positions: registered words from one pass, any other word on demand."""

    __slots__ = ("text", "lexicon", "found")

    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.text = text
        self.lexicon = lexicon
        self.found = lexicon.positions(text)

    def present(self, words):
        """``(word, positions)`` for each of ``words`` on the page. A registered word missing
        from the one pass is absent; any other is sought on demand."""
        found, registered = self.found, self.lexicon.words
        for w in words:
            at = found.get(w)
            if at is None:
                if w in registered:
                    continue
                at = self.at(w)
            if at:
                yield w, at

    def at(self, word: str) -> list[int]:
        at = self.found.get(word)
        if at is None:
            at = []
            if word not in self.lexicon.words:  # a registered word not in ``found`` is not on the page
                i = self.text.find(word)
                while i >= 0:
                    at.append(i)
                    i = self.text.find(word, i + 1)
            self.found[word] = at
        return at


# Words sought in the lower-cased page, and words sought as written (organisation heads).
LOWER = Lexicon()
AS_WRITTEN = Lexicon()
