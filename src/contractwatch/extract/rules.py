"""The extraction rules, loaded once from ``rules.toml`` beside this file."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

RULES = tomllib.loads((Path(__file__).parent / "rules.toml").read_text(encoding="utf-8"))

KIND_RULES = [(r["kind"], r["weight"], re.compile(r["rx"], re.I)) for r in RULES["kind"]]
# A cheap test each kind's sentence must pass before its full rule runs (speed only).
KIND_HINTS = {r["kind"]: tuple(r["hints"]) for r in RULES["kind"]}
TRIGGER_WORDS = tuple(sorted({w for words in KIND_HINTS.values() for w in words}))
STATUS_RULES = {name: re.compile(rx, re.I) for name, rx in RULES["status"].items()}
CATEGORY_RULES = {name: re.compile(rx, re.I) for name, rx in RULES["categories"].items()}
# The same rules for lower-cased text, without re.I: much faster over a whole page.
CATEGORY_RULES_LOWER = {name: re.compile(rx) for name, rx in RULES["categories"].items()}
REJECTED_BLOCK = re.compile(RULES["blocks"]["rejected_block"])
DECISION_BLOCK = re.compile(RULES["blocks"]["decision_block"])
OPTION_SENTENCE = re.compile(RULES["blocks"]["option_sentence"])
# The same rule for lower-cased text: without re.I the engine can skip ahead on literals.
OPTION_SENTENCE_LOWER = re.compile(RULES["blocks"]["option_sentence"].replace("(?xi)", "(?x)", 1))
PAST = re.compile(RULES["blocks"]["past"])
