"""Organisations named by the slot they fill, where their own words say nothing."""
from __future__ import annotations

import pytest

from contractwatch.extract import extract
from contractwatch.extract.orgs import find_orgs, org_type

NEWS = "https://www.example-news.co.uk/news/story"


def news_event(text: str):
    """The main event a story's text gives."""
    return extract(text, source=NEWS).events[0]


@pytest.mark.parametrize("text,name,kind", [
    ("Adult social care is coming back under the control of the local council in Bath and North East Somerset.",
     "Bath and North East Somerset", "council"),
    ("Three care homes run by outsourcer Sirona are due to be placed under council control.", "Sirona", "company"),
    ("Cabinet approved the direct award of the contract to the current provider, Care Support, for six months.",
     "Care Support", "company"),
    ("The Cabinet Member awarded a contract for the delivery of a Carers Service in Peterborough to the Carers Trust for a maximum of £1.4m.",
     "Carers Trust", "company"),
    ("Cabinet will authorise a new contract with CGL, which was the successful bidder after a competitive process.", "CGL", "company"),
    ("Plans to scrap the council's arm's-length care company, SB Cares, and take its services back in-house were approved.",
     "SB Cares", "company"),
    ("These duties are commissioned as an advocacy hub delivered by the lead contract holder, The Advocacy People.",
     "Advocacy People", "company"),
    ("Shaw Healthcare, Powys Teaching Health Board and Powys County Council will work together.",
     "Powys Teaching Health Board", "nhs_commissioner"),
    ("Contracts with the North Ayrshire health and social care partnership (HSCP) will end in June.",
     "North Ayrshire health and social care partnership", "nhs_commissioner"),
    ("Anytown Council has appointed Independent Living (NW) Ltd to run the day centre.", "Independent Living (NW) Ltd", "company"),
    ("The contract went to New Horizons Care Ltd after a tender.", "New Horizons Care Ltd", "company"),
    ("The council will block-book 19 beds at Birchwood Grange Care Home for a year.", "Birchwood Grange Care Home", "company"),
    ("It’s Hastings Council’s intention to bring the street cleansing back in-house.", "Hastings Council", "council"),
    ("The award was signed off by Cllr Darren Pascoe, Plymouth City Council's cabinet member for health.",
     "Plymouth City Council", "council"),
    ("The Committee agreed to approve the appointment of Myrtle Coffee Services as providers of vending services.",
     "Myrtle Coffee Services", "company"),
    ("Campaigners will go to court to block a £14m contract extension to community health provider Locala.", "Locala", "company"),
    ("The trust has taken over the contract previously held by private firm Sodexo.", "Sodexo", "company"),
    ("The council acted after Civica withdrew from negotiations on a new contract.", "Civica", "company"),
    ("Formation of LeisureSK Limited\n\nCabinet agreed to transfer the leisure centres to the new company.", "LeisureSK Limited", "company"),
    ("The direct award contract was granted to Pegasus Medical 1808 LTD for four months.", "Pegasus Medical 1808 LTD", "company"),
    # notices and report covers write bodies in capitals
    ("Buyer Name: NHS NORTH EAST AND NORTH CUMBRIA INTEGRATED CARE BOARD\n", "NHS North East and North Cumbria Integrated Care Board",
     "nhs_commissioner"),
    ("REPORT TO THE CABINET OF CITY OF YORK COUNCIL\n", "City of York Council", "council"),
    ("Awarded To\nLEEDS TEACHING HOSPITALS NHS TRUST\n", "Leeds Teaching Hospitals NHS Trust", "nhs_trust"),
    # the winner or incumbent described in apposition, a number ending its name; incumbents in brackets
    ("Large businesses such as Integrated Care 24, the awarded supplier, could benefit.", "Integrated Care 24", "company"),
    ("A number of adult care services are to be run by B&NES Council from September.", "B&NES Council", "council"),
    ("The Aberdeen City IJB agreed the contracts.", "Aberdeen City IJB", "nhs_commissioner"),
    # primary care trusts commissioned care before 2013; older stories name them
    ("The contract was let by Anytown Primary Care Trust in 2008.", "Anytown Primary Care Trust", "nhs_commissioner"),
    ("Mid Hampshire PCT has decided not to renew the contract.", "Mid Hampshire PCT", "nhs_commissioner"),
    ("The PCTs have decided not to renew Primecare's contract when it ends on 30 September.", "Primecare", "company"),
    ("The existing providers (Open Road and the Children’s Society) have confirmed that they wish to continue.", "Open Road", "company"),
    ("The existing providers (Open Road and the Children’s Society) have confirmed that they wish to continue.",
     "Children’s Society", "company"),
])
def test_names_in_provider_and_buyer_slots(text, name, kind):
    found = {o.name: o.type for o in find_orgs(text)}
    assert found.get(name) == kind, found


@pytest.mark.parametrize("text,not_a_body", [
    ("The report covers the Transfer of Services to the Council's Environmental Services Team Ltd.", "Transfer of Services"),
    ("The council awarded the contract to the Voluntary and Community Sector in 2019.", "Voluntary and Community Sector"),
    ("The council will enter into a contract with Hampshire Hospitals Foundation Trust for the Catering Service for Willow "
     "Court Nursing Home.", "Catering Service for Willow Court Nursing Home"),
    ("Self Directed Care will change how services are bought.", "Self Directed Care"),
    ("The Leisure Services team will manage the handover.", "Leisure Services"),
    ("Protests Rejected As Anytown Care Homes Sale Is Agreed\n\nThe council agreed the sale.", "Protests Rejected As Anytown Care"),
    ("The NHS 111 Integrated Urgent Care contract has been awarded.", "NHS 111 Integrated Urgent Care"),
    ("In line with NHS England guidance, the chair considered the recommendation.", "NHS England"),
    ("Later the PCT said the PCT would act.", "PCT"),
    ("To agree the direct award of the contract for the Recovery Co-ordination Service\n\nThe existing providers have confirmed "
     "that they wish to continue.", "Recovery Co-ordination Service"),
])
def test_processes_sectors_and_services_are_not_bodies(text, not_a_body):
    assert not_a_body not in [o.name for o in find_orgs(text)]


@pytest.mark.parametrize("text", [
    "Of 195 CCGs that responded, 72 said they had no plans to retender.",
    "Third of CCGs do not plan to retender community services",
    "Seven CCGs had already retendered contracts worth around £156m.",
])
def test_a_count_of_bodies_is_not_a_body(text):
    assert not [o.name for o in find_orgs(text) if "CCG" in o.name]


def test_service_words_alone_are_still_not_a_body():
    # "Care Support" names a body only in a slot a provider fills, not wherever it appears.
    assert "Care Support" not in {o.name for o in find_orgs("Care Support is available to all residents.")}


def test_an_acronym_and_its_expansion_are_one_winner():
    text = ("The council has had a contract with Change Grow Live Services Limited (CGL) for 10 years.\n\n"
            "Cabinet is recommended to award a new five-year contract worth £13.4 million to CGL, which was the successful bidder.")
    ev = extract(text, source="https://democracy.peterborough.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.kind == "award"
    assert ev.bidders == []
    assert ev.term_months == 60  # the new contract's, not the ten years the old one ran


def test_a_story_naming_only_the_council_and_its_area():
    text = ("Suffolk: Care homes to be transferred to private operator\n\n"
            "COUNTY council residential homes are to be transferred to a private operator after the move "
            "was unanimously backed by the authority's cabinet.\n")
    ev = extract(text, source="https://www.example-news.co.uk/news/care-homes-transfer").events[0]
    assert ev.kind == "outsource"
    assert ev.buyers == ["Suffolk County Council"]


def test_no_council_is_guessed_from_a_place_when_no_council_is_mentioned():
    text = ("Care firm wins Suffolk contract\n\n"
            "Acme Care Ltd has won a contract to provide home care across Suffolk, the firm said.\n")
    ev = extract(text, source="https://www.example-news.co.uk/news/acme").events[0]
    assert ev.buyers == []


def test_a_service_named_before_its_contract_is_not_a_body():
    text = ("Approve a four-month extension for Community Navigation Services (Part B).\n\n"
            "Currently the Community Navigation Services (Part B) and Carers' Short Breaks contracts run until March.\n")
    assert "Community Navigation Services" not in {o.name for o in find_orgs(text)}
    assert "Tenderer No" not in {o.name for o in find_orgs("The contract is awarded to Tenderer No. 1 Ltd.")}


def test_every_firm_the_story_names_as_chosen_is_a_provider():
    text = ("Home care firms revealed\n\n"
            "The organisations awarded contracts to carry out home care across Doncaster have been revealed.\n\n"
            "Danum Homecare Ltd, Hales Group Ltd, Age UK and TLC Homes Ltd will be doing the work under a new zoned system.\n")
    ev = extract(text, source="https://www.doncasterfreepress.co.uk/news/x").events[0]
    assert ev.kind == "award"
    assert {"Danum Homecare Ltd", "Hales Group Ltd", "TLC Homes Ltd"} <= set(ev.providers)
    text = ("Hospitals chosen for community services\n\n"
            "Suffolk's two biggest hospitals, West Suffolk NHS Foundation Trust and Ipswich Hospital NHS Trust, and Norfolk "
            "Community Health and Care NHS Trust have been confirmed as the preferred bidder for community health services.\n\n"
            "The clinical commissioning groups, who awarded the contract, said patients would see no change.\n")
    ev = extract(text, source="https://www.eadt.co.uk/news/x").events[0]
    assert len(ev.providers) == 3


def test_councils_commissioning_together_are_all_buyers():
    text = ("1. Agreed for Bury Council to partner with fellow Local Authorities (Salford and Trafford Councils) "
            "to deliver a joint tender of substance use treatment services.\n")
    ev = extract(text, source="https://councildecisions.bury.gov.uk/ieDecisionDetails.aspx?ID=1").events[0]
    assert ev.kind == "tender"
    assert ev.buyers == ["Bury Council", "Salford City Council", "Trafford Council"]


def test_northern_ireland_health_and_social_care_trusts_commission_care():
    from contractwatch.extract.orgs import find_orgs

    text = ("The Western Health and Social Care Trust is managing a procurement for domiciliary care. "
            "Councillors Jo Bloggs and Sam Smith asked about the Southern Health Trust.\n")
    found = {o.name: o.public for o in find_orgs(text)}
    assert found == {"Western Health and Social Care Trust": True, "Southern Health Trust": True}


def test_where_a_firm_is_based_is_not_part_of_its_name():
    from contractwatch.extract.orgs import find_orgs

    text = "The contract went to Harrogate-based Continued Care Ltd and Mears Group.\n"
    assert [o.name for o in find_orgs(text)] == ["Continued Care Ltd", "Mears Group"]


def test_names_as_news_pages_print_them():
    # BBC pages follow a linked name with ", external"; a firm's name may hold a digit; a list
    # cued as the successful bidders names every winner, with or without organisation words.
    bbc = ("Drug service contracts awarded\n\nAnytown Council is going to work with two charities.\n"
           "Change Grow Live, external (CGL) has been awarded the contract to deliver services to adults.\n")
    assert extract(bbc, source="https://www.bbc.co.uk/news/articles/x").events[0].providers == ["Change Grow Live"]
    digit = ("Anytown Council has awarded its Healthy Child Programme (HCP) contract to successful lifestyle and "
             "clinical services provider, Solutions 4 Health.\n")
    assert extract(digit, source="https://www.example-news.co.uk/news/x").events[0].providers == ["Solutions 4 Health"]
    listed = ("The Highland Council has awarded new care at home contracts.\nThe successful bidders, British Red Cross, "
              "Independent Living Services and Crossroads Caring Scotland, will deliver 117,000 hours a year.\n")
    ev = extract(listed, source="https://www.example-news.co.uk/news/x").events[0]
    assert ev.providers == ["British Red Cross", "Independent Living Services", "Crossroads Caring Scotland"]
    assert ev.bidders == []
    # A service's name joined by "and" is not a list of firms.
    svc = find_orgs("Anytown County Council wants to bring its Adult Social Care Assessment and Care Management back in house.")
    assert not {"Adult Social Care Assessment", "Care Management"} & {o.name for o in svc}


def test_a_caption_naming_a_person_and_post_names_only_the_body():
    names = [o.name for o in find_orgs("Jo Bloggs Chief Executive Officer Anytown Healthcare NHS Trust. May 17th 2011")]
    assert names == ["Anytown Healthcare NHS Trust"]


def test_a_firm_called_by_name_in_the_winners_slot():
    text = ("Anytown Borough Council has decided to award the 0-19 contract to a firm called Solutions 4 Health (S4H).\n")
    assert extract(text, source="https://www.example-news.co.uk/news/x").events[0].providers == ["Solutions 4 Health"]
    ended = ("Anytown City Council has agreed a mutual termination of Solutions 4 Health's (S4H) provision of the "
             "city's sexual health service.\n")
    ev = extract(ended, source="https://www.example-news.co.uk/news/x").events[0]
    assert ev.kind == "end" and ev.providers == ["Solutions 4 Health"]


def test_an_nhs_trust_named_for_two_places_stays_whole():
    names = [o.name for o in find_orgs("The Council will enter into a new agreement with Torbay and South Devon NHS "
                                       "Foundation Trust and NHS Devon ICB.")]
    assert names == ["Torbay and South Devon NHS Foundation Trust", "NHS Devon ICB"]
    assert [o.name for o in find_orgs("Contracts were awarded to Acme Care and Sussex Community NHS Trust.")] == \
        ["Acme Care", "Sussex Community NHS Trust"]


def test_commissioners_however_they_are_written_are_never_providers():
    # An acronym the page defines, a name cut short, a plural and Scotland's "NHS <area>" boards.
    text = ("North Yorkshire County Council (NYCC) awarded its home care contract to Acme Care Ltd in 2015. "
            "Bell Homecare, which lost its contract with NYCC, said the framework was failing.\n")
    ev = extract(text, source="https://www.example-news.co.uk/news/x").events[0]
    assert "NYCC" not in ev.providers
    for name in ("NEW Devon Clinical Commission", "Devon CCGs", "NHS Highland", "NHS Greater Glasgow and Clyde"):
        assert org_type(name) in ("council", "nhs_commissioner"), name


def test_a_council_area_is_not_a_firm_and_a_firm_can_be_named_with_its_trade():
    text = ("A company which looks after people with learning disabilities has pulled out of its contract with Bury "
            "social services.\n\nAcme Living says the council has not given it enough money.\n")
    ev = extract(text, source="https://www.example-news.co.uk/news/x").events[0]
    assert ev.kind == "end" and "Bury" not in ev.providers
    named = ("NHS England named private firm Acme Imaging as its preferred bidder to take over the scanning service "
             "currently provided by Anytown Hospital.\n")
    assert extract(named, source="https://www.example-news.co.uk/news/x").events[0].providers == ["Acme Imaging"]


def test_names_with_with_dates_before_them_and_a_providers_home_area():
    assert [o.name for o in find_orgs("Blackburn with Darwen Council is looking at a new system.")] == \
        ["Blackburn with Darwen Council"]
    assert [o.name for o in find_orgs("On 29 March, Wiltshire Council cabinet will be asked to agree.")] == \
        ["Wiltshire Council"]
    text = ("Drug service contract awarded\n\nThe council has awarded the drug and alcohol contract to Surrey charity "
            "Cranstoun, in partnership with Brighton and Hove.\n")
    ev = extract(text, source="https://www.example-news.co.uk/news/x").events[0]
    assert "Surrey County Council" not in ev.buyers


def test_a_town_before_a_kind_of_business_describes_it_and_a_headline_names_the_winner():
    text = ("Lancashire County Council ends contract with Preston care agency\n\n"
            "Carepath Recruitment Ltd received a scathing report from the CQC.\n")
    ev = news_event(text)
    assert "Preston" not in ev.providers and ev.providers == ["Carepath Recruitment Ltd"]
    text = ("Biffa awarded contract extension\n\n"
            "The waste firm has secured a six-year extension to its municipal services contract with Forest of Dean "
            "District Council worth £18 million.\n")
    ev = news_event(text)
    assert ev.kind == "extend" and ev.providers == ["Biffa"]


def test_firms_stories_name_bare_are_known_by_name_but_not_inside_a_longer_name():
    ev = news_event("Barnet Council agreed to end its contracts with Capita early and bring the services back in house.\n")
    assert ev.kind == "insource" and ev.providers == ["Capita"]
    ev = news_event("Norfolk County Council is to take over the running of the home from HC-One next month.\n")
    assert ev.kind == "insource" and ev.providers == ["HC-One"]
    ev = news_event("Councillors agreed a two-year extension of Biffa's waste contract with Anytown Council.\n")
    assert ev.kind == "extend" and ev.providers == ["Biffa"]
    ev = news_event("Anytown Council awarded the supported living contract to Mendip Lifeways for five years.\n")
    assert ev.providers == ["Mendip Lifeways"]
    ev = news_event("Anytown Council has awarded its leisure contract to Serco Leisure Ltd.\n")
    assert ev.providers == ["Serco Leisure Ltd"]


def test_a_trend_piece_naming_a_firm_records_no_decision():
    text = ("Rethinking outsourcing\n\nFinance professionals are increasingly alert to the need to rethink outsourcing. "
            "Councils face a choice after the collapse of Carillion, with Capita also under pressure.\n")
    # Carillion and Capita are now known by name; the trend piece still records nothing.
    assert extract(text, source="https://www.example-news.co.uk/news/story").events == []


@pytest.mark.parametrize("name", ["firms.txt", "buyers.txt"])
def test_the_name_lists_hold_proper_names_once_each(name):
    from pathlib import Path

    lines = [ln.strip() for ln in (Path(__import__("contractwatch").__file__).parent / "extract" / name)
             .read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines and len(lines) == len(set(lines))
    assert all(ln[0].isupper() or ln[0].isdigit() for ln in lines)


def test_a_month_after_a_name_is_a_date_not_part_of_the_name():
    text = "Barking and Dagenham Council outsourced housing repairs to Thames Accord in April 2003.\n"
    ev = news_event(text)
    assert ev.providers == ["Thames Accord"]


def test_full_council_is_a_meeting_not_a_buyer():
    text = ("Waste contract\n\n1. That Council be RECOMMENDED that, subject to the agreement of Full Council at its meeting, "
            "the waste contract with FCC Environment be terminated by mutual agreement.\n")
    ev = news_event(text)
    assert "Full Council" not in ev.buyers


def test_a_trust_deciding_on_its_own_department_is_its_buyer_and_a_campaign_is_no_nhs_body():
    text = ("Lewisham and Greenwich NHS Trust opened its board meeting to the public this week, with campaigners from "
            "Keep Our NHS Public attending.\n\nThe board decided against outsourcing the trust's procurement department "
            "to Serco.\n")
    ev = news_event(text)
    assert ev.buyers == ["Lewisham and Greenwich NHS Trust"] and ev.providers == ["Serco"]


def test_a_title_case_headline_is_no_body():
    from contractwatch.extract.orgs import find_orgs

    text = "Council Ends Care Home Procurement\n\nThe Highland Council agreed to close the procurement of five care homes.\n"
    names = [o.name for o in find_orgs(text)]
    assert "Highland Council" in " ".join(names)
    assert not any("Ends" in n for n in names), names


def test_the_firm_a_winner_was_chosen_over_is_a_bidder():
    text = ("Community care services are being shaken up after health bosses handed a contract to Sussex Community NHS "
            "Trust (SCT) – over existing providers East Sussex Healthcare Trust (ESHT).\n")
    ev = news_event(text)
    assert ev.kind == "award" and ev.providers == ["Sussex Community NHS Trust"]
    assert ev.bidders == ["East Sussex Healthcare Trust"]


def test_firms_listed_under_a_shortlist_are_bidders_until_one_is_named_the_winner():
    text = ("NHS England has delayed making a decision on a £1bn contract for primary care support services until after "
            "the general election.\n\nAn internal briefing says the preferred bidder will be named in March.\n\n"
            "The three shortlisted bidders, revealed on hsj.co.uk last week, are:\n\n"
            "  • Capgemini, a global consultancy, with South East Commissioning Support Unit;\n"
            "  • Capita with Anglian Community Enterprise; and\n"
            "  • Equiniti, which specialises in finance and administration.\n")
    ev = news_event(text)
    assert ev.kind == "award" and ev.providers == []
    assert {"Capgemini", "Capita", "Equiniti"} <= set(ev.bidders)


def test_a_firm_that_has_been_contracted_to_provide_the_service_is_its_provider():
    text = ("Award Of Home Based Respite Contract\n\n"
            "The Highland Council, working in partnership with NHS Highland, can announce that Carr Gomm Scotland has been "
            "contracted to provide home based respite services across most of the Highland Council area.\n")
    ev = news_event(text)
    assert ev.kind == "award" and ev.providers == ["Carr Gomm Scotland"]


def test_a_trust_ending_or_moving_its_own_services_buys_them():
    ended = news_event("Anytown University Hospitals NHS Trust will terminate a five-year, £200m estates and facilities "
                       "contract with Carillion by 1 April.\n\nThe company has been criticised by the trust board.\n")
    assert (ended.kind, ended.buyers, ended.providers) == ("end", ["Anytown University Hospitals NHS Trust"], ["Carillion"])
    moved = news_event("Laundry decision made by board\n\nAnytown NHS Foundation Trust has confirmed its decision on the "
                       "future of laundry services. The recommendation, for a partial outsource option, was approved by the board.\n")
    assert moved.buyers == ["Anytown NHS Foundation Trust"] and moved.providers == []


def test_a_trust_that_has_been_awarded_a_deal_wins_it_and_the_story_s_council_buys():
    ev = news_event("A multi-million pound sexual health services contract for Kirklees will change hands.\n\n"
                    "Kirklees Council is set to reveal who will run the service on May 1.\n\n"
                    "Social enterprise Locala has lost the rights to operate the service and Calderdale and Huddersfield NHS "
                    "Foundation Trust (CHFT) has been awarded the £3.5m deal.\n")
    assert ev.kind == "award"
    assert ev.buyers == ["Kirklees Council"]
    assert ev.providers == ["Calderdale and Huddersfield NHS Foundation Trust"]


def test_a_service_transferred_from_a_body_is_not_its_new_provider():
    ev = news_event("Health visiting contract goes to private firm\n\nThe running of the area's 0-19 service will be transferred "
                    "from Berkshire Healthcare NHS Foundation Trust later this year, following a decision by Slough Borough "
                    "Council to award the contract to a firm called Solutions 4 Health (S4H).\n")
    assert ev.kind == "award" and ev.providers == ["Solutions 4 Health"]


def test_a_commissioner_named_by_its_acronym_is_given_in_full():
    ev = news_event("Governing body backs community services awards\n\nNorthern, Eastern and Western Devon CCG has backed "
                    "awarding its community services contract to Plymouth Community Healthcare.\n\n"
                    "The clinical commissioning group said the new contract would start in April.\n")
    assert ev.buyers == ["Northern, Eastern and Western Devon Clinical Commissioning Group"]
    assert any(e.field == "buyers" and e.text == "Northern, Eastern and Western Devon CCG" for e in ev.evidence)


@pytest.mark.parametrize("text, buyer", [
    ("Reablement to come in-house\n\nBury's cabinet agreed on Wednesday to bring the reablement service back in-house from April.\n",
     "Bury Council"),
    ("Leisure outsourcing rejected\n\nCouncillors in Wirral have rejected plans to outsource the borough's leisure centres.\n",
     "Wirral Council"),
])
def test_a_place_s_own_decision_makers_name_its_council_as_buyer(text, buyer):
    assert news_event(text).buyers == [buyer]


@pytest.mark.parametrize("text, provider", [
    ("Leisure contract ends\n\nAnytown Council has decided not to renew the contract of leisure operator Acme Leisure, which runs "
     "its five centres.\n", "Acme Leisure"),
    ("Care home contract terminated\n\nAnytown Council has terminated its contract with care home operator Acme Homes after "
     "inspectors found serious failings.\n", "Acme Homes"),
    ("Day centres handed to trust\n\nAnytown Council's day centres will be run by the charity Acme Trust from April after the "
     "cabinet approved the transfer.\n", "Acme Trust"),
    ("Mental health contract\n\nThe ICB has chosen Acme Mind to deliver community mental health support in Anytown from next "
     "year.\n", "Acme Mind"),
])
def test_a_firm_named_by_what_it_does_in_a_story_is_the_provider(text, provider):
    assert news_event(text).providers == [provider]


def test_a_purchasing_consortium_is_the_buyer_of_the_framework_it_lets():
    text = ("Contract Register - Home Care Framework\n\nContract Type: Framework Agreement\nStart Date: 1 Apr 2024\n\n"
            "This national framework for home care services is let by YPO on behalf of member councils.\n\n"
            "Twelve providers have been awarded onto the framework.\n")
    assert [(o.name, o.public) for o in find_orgs(text)] == [("YPO", True)]
    events = extract(text, source="https://www.ypo.co.uk/contracts/register/1").events
    assert [e.kind for e in events] == ["award"] and events[0].buyers == ["YPO"]


def test_a_ccg_is_named_in_full_only_where_the_page_spells_the_form_out():
    short = ("Anytown charity named preferred bidder\n\nAcme Mind has been named preferred bidder for community "
             "mental health services by Bristol CCG, in a contract worth £10m a year.\n")
    assert extract(short, source="https://www.example-news.co.uk/news/1").events[0].buyers == ["Bristol CCG"]
    full = short + "\nBristol Clinical Commissioning Group said the contract would start in April.\n"
    assert extract(full, source="https://www.example-news.co.uk/news/1").events[0].buyers == ["Bristol Clinical Commissioning Group"]
