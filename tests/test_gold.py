"""Accuracy gate: the extractor's scores on the gold sets must not fall below the pinned floors.

Scores come from the shared scorer (``../shared/eval/score.py``) run over the CLI exactly as
the held-out evaluation runs it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FLOORS = json.loads((HERE / "gold" / "floors.json").read_text())
CLI = Path(sys.executable).parent / "contractwatch"


def run_scorer(shared: Path, gold: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(gold), "-q",
         "--cmd", f"{CLI} extract --manifest {{manifest}} --format jsonl"],
        capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-2])


@pytest.mark.parametrize("name", ["gold", "invented", "seeds"])
def test_scores_hold_their_floors(shared, name):
    gold = shared / "eval" / "dev" / "gold.jsonl" if name == "seeds" else HERE / "gold" / f"{name}.jsonl"
    scores = run_scorer(shared, gold)
    print(name, json.dumps(scores))
    below = {k: (scores[k], floor) for k, floor in FLOORS[name].items() if scores[k] < floor}
    assert not below, f"{name}: scores below their floors (score, floor): {below}"


def test_gold_set_is_well_formed_and_covers_the_spec():
    from contractwatch.record import CATEGORIES, KINDS, STATUSES

    lines = [json.loads(x) for x in (HERE / "gold" / "gold.jsonl").read_text().splitlines() if x.strip()]
    assert len(lines) >= 60
    assert len({d["id"] for d in lines}) == len(lines)
    kinds, statuses, cats = set(), set(), set()
    negatives = 0
    for d in lines:
        assert (HERE / "gold" / d["path"]).exists(), d["id"]
        if not d["events"]:
            negatives += 1
        for ev in d["events"]:
            kinds.add(ev["kind"])
            statuses.add(ev["status"])
            cats.update(ev["categories"])
    assert kinds == set(KINDS)
    assert statuses == set(STATUSES)
    assert cats == set(CATEGORIES)
    assert negatives >= 10
