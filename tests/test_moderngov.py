"""ModernGov parsing: real responses saved by LGSF (../shared) and the fixture site's pages."""
from __future__ import annotations

from datetime import date

import httpx
import pytest

from contractwatch.sources import moderngov as mg
from mgsite import MgSite


@pytest.fixture(scope="module")
def lgsf(shared):
    return shared / "data" / "moderngov" / "lgsf_fixtures"


@pytest.fixture(scope="module")
def site():
    s = MgSite()
    yield s
    s.close()


def get(site: MgSite, path: str) -> bytes:
    return httpx.get(site.url(path), trust_env=False).content


# -- the web service's XML (real responses) --------------------------------------------------
def test_committees_xml(lgsf):
    cs = mg.parse_committees_xml((lgsf / "minutes" / "committees.xml").read_bytes())
    assert [(c.id, c.expired, c.deleted) for c in cs] == [(312, True, False), (163, False, False), (144, False, False)]
    assert cs[0].title == "Appointment Sub Committee for Director of Adult Social Services"
    assert cs[2].category == "Governance and Decision Making Committees"


def test_meetings_xml_with_a_cancelled_meeting(lgsf):
    ms = mg.parse_meetings_xml((lgsf / "minutes" / "meetings.xml").read_bytes())
    assert [(m.id, m.committee_id, m.date, m.cancelled) for m in ms] == [
        (4966, 144, "2026-01-13", True), (4967, 144, "2026-02-10", False)]


def test_meeting_xml_items_text_and_documents(lgsf):
    d = mg.parse_meeting_xml((lgsf / "minutes" / "meeting_with_minutes.xml").read_bytes(),
                             "https://democracy.manchester.gov.uk/")
    assert d.id == 4967 and d.date == "2026-02-10" and d.status == "Confirmed"
    assert [(i.id, i.number, i.title) for i in d.items] == [(18831, "1.", "Minutes"), (18833, "9.", "Work Programme")]
    # agendatext and minutes arrive as escaped HTML: plain text comes out, no tags, no entities
    assert d.items[0].text.startswith("To approve as a correct record")
    assert d.items[1].minutes == ("The Committee considered a report of the Governance and Scrutiny Support Unit "
                                  "which set out its future Work Programme for the remainder of 2025/26 municipal year.")
    att = d.items[1].attachments[0]
    assert (att.id, att.url, att.title) == (60909, "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60909",
                                            "DRAFT WP FEBRUARY 2026")
    empty = mg.parse_meeting_xml((lgsf / "minutes" / "meeting_no_minutes.xml").read_bytes(), "https://x/")
    assert empty.id == 4966 and empty.items == [] and empty.status == "Cancelled"


# -- decision pages (real responses) -----------------------------------------------------------
def test_decision_list(lgsf):
    refs = mg.parse_decision_list_html((lgsf / "decisions" / "modgov_decisions_list.html").read_bytes(),
                                       "https://council.example/mgDelegatedDecisions.aspx?DR=x")
    assert [r.id for r in refs] == [13567, 13149]  # the issue-history row is not a decision
    assert refs[0].title.endswith("Railway Street, Huddersfield")  # the hidden " ref: 13567" is gone
    assert refs[0].url == "https://council.example/ieDecisionDetails.aspx?ID=13567"
    assert (refs[1].published, refs[1].effective) == ("2025-11-03", "2025-11-03")
    officer = mg.parse_decision_list_html((lgsf / "decisions" / "modgov_officer_decisions_list.html").read_bytes(),
                                          "https://council.example/mgListOfficerDecisions.aspx")
    assert [(r.id, r.title, r.published) for r in officer] == [(13149, "Admission of the Public", "2025-11-03")]


def test_decision_detail(lgsf):
    page = mg.parse_decision_html((lgsf / "decisions" / "modgov_decision_detail.html").read_bytes(),
                                  "https://council.example/ieDecisionDetails.aspx?ID=1")
    assert page.title == "Minutes of Previous Meeting"
    assert page.date == "2015-10-19"
    assert page.fields["decision status"] == "Recommendations Approved"
    assert page.meeting_url == "https://council.example/ieListDocuments.aspx?CId=151&MID=4832"
    assert [(a.id, a.url) for a in page.attachments] == [
        (7942, "https://council.example/documents/s7942/polc2%20-%2023.09.2015.pdf")]  # raw spaces encoded


def test_decision_detail_without_documents(lgsf):
    page = mg.parse_decision_html((lgsf / "decisions" / "modgov_decision_detail_no_documents.html").read_bytes(),
                                  "https://council.example/ieDecisionDetails.aspx?ID=2")
    assert page.fields["decision maker"] == "Strategic Director for Environment"
    assert page.date == "2026-08-04" and page.attachments == []
    multi = mg.parse_decision_html((lgsf / "decisions" / "modgov_decision_multi_paragraph.html").read_bytes(),
                                   "https://council.example/ieDecisionDetails.aspx?ID=3")
    assert multi.fields["decision maker"] == "Service Director - Homes & Neighbourhoods"
    assert multi.date == "2021-07-27"


# -- lenient XML ------------------------------------------------------------------------------------
def test_text_escaped_twice_is_unescaped():
    xml = (b'<?xml version="1.0" encoding="utf-8"?><meeting><meetingid>1</meetingid>'
           b"<agendaitems><agendaitem><agendaitemid>5</agendaitemid>"
           b"<agendaitemtitle>Care &amp;amp; Support at Home</agendaitemtitle>"
           b"<agendatext>&amp;lt;p&amp;gt;Fees of &amp;amp;pound;14.2m&amp;lt;/p&amp;gt;</agendatext>"
           b"</agendaitem></agendaitems></meeting>")
    item = mg.parse_meeting_xml(xml, "https://x/").items[0]
    assert item.title == "Care & Support at Home"
    assert item.text == "Fees of \u00a314.2m"


def test_raw_html_undeclared_entities_and_bare_ampersands():
    xml = (b"<meeting><meetingid>2</meetingid><meetingdate>03/10/2024</meetingdate><agendaitems><agendaitem>"
           b"<agendaitemid>6</agendaitemid><agendaitemtitle>Homes & care&nbsp;services</agendaitemtitle>"
           b"<agendatext><div class=\"WordSection1\"><p>Raw <b>HTML</b> inside &pound;5</p><br></div></agendatext>"
           b"</agendaitem></agendaitems></meeting>")
    d = mg.parse_meeting_xml(xml, "https://x/")
    assert d.date == "2024-10-03"
    assert d.items[0].title == "Homes & care services"
    assert d.items[0].text == "Raw HTML inside \u00a35"


def test_soap_envelope_and_namespaces():
    xml = (b'<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
           b'<soap:Body><GetCommitteesResponse xmlns="http://moderngov.co.uk/namespaces"><GetCommitteesResult>'
           b"<committees><committee><committeeid>9</committeeid><committeetitle>Cabinet</committeetitle>"
           b"</committee></committees></GetCommitteesResult></GetCommitteesResponse></soap:Body></soap:Envelope>")
    assert [(c.id, c.title) for c in mg.parse_committees_xml(xml)] == [(9, "Cabinet")]


def test_an_html_error_page_is_not_a_committee_list():
    assert mg.parse_committees_xml(b"<!DOCTYPE html><html><body>Service unavailable</body></html>") is None
    assert mg.parse_committees_xml(b"") is None
    assert mg.parse_committees_xml(b"<getmeetings></getmeetings>") is None


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file://{secret}">]>'
           "<committees><committee><committeeid>1</committeeid><committeetitle>A&x;</committeetitle>"
           "</committee></committees>").encode()
    cs = mg.parse_committees_xml(xml) or []
    assert all("TOP SECRET" not in c.title for c in cs)


# -- the fixture site's pages (web service and HTML) ----------------------------------------------
def test_fixture_web_service(site):
    cs = mg.parse_committees_xml(get(site, "/mgWebService.asmx/GetCommittees"))
    assert [c.id for c in cs if not c.deleted] == [101, 214, 305, 412]
    site.throttle_left.clear()  # no 429 here: this client does not retry
    ms = mg.parse_meetings_xml(get(site, "/mgWebService.asmx/GetMeetings?lCommitteeId=214&sFromDate=01/01/2025&sToDate=31/12/2025"))
    assert sorted((m.id, m.cancelled) for m in ms) == [(7101, False), (7102, False), (7103, True)]
    d = mg.parse_meeting_xml(get(site, "/mgWebService.asmx/GetMeeting?lMeetingId=7001"), site.base_url + "/")
    item = next(i for i in d.items if i.id == 30103)
    assert item.title == "Care & Support at Home: re-tender of the home care service"
    assert "\u00a314.2 million" in item.minutes and item.is_decision
    assert item.attachments[0].url == site.url("/documents/s5101/Care%20and%20Support%20at%20Home%20re-tender%20report.pdf")


def test_fixture_html_pages(site):
    cs = mg.parse_committees_html(get(site, "/mgListCommittees.aspx"), site.url("/mgListCommittees.aspx"))
    assert [c.id for c in cs] == [101, 214, 305, 412]
    url = site.url("/ieListMeetings.aspx?CId=214&Year=2025")
    ms = mg.parse_meetings_html(get(site, "/ieListMeetings.aspx?CId=214&Year=2025"), url)
    assert sorted((m.id, m.date, m.cancelled) for m in ms) == [
        (7101, "2025-01-21", False), (7102, "2025-05-20", False), (7103, "2025-02-11", True)]
    assert ms[0].url.startswith(site.url("/ieListDocuments.aspx?CId=214&MId="))
    murl = site.url("/ieListDocuments.aspx?CId=101&MId=7003&Ver=4")
    d = mg.parse_meeting_html(get(site, "/ieListDocuments.aspx?CId=101&MId=7003&Ver=4"), murl)
    assert d.id == 7003 and d.committee_id == 101 and d.date == "2025-06-24"
    assert [(i.id, i.title) for i in d.items] == [(30301, "Extra care housing support contract: extension"),
                                                  (30302, "Council tax support scheme")]
    assert [a.id for a in d.items[0].attachments] == [5305, 5306]
    dec = mg.parse_decision_html(get(site, "/ieDecisionDetails.aspx?ID=9001"), site.url("/ieDecisionDetails.aspx?ID=9001"))
    assert dec.date == "2024-12-04" and [a.id for a in dec.attachments] == [5401]
    assert [a.id for a in mg.parse_item_html(get(site, "/mgAi.aspx?ID=30202"), site.url("/mgAi.aspx?ID=30202"))] == [5202]


# -- URLs, dates, relevance -------------------------------------------------------------------------
@pytest.mark.parametrize("given,root", [
    ("https://democracy.example.gov.uk", "https://democracy.example.gov.uk"),
    ("https://democracy.example.gov.uk/", "https://democracy.example.gov.uk"),
    ("https://Democracy.Example.gov.uk/mgListCommittees.aspx?bcr=1", "https://democracy.example.gov.uk"),
    ("https://www.example.gov.uk/moderngov/ieListDocuments.aspx?CId=1&MId=2", "https://www.example.gov.uk/moderngov"),
    ("https://council.example/mgWebService.asmx/GetCommittees", "https://council.example"),
])
def test_site_root(given, root):
    assert mg.site_root(given) == root


def test_urls():
    root = "https://c.example"
    assert mg.clean_url("https://c.example/documents/s1/A B.pdf#p2") == "https://c.example/documents/s1/A%20B.pdf"
    assert mg.decisions_list_url(root, date(2024, 1, 1), date(2024, 12, 31)).startswith(
        "https://c.example/mgDelegatedDecisions.aspx?XXR=0&DR=01%2f01%2f2024-31%2f12%2f2024&")
    assert mg.clean_url(mg.decisions_list_url(root, date(2024, 1, 1), date(2024, 12, 31))) == \
        mg.decisions_list_url(root, date(2024, 1, 1), date(2024, 12, 31))
    assert mg.ws_url(root, "GetMeetings", lCommitteeId=3, sFromDate="01/01/2024") == \
        "https://c.example/mgWebService.asmx/GetMeetings?lCommitteeId=3&sFromDate=01/01/2024"
    assert mg.attachment_id("https://c.example/documents/s7942/polc2%20-%2023.09.2015.pdf") == 7942
    assert mg.attachment_id("https://c.example/mgConvert2PDF.aspx?ID=60860") == 60860


@pytest.mark.parametrize("text,iso", [
    ("22/10/2015", "2015-10-22"), ("22&#47;10&#47;2015", "2015-10-22"), ("1/4/2025 - Cabinet", "2025-04-01"),
    ("Tuesday, 12th November, 2024 10.00 am", "2024-11-12"), ("12 Nov 2024 6.30 pm", "2024-11-12"),
    ("31/02/2024", None), ("soon", None), (None, None)])
def test_parse_date(text, iso):
    assert mg.parse_date(text) == iso


def test_relevance():
    for t in ("Care & Support at Home: re-tender", "Reablement service: bringing the service in house",
              "Waiver of contract procedure rules", "Supported living framework", "Better Care Fund plan"):
        assert mg.relevant(t), t
    for t in ("Apologies for absence", "Minutes of the previous meeting", "Highways maintenance programme",
              "Land at Mill Lane: application 24/01234/FUL", "Purchase of winter gritting salt", "Work programme"):
        assert not mg.relevant(t), t
