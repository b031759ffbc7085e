"""Finders for the typed values councils and journalists write: money, durations, dates.

Each finder returns mentions carrying their character span, so every value the
extractor reports can be pointed at in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .rules import caseless, guarded
from .text import lower_same_length, stretches

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-four": 24, "twenty four": 24, "thirty": 30, "thirty-six": 36, "forty-eight": 48,
    "sixty": 60, "half": 0.5,
}
NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")"


TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def to_number(s: str) -> float | None:
    s = s.lower().strip()
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s]
    if s == "another":
        return 1  # "given the firm another year": DURATION alone reads it as a count
    tens, _, unit = s.replace(" ", "-").partition("-")
    if tens in TENS and unit in NUMBER_WORDS and NUMBER_WORDS[unit] < 10:
        return TENS[tens] + NUMBER_WORDS[unit]  # "forty-five"
    if s in TENS:
        return TENS[s]
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


@dataclass
class Mention:
    start: int
    end: int
    value: Any  # money: a float; duration: months; date: an ISO string
    kind: str = ""  # money: total|annual|rate; duration: term|extension; date: precision


# -- money ---------------------------------------------------------------------------------
MONEY = re.compile(
    r"(?:£|GBP\s?)\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    r"(?P<unit>bn\b|billion\b|m\b|mn\b|million\b|k\b|thousand\b)?"
    r"|(?P<num2>\d+(?:\.\d+)?)\s?(?P<unit2>billion|million)\s+(?:pounds|sterling)",
    re.I)
# MONEY's two forms apart, for lower-cased text: a pound sign or "gbp" lets the engine skip
# ahead, and figures in words ("5 million pounds") are sought only on pages that say "pounds".
_SIGN_FORM, _WORD_FORM = MONEY.pattern.split("|(?P<num2>", 1)
MONEY_SIGN, MONEY_WORDS = caseless(_SIGN_FORM), caseless("(?P<num2>" + _WORD_FORM)
# Most pages write no "GBP": a rule opening with the pound sign alone is found by a fast scan.
MONEY_POUND = caseless(_SIGN_FORM.replace(r"(?:£|GBP\s?)", "£", 1))
MONEY_GBP_AFTER = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}(?:\.\d+)?)\s?gbp\b")
UNIT = {"bn": 1e9, "billion": 1e9, "m": 1e6, "mn": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}
ANNUAL_AFTER = re.compile(r"^\W{0,3}(?:\(?\s*)?(?:annual\b|per\s+(?:annum|year)|a[\s-]year|each\s+year|p\.?\s?a\b\.?|annually|every\s+year|/\s?(?:yr|year|annum)|"
                          r"(?:in|for)\s+(?:the\s+)?(?:first\s+year|year\s+(?:1|one))\b)", re.I)
# ("two further annual extensions at an estimated maximum total cost of £17.86m" is a total)
ANNUAL_BEFORE = re.compile(r"(?:annual|yearly|per\s+annum|a\s+year)\s+(?:(?!total\b|whole\b|lifetime\b)[\w'’-]+\s+){0,8}(?:of|at|is|was|totalling|around|about|approximately|c\.)?\s*$|"
                           r"\b(?:for|in)\s+(?:the\s+)?(?:first\s+year|year\s+(?:1|one))\s+(?:of\s+|is\s+|was\s+)?$", re.I)
RATE_AFTER = re.compile(r"^\W{0,3}(?:per|an|a)\s+(?:hour|week|day|night|visit|bed|person|client|unit|head|month|borough|authority|"
                        r"council|partner|organisation)\b", re.I)
TOTAL_HINT = re.compile(r"over\s+(?:the\s+)?(?:\w+[\s-]){0,3}(?:years?|term|life)|in\s+total|total|lifetime|whole[\s-]life", re.I)


def _money_matches(text: str, low: str | None = None) -> list[re.Match]:
    low = lower_same_length(text) if low is None else low
    if "£" not in low and "gbp" not in low:
        found = []
    else:
        found = list((MONEY_SIGN if "gbp" in low else MONEY_POUND).finditer(low))
    if "gbp" in low:
        # A notice's "Value 388500000.0 GBP": the currency after the figure.
        found += [m for m in MONEY_GBP_AFTER.finditer(low) if not any(f.start() < m.end() and m.start() < f.end() for f in found)]
        found.sort(key=lambda m: m.start())
    if "pounds" in low or "sterling" in low:
        # The word form never holds a pound sign; keep it only where no sign form was found.
        found += [m for m in MONEY_WORDS.finditer(low) if not any(f.start() < m.end() and m.start() < f.end() for f in found)]
        found.sort(key=lambda m: m.start())
    return found


def find_money(text: str, low: str | None = None) -> list[Mention]:
    out = []
    for m in _money_matches(text, low):
        g = m.groupdict()
        num = g.get("num") or g["num2"]
        unit = (g.get("unit") or g.get("unit2") or "").lower()
        # Rounded to the penny: "£4.1m" is 4,100,000, not the float 4,099,999.9999999995.
        amount = round(float(num.replace(",", "")) * UNIT.get(unit, 1), 2)
        end = m.end()
        if g.get("unit") is None and g.get("num"):
            end = m.start("num") + len(num)
        # "£1,432k per annum": basis from the words around the figure.
        after = text[end:end + 30]
        before = text[max(0, m.start() - 60):m.start()]
        if RATE_AFTER.match(after):
            basis = "rate"
        elif ANNUAL_AFTER.match(after) or ANNUAL_BEFORE.search(before):
            basis = "annual"
        else:
            basis = "total"
        out.append(Mention(m.start(), end, amount, basis))
    return out


# -- durations -----------------------------------------------------------------------------
DURATION = re.compile(
    rf"(?P<num>{NUM}|another)(?P<half>\s+and\s+(?:a\s+)?half)?(?:\s*\(\d+\))?[\s-]+(?:(?:calendar|further|additional|more)[\s-]+)?(?P<unit>years?|months?|yrs?)\b(?P<half2>\s+and\s+a\s+half\b)?(?!\s+old|\s+of\s+age)",
    re.I)
PLUS_FORM = guarded(r"\b(?P<a>\d{1,2})\s?\+\s?(?P<rest>\d{1,2}(?:\s?\+\s?\d{1,2})*)(?:\s?(?P<unit>years?|yrs?|months?))?\b", re.I)
COUNTED = re.compile(rf"(?P<count>{NUM})\s+(?:further\s+|additional\s+|optional\s+|more\s+)?(?P<num>{NUM})[\s-]+(?P<unit>year|month)\s+(?:extensions?|periods?)"
                     rf"|(?:further\s+|additional\s+)?(?P<count2>{NUM})\s+(?:further\s+|additional\s+|optional\s+)?(?:periods?|terms?)\s+of\s+(?:up\s+to\s+)?(?P<num2>{NUM})[\s-]+(?P<unit2>year|month)s?(?:\s+each)?"
                     rf"|(?P<count3>\d)\s*[x×]\s*(?P<num3>\d{{1,2}})[\s-]*(?P<unit3>year|month)s?", re.I)
RATE_BEFORE = re.compile(r"(?:£[\d.,]+\s*(?:bn|m|k|million|billion)?|\bper|\beach|\bevery|\bcosts?)\s*-?\s*$", re.I)
EXT_BEFORE = re.compile(
    r"(?:option(?!\s*\d)|options|extend|extended|extendable|extendible|extension|extensions|extending|renewal|renew|renewable|optional|up\s+to\s+a\s+further|further\s+period|possible)\W+(?:\w+\W+){0,7}$|"
    r"\b(?:potential|scope|provision)\s+for\s+(?:a|an)\s+(?:further|additional)\s+$", re.I)  # "with a potential for a further 2 years"
EXT_AFTER = re.compile(r"^[ \t]*(?:-[ \t]*)?(?:extension|option|optional\s+extension|renewal|extensions)", re.I)
AGE_CONTEXT = re.compile(r"(?:aged|age|over|under|ages)\s*$|\d\s*[-–]\s*$", re.I)  # "0-19 years" is an age range


UNIT_WORD = re.compile(r"(?:year|month|yr)")  # matched on lower-cased text
# The same rules for lower-cased text: without re.I, and starting at a word boundary, the
# number-word alternation is tried at a few positions instead of every one.
DURATION_LOW = guarded(r"\b" + DURATION.pattern)
COUNTED_LOW = guarded(r"\b(?:" + COUNTED.pattern + ")")


def _windowed(rx: re.Pattern, low: str, units: list[tuple[int, int]], before: int, after: int):
    for lo, hi in stretches(units, before, after, len(low)):
        yield from rx.finditer(low, lo, hi)


def _months(num: float, unit: str) -> int:
    return int(round(num * (12 if unit.lower().startswith("y") else 1)))


NOT_TERM_AFTER = re.compile(r"^['’]?s?[\s-]*(?:review|consultation|pilot|trial|notice|delay|wait|break|pause|evaluation|moratorium)\b", re.I)
# "for three years, with an option to extend for a further two": the unit is the term's.
BARE_EXTENSION = guarded(rf"\b(?:extend\w*|extension|option|renew\w*)\s+(?:[\w-]+\s+){{0,4}}?(?:for\s+|by\s+)?(?:a\s+|an\s+)?"
                            rf"(?:further|another|additional)\s+(?P<num>{NUM})\b(?![\s-]*(?:years?|months?|yrs?|\(|\+|periods?|terms?|times|extensions?|options?))")


def _bare_extensions(text: str, low: str, out: list[Mention]) -> None:
    for m in BARE_EXTENSION.finditer(low):
        n = to_number(m.group("num"))
        if not n or n > 10 or m.group("num") in ("a", "an"):
            continue
        term = max((d for d in out if d.kind == "term" and 0 <= m.start() - d.end <= 120
                    and "." not in text[d.end:m.start()] and "\n" not in text[d.end:m.start()]),
                   key=lambda d: d.start, default=None)
        if term is None:
            continue
        unit = "years" if term.value % 12 == 0 and text[term.start:term.end].lower().find("month") < 0 else "months"
        out.append(Mention(m.start("num"), m.end("num"), _months(n, unit), "extension"))


def find_durations(text: str, low: str | None = None) -> list[Mention]:
    """Durations in months, each marked ``term`` or ``extension`` by its wording."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    low = lower_same_length(text) if low is None else low
    units = [m.span() for m in UNIT_WORD.finditer(low)]
    for m in _windowed(COUNTED_LOW, low, units, 60, 25):
        count = to_number(m.group("count") or m.group("count2") or m.group("count3"))
        num = to_number(m.group("num") or m.group("num2") or m.group("num3"))
        unit = m.group("unit") or m.group("unit2") or m.group("unit3")
        if (m.group("count2") or "").lower() in ("a", "an", "one"):
            continue
        if (m.group("count") or "").lower() in ("a", "an", "one") and re.search(r"periods?$", m.group(0), re.I):
            continue  # "for a 15-month period" is a term, not a counted extension
        if count and num and count <= 10:
            out.append(Mention(m.start(), m.end(), _months(count * num, unit), "extension"))
            taken.append((m.start(), m.end()))
    for m in PLUS_FORM.finditer(text) if "+" in text else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        unit = m.group("unit") or ""
        tail = text[m.end():m.end() + 25].lower()
        if not unit:
            # "5 + 2 + 2" is a term only when the text around it speaks of years or a contract.
            context = text[max(0, m.start() - 120):m.end() + 25].lower()
            if not re.search(r"year|contract|term|extension|basis", context):
                continue
            unit = "months" if "month" in tail[:12] else "years"
        first = int(m.group("a"))
        rest = [int(x) for x in re.findall(r"\d+", m.group("rest"))]
        if first > 25 or any(r > 25 for r in rest):
            continue
        if EXT_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            # "the option to extend for a further 1+1 years": every figure is an extension.
            out.append(Mention(m.start(), m.end(), _months(first + sum(rest), unit), "extension"))
        else:
            out.append(Mention(m.start(), m.start() + len(m.group("a")), _months(first, unit), "term"))
            out.append(Mention(m.start(), m.end(), _months(sum(rest), unit), "extension"))
        taken.append((m.start(), m.end()))
    for m in _windowed(DURATION_LOW, low, units, 45, 8):
        if any(a <= m.start() < b for a, b in taken):
            continue
        n = to_number(m.group("num"))
        if n is None or n <= 0 or n > 40 and m.group("unit").lower().startswith("y"):
            continue
        if m.group("half") or m.group("half2"):
            n += 0.5  # "five and a half years", "a three year and a half period"
        before = re.split(r"[;.\n]", text[max(0, m.start() - 60):m.start()])[-1]
        if AGE_CONTEXT.search(before):
            continue
        if m.group("num").lower() in ("a", "an") and RATE_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue
        after = text[m.end():m.end() + 20]
        if re.match(r"\s+(?:ago|earlier|old|previously)\b", after) or re.search(r"(?:maximum|max\.?|overall|total|whole[\s-]life)\s+(?:\w+\s+){0,3}$", before, re.I):
            continue
        if NOT_TERM_AFTER.match(after):
            continue  # "a six-month review", "three months' notice"
        kind = "extension" if EXT_BEFORE.search(before) or EXT_AFTER.match(after) else "term"
        out.append(Mention(m.start(), m.end(), _months(n, m.group("unit")), kind))
    if "further" in low or "another" in low or "additional" in low:
        _bare_extensions(text, low, out)
    out.sort(key=lambda x: x.start)
    return out


# -- dates ---------------------------------------------------------------------------------
MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
DAY_MONTH_YEAR = guarded(
    rf"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<m>{MONTH_NAMES})\.?,?\s+(?P<y>(?:19|20)\d\d)\b")
MONTH_DAY_YEAR = guarded(rf"\b(?P<m>{MONTH_NAMES})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")
NUMERIC = guarded(r"\b(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>(?:19|20)\d\d)\b")
ISO = guarded(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
RANGE_NO_YEAR = guarded(rf"\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_NAMES})\s+(?:to|until|till|-|–)\s+"
                           rf"(?:[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m2>{MONTH_NAMES})\.?,?\s+(?P<y>(?:19|20)\d\d)\b|"
                           # "from December 1 to February 11, 2021": the same, month first
                           rf"\b(?P<m1b>{MONTH_NAMES})\s+(?P<d1b>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:to|until|till|-|–)\s+"
                           rf"(?P<m2b>{MONTH_NAMES})\s+(?:[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<yb>(?:19|20)\d\d)\b")
MONTH_YEAR = guarded(rf"\b(?P<m>{MONTH_NAMES})\.?,?\s+(?P<y>(?:19|20)\d\d)\b")
FIN_YEAR = guarded(r"\b(?P<y>(?:19|20)\d\d)\s?[/-]\s?(?P<y2>\d\d)\b(?!\d)")
YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
YEAR_SPAN = guarded(r"\b(?P<y1>(?:19|20)\d\d)\s?[-–]\s?(?P<y2>(?:19|20)\d\d)\b")
SPAN_LEAD = re.compile(r"\b(?:from|between|contract|term|period|for|running|runs|run)\s+(?:[\w-]+\s+){0,2}$", re.I)
BARE_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d\d\b(?![/-]\d)")
YEAR_LEAD = re.compile(r"\b(?:in|by|from|until|since|during|of|early|late|mid|mid-|summer|autumn|spring|winter)\s+$", re.I)


def months_of_period(first: str, last: str) -> int | None:
    """Whole months of a period given by its first and last day (2025-04-01..2030-03-31 is 60)."""
    from datetime import date, timedelta

    try:
        a, b = date.fromisoformat(first), date.fromisoformat(last) + timedelta(days=1)
    except ValueError:
        return None
    rest = b.day - a.day
    months = (b.year - a.year) * 12 + b.month - a.month + (1 if rest >= 15 else -1 if rest <= -15 else 0)
    return months if months > 0 else None


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3]]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    import calendar

    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_dates(text: str) -> list[Mention]:
    """Dates as ISO strings at the precision written; ``kind`` is day, month, year or fy."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, iso: str | None, kind: str) -> None:
        if iso and not any(a < m.end() and m.start() < b for a, b in taken):
            out.append(Mention(m.start(), m.end(), iso, kind))
            taken.append((m.start(), m.end()))

    # Every written date carries a four-digit year: search only the stretches around one.
    years = list(YEAR_DIGITS.finditer(text))
    windows = stretches((y.span() for y in years), 45, 7, len(text))

    def near(rx: re.Pattern):
        for lo, hi in windows:
            yield from rx.finditer(text, lo, hi)

    for rx in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        for m in near(rx):
            add(m, _iso(int(m.group("y")), month_number(m.group("m")), int(m.group("d"))), "day")
    for m in near(NUMERIC):
        add(m, _iso(int(m.group("y")), int(m.group("m")), int(m.group("d"))), "day")
    for m in near(ISO):
        add(m, _iso(int(m.group("y")), int(m.group("m")), int(m.group("d"))), "day")
    for m in near(RANGE_NO_YEAR):
        # "1 February to 31 July 2023": the first day takes the year of the second.
        b_form = m.group("m1b") is not None
        g = (lambda k: m.group(k + "b")) if b_form else m.group
        y, m1, m2 = int(g("y")), month_number(g("m1")), month_number(g("m2"))
        y1 = y if m1 <= m2 else y - 1
        iso = _iso(y1, m1, int(g("d1")))
        a, b = m.start(), m.end("d1b" if b_form else "m1")
        if iso and not any(x < b and a < z for x, z in taken):
            out.append(Mention(a, b, iso, "day"))
            taken.append((a, b))
    for m in near(MONTH_YEAR):
        add(m, _iso(int(m.group("y")), month_number(m.group("m"))), "month")
    for m in near(FIN_YEAR):
        y, y2 = int(m.group("y")), int(m.group("y2"))
        if (y + 1) % 100 == y2:
            add(m, f"{y:04d}", "fy")
    for m in near(YEAR_SPAN):
        # "the contract from 2025-2032": a term in whole years, its first and last.
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if 0 < y2 - y1 <= 25 and SPAN_LEAD.search(text, max(0, m.start() - 30), m.start()) \
                and not any(a < m.end() and m.start() < b for a, b in taken):
            out.append(Mention(m.start("y1"), m.end("y1"), f"{y1:04d}", "year"))
            out.append(Mention(m.start("y2"), m.end("y2"), f"{y2:04d}", "year"))
            taken.append(m.span())
    for ym in years:  # every bare year is one of these (no digit may come before it)
        m = BARE_YEAR.match(text, ym.start())
        if m is None:
            continue
        s = m.start()
        if YEAR_LEAD.search(text[max(0, s - 12):s]) and not any(a < s + 4 and s < b for a, b in taken):
            out.append(Mention(s, s + 4, m.group(0), "year"))
            taken.append((s, s + 4))
    out.sort(key=lambda x: x.start)
    return out
