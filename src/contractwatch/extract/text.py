"""Sentences with their offsets and the block of the page they sit in.

A trigger means different things under "Decision:" and under "Other options considered
and rejected:", so every sentence carries the block its heading opened.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import CONTEXT_BLOCK, DECISION_BLOCK, REJECTED_BLOCK, caseless

BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□\-*–]|\(?[a-z]\)|\(?[ivx]+\)|\d+\.\d*)\s+")
# The break after a sentence's closing mark; the match starts at the mark itself (one past it is
# where the break begins), so the engine can skip ahead to the next mark.
SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘'(•·]?[A-Z0-9£])")
# (an option to extend is a contract's term, not options weighed: "… with the option to extend for one further year:")
OPTIONS_LEAD = caseless(r"\boptions?\b(?!\s+(?:to|of)\s+(?:extend|extending|renew|renewing)\b)[^.]*:\s*$|\b(?:options|alternatives)\s+(?:include|are|were|considered)\b.*:?\s*$")
HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?]{0,80}:\s*$|^\s*(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][A-Za-z ,&'-]{0,60}$")


LABELLED = re.compile(r"^\s*[A-Z][\w ]{2,40}:\s+\S")
OPEN_END = re.compile(r"\s(?:and|or|of|the|to|for|with|by|in|on|a|an)\s*$")  # no sentence ends on these
LIST_MARK = re.compile(r"\(?(?:[a-z]|[ivx]{1,4})[.)]\s")  # "e. the chief executive be authorised": a list's next item


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    line: int
    block: str | None  # "decision" | "rejected" | "options" | "context" | None
    bullet: bool = False
    low: str = ""  # the text lower-cased, same length (rules.caseless patterns run on it)

    def __post_init__(self) -> None:
        if not self.low:
            self.low = lower_same_length(self.text)


def stretches(spans, before: int, after: int, n: int) -> list[tuple[int, int]]:
    """The stretches [start - before, end + after) around sorted spans, merged where they touch:
    the few places a costly rule is worth trying on a long page."""
    out: list[list[int]] = []
    for a, b in spans:
        lo, hi = max(0, a - before), min(n, b + after)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def lower_same_length(text: str) -> str:
    """``text`` lower-cased, keeping every offset: the rare character whose lower case is
    longer ("İ") is left as it is."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


ITEM_HEAD = re.compile(r"^\s*(?:item\s+)?\d+(?:\.\d+)?[.:]?\s*$|^\s*(?:item\s+\d+[.:]?|\d+\.)\s+(?P<t>[A-Z][^\n]{4,150})$", re.I)
BARE_NUMBER = re.compile(r"^\s*\d{1,2}[.:)]?\s*$")
# A numbered line inside a resolution is one of its points, not the next agenda item: it opens
# with what is resolved ("1. Agree to extend …", "2. Note that …") or with a decision record's past
# tense ("1. Directly awarded …"); "5. To receive the minutes", "6. Award of Contract for Home Care"
# open agenda items.
POINT = (r"(?:that\b|(?:agrees?|approves?|notes?|delegates?|authori[sz]es?|endorses?|requests?|recommends?|confirms?|accepts?|"
         r"supports?|instructs?|asks?|grants?|awards?|extends?|waives?|resolves?|decides?)\s+(?:the|that|to|a|an|its|their|this|"
         r"these|authority|delegated|spend|officers?|up)\b|(?:directly\s+)?(?:agreed|approved|noted|authori[sz]ed|delegated|awarded|"
         r"extended|endorsed|resolved|decided|confirmed|waived|varied|terminated|made|recommended|requested|instructed)\b)")
RESOLUTION_POINT = re.compile(r"^\s*(?:item\s+)?\d+(?:\.\d+)?[.:)]?\s+" + POINT, re.I)
# The line under a bare "1.": the point it numbers.
POINT_OPENING = re.compile(r"\s*(?:to\s+(?:agree|approve|note|award|extend|delegate|authori[sz]e)\b|" + POINT + ")", re.I)


# A headline starts with a capital and has no sentence inside it.
HEADLINE_CASE = re.compile(r"[A-Z0-9‘'\"“][^.!?]*$")


def logical_lines(text: str):
    """Physical lines, with hard-wrapped continuations joined (offsets into ``text`` kept).

    Pages saved from PDFs or mail archives wrap paragraphs at ~70 characters; a decision
    broken over two lines must still read as one sentence.
    """
    pos = 0
    cur_start = cur_end = None
    cur_no = 0
    prev = ""
    gap = False  # one blank line since the open line: a double-spaced wrap, if a lower-case word follows
    for lineno, line in enumerate(text.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped and cur_start is not None and not gap:
            gap = True
            continue
        joins = (cur_start is not None and stripped and len(prev.strip()) >= 50
                 and prev.rstrip()[-1:] not in ".:;!?)\"”" and not BULLET.match(line)
                 and not LABELLED.match(line) and not ITEM_HEAD.match(line)
                 # Pages converted from PDF may double-space a paragraph: "… extend those elements of
                 # the RE and CSG", a blank line, "contracts that relate to …" is one sentence.
                 and (not gap or (stripped[:1].islower() and not LIST_MARK.match(stripped)) or OPEN_END.search(prev))
                 # A story's headline over its first paragraph: "Cornwall cancels adult care contracts over
                 # performance" then "Fourteen charities which …" are two sentences, not one wrapped line.
                 and not (cur_no == 0 and cur_end == cur_start + len(prev) and len(prev.strip()) < 120
                          and stripped[:1].isupper() and HEADLINE_CASE.match(prev.strip())))
        gap = False
        if joins:
            cur_end = end
            prev = line
            continue
        if cur_start is not None:
            yield cur_no, cur_start, cur_end
        if stripped:
            cur_start, cur_end, cur_no = start, end, lineno
        else:
            cur_start = None
        prev = line
    if cur_start is not None:
        yield cur_no, cur_start, cur_end


def split_sentences(text: str, low: str | None = None) -> list[Sentence]:
    out: list[Sentence] = []
    block: str | None = None
    low = lower_same_length(text) if low is None else low
    lines = list(logical_lines(text))
    for k, (lineno, start, end) in enumerate(lines):
        line = text[start:end]
        line_low = low[start:end]
        stripped = line.strip()
        if block == "decision" and ITEM_HEAD.match(line) and not RESOLUTION_POINT.match(line) and not (
                BARE_NUMBER.match(line) and k + 1 < len(lines) and POINT_OPENING.match(text, lines[k + 1][1])):
            # A new agenda item closes the last one's decision; but "1." on its own line over
            # "Directly awarded three services …" numbers a point of the same decision.
            block = None
        is_bullet = bool(BULLET.match(line))
        if len(stripped) < 120 and REJECTED_BLOCK.match(line_low):
            block = "rejected"
            continue
        if len(stripped) < 120 and CONTEXT_BLOCK.match(line_low):
            block = "context"
            continue
        if len(stripped) < 120 and DECISION_BLOCK.match(line_low):  # a heading line, never a long one
            block = "decision"
            if "resolved" not in line_low:
                continue  # "RESOLVED that:" opens the block and still records the outcome
        if block == "options" and not is_bullet:
            block = None
        if block in ("rejected", "context") and not is_bullet and (
                (HEADING.match(line) and len(stripped) < 90) or LABELLED.match(line)):
            block = None
        for piece_start, piece in _pieces(line):
            s = start + piece_start
            out.append(Sentence(s, s + len(piece), piece, lineno, block, is_bullet, low[s:s + len(piece)]))
        if ("option" in line_low or "alternative" in line_low) and OPTIONS_LEAD.search(line_low.strip()):
            block = "options"
    return out


def _pieces(line: str):
    last = 0
    for m in SENTENCE_END.finditer(line):
        piece = line[last:m.start() + 1]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield last + lead, piece.strip()
        last = m.end()
    piece = line[last:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        yield last + lead, piece.strip()
