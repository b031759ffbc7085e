"""The extraction rules, loaded once from ``rules.toml`` beside this file."""
from __future__ import annotations

import re
import tomllib
from re import _constants as _c, _parser as _p  # the stdlib's own pattern parser
from pathlib import Path
from .words import LOWER


def _lower_pattern(pattern: str) -> str:
    """``pattern`` rewritten to match lower-cased text as it matched the text under re.I:
    letters lower-cased except in escapes (``\\S``, ``\\W``) and group names, inline ``i``
    flags dropped. Case-sensitive parts (``(?-i:``) cannot be rewritten."""
    if "(?-i" in pattern:
        raise ValueError("a case-sensitive part cannot run on lower-cased text")
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if pattern.startswith(("(?P<", "(?P="), i):
            j = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:j + 1])
            i = j + 1
            continue
        out.append(c.lower())
        i += 1
    low = "".join(out)
    low = re.sub(r"\(\?([a-z]*)i([a-z]*)([:)])", lambda m: f"(?{m.group(1)}{m.group(2)}{m.group(3)}", low)
    return low.replace("(?)", "")


def _branches(pattern: str) -> list[str] | None:
    """The top-level alternatives of a pattern (None when it has a single one)."""
    parts, depth, i, last = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: skip to its closing bracket ("[]x]" and "[^]x]" hold a "]")
            i += 1
            if pattern.startswith("^", i):
                i += 1
            if pattern.startswith("]", i):
                i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
        i += 1
    parts.append(pattern[last:])
    return parts if len(parts) > 1 else None


_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


def _first_chars(items) -> set[str] | None:
    """The characters a match of the parsed items can begin with ("" when it can be empty),
    or None when it could begin with almost anything (``\\w``, ``.``)."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # a boundary or a look-around consumes nothing
        if op == _c.LITERAL:
            return out | {chr(av)}
        if op == _c.IN:
            for o, a in av:
                if o == _c.LITERAL:
                    out.add(chr(a))
                elif o == _c.RANGE and a[1] - a[0] <= 100:
                    out.update(chr(x) for x in range(a[0], a[1] + 1))
                elif o == _c.CATEGORY and a == _c.CATEGORY_DIGIT:
                    out.update("0123456789")
                elif o == _c.CATEGORY and a == _c.CATEGORY_SPACE:
                    out.update(" \t\n\r\f\v")
                else:
                    return None
            return out
        if op in (_c.SUBPATTERN, _c.BRANCH) or op in _REPEATS:
            subs = [av[-1]] if op == _c.SUBPATTERN else av[1] if op == _c.BRANCH else [av[2]]
            can_be_empty = op in _REPEATS and av[0] == 0
            for sub in subs:
                first = _first_chars(sub)
                if first is None:
                    return None
                can_be_empty |= "" in first
                out |= first - {""}
            if not can_be_empty:
                return out
            continue
        return None
    return out | {""}


def _first_char_guard(pattern: str, flags: int) -> str:
    """A look-ahead for the characters a match can start with. The engine rejects every other
    position at once instead of trying each alternative there: a third faster on the big rules."""
    try:
        parsed = _p.parse(pattern, flags)
        if not len(parsed) or parsed[0][0] not in _ZERO_WIDTH:
            return ""  # a rule opening with letters or a class is already scanned for them
        first = _first_chars(parsed)
    except (re.error, TypeError, ValueError):
        return ""
    if not first or "" in first:
        return ""
    if flags & re.I:
        first |= {c.swapcase() for c in first}
    if len(first) > 40:
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])"


def guarded(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile`` with the first-character look-ahead (same matches, found sooner)."""
    head = ""
    m = re.match(r"\(\?[a-zA-Z]+\)", pattern)
    if m:
        head, pattern = m.group(0), pattern[m.end():]
    return re.compile(head + _first_char_guard(head + pattern, flags) + pattern, flags)


def caseless(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile a case-insensitive rule to run on lower-cased text (same offsets, see
    ``text.lower_same_length``), several times faster than re.I.

    Without re.I the engine can reject a branch on its first literal; when every top-level
    branch opens with a word boundary, the boundary is tested once for all of them."""
    low = _lower_pattern(pattern)
    verbose = bool(flags & re.X) or bool(re.match(r"\(\?[a-z]*x", low))
    head = ""
    m = re.match(r"\(\?[a-z]+\)", low)
    if m:
        head, low = m.group(0), low[m.end():]
    branches = _branches(low)
    if branches:
        stripped = [b.lstrip() if verbose else b for b in branches]
        if all(b.startswith("\\b") for b in stripped):
            low = "\\b(?:" + "|".join(b[2:] for b in stripped) + ")"
    return guarded(head + low, flags & ~re.I)


RULES = tomllib.loads((Path(__file__).parent / "rules.toml").read_text(encoding="utf-8"))

# Rules marked "lower" run on lower-cased text (Sentence.low, Context.lower()): see caseless().
KIND_RULES = [(r["kind"], r["weight"], caseless(r["rx"])) for r in RULES["kind"]]  # lower
# A cheap test each kind's sentence must pass before its full rule runs (speed only).
KIND_HINTS = {r["kind"]: tuple(r["hints"]) for r in RULES["kind"]}
TRIGGER_WORDS = LOWER.add(sorted({w for words in KIND_HINTS.values() for w in words}))
FALLBACK = {kind: tuple(words) for kind, words in RULES["fallback"].items()}  # lower-case stems, in order of preference
STATUS_RULES = {name: caseless(rx) for name, rx in RULES["status"].items()}  # lower
CATEGORY_RULES = {name: re.compile(rx, re.I) for name, rx in RULES["categories"].items()}
CATEGORY_RULES_LOWER = {name: caseless(rx) for name, rx in RULES["categories"].items()}  # lower
REJECTED_BLOCK = caseless(RULES["blocks"]["rejected_block"])  # lower
CONTEXT_BLOCK = caseless(RULES["blocks"]["context_block"])  # lower
DECISION_BLOCK = caseless(RULES["blocks"]["decision_block"])  # lower
OPTION_SENTENCE = caseless(RULES["blocks"]["option_sentence"])  # lower
PAST = caseless(RULES["blocks"]["past"])  # lower
PAST_DATE = caseless(RULES["blocks"]["past_date"])  # lower
BOILERPLATE = caseless(RULES["blocks"]["boilerplate"])  # lower
