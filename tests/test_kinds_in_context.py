"""How a trigger's place in its sentence and page changes what it says: each case is one that
real pages got wrong before the rule (texts invented in the style of those pages)."""
from __future__ import annotations

import pytest

from contractwatch.extract import extract

NEWS = "https://www.example-news.co.uk/news/story"
MG = "https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1"


def kinds(text: str, source: str = NEWS) -> list[str]:
    return [e.kind for e in extract(text, source=source).events]


def test_a_provider_appointed_by_a_council_to_take_over_is_an_award_not_insourcing():
    text = ("New home care provider for Anytown\n\n"
            "A new care provider has been appointed by Anytown Council to take over the home care work for 200 people. "
            "Acme Care Ltd will start on Monday.\n")
    assert kinds(text)[:1] == ["award"]


def test_a_past_marker_in_a_relative_clause_belongs_to_another_firm():
    text = ("Forty social workers have moved to Acme Health Ltd as part of a £70m contract to run community services.\n\n"
            "Acme Health Ltd won the tender over a rival bid from a consortium, which had previously delivered the services.\n")
    assert kinds(text)[:1] == ["award"]


def test_a_contract_won_some_time_ago_is_background_to_its_termination():
    text = ("A private care company has had its £1.5million home care contract with Anytown Council terminated after five months.\n\n"
            "Complaints have been made about the service since it was controversially awarded a new contract in April.\n")
    assert kinds(text)[:1] == ["end"]


def test_how_a_process_works_is_not_a_decision():
    text = ("How our dynamic purchasing system works\n\n"
            "Individual opportunities are released for competition and a contract is awarded to a successful supplier. "
            "Every bid will be evaluated by the Council before award of contract.\n")
    assert kinds(text, "https://www.telford.gov.uk/info/dps") == []


def test_a_question_is_not_a_decision():
    text = ("Freedom of information request: staff transfers\n\n"
            "You asked whether any adult social care contract was terminated before its expiry in the last five years. "
            "The council holds no such information.\n")
    assert kinds(text, "https://www.devon.gov.uk/foi/123") == []


def test_an_explainer_headline_is_not_news_of_a_decision():
    text = ("What the new rules mean for the outsourcing of social work\n\n"
            "By Jo Bloggs, Bloggs Law\n\n"
            "Councils may in future contract out assessment functions. This piece looks at the risks.\n")
    assert kinds(text) == []


def test_what_led_to_the_news_ranks_below_the_news():
    text = ("The CCG began an 'interim' procurement in the autumn after the ambulance trust confirmed its intention to "
            "terminate the out of hours contract early.\n\n"
            "Following an evaluation, the CCG has selected Acme Urgent Care as the preferred provider for the out of hours service.\n")
    assert kinds(text)[:1] == ["award"]


def test_a_news_reaction_after_a_decision_still_reports_the_decision():
    text = ("Staff celebrate council U-turn\n\n"
            "Care workers are celebrating after Anytown County Council decided not to outsource their service.\n")
    ev = extract(text, source=NEWS).events
    assert ev and ev[0].kind == "outsource" and ev[0].status == "rejected"


def test_a_resolution_heading_that_names_its_committee_opens_the_decision():
    text = ("Care at Home Recommissioning briefing\n\nDecision Maker: Adults and Health Committee\n\n"
            "To consider a report on the timetable for recommissioning care at home services.\n\n"
            "RESOLVED: (Unanimously) That the Adults and Health Committee\n\n"
            "1. Agree to extend the framework agreement for care at home services to 4th September 2024.\n\n"
            "2. Note that the prime provider contracts will expire in September 2023.\n")
    assert kinds(text, MG)[:1] == ["extend"]


def test_a_variation_that_adds_a_stop_smoking_service_is_not_an_ending():
    text = ("RESOLVED: That Cabinet\n\n"
            "1) To incorporate the new Stop Smoking Service grant of £250k for 2025/26.\n"
            "2) To vary the contract between the Council and Acme Recovery Trust for stop smoking support.\n")
    assert kinds(text, MG)[:1] == ["extend"]


def test_widening_a_service_is_not_extending_a_contract():
    text = ("Integrated community equipment service\n\n"
            "Members noted the budget pressures. Potential has been identified to extend the services to include "
            "those currently provided by partner organisations. A further report will follow.\n")
    assert kinds(text, MG) == []


def test_what_a_clause_tells_of_a_party_is_background():
    text = ("A new care provider has been appointed by Anytown Council to take over home care for 250 people.\n\n"
            "Acme Homecare Ltd will fill the gap left by Beta Care Ltd, a company which decided to pull out of its "
            "contract with the council.\n")
    assert kinds(text)[:1] == ["award"]


def test_a_byline_names_no_party():
    from contractwatch.extract.orgs import find_orgs

    text = "Councils and outsourcing\n\nBy Jo Bloggs, Bloggs Care Law Ltd\n\nAnytown Council awarded a contract to Acme Care Ltd.\n"
    assert [o.name for o in find_orgs(text)] == ["Anytown Council", "Acme Care Ltd"]


def test_resolved_to_opens_a_decision_over_the_report_it_follows():
    text = ("Sexual health contracts\n\nMinutes:\n"
            "The Public Health Principal presented the report recommending extending the existing contracts for "
            "sexual health services by up to six months.\n"
            "Resolved to\n(1)\napprove spend of up to £2,015,798 to extend existing sexual health contracts for a maximum of 6 months.\n")
    ev = extract(text, source="https://committee.nottinghamcity.gov.uk/mgAi.aspx?ID=1").events[0]
    assert (ev.kind, ev.status) == ("extend", "approved")


def test_a_choice_still_open_is_neither_way_taken():
    text = ("Acme Care Contract Extension - Options Appraisal\n\n"
            "The provider would need to be notified of the decision to extend or not to extend the contract by March.\n\n"
            "Cabinet agreed Option 3: to extend the contract with Acme Care Ltd by three years to 31 March 2027.\n")
    assert kinds(text, "https://democracy.bathnes.gov.uk/ieDecisionDetails.aspx?ID=1")[:1] == ["extend"]


def test_a_story_names_its_council_by_area_but_not_by_where_a_firm_comes_from():
    text = ("Wales News\n\nNEW contracts have been awarded to home care companies in Swansea, but most people will see no change.\n\n"
            "Council chiefs said a quarter of those receiving care will have a new provider from October.\n")
    assert extract(text, source=NEWS).events[0].buyers == ["Swansea Council"]
    text = ("A charity from Greater Manchester has won a contract to help run Kingston's learning disability services.\n\n"
            "The council said staff would move to the charity.\n")
    ev = extract(text, source=NEWS).events[0]
    assert "Manchester City Council" not in ev.buyers


def test_an_extension_an_award_includes_and_an_extension_made_by_direct_award():
    text = ("Decision\n\nCabinet awards Acme Homes Ltd a 4-year contract for supported accommodation.\n\n"
            "Cabinet approves the entering into of a 4-year arrangement for both services, including a 1-year extension.\n")
    assert kinds(text, MG)[:1] == ["award"]
    text = ("Decision\n\nA) Extend the children's centre services currently provided by Acme Family Trust via a direct award "
            "for a period of not more than 12 months.\n")
    assert kinds(text, MG) == ["extend"]


def test_what_a_challenge_aimed_at_and_what_a_trend_counts_are_not_decisions():
    text = ("Trust loses challenge over sexual health contract\n\n"
            "A trust has lost its legal challenge aimed at getting a local authority to retender a sexual health "
            "services contract awarded to Acme Health Ltd.\n\n"
            "Anytown Council awarded the £2.5m contract to Acme Health Ltd in May.\n")
    assert kinds(text)[:1] == ["award"]
    text = ("Panorama: care contracts handed back\n\n"
            "The programme found councils had seen contracts returned. At the time it also warned that a growing "
            "number of firms were handing back contracts.\n")
    assert kinds(text) == []


def test_news_of_earlier_this_month_is_still_the_news():
    text = ("Home care provider closes\n\n"
            "Acme Community Care Ltd ceased providing personal care to people in their own homes earlier this month "
            "after deciding not to extend its contract with Anytown Council.\n")
    assert kinds(text)[:1] == ["end"]


def test_an_agenda_item_after_a_resolution_closes_it():
    text = ("5. Carers Support Service\n\nRESOLVED: That the Cabinet\n\n"
            "1. Agree to re-tender the carers support service for three years.\n\n"
            "6. Award of Contract for Day Services\n\n"
            "The report on day services was noted; the award of the day services contract will be considered in March.\n")
    from contractwatch.extract.text import split_sentences

    blocks = {s.text[:12]: s.block for s in split_sentences(text)}
    assert blocks["Agree to re-"] == "decision"
    assert blocks["Award of Con"] is None


def test_a_double_spaced_paragraph_reads_as_one_sentence_but_list_items_stay_apart():
    from contractwatch.extract.text import split_sentences

    text = ("It was RESOLVED that the Contracts Committee:\n\n"
            "a. the council does not seek to extend those elements of the highways\n\n"
            "contracts that relate to street lighting and drainage;\n\n"
            "b. upon expiry of those elements of the contract, these services be\n\n"
            "returned to the council;\n\n"
            "c. the chief executive be authorised to act.\n")
    sents = [s for s in split_sentences(text)]
    texts = [" ".join(s.text.split()) for s in sents]
    assert "a. the council does not seek to extend those elements of the highways contracts that relate to street lighting and drainage;" in texts
    assert "b. upon expiry of those elements of the contract, these services be returned to the council;" in texts
    assert "c. the chief executive be authorised to act." in texts
    assert sents[0].block == "decision" and all(s.block == "decision" for s in sents)


def test_a_health_body_taking_over_a_practice_or_home_brings_it_in_house():
    practice = ("Anytown surgery to stay open\n\nThe GPs announced they would withdraw from their contract in July. "
                "Now the Anytown Health and Social Care Partnership (AHSCP) will take over from August 1.\n")
    assert kinds(practice)[:1] == ["insource"]
    home = "A privately-run care home on Skye is to be taken over by NHS Highland, which will buy the building.\n"
    assert kinds(home)[:1] == ["insource"]


def test_run_by_the_private_sector_is_outsourcing_and_county_councillors_name_the_council():
    text = ("DAY care services for older people in Suffolk will be run by the private sector and charities.\n\n"
            "At a meeting held yesterday, county councillors voted to keep the plans.\n")
    rec = extract(text, source=NEWS)
    assert [e.kind for e in rec.events][:1] == ["outsource"]
    assert rec.events[0].buyers == ["Suffolk County Council"]


def test_an_ending_the_move_in_house_makes_shares_the_decisions_facts():
    text = ("Anytown to bring home care back in house\n\nAnytown Council's cabinet agreed on 8 September 2025 to bring "
            "home care back in house. The contracts with Acme Homecare Ltd, worth about £10m a year, will not be renewed.\n")
    events = extract(text, source=NEWS).events
    assert [e.kind for e in events][:2] == ["insource", "end"]
    end = events[1]
    assert end.providers == ["Acme Homecare Ltd"] and end.value and end.value.amount == 10_000_000
    assert end.decision_date == "2025-09-08"
    for ev in end.evidence:
        assert text[ev.start:ev.end] == ev.text


def test_options_drawn_up_are_not_the_decision():
    text = ("Healthy families contract debated\n\nCouncillors debated the future of the Anytown healthy families contract. "
            "Options have been drawn up, including giving it to a new provider, bringing services in-house or splitting it. "
            "The cabinet member will decide later this year.\n")
    assert "insource" not in kinds(text)[:1]


def test_senior_councillors_name_the_council_of_the_place():
    text = ("Senior councillors have agreed to seek a provider for a drug and alcohol service in York.\n\n"
            "The service helps people with addiction.\n")
    rec = extract(text, source=NEWS)
    assert [e.kind for e in rec.events][:1] == ["tender"] and rec.events[0].buyers == ["City of York Council"]


def test_a_plain_decision_stands_without_a_named_body_but_a_trend_story_does_not():
    news = ("A privately operated treatment centre is to be brought back under full NHS control, the health secretary "
            "has said.\n\nThe centre has been run by a private company since 2006.\n")
    assert kinds(news)[:1] == ["insource"]
    trend = ("Insourcing on the rise in adult social care, says think tank\n\nCouncils are increasingly bringing "
             "outsourced care services back in house, according to a survey of directors.\n")
    assert kinds(trend) == []


def test_one_option_among_several_consulted_on_is_not_a_decision():
    text = ("Anytown to consult on the future of its care homes\n\nAnytown County Council will consult on seven options "
            "for its care homes. They include the possibility of transferring the management of some council-run homes "
            "to the private sector.\n")
    assert "outsource" not in kinds(text)[:1]


def test_delegated_authority_to_extend_is_the_extension_unless_left_to_conditions():
    decided = ("Consultant Procurement\n\nDecisions:\n\n"
               "That the Head of Adult Services be granted delegated authority to extend the contractual arrangements with "
               "Acme Consultancy Ltd for the engagement of an interim principal officer.\n")
    left = ("Day services\n\nDecisions:\n\n"
            "That the Director be granted delegated authority to extend the day services contract with Acme Days Ltd "
            "for up to 12 months if the new service is not ready.\n")
    assert kinds(decided, MG)[:1] == ["extend"]
    assert kinds(left, MG)[:1] != ["extend"]


def test_an_award_after_a_termination_is_the_award():
    leading = ("Decision details\n\nEmergency contract for home care\n\nDecision:\n\n"
               "Following the termination of the contract with Acme Care Ltd, which went into administration, the Director "
               "approved an emergency contract with Beta Homecare Ltd for up to six months.\n")
    expiring = ("Decision details\n\nContract award - home care lot 2\n\nDecision status: Recommendations Approved\n\nPurpose:\n\n"
                "The current contract for home care in lot 2 with Acme Care Ltd will terminate on 31 March 2024.\n\nDecision:\n\n"
                "To award the contract for home care in lot 2 to Beta Care Ltd for three years from 1 April 2024.\n")
    assert kinds(leading, MG)[:1] == ["award"]
    assert kinds(expiring, MG)[:1] == ["award"]


def test_a_storys_plain_decision_without_a_named_party_stands():
    text = ("Care service plan in chaos as city orders last-ditch review\n\n"
            "The chief executive stepped in to put the proposal to re-tender 11 care contracts on hold pending an "
            "independent review.\n")
    ev = extract(text, source=NEWS).events
    assert [(e.kind, e.status) for e in ev][:1] == [("tender", "deferred")]


# (what the page says, where it was published, the kinds its events must start with; [] for no event)
@pytest.mark.parametrize("text,source,expected", [
    pytest.param("A deal to outsource public health services in Anytown to a private company has been terminated early by "
                 "Anytown City Council.\n",
                 NEWS, ["end"],
                 id="what_a_deal_was_for_yields_to_what_was_done_to_it"),
    pytest.param("Future Provision of Extra Care\n\nThe Cabinet Member reported on proposals to re-tender the contracts at four "
                 "extra care schemes.\n\nCabinet agreed:-\n\n(i) To the re-tendering of the care and support services provided "
                 "in the four extra care schemes; and\n\n(ii) To authorise the Corporate Director to award the contract upon "
                 "conclusion of the procurement process.\n",
                 MG, ["tender"],
                 id="the_decision_under_cabinet_agreed_outranks_the_delegated_award"),
    pytest.param("i) Approves the award of a two-year contract extension for drug and alcohol services from 1 April 2026.\n",
                 MG, ["extend"],
                 id="the_award_of_a_contract_extension_is_an_extension"),
    pytest.param("Compliance with Contract Procedure Rules\n\nThe Committee considered a report on the revised procedure for "
                 "decisions to waive Contract Procedure Rules and non-compliances with them. Decision authors attended to "
                 "explain the necessity for any waiver. All forms were signed off by Legal, Procurement and Finance Officers "
                 "and the decision-taking Officer.\n\nRESOLVED that the report be noted.\n",
                 "https://moderngov.anytown.gov.uk/ieListDocuments.aspx?CId=1", [],
                 id="a_report_on_how_waivers_are_governed_is_not_a_decision"),
    pytest.param("COMMERCIAL: Anyshire Clinical Commissioning Group has cancelled its contract for communications services "
                 "with Acme Support Ltd and brought the function in-house.\n\n"
                 "The decision to stop buying the services from Acme Support Ltd followed a review by the CCG.\n",
                 NEWS, ["insource", "end"],
                 id="a_contract_cancelled_to_bring_the_work_in_house_is_insourcing_first"),
    pytest.param("Agenda item\n\nCommunity Health Contract\n\nMinutes:\n\n"
                 "The Leader presented a report on the Integrated Care Board's intended retender of community health services "
                 "from April 2025.\n\n"
                 "The proposal included that a final decision to award a contract would require a further Cabinet decision.\n",
                 "https://democracy.anytown.gov.uk/mgAi.aspx?ID=1", ["tender"],
                 id="a_decision_to_come_is_not_the_decision_taken"),
    pytest.param("Governing body decision log\n\nItem discussed: Request to vary the CCG's Constitution\n\n"
                 "- APPROVED the variation to Annex 1 of the Constitution, as set out in Appendix 1 of the paper.\n"
                 "- DELEGATED to the Chief Finance Officer the right to extend this variation to other directors.\n",
                 "https://www.anyshireccg.nhs.uk/decision-log", [],
                 id="a_variation_to_a_bodys_constitution_is_not_a_contract"),
    pytest.param("Direct award and tender of Extra Care services\n\n"
                 "Decision Maker: Cabinet Member for Adult Social Care\n\n"
                 "The Cabinet Member:\n\n"
                 "1. Directly awarded three services to Acme Housing (as incumbent provider) on the basis of the savings offered.\n\n"
                 "2. Noted the procurement of the remaining two schemes.\n",
                 MG, ["extend"],
                 id="decisions_under_the_cabinet_members_heading_outrank_the_title"),
    pytest.param("Development of Insourcing Policies\n\nMinutes:\n\n"
                 "The Leader highlighted that the Council's commitment to insourcing was grounded in its values.\n\n"
                 "The Leader noted that introducing a preference for insourcing would change how services are reviewed.\n",
                 MG, [],
                 id="a_stance_on_insourcing_in_general_is_not_a_decision"),
    pytest.param("Procurement strategy for extra care housing\n\nRESOLVED:\n\n"
                 "That the procurement strategy as outlined in the report, to enter into a new contract to provide Extra Care "
                 "Services at three schemes, be agreed.\n",
                 MG, ["tender"],
                 id="a_procurement_strategy_to_enter_into_a_contract_is_a_tender"),
    pytest.param("Neurology services update\n\n"
                 "Acme Neuro Ltd has been awarded the contract to deliver the service following the decision by North Anyshire "
                 "Integrated Care NHS Foundation Trust (NAIC) to give notice on its contract, which will end on 31 March.\n",
                 NEWS, ["award"],
                 id="an_award_following_a_providers_notice_is_the_award"),
    pytest.param("NHS trust to keep children's health services\n\n"
                 "CAMPAIGNERS fighting to stop community health services for children being run by a private company have "
                 "welcomed the news.\n\n"
                 "Anytown City Council confirmed that Acme Community NHS Trust was the preferred bidder for the contract.\n",
                 NEWS, ["award"],
                 id="campaigners_fighting_to_stop_a_service_are_not_ending_it"),
    pytest.param("Outsourcing firm reports profits\n\n"
                 "Acme Services, the outsourcing group that runs care and support contracts for councils across England, "
                 "reported a 10% rise in profits.\n",
                 NEWS, [],
                 id="an_outsourcing_firms_results_are_not_an_outsourcing"),
    pytest.param("New provider for sexual health clinics\n\n"
                 "A new provider will run sexual health clinics in Barnsley from April after Acme Health won a five-year "
                 "contract worth £20m.\n",
                 NEWS, ["award"],
                 id="a_firm_named_after_after_as_the_winner"),
    pytest.param("Contract procedure rules - waivers report\n\nDecision:\n\n"
                 "The Audit Committee noted the report on waivers of contract procedure rules approved in the last quarter.\n",
                 MG, [],
                 id="a_report_on_waivers_approved_is_governance_not_an_extension"),
    pytest.param("Carers support service\n\nDecision:\n\n"
                 "The Cabinet Member approved the approach to re-commission the carers support service from April 2025, "
                 "including the option of extending the contract by up to 24 months.\n",
                 MG, ["tender"],
                 id="a_contracts_extension_option_is_not_one_option_among_several"),
    pytest.param("Waiver to appoint provider for emergency placements\n\nDecision:\n\n"
                 "To approve a waiver of Contract Procedure Rules to award a contract for emergency residential placements to "
                 "Acme Care Ltd, a new provider, for 12 months.\n",
                 MG, ["award"],
                 id="a_waiver_to_award_to_a_new_provider_is_an_award"),
    pytest.param("Community Equipment Services Re-procurement\n\nRESOLVED\n\n"
                 "That approval be given to procurement to deliver a contract to be awarded to a single provider of a "
                 "county-wide community equipment service for an initial period of up to five years.\n",
                 MG, ["tender"],
                 id="a_contract_to_be_awarded_by_a_procurement_is_its_tender"),
    pytest.param("Future management of Leisure Centres\n\nResolved (unanimously):-\n\n"
                 "1. That Cabinet recommends to Full Council that the future management of the Council's Leisure Centres be taken "
                 "back to an in-house management arrangement. This will mean the Council decides not to extend its current leisure "
                 "management contract with Acme Leisure Ltd at the end of March 2021.\n",
                 MG, ["insource", "end"],
                 id="a_leisure_service_taken_back_to_an_in_house_arrangement_is_insourced"),
    pytest.param("Future of council care homes\n\nDecision:\n\n"
                 "(i) the 5-year summary of actual direct and net direct costs of operating these care homes under Council control, "
                 "be noted;\n\n"
                 "5) That authority be delegated to the Service Director to enter into all necessary documentation to effect the "
                 "transfer of the care homes as going concerns.\n",
                 MG, ["outsource"],
                 id="homes_operated_under_council_control_now_are_not_moved_in_house"),
    pytest.param("Decision details\n\nPermission to tender for day opportunities\n\nDecision:\n\n"
                 "That a grant of £0.277m be awarded to Citizens Advice Anytown for one year.\n\n"
                 "That the commencement of a procurement exercise to commission a day opportunities framework be approved.\n",
                 MG, ["tender"],
                 id="a_grant_awarded_is_not_a_contract_award"),
    pytest.param("Non-Clinical Sexual Health Contracts\n"
                 "Purpose\n"
                 "Looking for approval to recommission three\n"
                 "Non-Clinical Sexual Health contracts when they come to an end on\n"
                 "30/06/2026.\n"
                 "Content\nThe recommendations were agreed as outlined in\nthe attached report.\n",
                 MG, ["tender"],
                 id="a_line_wrapped_before_its_object_reads_on"),
    pytest.param("Decision details\n\nCommissioning of Integrated Sexual and Reproductive Health Services\n\n"
                 "Decision Maker: Cabinet\n\nDecision status: Recommendations Approved\n\n"
                 "Reasons for the decision:\n\n"
                 "Delegating authority to award the contract to the Director of Public Health facilitates a timely procurement.\n",
                 MG, ["tender"],
                 id="authority_delegated_to_an_officer_to_award_later_is_not_the_award"),
    pytest.param("Decision details\n\nExclusion of the press and public\n\n"
                 "The Mayor moved and Councillor Boote seconded that the press and public should be excluded from the meeting "
                 "during consideration of the Grounds Maintenance Contract Re-Tender item.\n",
                 MG, [],
                 id="excluding_the_press_before_a_retender_item_is_not_a_tender"),
    pytest.param("Ivel Medical Centre - procurement\n\n"
                 "GP partners who hold a contract in perpetuity can choose to terminate (resign) their contract.\n\n"
                 "When a partnership resigns their contract, it is the ICB's responsibility to ensure patients can still see a GP.\n\n"
                 "NHS Bedfordshire, Luton and Milton Keynes ICB reviewed the practice and decided to procure a local practice to run it.\n",
                 NEWS, ["tender"],
                 id="how_gp_contracts_end_in_general_is_not_an_ending"),
    pytest.param("Carers services\n\nRecommendations\n\n"
                 "2.1 Approve the business case and procurement strategy set out in the report.\n\n"
                 "2.2 Authorise the Corporate Director for Adult Social Care to approve the award of contracts at the end of "
                 "the procurement.\n",
                 MG, ["tender"],
                 id="authorising_a_director_to_approve_the_award_later_leaves_the_tender_first"),
    pytest.param("Home care changes to be discussed\n\n"
                 "Contracts for the 30 current home care providers expire in March 2013. A tendering process will shortly start "
                 "to secure providers for the next four years.\n\n"
                 "It is planned that contracts will be awarded on a district basis.\n\n"
                 "Barnsley Council's adult social care committee will consider the proposals on Monday.\n",
                 NEWS, ["tender"],
                 id="contracts_that_will_be_awarded_after_a_tender_are_its_outcome"),
    pytest.param("Carers services\n\nRecommendations\n\n"
                 "2.1 Approve the business case and procurement strategy set out in the report.\n\n"
                 "2.2 Authorise the Corporate Director for Adult Social Care to approve recommendations for the award of "
                 "contracts across all three lots.\n",
                 MG, ["tender"],
                 id="authorising_a_director_to_approve_recommendations_for_award_is_delegation"),
    pytest.param("Review of Highways Contracts\n\nIt was RESOLVED that the Contracts Committee:\n\n"
                 "1. Noted the performance report;\n\n"
                 "2. Agreed that the council does not seek to extend the highways maintenance\n\n"
                 "contract with Ringway when it expires in March.\n",
                 MG, ["end"],
                 id="not_seeking_to_extend_a_contract_ends_it"),
    pytest.param("Petition: Oakfield Family Centre\n\n"
                 "The Cabinet Member responded to the petition on the proposed decision to not recommission the family support "
                 "service at Oakfield.\n",
                 MG, ["end"],
                 id="a_decision_to_not_recommission_ends_the_contract"),
    pytest.param("Officer decision\n\nDecision: To discontinue the procurement procedure for provision of a case management system.\n\n"
                 "Reason: none of the bids met the specification.\n",
                 MG, ["tender"],
                 id="discontinuing_a_procurement_is_about_the_tender"),
    pytest.param("Future options for leisure services\n\nRecommendations:\n\n"
                 "b) That the Committee ask Cabinet to seek to continue a contract with Aura Leisure for a further year.\n",
                 MG, ["extend"],
                 id="seeking_to_continue_a_contract_with_its_provider_extends_it"),
    pytest.param("Council leaders refuse to rule out outsourcing\n\n"
                 "Aberdeen City Council leaders have refused to rule out outsourcing services following a heated debate yesterday.\n\n"
                 "Members of the finance committee clashed when the opposition group proposed a ban on any council services "
                 "being outsourced in the future.\n",
                 NEWS, [],
                 id="refusing_to_rule_out_outsourcing_or_proposing_a_ban_on_it_decides_nothing"),
    pytest.param("What the evidence says\n\nAcross the country, many public services have been outsourced to private sector "
                 "providers, and Anytown Council has looked at the results.\n",
                 NEWS, [],
                 id="a_trend_of_many_services_outsourced_is_no_decision"),
    pytest.param("The majority of the council's privatisation proposals have been axed.\n\n"
                 "Reading Borough Council consulted residents this summer on outsourcing six service areas.\n",
                 NEWS, ["outsource"],
                 id="privatisation_proposals_are_about_outsourcing"),
    pytest.param("Neath Port Talbot Council cabinet members will be asked to approve a consultation on changes to the "
                 "Council's residential care contract with Gwalia when they meet this week.\n\n"
                 "On 1st April 2012, the Council entered into the 25 year contract with Gwalia for the provision of its "
                 "care homes for older people.\n",
                 NEWS, ["extend"],
                 id="changes_to_a_contract_with_its_provider_vary_it_and_a_dated_sentence_is_no_dateline"),
    pytest.param("Councillors back plans to continue outsourcing leisure services\n\n"
                 "Monmouthshire County Council agreed on Thursday to begin a full procurement exercise for a new "
                 "leisure operator.\n",
                 NEWS, ["tender"],
                 id="continuing_to_outsource_is_no_move_the_procurement_is_the_news"),
    pytest.param("Leisure Contract\n\nThanks were extended to the Leisure Contract Working Group and Officers for the report.\n\n"
                 "(i) That the Council extends its provision of financial support to Places Leisure up to 31 March 2022.\n",
                 "https://democracy.maldon.gov.uk/ieDecisionDetails.aspx?ID=1", [],
                 id="thanks_extended_and_financial_support_extended_are_no_contract_extension"),
    pytest.param("WORK PROGRAMME\n\nMeeting: 10/10/2013 - Adult Social Care Scrutiny Commission\n\nMinutes:\n\n"
                 "The Chair identified the following key questions:\n\n"
                 "·  Need to explore how the procurement exercise proceeded\n\n·  How many orgs applied?\n\n"
                 "RESOLVED:\n\nThat the work programme be noted.\n",
                 "https://cabinet.leicester.gov.uk/mgAi.aspx?ID=1", [],
                 id="a_scrutiny_question_about_a_past_procurement_is_no_tender"),
    pytest.param("Outsourcing rises\n\nLocal government outsourcing doubled under the last parliament, Anytown Council's "
                 "finance director told the committee.\n",
                 NEWS, [],
                 id="a_statistic_on_outsourcing_is_no_decision"),
    pytest.param("Audit Committee\n\nA report of the Director of Finance gave the Committee assurance in relation to those "
                 "contracts that had been awarded subject to an exemption from the Contract Procedure Rules.\n\n"
                 "A full review of live contracts that had been awarded subject to an exemption has been undertaken.\n",
                 "https://moderngov.middlesbrough.gov.uk/mgAi.aspx?ID=1", [],
                 id="a_review_of_contracts_awarded_under_exemptions_is_no_award"),
    pytest.param("Future of leisure services\n\nThe strengths of insourcing are said to be closer strategic control and full VAT "
                 "recovery.\n\nMerthyr Tydfil Council agreed on Thursday to begin a full procurement exercise for a new "
                 "leisure operator.\n",
                 NEWS, ["tender"],
                 id="the_strengths_of_an_option_are_an_appraisal_not_a_decision"),
    pytest.param("1 To note that the recommendations in this report will align the end dates for learning disabilities "
                 "accommodation services across the three boroughs.\n"
                 "2 That the Cabinet Member agrees to waive the Contract Standing Orders to allow the contract for learning "
                 "disabilities services detailed in Table 2.3.1 to be extended to 30th June 2017 by means of direct award to "
                 "the existing provider.\n"
                 "3 That the Cabinet agree to the direct award of a contract as detailed in Table 2.3.1\nTable 2.3.1\n"
                 "Provider |\nYarrow Housing |\n",
                 "https://democracy.lbhf.gov.uk/ieDecisionDetails.aspx?ID=1", ["extend"],
                 id="a_direct_award_that_carries_out_an_extension_for_the_incumbent_extends"),
    pytest.param("Council homes repairs will be carried out by an in-house service from next April, the authority has "
                 "announced.\n\nRepair and maintenance of Barking and Dagenham's housing stock was outsourced to Thames "
                 "Accord in April 2003. Rather than put the contract out to tender again, the council's cabinet decided to "
                 "bring most of the work back as an in-house service.\n",
                 NEWS, ["insource"],
                 id="work_carried_out_by_an_in_house_service_rather_than_retendered_is_insourced"),
    pytest.param("Approval to Waive Contract Standing Orders to Permit Procurement of Perinatal Mental Health Team Through a "
                 "Direct Award (Individual Cabinet Member Decision)\n\n"
                 "To facilitate the development of a Perinatal Mental Health team, the Cabinet Member approved an exemption "
                 "from the usual requirement to tender, and the contract award to Central and North West London NHS "
                 "Foundation Trust for two years.\n",
                 "https://democracy.brent.gov.uk/ieDecisionDetails.aspx?ID=1", ["award"],
                 id="a_waiver_for_a_new_contract_where_none_runs_now_is_an_award"),
    pytest.param("Request to waive Contract Procedure Rules 9.1 and 9.2 to enter into a new contract with the existing 3rd "
                 "sector mental health providers for one additional year.\n\n"
                 "The Director of Adult Social Services recommended the waiver of Contract Procedure Rules.\n",
                 "https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1", ["extend"],
                 id="a_waiver_for_a_new_contract_with_the_existing_providers_extends"),
    pytest.param('The authority is advertising a tender for its community equipment service, which provides '
                 'equipment on loan to people living at home. The contract is set to last for four years from '
                 'September, the council said.\n',
                 'https://www.example-news.co.uk/news/shropshire-equipment', ["tender"],
                 id='advertising_a_tender_for_a_service_is_a_tender'),
    pytest.param('Changes to your home care services\n\nThe home care contracts were awarded on the 3 May 2016 for '
                 'a one year period and have now been extended as the tender allowed.\n\nFrom May 2017 we chose not '
                 'to extend contracts with some home care agencies because of concerns over quality.\n',
                 'https://www.kent.gov.uk/social-care-and-health/home-care-changes', ["end"],
                 id='a_trigger_dated_to_an_earlier_year_is_past_whatever_the_sentence_does_now'),
    pytest.param('Issue - meetings\n\nCONTRACT PROCEDURE RULES AND PROCUREMENT STRATEGY\n\nMeeting: 09/03/2022 - '
                 'Council (Item 12)\n\nDecision:\n\nReport AGREED.\n\nRESOLVED: That the draft Contract Procedure Rules '
                 'set out in Appendix 3 be adopted with immediate effect.\n',
                 'https://democracy.havering.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='the_rules_every_contract_follows_are_not_a_contract'),
    pytest.param('Integration Joint Board - 14 June 2022\n\nThe IJB approved the extension of its Strategic and '
                 'Commissioning Plan for 2022/23. The IJB also agreed to extend the Equality Outcomes and '
                 'Mainstreaming Framework for a further one-year period.\n',
                 'https://www.dundeehscp.com/ijb/meetings/2022-06', [],
                 id='a_policy_framework_or_plan_extended_is_no_contract'),
    pytest.param("SUFFOLK'S decision to transfer its county council-owned residential homes is to be reconsidered "
                 'by its scrutiny committee in a move that could delay the final deal with Care UK.\n',
                 NEWS, ["outsource"],
                 id='transferring_a_council_s_own_homes_outsources_them'),
    pytest.param('Bringing it all back home\n\nOur round table on outsourcing discussed burning issues for the '
                 'future of public services. But it barely touched on insourcing, an option that more and more '
                 'councils are considering in these difficult times.\n',
                 NEWS, [],
                 id='what_more_and_more_councils_consider_is_a_trend'),
    pytest.param('Leisure services - future delivery\n\nThere was a recommendation to transfer the leisure facility '
                 'to a wholly owned Council company, against the previously agreed contract extension.\n',
                 'https://moderngov.southkesteven.gov.uk/ieDecisionDetails.aspx?ID=1', ["insource"],
                 id='a_facility_transferred_to_a_wholly_owned_council_company_comes_in_house'),
    pytest.param('Issue - meetings\n\nContract register and the forward procurement plan\n\nMinutes:\n\nThe committee '
                 'noted the report on the Contracts Register and the Forward Procurement Plan, which would now '
                 'list every contract over £15,000, and agreed that all contracts listed could proceed to award '
                 'following tender.\n',
                 'https://democracy.medway.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='a_register_or_forward_plan_of_all_contracts_is_no_decision_on_one'),
    pytest.param('Agenda item\n\nWaste and Recycling Services Contract Update\n\nIt was then:\n\n1. That Council be '
                 'RECOMMENDED to agree to terminate the contract by mutual agreement, resulting in the transfer '
                 'of all services currently provided under the contract back to the Council with effect from 3 '
                 'October 2022.\n',
                 'http://mg.swdevon.gov.uk/mgAi.aspx?ID=1', ["insource"],
                 id='a_minute_s_strong_decision_stands_where_its_shared_site_names_no_one_council'),
    pytest.param('CONTROVERSIAL plans to sell off a council-run residential home look set to be '
                 'scrapped.\n\nOfficers with the council are recommending a reprieve for the home.\n',
                 NEWS, ["outsource"],
                 id='selling_off_a_single_council_run_home_outsources_it'),
    pytest.param('Contractor pulls out of Meals on Wheels service\n\nThe contractor responsible for the service in '
                 'the Belfast Trust area will pull out at the end of September. The withdrawal of the contractor '
                 'also highlights the need to bring these services in-house, a union said.\n',
                 NEWS, ["end"],
                 id='the_need_to_bring_a_service_in_house_is_a_view_not_the_news'),
    pytest.param('Home care contracts awarded\n\nThe new contract for Hawick and Kelso has been awarded to Choices '
                 "Community Care Services, the council confirmed. The tendering process arose from the council's "
                 'decision to increase the amount of hours it purchases from the private sector from around a '
                 'third to a half.\n',
                 NEWS, ["award"],
                 id='what_a_tender_arose_from_is_its_background'),
    pytest.param('Decision details\n\nProvision of an interim contract with Frontline for waste agency staff whilst '
                 'the tender is completed\n\nDecision:\n\nTo certify that an interim contract with Frontline '
                 'Recruitment commencing on 27th April 2019 for the provision of waste agency staff is so urgent '
                 'as not to permit the invitation of tenders.\n',
                 'https://democracy.lbbd.gov.uk/ieDecisionDetails.aspx?ID=1', ["award"],
                 id='an_interim_contract_where_none_runs_now_is_let_not_extended'),
    pytest.param('Decision details\n\nFresh meals contract\n\nDecision:\n\nCabinet approved the one year extension from '
                 '26th September 2009 because Acme Community Meals had provided a quality meals service on behalf '
                 'of the Council since 26th September 2005. Cabinet also approved that the re-tendering of the '
                 'service should commence from 26th September 2010.\n\nPublication date: 17/07/2009\nDate of '
                 'decision: 16/07/2009\n',
                 'https://modgov.hillingdon.gov.uk/ieDecisionDetails.aspx?ID=1', ["extend"],
                 id='a_firm_s_history_after_because_does_not_date_the_decision'),
    pytest.param('Reactive and Planned Term Maintenance Contract - Extension of contract\n\nDecided at meeting: '
                 "17/03/2021 - Cabinet - Decommissioned 18.05.2022\n\nThis report seeks Cabinet's approval to "
                 'extend the current contract for Planned and Reactive Term Maintenance for a further two years.\n',
                 'https://services.swale.gov.uk/meetings/ieDecisionDetails.aspx?ID=1', ["extend"],
                 id='modern_gov_s_decommissioned_record_label_ends_no_contract'),
    pytest.param('Contract update\n\nThe council agreed not to terminate the contract with Acme Care Ltd but to '
                 'extend it for a further year.\n',
                 NEWS, ["extend", "end"],
                 id='not_terminating_but_extending_extends'),
    pytest.param('Contract update\n\nFollowing the expiry of the contract with Acme Care Ltd, the council extended '
                 'it by 12 months.\n',
                 NEWS, ["extend"],
                 id='a_contract_extended_as_it_extends'),
    pytest.param("Leisure deal extended\n\nAcme Leisure will continue to run the town's leisure centres for another "
                 'two years after Anytown Council extended its deal.\n',
                 NEWS, ["extend"],
                 id='a_deal_extended_is_a_contract_extended'),
    pytest.param('Day centres to be run by charity\n\nCouncil-run day centres in Anytown will be handed to a '
                 "charity to run under plans approved by the council's cabinet last night.\n",
                 NEWS, ["outsource"],
                 id='centres_to_be_handed_to_a_charity_are_outsourced'),
    pytest.param('Home care deal\n\nThe council has struck a deal with Acme Care to keep running home care in the '
                 'borough for another 18 months while it re-tenders.\n',
                 NEWS, ["extend"],
                 id='a_deal_to_keep_running_a_service_for_another_period_extends'),
    pytest.param("Sexual health contract\n\nThe contract to run the county's sexual health services has been won by "
                 'Acme Health, Anytown County Council said.\n',
                 NEWS, ["award"],
                 id='a_contract_won_by_a_firm_is_awarded'),
    pytest.param('Agenda item\n\nThis item was considered in public.\n\nThe Committee noted the Annual Procurement '
                 'Report 2023/24, which set out the contracts awarded during the year.\n',
                 'https://democracy.bury.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='the_annual_procurement_report_noted_is_no_tender'),
    pytest.param('Agenda item\n\nThis item was considered in public.\n\nRESOLVED: That the commissioning intentions '
                 'for 2025/26 be noted.\n',
                 'https://democracy.bury.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='commissioning_intentions_noted_are_no_tender'),
    pytest.param('Agenda item\n\nThis item was considered in public.\n\nMembers asked when the new day services '
                 'contract would go out to tender; officers said a report would come to a future meeting.\n',
                 'https://democracy.bury.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='a_question_when_a_contract_goes_to_tender_is_no_decision'),
    pytest.param('Agenda item\n\nThis item was considered in public.\n\nRESOLVED: That the Procurement Strategy '
                 '2024-2028 be approved.\n',
                 'https://democracy.bury.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='a_corporate_procurement_strategy_approved_is_no_tender'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nUnison has called on Anytown Council to bring home '
                 'care back in-house.\n',
                 NEWS, [],
                 id='what_a_union_calls_on_a_council_to_do_is_no_decision'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nOpposition councillors want Anytown Council to stop '
                 'outsourcing services.\n',
                 NEWS, [],
                 id='what_opposition_councillors_want_is_no_decision'),
    pytest.param("Update\n\nThis page is updated regularly.\n\nA petition calling for Anytown's leisure centres to be "
                 'brought back in-house has reached 5,000 signatures.\n',
                 NEWS, [],
                 id='a_petition_calling_for_a_move_is_no_decision'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nThe minutes of the previous meeting, including the '
                 'decision to award the home care contract, were agreed as a correct record.\n',
                 'https://democracy.bury.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='minutes_agreed_as_a_correct_record_decide_nothing_new'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nMembers noted the contracts awarded under delegated '
                 'authority in the last quarter.\n',
                 'https://democracy.bury.gov.uk/ieIssueDetails.aspx?IId=1', [],
                 id='contracts_awarded_under_delegation_noted_are_no_decision'),
    pytest.param('Care homes\n\nThis page is updated regularly.\n\nAnytown Council has rejected calls to take its '
                 'four care homes back in house, and will instead re-tender the contract to run them.\n',
                 NEWS, ["insource"],
                 id='calls_a_council_rejects_are_its_decision'),
    pytest.param('Decision details\n\nDirect Award - Mental Health Supported Accommodation\n\nDecision Maker: '
                 'Executive Director\n\nDecision:\n\nApproval to make a direct award to Acme Housing Association for '
                 '18 months under Regulation 32.\n',
                 'https://democracy.bury.gov.uk/ieDecisionDetails.aspx?ID=1', ["award"],
                 id='a_decision_takes_its_context_from_the_page_s_title'),
    pytest.param("Update\n\nThis page is updated regularly.\n\nAcme Care has secured a place on Anytown Council's "
                 '£40m supported living framework.\n',
                 NEWS, ["award"],
                 id='a_place_secured_on_a_framework_is_an_award'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nAnytown Council has renewed its contract with Acme '
                 'Leisure for another five years.\n',
                 NEWS, ["extend"],
                 id='a_contract_renewed_with_its_provider_is_extended'),
    pytest.param("Update\n\nThis page is updated regularly.\n\nAnytown Council's contract with Acme Care has come to "
                 'an end and will not be replaced.\n',
                 NEWS, ["end"],
                 id='a_contract_that_has_come_to_an_end_and_is_not_replaced_ends'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nFrom April, Anytown Council staff will deliver the '
                 'meals service that Acme Catering used to provide.\n',
                 NEWS, ["insource"],
                 id='council_staff_who_will_deliver_a_firm_s_service_insource_it'),
    pytest.param("Update\n\nThis page is updated regularly.\n\nAnytown Council's meals on wheels service is to be run "
                 'by Acme Catering from April, ending council provision.\n',
                 NEWS, ["outsource"],
                 id='ending_council_provision_outsources'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nAnytown Council will take on the running of the '
                 'leisure centres itself when the contract with Acme Leisure expires.\n',
                 NEWS, ["insource"],
                 id='a_council_that_will_take_on_running_a_service_itself_insources'),
    pytest.param("Update\n\nThis page is updated regularly.\n\nThe council's wholly owned company, Anytown Care Ltd, "
                 'will take over home care from Acme Care.\n',
                 NEWS, ["insource"],
                 id='a_wholly_owned_company_taking_over_from_a_firm_insources'),
    pytest.param('Update\n\nThis page is updated regularly.\n\nAnytown Council will no longer provide home care '
                 'directly, with all packages moving to independent agencies.\n',
                 NEWS, ["outsource"],
                 id='a_council_that_will_no_longer_provide_a_service_directly_outsources'),
    pytest.param('Anytown partnership lands ten-year community services deal\n\n• Deal follows CCG ditching previous contract with a local social enterprise\n\nAn alliance of local NHS trusts and a private firm has won a £200m contract for community services from Anytown CCG.',
                 NEWS, ["award"],
                 id='what_a_deal_follows_is_its_background'),
    pytest.param('Decision details\n\nSupported living gateway report\n\nDate of decision: 22/09/2020\n\nDecision:\n\nThat the immediate commencement of tendering for the supported living services in the Acme Housing contract be approved.\n\nReasons for the decision:\n\nExecutive approval was obtained in November 2019 to extend the contract for up to 2 years from 1st October 2020.',
                 MG, ["tender"],
                 id='approval_obtained_in_an_earlier_year_to_extend_is_the_past'),
    pytest.param('Issue details\n\nRecommissioning of learning disability support services\n\nDecision status: Recommendations Approved\n\nThe Council is the lead commissioner of these services.\n\nThe agreed price for the contract extension period, which runs from 1st August 2020 to 31st July 2021, is £2,500,000.',
                 MG, ["tender"],
                 id='the_price_of_an_extension_period_is_not_an_extension'),
    pytest.param('Decision details\n\nDirect award for interim contracts for supported living services\n\nDecision Maker: Cabinet Member for Adult Social Care\n\nDecision status: Recommendations Approved\n\nIs Key decision?: No\n\nSummary of Decision\n\nThe Cabinet Member for Adult Social Care has:\n\n1. Approved the direct award of contracts to Acme Support and Beta Living for the 2 services from 1 April 2023 to 31 March 2025.\n\n2. Noted the expenditure since 1 April 2023. The existing contracts expired on 31 March 2023 therefore the current suppliers are working at risk.\n\n3. Approve a waiver of the Procurement Code from the requirement to undertake a competitive tendering exercise in order to directly award the contracts.',
                 MG, ["extend"],
                 id='a_direct_award_that_keeps_the_current_suppliers_extends'),
    pytest.param('Councils to consider outsourcing assessments to manage impact of care reforms\n\nCouncils could consider outsourcing Care Act needs assessments to external organisations to manage workforce demands, the government has said in draft guidance.',
                 NEWS, [],
                 id='advice_that_councils_could_consider_outsourcing_is_no_decision'),
    pytest.param('Dismay over removal of care at Anytown housing scheme\n\nThe council has historically commissioned Acme Housing Group to deliver the extra care element of this service.\n\nIn January, residents were told that the council is cancelling the extra care contract with Acme Housing Group from April.',
                 NEWS, ["end"],
                 id='a_provider_historically_commissioned_is_background_to_its_cancelled_contract'),
    pytest.param('Anytown care homes: plan back to square one after council fails to find private partner\n\nAnytown Council has failed to find a suitable provider to build and run new care homes.\n\nThe two submissions were rejected by an evaluation panel last week.\n\nThe council voted in February to close its care homes and move residents to private sector homes once they were built.',
                 NEWS, ["award"],
                 id='a_failed_search_for_a_provider_is_an_award_rejected'),
    pytest.param('Decision\nCommissioning children’s homes for children looked after\nDecision Maker: Cabinet Procurement and Insourcing Committee\nDate of Decision: July 7, 2025\n\nContent: RESOLVED: 1. To agree to a competitive tender to commission a block contract for residential care for children looked after in Anytown.',
                 MG, ["tender"],
                 id='a_trigger_word_in_the_deciding_body_s_name_is_no_decision'),
    pytest.param('Private ambulance operator withdraws bid\n\nEarlier this year health bosses said they would not be renewing Acme Transport’s £26 million contract for non-urgent patient transport when it expires next summer.\n\nAnytown CCG had the power to extend Acme Transport’s contract for a further two years, but decided to offer the contract out to tender.\n\n“We have taken the decision not to rebid the contract,” an Acme Transport spokesperson said.',
                 NEWS, ["end"],
                 id='a_power_to_extend_not_used_is_no_extension'),
    pytest.param('Issue - meetings\n\nMeeting: 10/10/2013 - Adult Social Care Scrutiny Commission (Item 46)\n\nConsultations were currently on-going regarding:\n\n·         Stopping the council’s current Mobile Meals service and helping people to prepare meals in other ways.\n\nConsultation due to close on 7 October.\n\nThat the update on consultations be noted.',
                 MG, [],
                 id='what_is_out_to_consultation_is_not_yet_decided'),
    pytest.param('Decision details\n\nApproval to Waive Contract Standing Orders to Permit Procurement of 19 Rehabilitation Beds Through a Direct Award\n\nDecision Maker: Cabinet Member for Community Health\n\nDecision status: Recommendations Approved\n\nTo seek member approval to waive Contract Standing Orders to enable a direct award of a contract for 19 rehabilitation beds at Acme Grange Care Home, for a period of five months.',
                 MG, ["award"],
                 id='a_waiver_permitting_a_direct_award_with_no_contract_running_awards'),
    pytest.param("Care home to be run in-house as private deal is ended early\n\nA COUNCIL contract with a private care company is set to be ripped up with the service being brought in-house, it was revealed this week.\n\nBarnet's health chief Councillor Jo Bloggs told a committee that the firm's seven-year deal would end early.\n\nThe deal was based 60 per cent on price and 40 per cent on quality, according to the tender.\n",
                 NEWS, ["insource"],
                 id='a_story_of_one_unnamed_council_weighing_bids_by_price_is_no_trend_piece'),
    pytest.param("Union attacks care homes decision\n\nThe union has criticised Anytown Council for appointing a new provider to take over the care homes contract.\n\nThe union says the logical decision would have been to take all care services in-house to be managed directly by the council.\n",
                 NEWS, ["award"],
                 id='what_would_have_been_the_better_decision_was_not_taken'),
    pytest.param("Third of CCGs do not plan to retender community services\n\nMore than a third of clinical commissioning groups have no plans to retender their community services, an investigation has found.\n\nSeven CCGs had already retendered contracts worth around £156m in total, and 39 had plans to retender £998m worth of contracts by 2017.\n",
                 NEWS, [],
                 id='a_count_of_ccgs_is_a_roundup_not_a_buyer'),
    pytest.param("Decision details\n\nFramework for Home Care and Outreach Services\n\nDecision status: Recommendations Approved\n\nDecisions:\n\nRESOLVED:\n\nThat the Cabinet:\n\n1.          Accept the tender from the domiciliary care providers shown in Appendix 1 for admission to the Council's framework of Home Care and Outreach Services for Adults for a four-year period.\n\n2.          Furthermore, agree to extend the existing DPS [Dynamic Purchasing System] for a 3-month period from 27th October 2022 to 26th January 2023 to continue to host providers until the mobilisation of the new framework and the safe transfer of care packages.\n\nReasons for decision\n\nCabinet agreed a new Framework for Home Care and Outreach Support Services.\n\nCabinet also agreed to extend the dynamic purchasing system for a temporary period to enable the transition to the new framework.\n",
                 MG, ["award", "extend"],
                 id='accepting_tenders_is_the_award_and_what_was_also_agreed_comes_after'),
    pytest.param("Decision details\n\nHome Based Reablement Service\n\nDecision Maker: Executive\n\nDecision:\n\nThat the Executive:\n\n1.    Approves a procurement be undertaken to deliver a contract to be awarded to a single provider of a county-wide home based reablement service for a period of three years with an option to extend for up to two years.\n\n2.    Delegates to the Executive Director of Adult Care, in consultation with the Executive Councillor for Adult Care, the authority:\n\n       i.    To approve the entering into a pilot with the contractor; and\n\n       ii.    To determine the final form of the contract and to approve the award the contract(s) and the entering into of contract(s) necessary to give effect to the above decision.\n",
                 MG, ["tender"],
                 id='an_award_delegated_by_the_item_a_list_hangs_from_comes_later'),
    pytest.param("Care contracts: Written question\n\nTo ask the Secretary of State for Health and Social Care, on how many occasions care home providers have handed back contracts to provide social care to local authorities in each of the last five years.\n\nAnswered by the Minister for Care:\n\nThe Department does not collect this information centrally. Where a care provider ‘hands back’ a contract to a local authority, the authority remains responsible for meeting the needs of people who previously had services provided under the contract and for arranging replacement services.\n",
                 NEWS, [],
                 id='how_a_hand_back_works_in_general_is_no_award'),
    pytest.param("New drug and alcohol service for Anytown\n\nRECOVERING addicts will be supported under a new £5 million treatment contract.\n\nAnytown Council confirmed that the contract has been signed off at cabinet level to be effective from December.\n\nThe contract sees national charity Acme Recovery replacing the substance misuse service delivered by the Anytown Trust.\n\nThe council had little alternative to change as current contracts have already been extended, with the risk of procurement challenge should further extension be considered.\n",
                 NEWS, ["award"],
                 id='a_contract_signed_off_replacing_a_service_is_an_award_and_extensions_already_made_are_past'),
    pytest.param("Care firm loses council contract\n\nA Preston care firm placed in special measures by inspectors has lost its contract with the county council.\n\nLancashire County Council bosses confirmed they will not be extending their contract with the firm due to concerns about the service.\n\nThe cabinet member said: \"We served notice to end the home care contract with Acme Recruitment Ltd in June following an inspection.\"\n",
                 NEWS, ["end"],
                 id='a_contract_lost_to_a_notice_with_no_contest_is_an_end'),
    pytest.param("Reablement contract to go back out to tender\n\nWest Sussex County Council is due to put its reablement service back out to tender for private contractors to bid for the contract.\n\nHowever Labour councillors have raised concerns about a perceived lack of evidence to dismiss insourcing the contract and bringing the service back in-house.\n\nThe report does not compare these costs against the possible extra cost of bringing it back in-house.\n",
                 NEWS, ["tender"],
                 id='an_argument_over_dismissing_insourcing_is_no_insourcing'),
    pytest.param("Minutes\n\nIntegration Joint Board, 11 June 2019\n\n1. Declarations of interest\n\nCouncillor Smith declared an interest in the item on the award of the home care contract to Acme Care Ltd, as a relative works for the provider, and withdrew from the meeting for that item.\n",
                 MG, [],
                 id='a_declared_interest_in_an_item_is_no_decision'),
    pytest.param("Contract not extended\n\nA contract providing community health and social care services in the area will not be extended beyond 31 March 2024, the council has decided.\n\nThe governing body of the Clinical Commissioning Group had recommended an extension of the contract.\n",
                 NEWS, ["end"],
                 id='what_a_body_had_recommended_is_background_to_the_decision'),
    pytest.param("Community health services leave the NHS\n\nCommunity healthcare in Anytown will be transferred out of the NHS and into the hands of a social enterprise from tomorrow.\n\nThe social enterprise will have more than 750 staff.\n",
                 NEWS, ["outsource"],
                 id='healthcare_handed_to_a_social_enterprise_is_outsourced'),
    pytest.param("CCGs poised for wave of community services retendering\n\nA growing number of clinical commissioning groups are preparing to put their community health services out to tender, according to a survey of commissioners.\n\nThe trend was welcomed by NHS Clinical Commissioners, whose director said short contracts do not make for stable services.\n",
                 NEWS, [],
                 id='a_story_of_many_commissioners_retendering_is_a_trend'),
    pytest.param("Home care providers: Written question\n\nTo ask His Majesty's Government what assessment they have made of the number of home care providers handing back contracts to local authorities.\n\nAnswered by Baroness Smith: The Department does not hold this information centrally.\n",
                 NEWS, [],
                 id='a_parliamentary_question_is_no_decision'),
    pytest.param("Award\n\nCarers Support Service\n\nANYTOWN COUNCIL\n\nThis public procurement record has 3 releases in its history.\n\nAward\n\n04 Sep 2025 at 14:08\n\nTender\n\n25 Mar 2025 at 17:01\n\nPlanning\n\n20 Mar 2025 at 11:24\n\nSummary of the contracting process\n\nAnytown Council is managing a public procurement process titled \"Carers Support Service\", across three lots for young and adult carers.\n",
                 "https://www.example-tenders.co.uk/notice/1", ["award"],
                 id='a_procurement_record_stands_at_its_newest_release_award'),
    pytest.param("Planning\n\nCare and Support in Extra Care Housing\n\nANYTOWN COUNTY COUNCIL\n\nThis public procurement record has 2 releases in its history.\n\nPlanningUpdate\n\n13 Mar 2026 at 11:18\n\nPlanning\n\n23 May 2025 at 10:15\n\nSummary of the contracting process\n\nAnytown County Council is organising a procurement for care and support in extra care housing. Currently in the planning stage, the service targets people aged 55 and over.\n",
                 "https://www.example-tenders.co.uk/notice/2", ["tender"],
                 id='a_procurement_record_in_its_planning_stage_is_a_tender_to_come'),
    pytest.param("Decision details\n\nIntegrated Community Equipment Service\n\nDecision Maker: Executive\n\nDecision:\n\nThat the procurement strategy outlined in the report for the Integrated Community Equipment Service framework be approved.\n\nThat the decision for a single 2 year extension after the initial 4 year term be delegated to the chief officer.\n",
                 MG, ["tender"],
                 id='an_extension_after_the_initial_term_is_a_later_choice'),
    # Under the Provider Selection Regime a direct award to the incumbent lets a new contract; a
    # waiver that keeps the incumbent, or the regime named only for a tender to come, extends.
    pytest.param("Decision details\n\nTo agree to the direct award of the contract for the Recovery Co-ordination Service\n\n"
                 "The existing providers have confirmed that they wish to continue delivering the Service.\n\n"
                 "Given that PSR now applies, and the proposal is to direct award the new contract to the existing providers, "
                 "based on the evidence of their performance, consultation is not applicable.\n",
                 MG, ["award"], id='a_direct_award_under_the_provider_selection_regime_is_a_new_contract'),
    pytest.param("Decision details\n\nDecision:\n\nTo approve a waiver of Contract Procedure Rules and the direct award of the "
                 "contract to the existing provider for 12 months while the service is recommissioned under the Provider "
                 "Selection Regime.\n",
                 MG, ["extend"], id='a_waiver_that_keeps_the_incumbent_extends_even_beside_the_regime'),
    # a policy item that recounts a service taken in house, with the provider let go named
    pytest.param("Cabinet - Monday, 14th October, 2024\n\n6. DIRECT PAYMENTS POLICY\n\nMinutes:\n\nThe Cabinet considered the "
                 "Council's Direct Payment policy.\n\nA review of the policy had commenced to reflect that the local authority had "
                 "commenced its own in-house support scheme in 2021 and therefore no longer utilised Anytown Advocacy Trust to "
                 "support the management of direct payments.\n",
                 MG, ["insource"], id='a_policy_item_recounting_a_scheme_taken_in_house'),
    pytest.param("Decision details\n\nCommunity Reablement Service\n\nDecision Maker: Adult Social Care Committee\n\n"
                 "Resolved - that the Community Reablement Target Operating Model be approved.\n\nReasons for the decision:\n\n"
                 "The Committee on 11 October 2022 approved in principle the establishment of a reablement service delivered "
                 "by the Council. The delivery element is currently provided by independent sector domiciliary care providers.\n",
                 MG, ["insource"], id='a_service_to_be_delivered_by_the_council_is_taken_in_house'),
    pytest.param("Council to run care centres\n\nA number of adult care services in Bath and North East Somerset are to be run by "
                 "B&NES Council from September, after notice was given for the current contract to be terminated.\n\nAcme Care & "
                 "Health gave the council 12 months' notice to terminate its contract to run the services at three Community "
                 "Resource Centres.\n",
                 NEWS, ["insource"], id='services_to_be_run_by_a_council_written_with_an_ampersand'),
    # a contract let again, without a contest, to the firm that holds it keeps the incumbent on
    pytest.param("Decision:\n\nThat a new contract be awarded to the current provider, Acme Care Ltd, for 12 months from 1 April 2025 "
                 "to allow time for the service to be re-procured.\n", MG, ["extend"], id='a_new_contract_for_the_current_provider_extends'),
    pytest.param("ICB hands incumbent new deal\n\nAnytown ICB has given Acme Health a new five-year contract to keep running community "
                 "services without a competition.\n", NEWS, ["extend"], id='a_new_deal_to_keep_running_without_a_competition_extends'),
    pytest.param("Charity keeps advocacy contract\n\nAcme Advocacy will continue to run the advocacy service in Anytown after the "
                 "council agreed a new two-year deal with the charity.\n", NEWS, ["extend"], id='a_firm_that_continues_to_run_a_service_is_kept_on'),
    pytest.param("Charity keeps advocacy contract\n\nAcme Advocacy has won a competitive tender against two rival bids and "
                 "will continue to run the advocacy service in Anytown.\n", NEWS, ["award"], id='an_incumbent_that_wins_a_contest_is_awarded'),
    # what ends is the council's own provision: the service moves out
    pytest.param("Decision:\n\nThat the Council's directly provided domiciliary care service be decommissioned and the care packages "
                 "transferred to independent sector providers.\n", MG, ["outsource"], id='decommissioning_the_council_s_own_service_outsources_it'),
    # a leading clause recounts; the main clause after its comma decides now
    pytest.param("Urgent Award - Homecare North Zone\n\nFollowing the decision of Caremark Northvale to hand back its contract, the "
                 "Director approved an urgent direct award of the homecare contract for the North zone to Brightwell Care Ltd for "
                 "six months.\n", MG, ["award"], id='a_leading_following_clause_recounts_the_main_clause_decides'),
    # an ending to be explored is a question opened, not a decision
    pytest.param("Report CS15923 set out options for care and support in extra care housing schemes.\n\nIt was proposed to retender care "
                 "and support at Apsley Court, Durham House and Norton Court.\n\nConcerning Sutherland House, it was recommended that an "
                 "early termination of the contract with Hanover Housing Association for housing related support be explored.\n",
                 MG, ["tender"], id='an_ending_to_be_explored_is_no_decision'),
    # a story that leads with the ending is the ending's news, though the services then come in house
    pytest.param("Trust ends £200m facilities contract with Acme Services early\n\nAnytown Hospitals NHS Trust has terminated its "
                 "five-year estates and facilities contract with Acme Services by mutual agreement.\n\nThe services will be brought "
                 "back in-house by 1 April, with 400 staff transferring to the trust.\n",
                 NEWS, ["end"], id='a_story_that_leads_with_the_ending'),
    pytest.param("Trust brings facilities back in-house\n\nAnytown Hospitals NHS Trust will bring its estates and facilities services "
                 "back in-house by 1 April after terminating its contract with Acme Services.\n",
                 NEWS, ["insource"], id='a_story_that_leads_with_the_move_in_house'),
    # weak triggers do not add up to a decision: a union's call names no move
    pytest.param("Union calls for home care to be brought in-house\n\nUnison has called on Lanbury Council to bring home care services "
                 "back in-house. The union says private providers are failing to pay care workers for travel time.\n",
                 NEWS, [], id='a_union_s_call_twice_over_is_still_no_decision'),
    # an integration joint board is a commissioner: its extension is news with a buyer
    pytest.param("IJB extends care at home contracts\n\nThe Lochside Integration Joint Board has agreed to extend care at home "
                 "contracts with nine providers for a further 18 months.\n", NEWS, ["extend"], id='an_ijb_extends_with_nine_providers'),
    # the past of a later clause is the clause's: the award is today's
    pytest.param("New provider lined up after council sacks failing care company\n\nAbbeyfield Borough Council has awarded a £3m "
                 "contract for supported living to Northern Star Support after terminating its deal with Clarion Living last year.\n",
                 NEWS, ["award"], id='an_award_after_an_ending_last_year'),
    # an option exercised in one resolution item, a value noted in the next
    pytest.param("92. Sexual Health Services Contract\n\nRESOLVED: (1) That the option to extend the Integrated Sexual Health Services "
                 "contract with Southmere Community Health NHS Trust be exercised for a further two years; (2) That the annual contract "
                 "value of £2.9m be noted.\n", MG, ["extend"], id='an_option_exercised_beside_a_value_noted'),
    # a campaigner's own words ask for a move; nobody decided one
    pytest.param("Union petition calls for home care to be brought back in house\n\nA union campaign calling on Anytown Council to bring "
                 "home care back in house has gathered more than 2,000 signatures.\n\nBranch secretary Tom Ridley said: \"We want the "
                 "council to commit to bringing care back in house.\"\n", NEWS, [], id='a_campaigner_s_words_decide_nothing'),
    # the most suitable provider process of the regime lets a new contract, even to the current provider
    pytest.param("Most Suitable Provider Award: Sexual Health Services\n\nThe Board approved the award of the integrated sexual health "
                 "service contract to Meadowcroft Community Health NHS Trust, the current provider, following the most suitable provider "
                 "process.\n", "https://www.anytown.nhs.uk/board/papers", ["award"], id='a_most_suitable_provider_award_is_an_award'),
    # the stages of commissioning listed as words, and how buying is usually done, decide nothing
    pytest.param("Working with Anytown Council\n\nAnytown Council commissions care and support services:\n\n- contract award\n- competition\n\n"
                 "Procurement of services is usually done via the Anytown Procurement Portal.\n",
                 "https://www.anytown.gov.uk/market-position-statement", [], id='a_list_of_commissioning_stages_decides_nothing'),
    # an extension with services taken back as its qualification
    pytest.param("Cabinet to consider Acme Health contract extension\n\nA report to go before cabinet on Tuesday recommends extending the "
                 "contract but transferring two services back to Anytown Council and Anytown CCG.\n",
                 NEWS, ["extend"], id='an_extension_but_services_taken_back'),
    # the past of a relative clause whose verb is the trigger is the trigger's own: the extension is
    # history, the deferred procurement is the page's decision
    pytest.param("NHS South Yorkshire Integrated Care Board\nMinutes of the Board meeting held in public on Wednesday 7 May 2025, Oak House, Rotherham\n\nItem 8: Procurement of Community Adult Hearing Services\n\nThe Director of Strategy and Partnerships presented the paper, which asked the Board to approve the commencement of a competitive procurement for community adult hearing services (audiology) for adults aged 55 and over with age-related hearing loss, across Barnsley, Doncaster, Rotherham and Sheffield.\n\nThe service is currently delivered under Any Qualified Provider contracts held by six providers, which were extended last year to 31 March 2026. The paper proposed replacing these with a single South Yorkshire contract, divided into four lots by place, for five years from 1 April 2026 with an option to extend for up to two years, at an estimated total value of \u00a328m over the initial five years.\n\nThe Director explained that a single specification would reduce the variation in waiting times, which ranged from three weeks in Sheffield to 19 weeks in Doncaster, and would allow the ICB to introduce consistent follow-up and aftercare standards.\n\nIn discussion, Board members made the following points:\n\n- A Non-Executive Member questioned whether a competitive procurement was the right route given that the Provider Selection Regime allowed the ICB to retain a model based on patient choice. She asked what the impact on patients' ability to choose their provider would be.\n- The Partner Member for primary care noted that several of the current providers were small independent businesses operating from high street premises, and asked what engagement had taken place with them.\n- The Chair of the Quality, Performance, Patient Involvement and Experience Committee asked for the views of Healthwatch in each place to be reflected in the paper.\n\nThe Director confirmed that engagement with current providers had been limited to a market event in February and that Healthwatch had not yet been formally consulted.\n\nThe Board agreed that it did not have sufficient assurance on the impact on patient choice and on the engagement undertaken.\n\nResolved: The Board DEFERRED the decision on the procurement of community adult hearing services to its meeting on 2 July 2025, and asked that the paper return with an assessment of the Provider Selection Regime options, the outcome of engagement with current providers and the views of Healthwatch.\n",
                 "https://www.anytown.nhs.uk/board/minutes", ["tender"], id='contracts_which_were_extended_last_year_are_past'),
])
def test_kind_in_context(text, source, expected):
    got = kinds(text, source)
    assert (got[:len(expected)] if expected else got) == expected


def test_as_originally_scheduled_is_the_plan_not_the_past():
    from contractwatch.extract.rules import PAST

    assert not PAST.search("so that the contract will end on 31st march 2024 as originally scheduled;")
    assert PAST.search("the contract was originally awarded to acme care ltd.")


def test_an_extension_the_contract_allows_is_its_terms_not_an_extension():
    text = ("Biffa wins Waverley bin contract\n\n"
            "Last month, Biffa won the eight-year contract, which starts in November 2019 and is worth £4.7m a year. "
            "The deal can be extended for two periods of eight years.\n")
    assert kinds(text) == ["award"]
    notice = ("Contract notice: Domiciliary care framework\n\nAnytown Council invites tenders for a framework for "
              "domiciliary care for three years. The contract may be extended by up to 2 periods of 12 months each, "
              "at the sole discretion of the Authority.\n")
    assert kinds(notice, "https://www.find-tender.service.gov.uk/Notice/000001-2024") == ["tender"]


def test_a_year_before_a_period_s_end_is_no_past_but_before_a_decision_is():
    from contractwatch.extract.rules import PAST_DATE

    assert not PAST_DATE.search("the contract runs from 1 april 2025 to the end of march 2027")
    assert not PAST_DATE.search("from april 2024 to march 2026")
    assert PAST_DATE.search("executive approval was obtained in november 2019 to extend the contract")


def test_being_in_agreement_with_someone_is_no_agreement_with_a_provider():
    from contractwatch.extract.rules import FALLBACK

    said = "councillor taylor noted that she had not been in agreement with them."
    assert not [w for w in FALLBACK["award"] if w in said]
    assert [w for w in FALLBACK["award"] if w in "the council entered into an agreement with acme care ltd."]


@pytest.mark.parametrize("text, source, expected", [
    # homes kept in council hands: outsourcing turned down
    ("Anytown care homes to stay in council hands\n\nThe leader of Anytown Council said privatisation was no longer "
     "on the agenda.\n", NEWS, ("outsource", "rejected")),
    # a procurement record whose newest release is its planning: a tender to come
    ("Planning\n\nCare and Support in Extra Care Housing\n\nANYTOWN COUNTY COUNCIL\n\nThis public procurement record has "
     "1 releases in its history.\n\nPlanning\n\n23 May 2025 at 10:15\n\nSummary of the contracting process\n\nAnytown "
     "County Council is organising a procurement for care and support in extra care housing.\n",
     "https://www.example-tenders.co.uk/notice/3", ("tender", "proposed")),
    # a recommendation put to the vote and lost
    ("Issue - meetings\nExtension of Adult Safeguarding and Assessment Service Contract\nMeeting: 14/01/2024 - Joint "
     "Commissioning Committee (Item 58)\nMinutes:\nCllr Tom Robinson introduced the report.\nOn being put to the vote the "
     "recommendation to extend the contract with Whitecliff Support Services Limited for the Adult Safeguarding and Assessment "
     "Service was LOST.\n", "https://democracy.anytown.gov.uk/ieIssueDetails.aspx?IId=1", ("extend", "rejected")),
    # the recommended option, endorsed
    ("Decision:\n\n1) That the recommended option for re-tendering sexual health services be supported and endorsed;\n\n"
     "2) That the development of a procurement process be approved.\n", "https://democracy.anytown.gov.uk/ieIssueDetails.aspx?IId=2",
     ("tender", "approved")),
    # an intention-to-award notice records the award decided, in its standstill
    ("Award\n\nIntegrated Urgent Care\n\nThe NHS Anytown Integrated Care Board has issued an Intention to Award Notice for the "
     "provision of Integrated Urgent Care to Acme Care 24 Ltd.\n", "https://www.example-tenders.co.uk/notice/4", ("award", "approved")),
    # a U-turn over plans, a report recommending against, an item continued to the next meeting
    ("U-turn over physiotherapy contract extension\n\nHealth bosses have performed a U-turn over plans to extend Acme Health's "
     "contract to run community physiotherapy.\n", NEWS, ("extend", "rejected")),
    ("Report to Cabinet - Decommissioning of Low-Level Mental Health Support\n\nIn light of the budget gap, Cabinet is recommended "
     "not to extend the contract with Acme Minds when it expires on 31 March 2025.\n", "https://www.anytown.gov.uk/documents/report.pdf",
     ("end", "proposed")),
    ("Integration Joint Board - Extension of Mental Health Contracts\n\nMembers agreed to continue the item to the next meeting, "
     "so the extension of the contracts with four third sector providers for 12 months was not decided.\n",
     "https://www.anytown.gov.uk/documents/minutes.pdf", ("extend", "deferred")),
    # an item pulled from the agenda, a decision delayed until a later date
    ("Item 9 - Award of Reablement Contract\n\nThis item was pulled from the agenda by the Chair. A revised report on the award "
     "of the reablement contract to Acme Care Ltd will be brought to the meeting on 22 April 2025.\n",
     "https://www.anytown.gov.uk/documents/minutes.pdf", ("award", "deferred")),
    ("Decision on £15m supported living award delayed\n\nA decision on who will run supported living services in Anytown has been "
     "delayed until the summer. The council had planned to award the contract to Brightpath Living this month.\n",
     NEWS, ("award", "deferred")),
])
def test_kind_and_status(text, source, expected):
    ev = extract(text, source=source).events[0]
    assert (ev.kind, ev.status) == expected


def test_contracts_that_will_and_will_not_be_extended_are_a_choice_to_come():
    text = ("Care at Home Extension\n\n1. Approved a 12-month contract extension for all Lot 1 Care at Home providers (until 24 "
            "October 2025).\n\nA decision will be made by mid-July 2024 regarding the Lot 2 providers that will and will not be "
            "extended, to allow a 3-month notice period to all.\n")
    assert kinds(text, MG) == ["extend"]


def test_a_share_of_calls_does_not_make_a_story_a_survey():
    # "85 per cent of its calls" describes the service; a survey counts councils or providers.
    text = ("Health bosses drop out-of-hours firm\n\nThe out-of-hours service receives 85 per cent of its calls at weekends.\n\n"
            "Now the health bosses have decided not to renew Acmecare's contract when it ends on 30 September.\n")
    assert kinds(text) == ["end"]


def test_a_provider_removed_from_its_contract_ends_it():
    text = ("Acme Health failure to deliver community services\n\nAcme Health won a contract for community musculoskeletal services "
            "in Anyshire in 2016. However, very soon after Acme Health took over the contract in April 2017 the local CCGs saw data "
            "that made them so concerned about waiting times that they immediately removed Acme Health from the contract.\n")
    assert "end" in kinds(text, "https://www.example-campaign.org.uk/page")
