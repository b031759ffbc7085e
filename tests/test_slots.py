"""Slot rules learnt from real pages: each case is one a simpler rule got wrong."""
from __future__ import annotations

import pytest

from contractwatch.extract import extract
from contractwatch.record import Value

NEWS = "https://www.example-news.co.uk/news/story"
MG_DECISION = "https://democracy.anytown.gov.uk/ieDecisionDetails.aspx?ID=1"


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


def test_decision_bodies_as_news_names_them():
    cases = [
        ("Council extends homelessness support contracts\n\nAmanda Jupp, cabinet member for adults and health, "
         "announced on Friday that the contracts will be extended by six months until September 2019.\n",
         "cabinet member for adults and health"),
        ("Council set to extend supported housing contract\n\nCouncil chiefs are set to extend a £297,000-a-year contract "
         "for supported housing. The executive board will vote on the contract at its meeting on Monday.\n",
         "executive board"),
        ("Drug service contract awarded\n\nHerefordshire Council has awarded the substance misuse contract to Acme Recovery Ltd. "
         "The council confirmed the contract has been signed off at cabinet level.\n", "cabinet"),
    ]
    for text, body in cases:
        ev = extract(text, source=NEWS).events[0]
        assert (ev.decision_body or "").lower() == body, (ev.decision_body, text[:40])


def test_staff_counted_in_compound_words():
    text = ("Council takes elderly care back in house\n\nPembrokeshire County Council has taken its home care back in house "
            "from Acme Healthcare Ltd.\n\nForty-five Acme staff have been transferred to council employment as part of the takeover.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "insource" and ev.staff_transferred == 45


def test_a_labelled_maximum_beats_an_annual_budget():
    text = ("Decision details\n\nAdvocacy services re-procurement\n\nDecision Maker: Cabinet\n\n"
            "The Executive Councillor (Health & Wellbeing) has approved the re-tender of the advocacy services.\n\n"
            "Implications: The annual budget for the Care Act, IMCA and Independent Complaints Advocacy Services is £246,242 "
            "with a maximum total contract value over the duration of the contract being £984,968.\n")
    ev = extract(text, source="https://democracy.lincolnshire.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.value is not None and ev.value.amount == 984968


def test_a_term_in_whole_years_and_an_option_before_it():
    text = ("Decision details\n\nIntegrated community care contract award\n\nDecision Maker: Cabinet\n\n"
            "To agree to commit funding to the integrated community based care contract from 2025-2032 "
            "(with a potential for a further 2 years to 2034).\n\n"
            "The total funding commitment over the initial 7-year contract term is £35,440,461.\n")
    ev = extract(text, source="https://democracy.bathnes.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.end_date == "2032"
    assert (ev.term_months, ev.extension_months) == (84, 24)


def test_a_contract_worth_over_a_sum_has_that_value():
    text = ("The integrated care board is extending current community mental health contracts.\n\n"
            "The contracts, worth over £19 million for the period 2024-2026, cover services provided by Acme Mind Ltd.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "extend" and ev.value is not None and ev.value.amount == 19_000_000


def test_an_award_notice_with_its_own_fields():
    text = ("ASC0307 - Home Care Service\n\nBuyer Name: Anytown City Council\n\nStatus\ncomplete\nValue\n388500000.0 GBP\n"
            "Published\n21 Jan 2026, 16:24\nCategory\nservices\nAwarded To\n"
            "Acme Homecare Ltd, Bright Care Solutions Limited, Carers Direct Homecare Ltd\n")
    ev = extract(text, source="https://www.example-tenders.co.uk/notice/1").events[0]
    assert ev.kind == "award"
    assert ev.value is not None and ev.value.amount == 388_500_000
    assert set(ev.providers) == {"Acme Homecare Ltd", "Bright Care Solutions Limited", "Carers Direct Homecare Ltd"}


def test_a_list_that_names_the_chosen_gives_every_provider():
    text = ("Anytown Council awards interim home care contracts\n\n"
            "The interim contracts have been awarded through a direct award to ensure continuity. "
            "Key suppliers include Alderbrook Homecare Ltd, Bellweather Care Ltd and Corrin Support Ltd, among others.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "award"
    assert ev.providers == ["Alderbrook Homecare Ltd", "Bellweather Care Ltd", "Corrin Support Ltd"]


def test_lot_lines_name_their_firms_without_an_organisation_word():
    text = ("Decision details\n\nDirect award for interim accommodation contracts\n\n"
            "Decision Maker: Cabinet Member for Adult Social Care\n\n"
            "1. Approved the direct award of contracts for the services confirmed below from 1 April 2023 to 31 March 2025:\n\n"
            "i) Elm Grove – Yarrowby\n\n"
            "ii) Mill Lane – Harbourside Housing Trust\n\n"
            "iii) Queens Park – Kestrel.\n\n"
            "2. Noted the expenditure.\n")
    ev = extract(text, source="https://democracy.lbhf.gov.uk/ieDecisionDetails.aspx?ID=9").events[0]
    assert ev.kind == "award"
    assert set(ev.providers) == {"Yarrowby", "Harbourside Housing Trust", "Kestrel"}


def test_company_names_in_capitals_as_notices_write_them():
    text = ("Contract award notice\n\nAnytown Council has awarded contracts for home care services to "
            "MIHOMECARE LIMITED and CARE BUREAU CIC.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.providers == ["MIHOMECARE LIMITED", "CARE BUREAU CIC"]


def test_the_day_a_contract_starts_is_not_the_day_it_was_decided():
    text = ("NHS Anyshire Integrated Care Board has awarded a 12-month contract starting on 1st April 2026 for patient "
            "transport services. The decision, approved on 23rd April 2026, was needed to keep the service running. "
            "The awarded provider is Acme Ambulance Services Ltd.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.decision_date == "2026-04-23"
    assert ev.providers == ["Acme Ambulance Services Ltd"]


def test_a_news_pages_date_label_is_when_it_was_published_not_decided():
    text = ("Date: 10 July 2020\n\nCouncil to bring home care in house\n\n"
            "Home care for elderly residents in Anytown will be run by the council from next month, when the contract "
            "with Acme Care Ltd comes to an end.\n")
    rec = extract(text, source=NEWS)
    assert rec.document.published == "2020-07-10"
    assert rec.events[0].kind == "insource" and rec.events[0].decision_date is None


def test_what_is_left_of_a_contract_or_how_long_it_lasted_is_not_its_term():
    text = ("Anytown Council has appointed Acme Homecare Ltd to take over home care from Beta Care Ltd, which pulled out "
            "of its contract with four months still to run.\n\n"
            "Gamma Care Ltd had its home care contract with Othertown Council terminated after just five months.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.term_months is None


def test_an_annual_cost_written_before_hyphenated_words():
    text = ("Council to bring home care in house\n\nAnytown Council will bring home care in-house when the contract with "
            "Acme Care Ltd ends. A report says the annual cost to bring the service in-house would be £154,592.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.value.amount == 154592 and ev.value.basis == "annual"


def test_buyers_working_together_and_councils_named_in_lower_case():
    text = ("Anytown City Council, in collaboration with the Anyshire Integrated Care Board, has completed the procurement "
            "of home care and awarded contracts to Acme Homecare Ltd.\n")
    ev = extract(text, source=NEWS).events[0]
    assert set(ev.buyers) == {"Anytown City Council", "Anyshire Integrated Care Board"}
    text = ("Two home care providers give notice\n\n"
            "Acme Care Group has cancelled its contracts with both Liverpool City and Wirral councils, citing low rates.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "end" and set(ev.buyers) == {"Liverpool City Council", "Wirral Council"}


def test_a_scottish_councils_partnership_buys_with_it_and_a_possessive_names_a_council():
    text = ("Care provider to be transferred back to Anytown City Council\n\n"
            "The provider delivers care across Anytown, commissioned via the Anytown City Health and Social Care "
            "Partnership. The move was agreed at a meeting of Full Council.\n")
    ev = extract(text.replace("Anytown", "Aberdeen"), source=NEWS).events[0]
    assert ev.kind == "insource"
    assert set(ev.buyers) == {"Aberdeen City Council", "Aberdeen City Health and Social Care Partnership"}
    text = ("Residential care contract negotiations\n"
            "Members of Neath Port Talbot’s Social Care, Health and Housing Cabinet Board have given permission to "
            "conclude changes to the Council’s residential care contract with Acme Homes Group. The arrangements "
            "for one of its homes will be extended for a further five years.\n")
    assert extract(text, source=NEWS).events[0].buyers == ["Neath Port Talbot County Borough Council"]


def test_the_winner_named_beside_the_story_not_the_loser_in_its_headline():
    text = ("• Anytown Community Trust chair wrote to MP about decision to award contract to London provider\n\n"
            "A community trust that lost a key contract has written to MPs.\n\n"
            "Anytown Community Trust chair Jo Bloggs said the decision to award a £40m contract to a London provider was flawed.\n\n"
            "In January, Anytown Clinical Commissioning Group announced Riverside Community Healthcare Trust would provide "
            "its adult community health services.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "award" and ev.providers == ["Riverside Community Healthcare Trust"]


def test_an_open_data_procurement_record_is_a_notice_titled_by_its_procurement():
    # Portals that republish notices put stage labels ("Award", "Tender") above the title and
    # name the region as "United Kingdom", which is not an area the service covers.
    text = ("Award\n\nDomiciliary Care Framework\n\nANYTOWN CITY COUNCIL\n\n"
            "This public procurement record has 2 releases in its history.\n\nAward\n\n12 Feb 2026 at 10:15\n\n"
            "Tender\n\n02 Sep 2025 at 09:30\n\nSummary of the contracting process\n\n"
            "Anytown City Council has awarded contracts for the provision of domiciliary care services in "
            "Anytown, United Kingdom. The contract period begins on 1 April 2026 and runs until 31 March 2030.\n")
    rec = extract(text, source="https://opendata.example.com/contract/?ocid=ocds-abc-123")
    assert rec.document.type == "notice"
    assert rec.document.title == "Domiciliary Care Framework"
    ev = rec.events[0]
    assert ev.kind == "award" and "United Kingdom" not in ev.places


def test_a_story_whose_decision_names_no_service_takes_its_headlines():
    text = ("Anytown invests £5m in drug and alcohol services\n\nAnytown Council will work with two charities for the "
            "next nine years.\nAcme Recovery Ltd has been awarded the contract to deliver services to adults.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "award" and ev.service == "drug and alcohol services"


def test_a_delayed_decision_on_an_outsourcing_contract_defers_its_award():
    text = ("NHS England has delayed making a decision on a £1bn outsourcing contract until after the general election.\n\n"
            "An internal briefing says the preferred bidder will be named in March.\n\n"
            "It leaves open the possibility that the next government could pull the plug on the deal.\n")
    ev = extract(text, source=NEWS).events[0]
    assert (ev.kind, ev.status) == ("award", "deferred")


def test_regretting_an_old_decision_to_outsource_recounts_it():
    text = ("A cabinet member says he does not regret the decision to outsource management of leisure centres in Lichfield "
            "after a move was agreed to bring them back in-house.\n\n"
            "The ten year deal with Acme Leisure was signed in 2018, but both parties have now agreed to terminate that agreement.\n")
    assert extract(text, source=NEWS).events[0].kind in ("end", "insource")


def test_a_page_headed_by_its_decision_maker_takes_its_service_from_the_decision():
    text = ("The Cabinet Member for Adult Social Care, Health and Public Health\n\n"
            "Decision Maker: Cabinet Member for Adult Social Care\n\n"
            "1. Approved the direct award of a twelve month contract to Acme Support Ltd.\n")
    ev = extract(text, source="https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.kind == "award" and not (ev.service and "Cabinet Member" in ev.service), ev.service


def test_the_previous_provider_is_not_the_winner_and_a_contract_award_title_names_its_service():
    text = ("Decision details\n\nContract award for the provision of Community Equipment services\n\n"
            "Decision Maker: Cabinet\n\n"
            "a) That Cabinet recommends awarding a 3.25 year contract to Milbrook Healthcare limited following the "
            "liquidation of the previous provider NRS Healthcare Limited;\n")
    ev = extract(text, source="https://democracy.plymouth.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.kind == "award" and ev.providers in (["Milbrook Healthcare limited"], ["Milbrook Healthcare"]), ev.providers
    assert ev.service == "Community Equipment services"


def test_an_options_appraisal_title_is_no_service():
    text = ("Decision details\n\nConclusion of Leisure Options Appraisal\n\nDecision Maker: Cabinet\n\n"
            "1. Approved a new 10-year agency agreement with LeisureSK Ltd from 1 April 2025.\n")
    ev = extract(text, source="https://moderngov.southkesteven.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert not (ev.service and "Appraisal" in ev.service), ev.service


def test_a_public_service_that_is_not_care_is_other_whatever_care_words_the_page_holds():
    text = ("Lewisham and Greenwich NHS Trust's board decided against outsourcing the trust's procurement department to "
            "Serco.\n\nSerco has been criticised over community healthcare in Ipswich and over mental health services.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.categories == ["other"], ev.categories


def test_ages_elapsed_time_phase_outs_and_the_old_contract_are_not_terms():
    cases = [
        "Anytown Council has agreed a mutual termination of Acme Health Ltd's contract, just two years after it was awarded.\n",
        "Anytown County Council will outsource its day centres to Acme Care Ltd, with the in-house service phased out over a 15-month period.\n",
        "Anytown Council will procure a sexual health service, including chlamydia screening for people under the age of 25 years.\n",
        "Anytown Council will outsource supported living to Acme Living Ltd, with the current 10-year contract due to end this year.\n",
    ]
    for text in cases:
        ev = extract(text, source=NEWS).events[0]
        assert ev.term_months is None, (text, ev.term_months)


def test_decision_makers_as_reports_and_stories_name_them():
    cases = [
        ("Anytown Council has agreed to extend its equipment contract with Acme Healthcare Ltd for a further two years. "
         "The decision was made during a Cabinet meeting on Wednesday, February 18, 2026.\n", "Cabinet"),
        ("Plans to bring home care back in house are to be discussed by next week's county council cabinet.\n", "cabinet"),
        ("The Director of Public Health approves the extension of the contract for the School Health Service with Acme "
         "Health Ltd.\n", "Director of Public Health"),
        ("The report sought Cabinet Member approval to novate the existing contract for the Alcohol Support Service "
         "to Acme Recovery Ltd.\n", "Cabinet Member"),
    ]
    for text, body in cases:
        ev = extract(text, source=NEWS).events[0]
        assert ev.decision_body == body, (text, ev.decision_body)


def test_a_decision_makers_label_keeps_the_body_not_its_history_or_holder():
    text = ("Decision details\n\nExtension of the Home Care Contract\n\nDecision Maker: Executive - for meetings from "
            "03/06/00 to 26/04/11\n\nDecision:\n\nThe Executive agreed to extend the home care contract with Acme Care Ltd "
            "for 12 months.\n")
    assert extract(text, source=MG_DECISION).events[0].decision_body == "Executive"
    text2 = text.replace("Executive - for meetings from 03/06/00 to 26/04/11",
                         "Cabinet Member for Adult Social Care (Cllr Jo Bloggs)")
    assert extract(text2, source=MG_DECISION).events[0].decision_body == "Cabinet Member for Adult Social Care"


def test_an_empty_label_does_not_take_the_next_label_as_its_value():
    text = ("Approval to award the drug and alcohol services contract\nDecision Maker:\nOutcome:\nIs Key Decision?: Yes\n"
            "Date of Decision: October 13, 2025\n\nThe City Mayor approved the award of the contract to Acme Recovery Ltd.\n")
    ev = extract(text, source=MG_DECISION).events[0]
    assert ev.decision_body != "Outcome:"
    assert ev.decision_date == "2025-10-13"


def test_a_listing_labelled_awarded_to_under_a_back_link():
    text = ("← Back to opportunities\n\nTier 2 Weight Management Services\n\nAnytown Metropolitan Borough Council\n\n"
            "Status\ncomplete\nContract Start\n31 Mar 2026\nAwarded To\nAnytown Leisure Trust\nOfficial Source\nFind a Tender\n")
    rec = extract(text, source="https://opendata.example.com/opportunity/123")
    assert rec.document.title == "Tier 2 Weight Management Services"
    ev = rec.events[0]
    assert ev.kind == "award" and ev.providers == ["Anytown Leisure Trust"]
    assert "Weight Management Services" not in ev.providers


def test_an_award_names_the_winner_not_the_firm_it_displaces():
    text = ("Three NHS trusts named preferred bidders\n\n"
            "Three NHS trusts have been named as the preferred bidders to take over community services in Anyshire "
            "from outsourcing giant Acme Group.\n\n"
            "North Anyshire Foundation Trust and South Anyshire Hospital Trust will jointly run the services from October.\n\n"
            "Acme Group was awarded a three-year contract to run the services in 2012.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "award"
    assert "Acme Group" not in ev.providers
    assert "North Anyshire Foundation Trust" in ev.providers


def test_an_extension_ends_when_it_runs_to_not_when_the_old_contract_expired():
    text = ("Council to extend day service contracts\n\n"
            "The day service contracts are due to expire in March 2022 and Anytown County Council is planning to approve "
            "a direct award to the existing providers until December 2023.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "extend"
    assert ev.end_date == "2023-12"


def test_a_period_written_month_first_takes_its_year_from_its_end():
    text = ("Anytown Council has appointed Acme Living Ltd to run the day service at the Highfield centre.\n\n"
            "The new contract will run for 14 months from December 1 to February 11, 2021.\n")
    ev = extract(text, source=NEWS).events[0]
    assert (ev.start_date, ev.end_date) == ("2020-12-01", "2021-02-11")


def test_a_notices_own_period_is_not_the_contracts():
    text = ("General exception notice\n\n"
            "General Exception Notice - Homecare Provision - 07/02/2019  (07/02/2019 to 15/02/2019, Leader's Key Decision - Notice)\n\n"
            "Extension of Accredited Homecare Provision\n\nDecision maker: Leader of the Council\n\n"
            "The contracts for accredited homecare provision come to an end on 31 March 2019, and will be extended "
            "so that contracts can be issued for 1 April 2019.\n")
    ev = extract(text, source="https://democracy.anytown.gov.uk/mgIssueHistoryHome.aspx?IId=1").events[0]
    assert ev.kind == "extend"
    assert ev.start_date != "2019-02-07" and ev.end_date not in ("2019-02-15", "2019-03-31")


def test_the_services_a_decisions_phrase_goes_on_to_name_are_its_categories():
    text = ("Cabinet approved a proposal to re-tender all existing home care services including the in-house "
            "reablement service.\n")
    ev = extract(text, source=MG_DECISION).events[0]
    assert ev.kind == "tender"
    assert {"home_care", "reablement"} <= set(ev.categories)


def test_firms_in_the_running_are_bidders_not_providers():
    text = ("Acme Care to run urgent care services\n\n"
            "Acme Care Services has clinched contracts worth £65m to provide urgent care services in Anyshire.\n\n"
            "The same two companies were also in the running for the community contract, along with two NHS foundation "
            "trusts, North Care Partnership Trust and Bridgewater Community Healthcare.\n")
    ev = extract(text, source=NEWS).events[0]
    assert ev.kind == "award"
    assert ev.providers == ["Acme Care Services"]


def test_a_resolution_to_consult_on_proposals_leaves_them_proposed():
    text = ("Agenda item\n\nTHE FUTURE OF IN-HOUSE SOCIAL CARE SERVICES\n\nDecision:\n\nRESOLVED Cabinet agrees that\n\n"
            "(a) in accordance with the statutory framework there be consultation with each service user in respect of the "
            "proposals referred to in the report;\n\n(b) there be a wider public consultation exercise.\n\nMinutes:\n\n"
            "A Task and Finish Group had been established and recommended that the council outsource its in-house care homes.\n")
    ev = extract(text, source="https://democracy.bury.gov.uk/mgAi.aspx?ID=1").events[0]
    assert (ev.kind, ev.status) == ("outsource", "proposed")
    assert "Task and Finish Group" not in ev.providers


# (what the page says, where it was published, the main event's kind and status)
@pytest.mark.parametrize("text,source,expected", [
    pytest.param("Issue - meetings\n\nInsourcing of grounds maintenance\n\nMeeting: 17/01/2018 - Council (Item 89)\n\n"
                 "To seek approval for the insourcing of grounds maintenance and transfer of staff to the Council's team.\n\n"
                 "DECISION:\n\n1) That the recommendations set out in the report be approved.\n",
                 "https://democracy.anytown.gov.uk/ieIssueDetails.aspx?IId=1", ("insource", "approved"),
                 id="a_decision_that_the_reports_recommendations_be_approved_approves_them"),
    pytest.param("Call in of Cabinet Decision\n\nMinutes:\n\n"
                 "Noted the analysis of feedback received during the consultation on the proposed closure of four homes "
                 "managed by Acme Care Partnership, and agreed to the closure of the four care homes operating under the contract.\n",
                 "https://democracy.anytown.gov.uk/mgAi.aspx?ID=1", ("end", "approved"),
                 id="the_proposed_closure_noted_then_agreed_is_approved"),
    pytest.param("Issue details\n\nApproval to directly award a new contract for the community equipment service to a new provider\n\n"
                 "Decision type: Key\n\nDecision status: For Determination\n\n"
                 "The contract will be awarded in line with procurement regulations.\n",
                 "https://democracy.bury.gov.uk/ieIssueDetails.aspx?IId=1", ("award", "proposed"),
                 id="a_decision_still_for_determination_is_proposed_whatever_it_will_do"),
    pytest.param("Notice of cancellation of the Anyshire CCG Integrated Urgent Care Services Procurement\n\n"
                 "Anyshire CCG has taken the decision to cancel the procurement process. The CCG will be reviewing its strategic "
                 "position and undertaking a new procurement of the service in due course.\n",
                 "https://www.anyshireccg.nhs.uk/news/iuc", ("tender", "rejected"),
                 id="a_notice_of_a_cancelled_procurement_rejects_the_tender"),
    pytest.param("Report to: Executive Board\n\nTitle: Award of Contract - Healthy Child Programme\n\n"
                 "2. Recommendations\n\n2.1 Executive Board is recommended to:\n\n"
                 "•  (a) That Executive Board approves the award of the Healthy Child Programme contract to Acme Health Ltd "
                 "for 3 years.\n\n•  (b) note the outcome of the consultation.\n",
                 "https://democracy.bury.gov.uk/ieListDocuments.aspx?CId=1", ("award", "proposed"),
                 id="items_under_a_recommended_to_lead_are_proposed"),
    pytest.param("Residential care contracts\n\n"
                 "3. It was RESOLVED that the decision to be taken by the Cabinet Member for Adult Social Care to:\n"
                 "a) Award contracts to provide residential care for people with a learning disability to the successful bidders; and\n"
                 "b) Delegate authority to the Director to take relevant actions\nbe endorsed.\n",
                 "https://democracy.bury.gov.uk/mgAi.aspx?ID=1", ("award", "proposed"),
                 id="a_resolution_on_a_decision_still_to_be_taken_is_proposed"),
    pytest.param("UK12: Procurement termination notice - Procurement Act 2023\n\n"
                 "Invitation to Tender for Care at Home Services (Wellbeing Support for Adults)\n\n"
                 "Termination\n\nTermination Statement:\n\n"
                 "Bury Council has decided not to award the contract and to terminate the procurement.\n",
                 "https://www.find-tender.service.gov.uk/Notice/000001-2025", ("tender", "rejected"),
                 id="a_procurement_termination_notice_rejects_the_tender_and_ends_no_contract"),
    pytest.param("Officer decision\n\nDecision: To discontinue the procurement procedure for provision of a case management system.\n\n"
                 "Reason: none of the bids met the specification.\n",
                 "https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1", ("tender", "rejected"),
                 id="a_discontinued_procurement_rejects_the_tender"),
    pytest.param("Decision details\n\nFuture options: leisure services\n\nDecision Maker: Overview and Scrutiny Committee\n\n"
                 "Decision status: Recommendations Approved\n\n"
                 "b) That the Committee ask Cabinet to seek to continue a contract with Aura Leisure for a further year.\n",
                 "https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1", ("extend", "proposed"),
                 id="a_committee_asking_cabinet_to_act_proposes_even_when_its_recommendations_are_approved"),
    pytest.param("Review of Highways Contracts\n\nIt was RESOLVED that the Contracts Committee:\n\n"
                 "4. Made the following recommendations to the next meeting of the Policy and\n\n"
                 "Resources Committee:\n\nThat the Policy and Resources Committee agrees that:\n\n"
                 "a. the council does not seek to extend the highways maintenance contract with Ringway;\n",
                 "https://democracy.bury.gov.uk/mgAi.aspx?ID=1", ("end", "proposed"),
                 id="points_recommended_to_another_committee_are_proposed"),
    pytest.param("Issue - meetings\n\nShop Front Renewals: Award of Contract\n\nMeeting: 31/01/2006 - Cabinet Procurement Committee\n\n"
                 "We noted that the price of the tender recommended for acceptance was greater than the project budget.\n\n"
                 "RESOLVED:\n\nThat consideration of the report be adjourned until after the special meeting of the Committee.\n",
                 "https://democracy.bury.gov.uk/mgAi.aspx?ID=1", ("award", "deferred"),
                 id="an_adjourned_report_defers_the_award"),
    pytest.param("Integrated Care Board Community Health Contract\n\n"
                 "The Leader presented a report regarding the Integrated Care Board's intended retender of community health "
                 "services from April 2026.\n",
                 "https://democracy.bury.gov.uk/mgAi.aspx?ID=1", ("tender", "proposed"),
                 id="an_intended_retender_is_proposed"),
    pytest.param("The majority of the council's privatisation proposals have been axed.\n\n"
                 "Reading Borough Council consulted residents this summer on outsourcing six service areas.\n",
                 "https://www.example-news.co.uk/news/story", ("outsource", "rejected"),
                 id="privatisation_proposals_axed_are_rejected"),
    pytest.param("Home care workers who demonstrated outside the Guildhall went away triumphant when they won a change of heart "
                 "over City of York Council plans to transfer home care to the private sector.\n",
                 "https://www.example-news.co.uk/news/story", ("outsource", "rejected"),
                 id="a_change_of_heart_over_plans_rejects_them"),
    pytest.param("Care services earmarked for sale to the private sector will remain in the hands of Cumbria County Council. "
                 "Cabinet members agreed that options for outsourcing Cumbria Care should not be pursued further.\n",
                 "https://www.example-news.co.uk/news/story", ("outsource", "rejected"),
                 id="services_that_remain_in_the_council_s_hands_are_not_sold"),
    pytest.param("Domiciliary Care Tender\n\nMinutes:\n\nThe Cabinet considered the report seeking approval to commence a procurement "
                 "exercise.\n\n(1) the Director for Adult Social Care in consultation with the Cabinet Member be authorised to conduct "
                 "a procurement exercise to establish new Lead Provider contracts for three years.\n",
                 "https://modgov.sefton.gov.uk/mgAi.aspx?ID=1", ("tender", "approved"),
                 id="acting_in_consultation_with_a_member_is_not_consulting_on_a_proposal"),
    pytest.param("Waste and Recycling Services Contract Update\n\nIt was then:\n\n1. That the progress made in negotiations with "
                 "the Council's waste contractor be recognised;\n\n2. That Council be RECOMMENDED to\n\na. agree to terminate "
                 "the contract by mutual agreement, resulting in the transfer of all services currently provided under the "
                 "contract back to the Council with effect from 3 October 2022;\n",
                 "https://democracy.wychavon.gov.uk/mgAi.aspx?ID=1", ("insource", "proposed"),
                 id="services_transferred_back_to_the_council_on_a_recommendation_to_council_are_proposed_insourcing"),
    pytest.param("Carers centre faces closure\n\nThe new carers contract is likely to be awarded to a consortium led by Age UK "
                 "Brent, Harrow and Hillingdon, the council said.\n",
                 "https://www.example-news.co.uk/news/story", ("award", "proposed"),
                 id="a_contract_likely_to_be_awarded_is_proposed"),
    pytest.param("Integrated care contract delayed\n\nThe CCG, which had planned to award its integrated care contract this "
                 "year, said it will now not be able to award the contract until April 2027.\n",
                 "https://www.example-news.co.uk/news/story", ("award", "deferred"),
                 id="not_able_to_award_until_a_later_date_defers_the_award"),
    pytest.param("Policy on Care Homes for the Elderly\n\nThe Chief Executive advised the Committee of a recommendation from the "
                 "Health Improvement Committee at its meeting on 26 June 2003 that the Policy and Strategy Committee agree:-\n"
                 "(1) that the Council no longer retain an interest as a direct provider of Care Home Services for the Elderly;\n",
                 "https://www.inverclyde.gov.uk/meetings/documents/1", ("outsource", "proposed"),
                 id="a_council_no_longer_a_direct_provider_on_another_committee_s_recommendation_is_proposed_outsourcing"),
    pytest.param("Westminster Council is putting its mental health services out to tender after the trust currently managing "
                 "them refused to accept a 25 per cent budget cut.\n",
                 "https://www.example-news.co.uk/news/story", ("tender", "approved"),
                 id="another_party_s_refusal_in_a_clause_of_its_own_does_not_reject_the_decision"),
    pytest.param("Council chiefs are being forced to reconsider plans to abandon the private sector outsourcing of the city's "
                 "bin collections.\n",
                 "https://www.example-news.co.uk/news/story", ("outsource", "rejected"),
                 id="a_move_abandoned_by_the_verb_before_it_is_rejected"),
    pytest.param("Anytown City Council - Record of Decision I Councillor Jo Bloggs, Lead Member for Housing, in exercise of the "
                 "powers conferred on me by Paragraph J (a) (i) of the Scheme of Delegation of the Council do hereby approve:The award "
                 "of a two year Steady State contract, to Acme Support Ltd for a supported accommodation service from 1st June 2011; the "
                 "contract may be extended for a further two years subject to satisfactory contractual review.\n",
                 "https://sccdemocracy.salford.gov.uk/mgIssueHistoryHome.aspx?IId=1", ("award", "approved"),
                 id="a_member_who_hereby_approves_has_decided"),
    pytest.param("Update\n\nThis page is updated regularly.\n\nCouncillors backed plans to outsource Anytown Council's home care "
                 "service to Acme Care.\n",
                 "https://www.example-news.co.uk/news/story", ("outsource", "approved"),
                 id="plans_councillors_backed_are_approved"),
    pytest.param("Update\n\nThis page is updated regularly.\n\nIf approved, the contract with Acme Care will be extended until 2026.\n",
                 "https://www.example-news.co.uk/news/story", ("extend", "proposed"), id="a_move_if_approved_is_proposed"),
    pytest.param("Update\n\nThis page is updated regularly.\n\nAnytown Council has ruled out bringing its leisure centres back "
                 "in-house.\n", "https://www.example-news.co.uk/news/story", ("insource", "rejected"),
                 id="a_move_ruled_out_is_rejected"),
    pytest.param("Bon Accord Care\n\nThe Council resolved:\n\n(i) agree, in respect of Bon Accord Care, that given the current "
                 "financial arrangements, not to develop a full business case to bring Bon Accord Care back in-house;\n",
                 "https://committees.aberdeencity.gov.uk/mgAi.aspx?ID=1", ("insource", "rejected"),
                 id="not_developing_a_business_case_to_bring_a_service_in_house_rejects_it"),
    pytest.param("Suffolk County Council is to scrap its home care model and bring in a new system.\n\n"
                 "The council is expected to start looking for organisations to provide care for people in their own homes "
                 "over the next few months.\n\nThe county's cabinet approved the changes on Tuesday.\n",
                 "https://www.example-news.co.uk/news/story", ("tender", "approved"),
                 id="a_cabinet_that_approved_the_changes_approved_the_tender"),
    pytest.param("BOURNEMOUTH council is set for a huge policy U-turn by bringing its outsourced services back in house "
                 "after six years.\n\nThe move, if approved by full council, will affect more than 200 staff employed by Kier.\n",
                 "https://www.example-news.co.uk/news/story", ("insource", "proposed"),
                 id="a_council_set_for_a_u_turn_if_approved_proposes_it"),
    pytest.param("The NHS Choices website will not be outsourced until April next year, more than a year after initially "
                 "expected, HSJ has been told.\n\nNHS England's preferred approach involves outsourcing to multiple providers.\n",
                 "https://www.example-news.co.uk/news/story", ("outsource", "deferred"),
                 id="not_moved_until_a_later_date_is_deferred_not_refused"),
])
def test_status_as_the_page_records_it(text, source, expected):
    ev = extract(text, source=source).events[0]
    assert (ev.kind, ev.status) == expected


def test_a_conditional_approval_is_no_approval():
    from contractwatch.extract.events import STRONG_APPROVED
    from contractwatch.extract.rules import STATUS_RULES

    assert not STRONG_APPROVED.search("The move, if approved by full council, will affect 200 staff.")
    assert not STATUS_RULES["approved"].search("the move, once approved by cabinet, starts in april.")
    assert STRONG_APPROVED.search("The move was approved by full council on Tuesday.")
    assert STATUS_RULES["approved"].search("the move was approved by cabinet.")


@pytest.mark.parametrize("written, amount", [("£4.1m", 4_100_000), ("£67.1m", 67_100_000), ("£2.09m", 2_090_000),
                                             ("£131.3 million", 131_300_000), ("£1.2bn", 1_200_000_000), ("£319k", 319_000)])
def test_money_is_exact_to_the_penny(written, amount):
    from contractwatch.extract.spans import find_money

    found = find_money(f"The contract is worth {written} over five years.")
    assert [m.value for m in found] == [amount]


def test_an_opinion_column_and_a_waivers_report_record_no_decision():
    column = ("Comment: Outsourcing's long goodbye is not what it seems\n\nFor a generation, the outsourcing of public "
              "services was treated in town halls as common sense. Capita and Serco grew on it.\n")
    assert extract(column, source=NEWS).events == []
    report = ("Decision details\n\nContract Procedure Rules - Waivers and Exemptions Report 2025/26\n\n"
              "Decision Maker: Audit Committee\n\nThe Head of Procurement reported that 37 exemptions had been approved "
              "in the period, with a combined value of £4.1m.\n\nRESOLVED: That the report be noted.\n")
    assert extract(report, source="https://democracy.york.gov.uk/ieDecisionDetails.aspx?ID=1").events == []


# One slot a story's main event fills, or leaves empty, as the text gives it.
@pytest.mark.parametrize("text, field, expected", [
    pytest.param("Camden Council's cabinet is set to reject bringing the five leisure centres in-house when the deal with GLL ends.\n",
                 "service", "leisure centres", id="a_council_s_leisure_centres_are_the_service_it_moves_1"),
    pytest.param("Lichfield District Council agreed to outsource management of leisure centres to Acme Leisure Ltd.\n",
                 "service", "leisure centres", id="a_council_s_leisure_centres_are_the_service_it_moves_2"),
    pytest.param("CONTROVERSIAL plans to transfer Southampton City Council's leisure services to an independent trust have been "
                 "thrown out.\n",
                 "service", "leisure services", id="services_named_after_their_owner_or_runner_keep_only_their_own_name_1"),
    pytest.param("South Gloucestershire Council agreed to shelve the decision on privatising the council-run home care service "
                 "until after the election.\n",
                 "service", "home care", id="services_named_after_their_owner_or_runner_keep_only_their_own_name_2"),
    pytest.param("North Dorset District Council's cabinet is being recommended to extend the leisure deal until March 2022. "
                 "In October, the shadow executive committee agreed that operating contracts elsewhere be extended.\n",
                 "decision_body", "cabinet", id="a_body_being_recommended_to_act_is_the_one_that_decides"),
    pytest.param("Anytown NHS Foundation Trust has confirmed its decision on the future of the laundry services at the hospital: "
                 "a partial outsource option was approved by the board.\n",
                 "service", "laundry", id="a_hospital_s_laundry_is_a_service_it_can_outsource"),
    pytest.param("More than 360 cleaning, maintenance and parking enforcement staff will be transferred to council employment by "
                 "March, under a plan to bring the services back in-house approved by Anytown Council's cabinet.\n",
                 "staff_transferred", 360, id="the_staff_of_a_list_of_services_transferred_are_counted"),
    pytest.param("Hospital bosses have taken back control of cleaning and portering services.\n\nAnytown Hospitals NHS Trust has "
                 "formally taken over the contract previously held by private firm Acme FM.\n\nThe 650 workers previously employed by "
                 "the firm have now transferred to the NHS.\n",
                 "staff_transferred", 650, id="staff_previously_employed_who_have_now_transferred_are_counted"),
    pytest.param("Anytown Council will outsource its revenues and benefits service to Acme Services Ltd from April.\n",
                 "service", "revenues and benefits service", id="services_named_after_their_owner_or_runner_keep_only_their_own_name_3"),
    pytest.param("Swansea Council has awarded new home care contracts to Acme Care Ltd. Plans will be written for all of the 275 "
                 "people who move over to new providers.\n",
                 "staff_transferred", None, id="service_users_moving_and_a_transfer_that_did_not_happen_are_no_staff_transfer_1"),
    pytest.param("Fife Council voted down a £170 million contract with Mitie, which would have transferred 2,000 council staff to "
                 "the firm.\n",
                 "staff_transferred", None, id="service_users_moving_and_a_transfer_that_did_not_happen_are_no_staff_transfer_2"),
    pytest.param("Biffa has secured a six-year extension to its waste contract with Forest of Dean District Council, with a range of "
                 "service changes which will be introduced from August 2016.\n",
                 "start_date", None, id="when_something_else_starts_it_is_not_the_contract_start_1"),
    pytest.param("Anytown Council will re-tender the supported accommodation service, with a 1% annual reduction from May 2020.\n",
                 "start_date", None, id="when_something_else_starts_it_is_not_the_contract_start_2"),
    pytest.param("Anytown Council has withdrawn the proposal to transfer seven supported living homes to a private provider. "
                 "The move would have saved the council £300,000 a year.\n",
                 "value", None, id="money_saved_or_spent_is_not_the_contract_value_1"),
    pytest.param("Plans to transfer Southampton City Council's leisure services to an independent trust have been thrown out.\n\n"
                 "Councillors voted against the trust at a full council meeting.\n\n"
                 "About £357,000 has been spent to date on researching the proposals.\n",
                 "value", None, id="money_saved_or_spent_is_not_the_contract_value_2"),
    pytest.param("Leisure contract\n\nAnytown Council's cabinet is recommended to award the leisure management contract "
                 "to Acme Leisure. At the moment the leisure centres need a £1.5m annual subsidy, which the new "
                 "operator would remove.\n",
                 "value", None, id="a_subsidy_or_a_threshold_is_not_the_contract_s_value_1"),
    pytest.param("Leisure contract\n\nAnytown Council's cabinet is recommended to award the leisure management contract "
                 "to Acme Leisure. It is anticipated that the annual contract value will exceed the £100,000 "
                 "threshold for officer decision.\n",
                 "value", None, id="a_subsidy_or_a_threshold_is_not_the_contract_s_value_2"),
    pytest.param("Supported living\n\nAnytown Council's cabinet agreed to award the supported living contract to Acme "
                 "Support from 1 April 2025.\n",
                 "start_date", "2025-04-01", id="the_word_just_before_a_date_makes_it_the_start_1"),
    pytest.param("Patient transport\n\nAcme Logistics will take over on 2 March 2026 under a five-year contract with "
                 "the ICB, commissioners said.\n",
                 "start_date", "2026-03-02", id="the_word_just_before_a_date_makes_it_the_start_2"),
    pytest.param("Equipment\n\nAnytown Council has awarded Acme Equipment a contract running to 31 March 2027.\n",
                 "end_date", "2027-03-31", id="what_a_date_ends_can_stand_well_before_it_1"),
    pytest.param("Carers\n\nThe council has agreed to extend the carers contract with Acme Carers to 30 June 2026 while "
                 "it re-tenders.\n",
                 "end_date", "2026-06-30", id="what_a_date_ends_can_stand_well_before_it_2"),
    pytest.param("Supported living\n\nAnytown Council will end its supported living contract with Acme Support in "
                 "December 2025.\n",
                 "end_date", "2025-12", id="what_a_date_ends_can_stand_well_before_it_3"),
    pytest.param("Home care\n\nAnytown Council's cabinet member for adult social care, Cllr Jo Bloggs, has approved the "
                 "award of the home care contract to Acme Care.\n",
                 "decision_body", "cabinet member for adult social care", id="a_member_s_post_is_the_decision_maker_not_the_member"),
    pytest.param("Home care\n\nThis page is updated regularly.\n\nAnytown Council has awarded a home care contract to "
                 "Acme Care. A consultation on the new model ends on 5 May 2025.\n",
                 "end_date", None, id="a_process_s_or_the_old_contract_s_end_is_not_the_new_contract_s_1"),
    pytest.param("Home care\n\nThis page is updated regularly.\n\nAnytown Council has awarded a home care contract to "
                 "Acme Care. The call-in period ends on 12 March 2025.\n",
                 "end_date", None, id="a_process_s_or_the_old_contract_s_end_is_not_the_new_contract_s_2"),
    pytest.param("Home care\n\nThis page is updated regularly.\n\nAnytown Council has awarded a home care contract to "
                 "Acme Care. The current contract with Beta Care ends on 31 March 2025.\n",
                 "end_date", None, id="a_process_s_or_the_old_contract_s_end_is_not_the_new_contract_s_3"),
    pytest.param("Update\n\nThis page is updated regularly.\n\nAnytown Council has awarded a home care contract to Acme "
                 "Care. The council spends £80m a year on adult social care.\n",
                 "value", None, id="spending_a_sale_price_or_a_fine_is_not_a_contract_s_value_1"),
    pytest.param("Update\n\nThis page is updated regularly.\n\nAnytown Council will sell its care homes to Acme Care for "
                 "£4m.\n",
                 "value", None, id="spending_a_sale_price_or_a_fine_is_not_a_contract_s_value_2"),
    pytest.param("Update\n\nThis page is updated regularly.\n\nAnytown Council has terminated its home care contract with "
                 "Acme Care after the firm was fined £20,000.\n",
                 "value", None, id="spending_a_sale_price_or_a_fine_is_not_a_contract_s_value_3"),
    pytest.param('Update\n\nThis page is updated regularly.\n\nThe contract with Acme Healthcare for home care came to an end in March and a new contract has been awarded to Beta Care for three years.',
                 'providers', ["Beta Care"], id='the_holder_of_the_contract_an_award_replaces_is_not_its_winner'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nThe contract for supported living was awarded to Dimensions. The new service starts in April.',
                 'providers', ["Dimensions"], id='a_winner_named_at_a_sentence_s_end_stops_there'),
    pytest.param('Trust loses community contract\\n\\nAcme Community Trust has lost a £40m contract to run community health services in Anytown, after Anytown CCG chose another provider.\\n',
                 'bidders', ["Acme Community Trust"], id='a_trust_that_lost_its_contract_is_a_beaten_bidder'),
    pytest.param('Trust loses community contract\\n\\nAcme Community Trust has lost a £40m contract to run community health services in Anytown, after Anytown CCG chose another provider.\\n',
                 'service', "community health services", id='a_contract_to_run_a_service_names_the_service'),
    pytest.param("Decision details\n\nCommissioning children's homes\n\nRESOLVED: To agree to a competitive tender for a block contract for residential care. "
                 "The contract term will be for 5 years with an option for two further annual extensions at an estimated maximum total cost of £17.86m.\n",
                 "value", Value(17860000, "GBP", "total"), id="annual_extensions_before_a_total_cost_leave_it_a_total"),
    pytest.param('Cornwall Council takes over two failed care companies\n\nTwo companies providing care at home for older people across Cornwall have failed, leading Cornwall Council to step in and take over.',
                 'service', "care at home", id='a_headline_s_service_is_read_from_the_sentence_beside_it'),
    pytest.param('Cornwall Council takes over two failed care companies\n\nCornwall Council has stepped in to take over two companies that failed last week.\n\nThe director of adult social care said the transfer went smoothly.',
                 'service', None, id='a_department_beside_the_decision_is_no_service'),
    pytest.param('Devon Partnership NHS Trust has awarded a contract for mental health peer support to Step One Charity for two years.\n\nDevon Partnership NHS Trust said the service would start in July.',
                 'providers', ["Step One Charity"], id='the_buyer_is_not_also_a_provider_beside_the_firm_it_chose'),
    pytest.param('Trust insources cleaning services\n\nA UK NHS trust has brought its cleaning services back in-house to save money.\n\nAfter comparing its services against external companies, North Tees and Hartlepool NHS Trust decided to terminate its £3.6m cleaning contract with Sodexo.',
                 'buyers', ["North Tees and Hartlepool NHS Trust"], id='a_trust_after_a_leading_clause_buys_the_services_it_brings_in_house'),
    pytest.param('Decision details\n\nGateway report: supported living\n\nDecision:\n\nThat the immediate commencement of tendering for the supported living services be approved.\n\nReasons for the decision:\n\nThe current value of the supported living element of the contract is £1,390k pa. With the intention to award the new contract for an initial period of 5 years, the contract value over the full term is estimated to be £12,510k.',
                 'value', Value(12510000, "GBP", "total"), id='the_contract_value_over_the_full_term_outranks_the_current_value'),
    pytest.param('A £24.5MILLION contracts package for health visiting has been put out to tender by Blackburn with Darwen Council.\n\nThe three lots have a combined annual value of £4,082,666.',
                 'value', Value(24500000, "GBP", "total"), id='a_headline_s_contracts_package_names_the_value'),
    pytest.param('A £24.5MILLION contracts package for health visiting has been put out to tender by Blackburn with Darwen Council for up to five and a half years.',
                 'term_months', 66, id='five_and_a_half_years_is_66_months'),
    pytest.param('Anytown Council ends care contract\n\nAnytown Council has terminated its contract with Acme Care after the firm failed to provide adequate care.',
                 'service', None, id='a_judgement_of_care_is_no_service_s_name'),
    pytest.param('Contract modification notice\n\nNHS South Yorkshire Integrated Care Board has updated its contract with Acme Therapy Ltd for the Community Musculoskeletal (MSK) Physiotherapy Service. The contract now includes a modification extending the duration from 31 March 2026 to 31 March 2027.',
                 'service', "Community Musculoskeletal (MSK) Physiotherapy", id='an_acronym_in_brackets_sits_inside_a_service_s_name'),
    pytest.param('Contract modification notice\n\nNHS South Yorkshire Integrated Care Board has updated its contract with Acme Therapy Ltd for the community physiotherapy service. The contract now includes a modification extending the duration from 31 March 2026 to 31 March 2027.\n\nOriginal contract value: £9,600,000\n\nEstimated value of the modification: £2,050,000',
                 'value', Value(2050000, "GBP", "total"), id='a_modification_s_value_outranks_the_original_contract_value'),
    pytest.param('Hospital cleaning, catering and portering back in NHS hands as contract ends early\n\nAnytown Hospitals NHS Foundation Trust will take back control of the services from 1 October 2026.',
                 'service', "cleaning, catering and portering", id='a_service_that_is_no_care_is_named_by_its_list'),
    pytest.param('Anytown ICB extends community services contract\n\nAnytown ICB has extended its community services contract with Acme Community Health, a private operator that runs community services in the Midlands, for two years.',
                 'service', "community services", id='who_runs_a_service_is_not_its_name'),
    # a list whose last area takes "the", and a place whose name holds "of"
    pytest.param("Acme Health hands back community contract\n\nAcme Health Ltd has ended its contract to run district nursing across "
                 "Chesterfield, Bolsover and the Derbyshire Dales after eight months.\n",
                 "places", ["Chesterfield", "Bolsover", "Derbyshire Dales"], id="places_and_winners_in_stories_1"),
    pytest.param("County to sell care homes\n\nGloucestershire County Council will offer its care homes in Cheltenham, Stroud and the "
                 "Forest of Dean for sale to the private sector.\n",
                 "places", ["Cheltenham", "Stroud", "Forest of Dean"], id="places_and_winners_in_stories_2"),
    # the winner named, then described, then said to have won
    pytest.param("Preferred bidder chosen for mental health contract\n\nCalderdale CCG has chosen a new partnership as its preferred bidder "
                 "for adult mental health services.\n\nPennine Minds Partnership, a joint venture of local charities, beat two other bids, "
                 "including one from the current provider, Calder Valley NHS Foundation Trust.\n",
                 "providers", ["Pennine Minds Partnership"], id="places_and_winners_in_stories_3"),
    pytest.param("New drug service for Medway\n\nMedway Council confirmed the contract has been signed off at cabinet, with charity "
                 "Harbourlight Recovery replacing the service delivered by the NHS trust.\n",
                 "providers", ["Harbourlight Recovery"], id="places_and_winners_in_stories_4"),
    pytest.param("Care homes contract awarded\n\nThe council's cabinet on Tuesday (12 September 2023) agreed to award a five-year contract "
                 "to Silverbirch Healthcare Ltd to run the homes.\n",
                 "decision_body", "cabinet", id="a_story_s_decision_body_1"),
    pytest.param("Preferred bidder chosen\n\nCalderdale CCG has chosen Pennine Minds Ltd as its preferred bidder for mental health services. "
                 "The CCG's governing body approved the choice at its meeting on Thursday.\n",
                 "decision_body", "governing body", id="a_story_s_decision_body_2"),
    # how long the buying took is not the contract's term; "run for the next seven years" is
    pytest.param("Acme Care wins community services contract\n\nFollowing a year-long procurement process, Anytown CCG awarded "
                 "the contract to Acme Care Ltd, effective from 1 April.\n\nThe services include community nursing and podiatry.\n\n"
                 "Seven bids were considered at first, but only four progressed onto the shortlist, after which Acme was "
                 "considered the best at demonstrating how it could meet the aims of the region's health services.\n\n"
                 "The contract will run for the next seven years, with the potential to be extended by another three years.\n",
                 "term_months", 84, id="a_year_long_procurement_is_no_term"),
    pytest.param("Acme Care wins community services contract\n\nFollowing a year-long procurement process, Anytown CCG awarded "
                 "the £18m contract to Acme Care Ltd, effective from 1 April.\n",
                 "term_months", None, id="a_year_long_procurement_is_no_term_2"),
    # a partner named only on a condition buys nothing yet; "NHS England" covers no area of its own
    pytest.param("Community services contract to be procured\n\nBristol, North Somerset and South Gloucestershire Clinical Commissioning Group has said it intends to procure a seven-year community services contract.\n\nIf children's services are included the procurement would need to be conducted jointly with NHS England and the local authority.\n",
                 "buyers", ["Bristol, North Somerset and South Gloucestershire Clinical Commissioning Group"], id="a_partner_on_a_condition_is_no_buyer"),
    pytest.param("National health checks contract awarded\n\nNHS England has awarded Acme Health Ltd a three-year contract to "
                 "run the health checks service in the South West of England.\n",
                 "places", [], id="a_national_body_s_name_is_no_place"),
    # a list of the chosen, after "appointed to the framework include", names every firm however it is written
    pytest.param("14 providers appointed to new Supported Living Framework\n\nAnytown City Council has appointed 14 organisations to its "
                 "new Supported Living Framework.\n\nThe framework was approved by the Executive Board.\n\nProviders appointed to the "
                 "framework include Aspen Lodge Support, Trentside Living, Cedar Tree Care, Brightwell Supported Living and Meadowview "
                 "Care Services.\n", "providers", ["Aspen Lodge Support", "Trentside Living", "Cedar Tree Care", "Brightwell Supported Living",
                                                    "Meadowview Care Services"], id="a_list_of_the_chosen_after_a_framework"),
    pytest.param("New provider lined up\n\nAbbeyfield Borough Council has awarded a £3m contract for supported living to Northern Star "
                 "Support after terminating its deal with Clarion Living last year.\n", "providers", ["Northern Star Support"],
                 id="the_firm_whose_deal_was_terminated_is_not_the_winner"),
    # a clause's piece is no service's name
    pytest.param("Firm wins community deal\n\nAnytown CCG has awarded the £18m contract to Acme Care Ltd. The services set to transfer "
                 "include community nursing, podiatry and continence services.\n", "service", "community nursing",
                 id="include_opens_a_list_not_a_service_name"),
    # the holders of the contracts a move in house or an extension concerns, listed whatever their names hold
    pytest.param("Council to bring home care in house\n\nAnytown Council's in-house team plan to provide all of the area's care at home "
                 "services. The move affects services currently delivered by 1st Homecare, TLC Scotland and Delight Supported Living.\n",
                 "providers", ["1st Homecare", "TLC Scotland", "Delight Supported Living"], id="the_holders_listed_after_delivered_by"),
    # the firm that won the contract now ended is its provider, not a trust named beside the fallout
    pytest.param("£800m NHS contract cancelled\n\nA five-year NHS contract worth £800 million was ended after only eight months.\n\n"
                 "Acmecare won a competitive tender to run the contract for older people's community services.\n\nThe contract has "
                 "been terminated owing to the poor financial performance of the company.\n\nWith Anytown University Hospitals NHS "
                 "Foundation Trust experiencing problems as a result of the termination of the contract, other arrangements were made.\n",
                 "providers", ["Acmecare"], id="the_winner_of_the_contract_ended_is_its_provider"),
])
def test_a_story_s_slot(text, field, expected):
    ev = extract(text, source=NEWS).events[0]
    assert getattr(ev, field) == expected, (text, getattr(ev, field))


@pytest.mark.parametrize("head, date, body", [
    pytest.param("Decision details\n\nDecision Maker: Strategic Director of Adult Care\n\nDate of Decision:\n\n29 August 2023\n\n",
                 "2023-08-29", "Strategic Director of Adult Care", id="a_label_s_value_after_a_blank_line"),
    pytest.param("Environment and Wellbeing Cabinet Member – Minutes – 26 September 2019 (Urgt)\n\n",
                 "2019-09-26", "Environment and Wellbeing Cabinet Member", id="a_minutes_title_between_body_and_date"),
    pytest.param("Cabinet Meeting: 19th October 2011\n\nReport of the Director of Social Services\n\n", "2011-10-19", "Cabinet",
                 id="a_body_s_meeting_then_a_colon_and_its_date"),
    pytest.param("Anytown Hospitals NHS Foundation Trust\n\nBoard of Directors – Meeting held in Public\nThursday 3rd July 2025, "
                 "Education Centre\n\n", "2025-07-03", "Board of Directors", id="a_trust_board_of_directors_meeting_held_in_public"),
    pytest.param("Issue details\n\nDecision due: October 2020 by Executive Board, Executive Board\n\n", None, "Executive Board",
                 id="a_decision_due_line_naming_its_maker_twice"),
    pytest.param("Award\n\nLeisure Services\n\nAward - 29 Apr 2026 at 12:41\nTenderUpdate - 09 Oct 2025 at 07:30\n\n", None, None,
                 id="a_procurement_record_s_release_lines_name_no_body"),
    pytest.param("Awarded contract\n\nAward information\n\nAwarded date: 14 November 2025\n\n", "2025-11-14", None,
                 id="an_award_notice_s_awarded_date"),
])
def test_meeting_headers_give_the_decision_s_date_and_maker(head, date, body):
    from contractwatch.extract.meta import read_meta

    meta = read_meta(head + "1. That the contract be extended for twelve months.\n", "https://democracy.anytown.gov.uk/ieDecisionDetails.aspx?ID=1")
    assert (meta.decision_date, meta.decision_body) == (date, body)


def test_an_extension_option_taken_up_is_the_term_decided():
    text = ("Decision details\n\nDecision Maker: Strategic Director of Adult Care\n\nDecision:\n\nTo approve the use of an "
            "optional final 12-month extension of the initial contract term from April 2024 to March 2025 to enable Acme "
            "Advocacy Ltd to continue the service.\n")
    ev = extract(text, source="https://moderngov.rotherham.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert (ev.kind, ev.term_months, ev.extension_months) == ("extend", 12, None)


def test_a_contract_that_commences_on_a_date_is_not_recounted_by_it():
    text = ("Decision details\n\nAward of Contract for an Adult Carer Service\n\nDecision Maker: Cabinet\n\n"
            "(i) To approve the award of the contract for Support Services For Adult Carers to Tenderer A to commence on 1st "
            "September 2014 for a period of 3 years.\n\nReasons for the decision:\n\n1. Through the award of this contract the "
            "service will increase the number of carers identified from April 2014, rising to over 5,000 by March 2015.\n")
    ev = extract(text, source="https://www.southampton.gov.uk/modernGov/ieDecisionDetails.aspx?ID=1").events[0]
    assert (ev.kind, ev.start_date, ev.term_months) == ("award", "2014-09-01", 36)


def test_a_board_s_capitalised_approval_of_a_recommendation_approves_it_at_its_annual_cost():
    text = ("Anytown Hospitals NHS Foundation Trust\n\nBoard of Directors – Meeting held in Public\nThursday 3rd July 2025\n\n"
            "Replacing the laundry equipment would need capital of about £3.9m, which was not available.\n\nResolved: The Board\n\n"
            "1. APPROVED the full business case to outsource the linen and laundry service to Meridian Textile Care Ltd for seven "
            "years from 1 February 2026, with an option to extend for up to three further years, at an annual cost of £1.35m;\n")
    ev = extract(text, source="https://www.anytownhospitals.nhs.uk/board/minutes").events[0]
    assert (ev.kind, ev.status) == ("outsource", "approved")
    assert ev.value is not None and (ev.value.amount, ev.value.basis) == (1_350_000, "annual")


def test_a_provider_s_last_day_of_service_is_the_contract_s_end():
    text = ("Home care firm pulls out of council contract\n\nAcme Homecare Ltd has given Norfolk County Council notice that it will "
            "stop delivering care under its contract. Its last day of service under the contract will be 30 November 2025.\n")
    ev = extract(text, source=NEWS).events[0]
    assert (ev.kind, ev.end_date) == ("end", "2025-11-30")


def test_a_term_extendable_by_a_period_has_that_extension_option():
    text = ("Equipment\n\nThis page is updated regularly.\n\nAnytown Council has awarded the equipment contract to Acme Equipment "
            "for an initial term of three years, extendable by up to two years.\n")
    ev = extract(text, source=NEWS).events[0]
    assert (ev.term_months, ev.extension_months) == (36, 24)


def test_a_lone_word_of_an_act_s_name_is_no_service():
    text = ("Leisure services\n\nThis page is updated regularly.\n\nThe decision has now been made to defer the insourcing of Acme "
            "Leisure to 1st April 2025. The centres support our duty under the Social Services and Wellbeing (Wales) Act 2014.\n")
    ev = extract(text, source="https://democracy.npt.gov.uk/ieIssueDetails.aspx?IId=1").events[0]
    assert ev.kind == "insource" and ev.service != "Social"


def test_a_title_s_reference_and_route_are_not_the_service():
    text = ("Decision details\n\nAHI S301 Exemption from Contract Procedure Rules - 0-19 Healthy Child Programme\n\n"
            "Decision Maker: Cabinet\n\nDecision:\n\nTo approve an exemption to extend the contract with Acme Community NHS Trust "
            "for 12 months.\n")
    ev = extract(text, source="https://democracy.anytown.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.service == "0-19 Healthy Child Programme", ev.service


def test_a_year_a_contract_was_previously_extended_in_is_not_its_end():
    text = ("Decision details\n\nCommunity Nursing and Therapies - Waiver and Extension\n\nThe contract with Acme Health Ltd "
            "was previously extended in 2015 to allow time for this review.\n\nRESOLVED to exercise the option to extend the "
            "Community Nursing and Therapies contract held by Acme Health Ltd for 10 years.\n")
    ev = extract(text, source="https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.kind == "extend" and ev.end_date is None


def test_an_option_to_extend_over_a_list_of_winners_opens_no_options_block():
    text = ("Decision details\n\nAward of the Home Care Framework\n\nDecision Maker: Cabinet\n\nDecision:\n\n"
            "1. Cabinet approved the award of the Home Care Framework to the following providers, for an initial period of "
            "four years, with the option to extend for one further year:\n\n   - Brightwell Care Ltd\n   - Roch Valley Homecare Ltd\n\n"
            "2. Cabinet noted that the estimated value of the framework is £118 million over the maximum five-year term.\n")
    ev = extract(text, source="https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.kind == "award" and ev.value is not None and ev.value.amount == 118_000_000


def test_a_meeting_day_with_its_date_in_brackets_dates_the_decision():
    text = ("Care homes contract awarded\n\nThe council's cabinet on Tuesday (12 September 2023) agreed to award a five-year "
            "contract to Silverbirch Healthcare Ltd to run the homes.\n")
    assert extract(text, source="https://www.example-news.co.uk/news/1").events[0].decision_date == "2023-09-12"


def test_a_council_page_that_names_its_own_area_lists_it():
    # Readers label the area a page names, even the council's own: "services in Cardiff".
    text = ("Decision details\n\nDomiciliary Care - Request to Extend\n\nDecision Maker: Director of Adults\n\n"
            "Decision:\n\nThe Accredited Provider List for Domiciliary Care Services in Cardiff be extended for "
            "two months to 11 January 2021.\n")
    ev = extract(text, source="https://cardiff.moderngov.co.uk/mgDelegatedDecisions.aspx?ID=1").events[0]
    assert ev.kind == "extend" and ev.places == ["Cardiff"]
