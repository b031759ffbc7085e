"""Slot rules learnt from real pages: each case is one a simpler rule got wrong."""
from __future__ import annotations

from contractwatch.extract import extract

NEWS = "https://www.example-news.co.uk/news/story"


def test_an_exact_headcount_beats_a_rounded_one():
    text = ("Council to bring home care back in house\n\n"
            "Nearly 200 care workers will transfer to Anytown Council when it brings home care back in house in April.\n\n"
            "The 196 staff currently employed by Acme Care Ltd will transfer under TUPE.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "insource"
    assert ev.staff_transferred == 196


def test_a_period_end_goes_with_its_start_not_with_the_old_contract():
    text = ("Anytown City Council is due to award a new contract for drug and alcohol treatment services.\n\n"
            "The current contract with Acme Recovery Ltd is due to terminate in March 2026.\n\n"
            "The new service will run from April 2026 to March 2031, with options for three one-year extensions.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "award"
    assert (ev.start_date, ev.end_date) == ("2026-04", "2031-03")
    assert ev.extension_months == 36


def test_a_natural_expiry_is_not_an_ending():
    text = "The home care contract is due to terminate on 31 March 2026 and will be re-tendered by the council.\n"
    ev = extract(text, source="https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1").events
    assert ev and ev[0].kind == "tender"
