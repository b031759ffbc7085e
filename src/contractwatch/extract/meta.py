"""Document facts: type, title, date, publisher, and the meeting a decision was taken at."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .spans import find_dates

MEETING_LINE = re.compile(r"^\s*Meeting:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*-\s*(?P<body>[^\n(]+?)\s*(?:\([^()\n]{1,40}\)\s*)?(?:\(Item\s*[\w.]+\))?\s*$", re.M)
DECIDED_AT = re.compile(r"^\s*(?:Decided|Made)\s+at\s+meeting:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*-\s*(?P<body>[^\n(]+?)\s*$", re.M | re.I)
# A label's value, on its line or the next, which is not itself an empty label ("Decision Maker:\nOutcome:").
LABEL = r"^\s*{label}\s*:?[ \t]*(?:\n[ \t]*){{0,2}}(?![^\n:]{{1,40}}:[ \t]*(?:\n|$))(?P<value>[^:\s][^\n]*\S|[^:\s])"
DECISION_MAKER = re.compile(LABEL.format(label=r"Decision\s+Maker"), re.M | re.I)
# (an award notice's "Awarded date" is the date the award was decided)
DATE_OF_DECISION = re.compile(LABEL.format(label=r"(?:Date\s+of\s+decision|Decision\s+date|Date\s+decision\s+(?:taken|made)|Awarded\s+date|Date\s+awarded|Award\s+date)"), re.M | re.I)
PUBLICATION = re.compile(LABEL.format(label=r"(?:Publication\s+date|Date\s+published|Published)"), re.M | re.I)
MEETING_DATE = re.compile(LABEL.format(label=r"(?:Date\s+of\s+meeting|Meeting\s+date|Date)"), re.M | re.I)
DECISION_STATUS = re.compile(LABEL.format(label=r"Decision\s+status"), re.M | re.I)
BOARD_MINUTES = re.compile(r"^\s*(?:Minutes\s+of\s+(?:the\s+)?(?:meeting\s+of\s+(?:the\s+)?)?)(?P<body>[A-Z][^\n]{2,80}?)\s+(?:held\s+)?on\s+(?P<date>[^\n]{6,40})$", re.M)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Cheap tests that the costlier header rules could match at all (each opens with its characters).
DATE_OF_DECISION_WORDS = re.compile(r"date\s+of\s+decision|decision\s+date|date\s+decision\s+(?:taken|made)|awarded\s+date|date\s+awarded|award\s+date")
WRITTEN_DATE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{4}")
MEETING_HEADER = re.compile(
    # (not a procurement record's release line: "Award - 29 Apr 2026 at 12:41", "TenderUpdate - 09 Oct 2025")
    rf"^\s*(?:Meetings\s*>\s*)?(?:Meeting\s+of\s+(?:the\s+)?)?(?!(?:Award|Tender|Planning|Contract|Engagement|Notice)\w*\s*[-–])(?P<body>[A-Z][\w ,&'()-]{{1,90}}?)\s*(?:[-–>]|\s{{3,}})\s*(?:(?:Minutes|Decisions|Agenda)\s*[-–]\s*)?(?P<date>(?:{WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{{4}})",
    re.M)
BOARD_HEADER = re.compile(
    rf"^\s*(?:Minutes\s+of\s+(?:the\s+)?(?:Meeting\s+of\s+)?(?:the\s+)?)?(?P<body>(?:[A-Z][\w&'-]*[ \t]+){{0,6}}?(?:Board|Committee|Cabinet|Executive|Council|Sub-Committee)(?:[ \t]+of[ \t]+(?:Directors|Governors))?)"
    rf"(?:\s+(?:meeting|Meeting)|\s*[-–]\s*(?:meeting|Meeting)(?=\s+(?:held\s+)?in\s+[Pp]ublic))?(?:\s*\((?:Part\s+\d[^)]*|[^)]*public[^)]*)\))?(?:\s+(?:held\s+)?in\s+(?:public|Public))?(?:\s*[-–,:]\s*|\s*\n\s*)(?P<date>(?:{WEEKDAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{{4}})",
    re.M)
REPORT_TO = re.compile(r"^\s*(?:Report\s+to|Meeting|Decision\s+taker|Decision\s+by|Decision\s+maker)\s*:\s*(?P<body>[A-Za-z][\w,&'-]*(?: [\w,&'-]+){0,10}?)(?:\s{2,}|\s*$)", re.M | re.I)
DECISION_DUE = re.compile(r"^\s*Decision\s+due:\s*(?:Not\s+before\s+)?(?P<date>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\.?\s+\d{4})\s+by\s+(?P<body>[^\n(]{3,100}?)(?:,\s*(?P=body))?\s*(?:\([^)]*\))?\s*$", re.M)  # "by Executive Board, Executive Board"
DATED_TITLE = re.compile(r"^\s*(?P<date>\d{2}/\d{2}/\d{4})\s+-\s+(?P<title>[^\n]+?)(?:\s+ref:\s*\d+\s*(?P<status>[^\n]*))?\s*$", re.M)
BODY_LINE = re.compile(r"\s*\n\s*(?P<body>(?:[A-Z][\w&,'’-]*[ \t]+){0,6}?(?:Cabinet|Council|Executive|Committee|Sub-Committee|Board|Panel)"
                       r"(?:[ \t]+Member[ \t]+for[ \t]+[^\n]{3,80})?|(?:Cabinet|Executive)[ \t]+Member[ \t]+for[ \t]+[^\n]{3,80}|"
                       r"(?:The[ \t]+)?(?:Leader|Mayor)(?:[ \t]+of[ \t]+the[ \t]+Council)?)[ \t]*(?=\n|$)")
BODY_TAIL = re.compile(r"\s+-\s+for\s+meetings\s+(?:from|until|to)\b.*$|\s*\((?:Cllr|Councillor|Councilor)\b[^)]*\)\s*$", re.I)
URL_LINE = re.compile(r"^\s*URL:\s*(?P<url>https?://\S+)", re.M)
GENERIC_TITLES = {"issue - meetings", "issue details", "decision details", "issue - decisions", "agenda item",
                  "decision", "decisions", "minutes", "tender notice", "transparency notice", "contract award notice",
                  "contract notice", "award notice", "contract details notice", "contract change notice",
                  "planned procurement notice", "pipeline notice", "agenda, decisions and minutes", "agenda and minutes",
                  "contract termination notice", "procurement termination notice", "preliminary market engagement notice",
                  # an open-data portal's stage labels above a procurement record's own title
                  "award", "tender", "planning", "planning update", "tender update", "award update", "contract"}

PAGE_TYPES = [
    (re.compile(r"ieDecisionDetails|mgDelegatedDecisions|mgDecisionDetails|/decisions?/", re.I), "decision"),
    (re.compile(r"ieIssueDetails|mgAi\.aspx|ieListDocuments|mgIssueHistory|/minutes", re.I), "minutes"),
    (re.compile(r"/documents/|\.pdf(?:$|\?)|/reports?/", re.I), "report"),
    (re.compile(r"find-tender|contractsfinder|/Notice/|ocds", re.I), "notice"),
]
NEWS_HOSTS = re.compile(r"(?:hsj|homecareinsight|communitycare|carehomeprofessional|lgcplus|publicfinance|nursingtimes|"
                        r"bbc|guardian|theguardian|localgov|thenational|news|gazette|echo|post|mail|telegraph|times|"
                        r"herald|chronicle|standard|argus|express|mirror|observer|journal|advertiser|unison)\.", re.I)


NOT_TITLE = re.compile(r">|^(?:OPEN|PART\s+\w+|EXEMPT|NOT\s+PROTECTIVELY\s+MARKED|PUBLIC|RESTRICTED|OFFICIAL)$|"
                       r"^(?:Decisions?\s+published|Decisions?\s+recommendations|Use\s+the\s+search|URL:|Support\s+our|"
                       r"Skip\s+to|Menu\b|Home\b|Search\b|Cookies?\b|Sign\s+in|Subscribe|Advertisement|[←«‹]|Back\s+to\b)|^.{121,}$|"
                       r"^(?:Meeting\s+of|Report\s+(?:of|to|author)|Agenda\b|Date\b|Venue\b|Contact\b|Present\b)|"
                       r"^[A-Z][\w ?'’()/-]{2,40}:\s+\S|^\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}$", re.I)


@dataclass
class Meta:
    type: str = "other"
    title: str | None = None
    published: str | None = None
    decision_date: str | None = None
    decision_date_span: tuple[int, int] | None = None
    # a bare "Date:" label: a meeting's date on a council page, only the publication date on news
    decision_date_labelled_only: bool = False
    decision_body: str | None = None
    decision_body_span: tuple[int, int] | None = None
    page_status: str | None = None  # from "Decision status:" on ModernGov pages
    page_status_span: tuple[int, int] | None = None
    moderngov: bool = False
    source_url: str | None = None  # a "URL:" line on a saved or mirrored page


def _first_date(s: str) -> str | None:
    found = find_dates(s)
    return found[0].value if found and found[0].kind == "day" else None


def read_meta(text: str, source: str | None = None, low: str | None = None) -> Meta:
    meta = Meta()
    head = text[:6000]
    # Each label is searched for only where its words occur at all: a line-anchored pattern
    # is otherwise tried at every position of the page head.
    text_low = text.lower() if low is None else low
    low = text_low[:6000]
    m = (MEETING_LINE.search(head) if "Meeting:" in head else None) or (
        DECIDED_AT.search(text) if "meeting:" in text_low else None)
    if m:
        meta.decision_date = _first_date(m.group("date"))
        meta.decision_date_span = m.span("date")
        body = m.group("body").strip().rstrip(".")
        meta.decision_body, meta.decision_body_span = body, (m.start("body"), m.start("body") + len(body))
        meta.moderngov = True
    dm = DECISION_MAKER.search(head) if "maker" in low else None
    if dm:
        meta.decision_body, meta.decision_body_span = dm.group("value"), dm.span("value")
        meta.moderngov = True
    dd = DATE_OF_DECISION.search(text) if DATE_OF_DECISION_WORDS.search(text_low) else None
    if dd and _first_date(dd.group("value")):
        meta.decision_date, meta.decision_date_span = _first_date(dd.group("value")), dd.span("value")
        meta.moderngov = True
    if (meta.decision_date is None or meta.decision_body is None) and WRITTEN_DATE.search(head, 0, 1500):
        for rx in (MEETING_HEADER, BOARD_HEADER):  # both need a date written out ("5 March 2024")
            hm = rx.search(head[:1500])
            if hm and _first_date(hm.group("date")):
                body = hm.group("body").strip(" -–>")
                if meta.decision_date is None:
                    meta.decision_date, meta.decision_date_span = _first_date(hm.group("date")), hm.span("date")
                if meta.decision_body is None and not re.match(r"(?i)(?:agenda|minutes|venue|contact|date|published)\b", body):
                    body = re.sub(r"^(?:Minutes\s+of\s+)?(?:the\s+)?(?:Meeting\s+of\s+)?(?:the\s+)?", "", body, flags=re.I)
                    off = hm.group(0).find(body)
                    meta.decision_body = body
                    meta.decision_body_span = (hm.start() + off, hm.start() + off + len(body))
                    meta.moderngov = True
                break
    due = DECISION_DUE.search(head) if "Decision due:" in head else None
    if due and meta.decision_body is None:
        meta.decision_body, meta.decision_body_span = due.group("body"), due.span("body")
        if meta.decision_date is None and _first_date(due.group("date")):
            meta.decision_date, meta.decision_date_span = _first_date(due.group("date")), due.span("date")
        meta.moderngov = True
    if meta.decision_body is None:
        rt = REPORT_TO.search(head[:1500])
        if rt:
            body = rt.group("body").strip()
            meta.decision_body, meta.decision_body_span = (body.title() if body.isupper() else body), rt.span("body")
            if body.isupper():
                meta.decision_body = body  # keep the text's own form; the span must match it
    if meta.decision_date is None:
        bm = BOARD_MINUTES.search(head) if "on " in head else None
        if bm and _first_date(bm.group("date")):
            meta.decision_date = _first_date(bm.group("date"))
            meta.decision_date_span = bm.span("date")
            meta.decision_body, meta.decision_body_span = bm.group("body").strip(), bm.span("body")
    if meta.decision_date is None:
        md = MEETING_DATE.search(head) if "date" in low else None
        if md and _first_date(md.group("value")):
            meta.decision_date, meta.decision_date_span = _first_date(md.group("value")), md.span("value")
            meta.decision_date_labelled_only = True
    ds = DECISION_STATUS.search(head) if "status" in low else None
    if ds:
        value = ds.group("value").lower()
        status = ("rejected" if re.search(r"reject|not approved|refused", value) else
                  "deferred" if re.search(r"defer|withdrawn|postpone|abandon", value) else
                  "proposed" if re.search(r"determination|pending|recommend(?!ations approved)|for decision|proposed", value) else
                  "approved" if re.search(r"approved|agreed|made|implemented|in force|decided", value) else None)
        if status:
            meta.page_status, meta.page_status_span = status, ds.span("value")
        meta.moderngov = True
    if any(w in low for w in ("issue - meetings", "decision details", "issue details", "agenda item")) and re.search(
            r"^\s*(?:Issue - meetings|Decision details|Issue details|Agenda item)\s*$", head, re.M | re.I):
        meta.moderngov = True
    dt = DATED_TITLE.search(head[:800]) if "/" in head[:800] else None
    if dt:
        # mgDelegatedDecisions / mgDecisionDetails lines: "16/03/2017 - Title ref: 123  Status".
        if meta.decision_date is None and _first_date(dt.group("date")):
            meta.decision_date, meta.decision_date_span = _first_date(dt.group("date")), dt.span("date")
        if meta.decision_body is None:
            # ModernGov "Issue - decisions": the body that took it stands on the next line.
            nb = BODY_LINE.match(head, dt.end())
            if nb:
                meta.decision_body, meta.decision_body_span = nb.group("body"), nb.span("body")
                meta.moderngov = True
        if dt.group("status") and meta.page_status is None:
            st = dt.group("status").lower()
            meta.page_status = ("approved" if "approved" in st else "proposed" if "determination" in st else None)
            meta.page_status_span = dt.span("status") if meta.page_status else None
    if meta.decision_body and meta.decision_body_span:
        # "Executive - for meetings from 03/06/00 to 26/04/11", "Cabinet Member for Health (Cllr Jo Bloggs)":
        # the body, without ModernGov's dates of its past names or the holder's name.
        kept = BODY_TAIL.sub("", meta.decision_body)
        if kept and kept != meta.decision_body:
            a = meta.decision_body_span[0]
            meta.decision_body, meta.decision_body_span = kept, (a, a + len(kept))
    url = URL_LINE.search(head[:1500]) if "URL:" in head[:1500] else None
    meta.source_url = url.group("url") if url else None
    meta.title = dt.group("title").strip() if dt else _title(text)
    pub = PUBLICATION.search(head) if "publi" in low else None
    meta.published = (_first_date(pub.group("value")) if pub else None) or meta.decision_date or _news_date(text)
    meta.type = _doc_type(text, source, meta)
    return meta


def _title(text: str) -> str | None:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for i, line in enumerate(lines[:8]):
        if line.lower() in GENERIC_TITLES or NOT_TITLE.search(line):
            continue
        if re.match(r"^[•·\-*]", line):
            line = line.lstrip("•·-* ").strip()
        if 3 <= len(line) <= 200 and not line.endswith(":"):
            return line
    return None


def _news_date(text: str) -> str | None:
    """A story's dateline: a full date on a short line near the top. A date inside a sentence
    ("On 1st April 2012, the Council entered into …") is an event the story tells of."""
    for d in find_dates(text[:400]):
        if d.kind == "day":
            line_start = text.rfind("\n", 0, d.start) + 1
            line_end = text.find("\n", d.end)
            line_end = len(text) if line_end < 0 else line_end
            if line_end - line_start <= 100:
                return d.value
    return None


def _doc_type(text: str, source: str | None, meta: Meta) -> str:
    if source:
        for rx, kind in PAGE_TYPES:
            if rx.search(source):
                return kind
        host = urlsplit(source).hostname or ""
        if NEWS_HOSTS.search(host + ".") or "/news" in source.lower():
            return "news"
    head = text[:3000]
    if re.search(r"^\s*Notice(?:\s+type)?:|\bpublic\s+procurement\s+record\b|^\s*Notice\s+Type\s*$", head, re.M):
        return "notice"
    if re.search(r"Decision\s+Maker:|Date\s+of\s+decision:|Decision\s+status:", head, re.I):
        return "decision"
    if meta.moderngov or re.search(r"^\s*(?:Minutes:|RESOLVED\b|Present:|Apologies)", text, re.M):
        return "minutes"
    if re.search(r"^\s*(?:\d+\.?\s*)?(?:Purpose\s+of\s+(?:the\s+)?report|Recommendations?|Executive\s+summary|Report\s+of|Report\s+author)\b", head, re.M | re.I):
        return "report"
    if re.search(r"\b(?:said|told|says|according\s+to)\b", text[:4000]) and re.search(r"[“\"]", text[:4000]):
        return "news"
    return "other"
