"""Buyer and provider profiles over the multi-document histories."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

import histories as H
from contractwatch import link
from contractwatch.profiles import buyer_profile, profile, provider_profile
from histories import isolate_reference  # noqa: F401 - autouse fixture


@pytest.fixture(scope="module")
def ro(tmp_path_factory):
    from contractwatch.store import Store

    s = Store(str(tmp_path_factory.mktemp("prof") / "p.db"))
    ids = H.build(s)
    H.save(s, "bromley_2019_award")
    link.refresh(s, today=date(2025, 6, 1))
    yield s
    s.close()


def test_buyer_habits(ro):
    p = buyer_profile(ro, "London Borough of Bromley")
    assert p["decisions"]["by_kind"] == {"award": 2, "extend": 1, "tender": 1}
    assert p["decisions"]["proposed"] == 1
    h = p["habits"]
    assert (h["extends"], h["waivers"], h["retenders"], h["insources"]) == (1, 1, 1, 0)
    assert p["outcomes"]["by_outcome"] == {"re-let to another provider": 1}
    mh = p["categories"]["mental_health"]
    assert mh["contracts"] == 2 and mh["typical_term_months"] == 60 and mh["terms_seen"] == [36, 60, 60]


def test_buyer_profile_includes_predecessors(ro):
    p = buyer_profile(ro, "Somerset Council")
    assert [x["name"] for x in p["organisation"]["includes"]] == ["Somerset County Council"]
    assert p["decisions"]["by_kind"] == {"award": 1, "extend": 1, "tender": 1}
    assert p["habits"]["retenders"] == 1
    assert [c["status"] for c in p["live"]] == ["tendering"]
    b = buyer_profile(ro, "B&NES")
    assert b["habits"]["insources"] == 2 and b["outcomes"]["by_outcome"] == {"taken in house": 1}


def test_provider_contracts_and_share(ro):
    hcrg = provider_profile(ro, "Virgin Care")
    assert hcrg["organisation"]["id"] == "org:hcrg-care-group"
    assert hcrg["counts"] == {"held": 0, "won": 1, "lost": 0, "ended": 1}
    heritage = provider_profile(ro, "Heritage Care")
    assert heritage["counts"]["lost"] == 1 and heritage["lost"][0]["why"] == "re-let to another provider"
    care = provider_profile(ro, "Somerset Care Ltd")
    assert care["counts"]["held"] == 1
    assert care["shares"] == [{"category": "home_care", "region": "South West", "held": 1, "of": 4, "share": 0.25,
                               "value_share": None}]
    bidders = provider_profile(ro, "Bristol Community Health")
    assert bidders["counts"]["lost"] == 1 and bidders["lost"][0]["why"] == "bid lost"
    assert profile(ro, "Sirona care & health CIC")["role"] == "provider"
    assert profile(ro, "Bury Council")["role"] == "buyer"
    with pytest.raises(ValueError):
        profile(ro, "No Such Organisation Ltd")


def test_profile_cli(ro, monkeypatch):
    from contractwatch.cli import app

    monkeypatch.setenv("CONTRACTWATCH_DB", ro.url)
    res = CliRunner().invoke(app, ["profile", "Bromley"])
    assert res.exit_code == 0 and "waivers 1" in res.stdout and "mental_health" in res.stdout
    res = CliRunner().invoke(app, ["profile", "Somerset Care Ltd", "--as", "provider", "-f", "json"])
    assert json.loads(res.stdout)["counts"]["held"] == 1
    assert CliRunner().invoke(app, ["profile", "Nobody at all"]).exit_code == 1
