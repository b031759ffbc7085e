"""ModernGov (Civica) council sites: discover meetings, agenda items, decisions and reports.

Discovery uses the site's web service (``mgWebService.asmx``: GetCommittees, GetMeetings,
GetMeeting) when it answers, and falls back to the HTML pages when an install has switched it
off (``mgListCommittees.aspx``, ``ieListMeetings.aspx?CId=&Year=``, ``ieListDocuments.aspx``).
Decisions are only on HTML pages: ``mgDelegatedDecisions.aspx`` lists, ``ieDecisionDetails.aspx``
details. What is stored as documents: the page of each relevant agenda item (``mgAi.aspx?ID=``),
each relevant decision (``ieDecisionDetails.aspx?ID=``) and the report PDFs they link to.

Parsing is lenient: the service's XML may carry undeclared HTML entities or raw HTML, and its
text is often HTML-escaped twice (``&amp;amp;``); pages are read by link patterns and ModernGov's
label text rather than by layout. The parsers are plain functions over bytes so they can be
tested against saved responses; ``ModernGovSync`` drives them through a crawl (``sync.Crawl``).
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field
from datetime import date
from html.entities import name2codepoint
from typing import TYPE_CHECKING, Iterable
from urllib.parse import parse_qs, quote, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

if TYPE_CHECKING:  # pragma: no cover
    from ..sync import Crawl, CrawlRow
    from .fetch import Response

# Words that make an agenda item, decision or news item worth fetching for care-contract
# decisions. Broad on purpose: the extractor decides; this only keeps a council's planning,
# licensing and highways business out of the store. A source's ``all_items`` option turns it off.
RELEVANT = re.compile(r"""\b(
    care|carers?|caring|social|health\w*|nhs|icb|ccg|clinical|domiciliary|home\s?care|homecare|
    reablement|intermediate|supported\s+living|extra\s+care|nursing|residential|learning\s+disabilit\w*|
    mental|dementia|disabilit\w*|autism|day\s+(?:services?|opportunities|centres?)|respite|short\s+breaks|
    advocacy|safeguarding|equipment|commission\w*|contracts?|contractual|tender\w*|re-?tender\w*|
    procure\w*|framework|outsourc\w*|insourc\w*|in-?house|providers?|waiver|exemption|extension|
    award\w*|tupe|section\s+75|s75|better\s+care\s+fund|public\s+health|hospital|discharge
)\b""", re.I | re.X)

# Committees whose business is never a care contract: skipped unless the source names its
# committees or asks for all items (and kept if the title also says care or health).
ROUTINE_COMMITTEE = re.compile(r"""\b(
    planning|licensing|licen[cs]e|development\s+(?:control|management)|appeals?|standards|pensions?|
    rights\s+of\s+way|taxi|gambling|traffic|parking|electoral|remuneration
)\b""", re.I | re.X)

DOC_LINK = re.compile(r"(^|/)documents/|mgConvert2PDF\.aspx|\.pdf($|\?)", re.I)
ATTACHMENT_ID = re.compile(r"(?:/documents/s(\d+)/|mgConvert2PDF\.aspx\?(?:.*&)?ID=(\d+))", re.I)
PAGE_NAMES = re.compile(r"/(mg|ie)\w+\.aspx$|/mgWebService\.asmx.*$", re.I)
DATE_DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
DATE_WORDS = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}),?\s+(\d{4})\b")
MONTHS = {m.lower(): i for i, m in enumerate(
    ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"]) if m}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9


def relevant(*texts: str | None) -> bool:
    return any(t and RELEVANT.search(t) for t in texts)


# -- records ---------------------------------------------------------------------------------
@dataclass
class Committee:
    id: int
    title: str
    deleted: bool = False
    expired: bool = False
    category: str | None = None


@dataclass
class Meeting:
    id: int
    committee_id: int | None = None
    date: str | None = None  # ISO
    time: str | None = None
    status: str | None = None
    url: str | None = None

    @property
    def cancelled(self) -> bool:
        return bool(self.status and "cancel" in self.status.lower())


@dataclass
class Attachment:
    url: str
    title: str = ""
    id: int | None = None
    restricted: bool = False

    @property
    def ref(self) -> str:
        return f"att:{self.id}" if self.id is not None else f"url:{self.url}"


@dataclass
class AgendaItem:
    id: int | None
    title: str
    number: str = ""
    text: str = ""
    minutes: str = ""
    is_decision: bool = False
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class MeetingDetail:
    id: int | None
    committee_id: int | None = None
    committee: str | None = None
    date: str | None = None
    status: str | None = None
    items: list[AgendaItem] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)  # not tied to an item


@dataclass
class DecisionRef:
    id: int
    title: str
    url: str
    published: str | None = None
    effective: str | None = None


@dataclass
class DecisionPage:
    title: str | None
    fields: dict[str, str]
    date: str | None
    attachments: list[Attachment]
    meeting_url: str | None = None


# -- URLs ------------------------------------------------------------------------------------
def site_root(url: str) -> str:
    """The site root holding mgWebService.asmx: drop a page name, query and trailing slash."""
    p = urlsplit(url.strip())
    path = PAGE_NAMES.sub("", p.path).rstrip("/")
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), path, "", ""))


def clean_url(url: str) -> str:
    """Percent-encode what ModernGov leaves raw (spaces in document names); drop fragments."""
    p = urlsplit(url.strip())
    path = quote(p.path, safe="/%:@!$&'()*+,;=-._~")
    query = quote(p.query, safe="=&%/:+,;@!$'()*?-._~")
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), path or "/", query, ""))


def absolute(base: str, href: str) -> str:
    return clean_url(urljoin(base, htmllib.unescape(href.strip())))


def ws_url(root: str, op: str, **params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{root}/mgWebService.asmx/{op}" + (f"?{query}" if query else "")


def meetings_page_url(root: str, cid: int, year: int) -> str:
    return f"{root}/ieListMeetings.aspx?CId={cid}&Year={year}"


def meeting_page_url(root: str, cid: int | None, mid: int) -> str:
    return f"{root}/ieListDocuments.aspx?CId={cid}&MId={mid}&Ver=4" if cid else f"{root}/ieListDocuments.aspx?MId={mid}&Ver=4"


def item_url(root: str, aiid: int) -> str:
    return f"{root}/mgAi.aspx?ID={aiid}"


def decision_url(root: str, did: int) -> str:
    return f"{root}/ieDecisionDetails.aspx?ID={did}"


def decisions_list_url(root: str, start: date, end: date) -> str:
    dr = f"{start:%d}%2f{start:%m}%2f{start:%Y}-{end:%d}%2f{end:%m}%2f{end:%Y}"
    return (f"{root}/mgDelegatedDecisions.aspx?XXR=0&DR={dr}&ACT=Find&RP=0&K=0&V=0&DM=0&HD=0&DS=2"
            "&Next=true&META=mgdelegateddecisions")


def query_int(url: str, *names: str) -> int | None:
    q = {k.lower(): v for k, v in parse_qs(urlsplit(url).query).items()}
    for n in names:
        v = q.get(n.lower())
        if v and v[0].strip().isdigit():
            return int(v[0].strip())
    return None


def attachment_id(url: str) -> int | None:
    m = ATTACHMENT_ID.search(url)
    return int(m.group(1) or m.group(2)) if m else None


# -- dates and text --------------------------------------------------------------------------
def parse_date(text: str | None) -> str | None:
    """``dd/mm/yyyy`` (ModernGov's form) or ``12th November, 2024`` to ISO, else None."""
    if not text:
        return None
    text = htmllib.unescape(text)
    m = DATE_DMY.search(text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        m = DATE_WORDS.search(text)
        if m and m.group(2).lower() in MONTHS:
            return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
    except ValueError:
        return None
    return None


def squash(text: str) -> str:
    return " ".join(text.split())


def unescape_twice(text: str) -> str:
    """Undo HTML escaping up to twice (the service escapes some text twice)."""
    for _ in range(2):
        if "&" not in text:
            break
        new = htmllib.unescape(text)
        if new == text:
            break
        text = new
    return text


def html_to_plain(fragment: str) -> str:
    """An HTML fragment (or plain text) to one paragraph-per-line plain text."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return squash(unescape_twice(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return squash(unescape_twice(re.sub(r"<[^>]+>", " ", fragment)))
    for el in root.iter():  # source line breaks are spaces; only block elements break lines
        if el.text:
            el.text = el.text.replace("\n", " ")
        if el.tail:
            el.tail = el.tail.replace("\n", " ")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter("p", "div", "li", "tr", "h1", "h2", "h3", "h4"):
        el.tail = "\n" + (el.tail or "")
    lines = [squash(unescape_twice(line)) for line in root.text_content().split("\n")]
    return "\n".join(line for line in lines if line)


# -- XML (web service) ------------------------------------------------------------------------
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}


def _fix_entities(text: str) -> str:
    def named(m: re.Match) -> str:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        cp = name2codepoint.get(name) or name2codepoint.get(name.lower())
        return f"&#{cp};" if cp else f"&amp;{name};"

    text = re.sub(r"&([A-Za-z][A-Za-z0-9]*);", named, text)
    return re.sub(r"&(?!#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)", "&amp;", text)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def parse_xml(data: bytes) -> etree._Element | None:
    """Parse the service's XML leniently; namespaces and SOAP wrapping removed, tags lower-cased."""
    text = _decode(data).lstrip()
    text = re.sub(r"^<\?xml[^>]*\?>", "", text).lstrip()
    if not text.startswith("<") or re.match(r"<!doctype html|<html", text, re.I):
        return None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(_fix_entities(text).encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = etree.QName(el).localname.lower()
    if root.tag == "envelope":  # SOAP: Envelope/Body/<Op>Response/<Op>Result/<root>
        body = root.find("body")
        node = body[0] if body is not None and len(body) else None
        while node is not None and node.tag.endswith(("response", "result")) and len(node):
            node = node[0]
        root = node if node is not None else root
    return root


def _inner(el: etree._Element | None) -> str:
    """An element's content as a string: its text, or its raw-HTML children serialised."""
    if el is None:
        return ""
    if len(el) == 0:
        return el.text or ""
    parts = [el.text or ""]
    for child in el:
        parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts)


def xml_text(el: etree._Element | None, tag: str | None = None) -> str:
    """A text field, unescaped twice and stripped of any markup."""
    node = el.find(tag) if (el is not None and tag) else el
    raw = _inner(node)
    if not raw.strip():
        return ""
    return html_to_plain(_html_field(raw)) if "<" in unescape_twice(raw) else squash(unescape_twice(raw))


def _html_field(raw: str) -> str:
    # An HTML body arrives escaped once (XML-parsed into markup) or twice (still &lt;p&gt;).
    if "<" not in raw and re.search(r"&lt;/?[a-zA-Z]", raw):
        raw = htmllib.unescape(raw)
    return raw


def xml_html(el: etree._Element | None, tag: str) -> str:
    """An HTML-bearing field (agendatext, minutes) as plain text."""
    node = el.find(tag) if el is not None else None
    return html_to_plain(_html_field(_inner(node)))


def _int(s: str) -> int | None:
    s = s.strip()
    return int(s) if s.isdigit() else None


def _bool(s: str) -> bool:
    return s.strip().lower() in ("true", "1", "yes")


def parse_committees_xml(data: bytes) -> list[Committee] | None:
    root = parse_xml(data)
    if root is None or root.tag not in ("committees", "getcommittees", "getcommitteesresult"):
        return None
    out = []
    for c in root.iter("committee"):
        cid = _int(xml_text(c, "committeeid"))
        if cid is None:
            continue
        out.append(Committee(cid, xml_text(c, "committeetitle"), _bool(xml_text(c, "committeedeleted")),
                             _bool(xml_text(c, "committeeexpired")), xml_text(c, "committeecategory") or None))
    return out


def parse_meetings_xml(data: bytes) -> list[Meeting] | None:
    root = parse_xml(data)
    if root is None:
        return None
    out = []
    for com in root.iter("committee"):
        cid = _int(xml_text(com, "committeeid"))
        for m in com.iter("meeting"):
            mid = _int(xml_text(m, "meetingid"))
            if mid is not None:
                out.append(Meeting(mid, cid, parse_date(xml_text(m, "meetingdate")), xml_text(m, "meetingtime") or None,
                                   xml_text(m, "meetingstatus") or None))
    if not out:  # meetings not grouped by committee (GetAllMeetingsByDate and variants)
        for m in root.iter("meeting"):
            mid = _int(xml_text(m, "meetingid"))
            if mid is not None:
                out.append(Meeting(mid, _int(xml_text(m, "committeeid")), parse_date(xml_text(m, "meetingdate")),
                                   xml_text(m, "meetingtime") or None, xml_text(m, "meetingstatus") or None))
    return out


def _linked_docs(parent: etree._Element | None, base: str) -> list[Attachment]:
    out = []
    if parent is None:
        return out
    for d in parent.findall("linkeddoc"):
        url = xml_text(d, "url")
        if not url:
            continue
        url = absolute(base, url)
        aid = _int(xml_text(d, "attachmentid"))
        out.append(Attachment(url, xml_text(d, "title"), aid if aid is not None else attachment_id(url),
                              _bool(xml_text(d, "isrestricted"))))
    return out


def parse_meeting_xml(data: bytes, base: str) -> MeetingDetail | None:
    root = parse_xml(data)
    if root is None:
        return None
    m = root if root.tag == "meeting" else root.find(".//meeting")
    if m is None:
        return None
    detail = MeetingDetail(_int(xml_text(m, "meetingid")), _int(xml_text(m, "committeeid")),
                           xml_text(m, "committeetitle") or None, parse_date(xml_text(m, "meetingdate")),
                           xml_text(m, "meetingstatus") or None)
    detail.attachments = _linked_docs(m.find("linkeddocuments"), base)
    items = m.find("agendaitems")
    for it in (items.findall("agendaitem") if items is not None else []):
        if _bool(xml_text(it, "isrestricted")):
            continue
        minutes = xml_html(it, "minutesnonemptyhtmlbody") or xml_html(it, "minutes") or xml_html(it, "decisiontext")
        detail.items.append(AgendaItem(
            _int(xml_text(it, "agendaitemid")), xml_text(it, "agendaitemtitle"),
            xml_text(it, "fulldisplaynumberformat") or xml_text(it, "agendaitemnumber"),
            xml_html(it, "agendatext"), minutes, _bool(xml_text(it, "isdecision")),
            _linked_docs(it.find("linkeddocuments"), base)))
    return detail


# -- HTML pages ------------------------------------------------------------------------------
def _html_root(data: bytes):
    text = _decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _links(root, pattern: re.Pattern) -> Iterable:
    for a in root.iter("a"):
        href = a.get("href")
        if href and pattern.search(href):
            yield a, href


def _link_text(a) -> str:
    a = lxml.html.fromstring(lxml.html.tostring(a))  # a copy, so hidden spans can go
    for hidden in a.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' mgHide ')]"
                          " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' mgFileSize ')]"):
        hidden.drop_tree()
    return squash(a.text_content())


def _attachments_in(node, base: str) -> list[Attachment]:
    out: dict[str, Attachment] = {}
    for a, href in _links(node, DOC_LINK):
        url = absolute(base, href)
        if url not in out:
            out[url] = Attachment(url, _link_text(a), attachment_id(url))
    return list(out.values())


def parse_committees_html(data: bytes, base: str) -> list[Committee]:
    root = _html_root(data)
    if root is None:
        return []
    out: dict[int, Committee] = {}
    for a, href in _links(root, re.compile(r"mgCommitteeDetails\.aspx\?|ieListMeetings\.aspx\?", re.I)):
        cid = query_int(href, "ID", "CId")
        title = _link_text(a)
        if cid is not None and title and cid not in out:
            out[cid] = Committee(cid, title)
    return list(out.values())


def parse_meetings_html(data: bytes, base: str) -> list[Meeting]:
    root = _html_root(data)
    if root is None:
        return []
    out: dict[int, Meeting] = {}
    for a, href in _links(root, re.compile(r"ieListDocuments\.aspx\?", re.I)):
        mid = query_int(href, "MId", "MeetingId")
        if mid is None or mid in out:
            continue
        text = _link_text(a)
        status = "Cancelled" if "cancel" in text.lower() else None
        out[mid] = Meeting(mid, query_int(href, "CId"), parse_date(text), None, status, absolute(base, href))
    return list(out.values())


def parse_meeting_html(data: bytes, base: str) -> MeetingDetail | None:
    """``ieListDocuments.aspx``: agenda items (``mgAi.aspx?ID=`` links) with their documents."""
    root = _html_root(data)
    if root is None:
        return None
    detail = MeetingDetail(query_int(base, "MId", "MeetingId"), query_int(base, "CId"))
    label = _labelled(root)
    detail.date = parse_date(label.get("meeting") or label.get("date") or "")
    seen_docs: set[str] = set()
    rows = root.xpath("//table[contains(@class,'mgItemTable')]//tr") or []
    for row in rows:
        link = next(iter(_links(row, re.compile(r"mgAi\.aspx\?", re.I))), None)
        title_el = row.xpath(".//*[contains(@class,'mgAiTitleTxt')]")
        if link is not None:
            a, href = link
            aiid, title = query_int(href, "ID"), _link_text(a)
        elif title_el:
            aiid, title = None, squash(title_el[-1].text_content())
        else:
            continue
        if not title or re.fullmatch(r"[\dA-Za-z]{1,4}\.?", title):
            continue
        docs = _attachments_in(row, base)
        seen_docs.update(d.url for d in docs)
        number = squash(title_el[0].text_content()) if title_el else ""
        detail.items.append(AgendaItem(aiid, title, number, squash(row.text_content()), "", False, docs))
    if not rows:  # unfamiliar layout: every item link, every document link
        for a, href in _links(root, re.compile(r"mgAi\.aspx\?", re.I)):
            detail.items.append(AgendaItem(query_int(href, "ID"), _link_text(a)))
    detail.attachments = [d for d in _attachments_in(root, base) if d.url not in seen_docs]
    return detail


def _labelled(root) -> dict[str, str]:
    """``<span class="mgLabel">Decision Maker: </span>value`` pairs, keys lower-cased without colons."""
    out: dict[str, str] = {}
    for lab in root.xpath("//*[contains(@class,'mgLabel')]"):
        key = squash(lab.text_content()).rstrip(":").strip().lower()
        parent = lab.getparent()
        if not key or parent is None or key in out:
            continue
        whole = squash(parent.text_content())
        label_text = squash(lab.text_content())
        value = whole[len(label_text):].strip() if whole.startswith(label_text) else ""
        out[key] = value
    return out


def parse_decision_list_html(data: bytes, base: str) -> list[DecisionRef]:
    """``mgDelegatedDecisions.aspx`` / ``mgListOfficerDecisions.aspx`` tables."""
    root = _html_root(data)
    if root is None:
        return []
    out: dict[int, DecisionRef] = {}
    for a, href in _links(root, re.compile(r"ieDecisionDetails\.aspx\?", re.I)):
        did = query_int(href, "ID")
        if did is None or did in out:
            continue
        row = next((p for p in a.iterancestors() if p.tag == "tr"), None)
        dates: list[str] = []
        if row is not None:
            for td in row.findall("td"):
                if a in td.iter("a"):
                    continue
                d = parse_date(td.text_content())
                if d:
                    dates.append(d)
        out[did] = DecisionRef(did, _link_text(a), absolute(base, href), dates[0] if dates else None,
                               dates[1] if len(dates) > 1 else None)
    return list(out.values())


def parse_decision_html(data: bytes, base: str) -> DecisionPage | None:
    root = _html_root(data)
    if root is None:
        return None
    title_el = root.xpath("//*[contains(@class,'mgSubTitleTxt')]")
    title = squash(title_el[0].text_content()) if title_el else None
    fields = _labelled(root)
    when = parse_date(fields.get("date of decision")) or parse_date(fields.get("publication date"))
    meeting = None
    for lab in root.xpath("//*[contains(@class,'mgLabel')]"):
        if "decided at meeting" in lab.text_content().lower():
            a = lab.getparent().find(".//a") if lab.getparent() is not None else None
            if a is not None and a.get("href"):
                meeting = absolute(base, a.get("href"))
    content = root.xpath("//*[contains(@class,'mgContent')]")
    docs = _attachments_in(content[0] if content else root, base)
    return DecisionPage(title, fields, when, docs, meeting)


def parse_item_html(data: bytes, base: str) -> list[Attachment]:
    """The documents an agenda item (``mgAi.aspx``) links to."""
    root = _html_root(data)
    if root is None:
        return []
    content = root.xpath("//*[@id='modgov']") or [root]
    return _attachments_in(content[0], base)


# -- the crawl -------------------------------------------------------------------------------
def _years(since: date, today: date) -> list[int]:
    last = today.year + (1 if today.month >= 10 else 0)  # next year's calendar fills from autumn
    return list(range(since.year, last + 1))


class ModernGovSync:
    """Crawls one ModernGov site through a ``sync.Crawl`` (state, fetching, storing)."""

    def __init__(self, crawl: "Crawl"):
        self.c = crawl
        self.root = site_root(crawl.source_url)
        opts = crawl.options
        self.since = date.fromisoformat(opts["since"]) if opts.get("since") else crawl.default_since()
        self.filters = [str(x).strip().lower() for x in opts.get("committees") or [] if str(x).strip()]
        self.all_items = bool(opts.get("all_items"))
        self.want_decisions = opts.get("decisions", True)
        self.mode = "ws"

    # -- discovery -----------------------------------------------------------------------
    def run(self) -> None:
        committees = self.committees()
        chosen = [c for c in committees if self.wanted(c)]
        if self.filters and not chosen:
            self.c.error(self.c.source_url, "no committee matches --committees "
                         + ", ".join(self.filters) + f" (the site lists {len(committees)})")
        for com in chosen:
            self.meetings(com)
        if self.want_decisions:
            self.decision_lists()
        self.c.process({"meeting": self.on_meeting, "decision": self.on_decision, "item": self.on_item,
                        "document": self.on_document})

    def wanted(self, com: Committee) -> bool:
        if com.deleted:
            return False
        if not self.filters:
            return self.all_items or not ROUTINE_COMMITTEE.search(com.title) or relevant(com.title)
        title = com.title.lower()
        return any(f == str(com.id) or f in title for f in self.filters)

    def committees(self) -> list[Committee]:
        url = ws_url(self.root, "GetCommittees")
        r = self.c.fetch(url, "committees", conditional=False, record_errors=False)
        found = parse_committees_xml(r.content) if r is not None else None
        if found:
            self.mode = "ws"
        else:
            self.mode = "html"
            r = self.c.fetch(f"{self.root}/mgListCommittees.aspx", "committees", conditional=False,
                             record_errors=False)
            found = parse_committees_html(r.content, r.url) if r is not None else []
            if not found:
                why = self.c.last_error or "no committees found on the page"
                raise self.c.SourceFailed(f"cannot list committees (web service and mgListCommittees.aspx): {why}")
        self.c.note("mode", self.mode)
        return found

    def meetings(self, com: Committee) -> None:
        for year in _years(self.since, self.c.today):
            if self.mode == "ws":
                url = ws_url(self.root, "GetMeetings", lCommitteeId=com.id, sFromDate=f"01/01/{year}",
                             sToDate=f"31/12/{year}")
            else:
                url = meetings_page_url(self.root, com.id, year)
            if self.c.is_settled(url):
                continue
            r = self.c.fetch(url, "meetings", title=f"{com.title} {year}")
            if r is None:
                continue
            if not r.not_modified:
                found = parse_meetings_xml(r.content) if self.mode == "ws" else parse_meetings_html(r.content, url)
                for m in found or []:
                    if m.cancelled or (m.date and m.date < self.since.isoformat()):
                        continue
                    if self.mode == "ws":
                        murl = ws_url(self.root, "GetMeeting", lMeetingId=m.id)
                    else:
                        murl = m.url or meeting_page_url(self.root, com.id, m.id)
                    self.c.enqueue(murl, "meeting", parent=url, ref=f"meeting:{m.id}", date=m.date,
                                   title=f"{com.title} {m.date or ''}".strip(),
                                   meta={"committee_id": com.id, "committee": com.title, "meeting_id": m.id})
            # The service's window is the calendar year; the HTML "Year" may be a municipal year.
            year_end = date(year, 12, 31) if self.mode == "ws" else date(year + 1, 5, 31)
            if self.c.is_old(year_end.isoformat()):
                self.c.settle(url)

    def decision_lists(self) -> None:
        for year in _years(self.since, self.c.today):
            start, end = date(year, 1, 1), date(year, 12, 31)
            url = decisions_list_url(self.root, start, end)
            if self.c.is_settled(url):
                continue
            r = self.c.fetch(url, "decisions", title=f"decisions {year}")
            if r is None:
                continue
            if not r.not_modified:
                for d in parse_decision_list_html(r.content, url):
                    when = d.published or d.effective
                    if when and when < self.since.isoformat():
                        continue
                    if not (self.all_items or relevant(d.title)):
                        continue
                    self.c.enqueue(decision_url(self.root, d.id), "decision", parent=url, ref=f"decision:{d.id}",
                                   date=when, title=d.title)
            if self.c.is_old(end.isoformat()):
                self.c.settle(url)

    # -- handlers for queued pages ---------------------------------------------------------
    def enqueue_docs(self, docs: Iterable[Attachment], parent: "CrawlRow", when: str | None) -> None:
        for d in docs:
            if d.restricted or not d.url.startswith(("http://", "https://")):
                continue
            self.c.enqueue(d.url, "document", parent=parent.url, ref=d.ref, date=when, title=d.title or None,
                           meta={k: v for k, v in (parent.meta or {}).items()
                                 if k in ("committee", "committee_id", "meeting_id")} | {"from": parent.url})

    def on_meeting(self, row: "CrawlRow", r: "Response") -> None:
        ws = "mgwebservice.asmx" in row.url.lower()
        detail = parse_meeting_xml(r.content, self.root + "/") if ws else parse_meeting_html(r.content, row.url)
        if detail is None:
            raise self.c.CrawlError("cannot read the meeting page")
        when = detail.date or row.date
        meta = dict(row.meta or {})
        meta.setdefault("meeting_url", meeting_page_url(self.root, meta.get("committee_id") or detail.committee_id,
                                                        detail.id or meta.get("meeting_id") or 0))
        needs_page = False
        for it in detail.items:
            if not (self.all_items or relevant(it.title, it.text, it.minutes)):
                continue
            if it.id is not None:
                self.c.enqueue(item_url(self.root, it.id), "item", parent=row.url, ref=f"item:{it.id}", date=when,
                               title=it.title, meta=meta | {"item_id": it.id})
            else:
                needs_page = True
            self.enqueue_docs(it.attachments, row, when)
        if needs_page and not ws:  # items without pages of their own: the meeting page holds their text
            self.c.ingest(row, r)
        if self.c.is_old(when):
            self.c.settle(row.url)

    def on_item(self, row: "CrawlRow", r: "Response") -> None:
        self.c.ingest(row, r)
        self.enqueue_docs(parse_item_html(r.content, row.url), row, row.date)
        if self.c.is_old(row.date):
            self.c.settle(row.url)

    def on_decision(self, row: "CrawlRow", r: "Response") -> None:
        self.c.ingest(row, r)
        page = parse_decision_html(r.content, row.url)
        when = (page.date if page else None) or row.date
        if page is not None:
            self.enqueue_docs(page.attachments, row, when)
        if self.c.is_old(when):
            self.c.settle(row.url)

    def on_document(self, row: "CrawlRow", r: "Response") -> None:
        self.c.ingest(row, r)
        self.c.settle(row.url)  # report PDFs do not change; a revised one gets a new attachment id


def sync_source(crawl: "Crawl") -> None:
    ModernGovSync(crawl).run()
