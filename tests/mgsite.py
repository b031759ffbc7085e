"""A fixture ModernGov site served on 127.0.0.1 for the sync tests.

The council, its committees, meetings and decisions are invented (``fixtures/moderngov_site``);
pages are rendered in ModernGov's markup style (``mg*`` classes, ``dd/mm/yyyy`` dates, the
mgWebService.asmx XML with its doubly escaped text). Besides the council pages the site has:

* a page that fails once with HTTP 500 and then works (decision 9004),
* a PDF that always fails with HTTP 500 (attachment 5305),
* a slow page (agenda item 32101 waits ``slow_delay`` seconds),
* robots.txt disallowing ``/mgConvert2PDF.aspx`` (attachment 5306 is linked that way),
* an HTTP 429 with ``Retry-After: 1`` the first time the scrutiny committee's 2025 meetings
  are asked for,
* ETags and ``If-None-Match`` (304) on every page, and
* a request log so tests can assert exactly what was fetched.

``/_test/...`` endpoints (status codes, redirects, slow, big, headers) serve the fetcher tests.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from urllib.parse import parse_qs, unquote, urlsplit

SITE_DIR = Path(__file__).parent / "fixtures" / "moderngov_site"


@dataclass
class Hit:
    method: str
    path: str  # path and query as requested (percent-decoded path)
    status: int
    user_agent: str
    at: float
    if_none_match: str | None = None

    @property
    def route(self) -> str:
        return self.path.split("?", 1)[0].lower()


def _d(s: str) -> date:
    return datetime.strptime(s, "%d/%m/%Y").date()


def _long(s: str) -> str:
    d = _d(s)
    suffix = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return f"{d:%A}, {d.day}{suffix} {d:%B}, {d.year}"


def _x(s: object) -> str:
    """Escape for XML text (so HTML fragments arrive escaped, and entities twice)."""
    return html.escape(str(s), quote=False)


def _plain(fragment: str) -> str:
    import re

    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


def make_pdf(lines: list[str]) -> bytes:
    return _pdf(tuple(lines))


@functools.lru_cache(maxsize=32)
def _pdf(lines: tuple[str, ...]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2024, 1, 1))
    pdf.set_title(lines[1] if len(lines) > 1 else lines[0])
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 7, line)
        pdf.ln(3)
    return bytes(pdf.output())


class MgSite:
    def __init__(self, *, webservice: bool = True, slow_delay: float = 0.3, etags: bool = True,
                 robots: str = "file"):
        self.data = json.loads((SITE_DIR / "site.json").read_text())
        self.templates = {p.stem: Template(p.read_text()) for p in (SITE_DIR / "templates").glob("*.html")}
        self.robots_txt = (SITE_DIR / "robots.txt").read_text()
        self.webservice = webservice
        self.slow_delay = slow_delay
        self.etags = etags
        self.robots = robots  # "file", or "404" / "500" to answer robots.txt with that status
        self.extra: dict[str, tuple[str, str | bytes]] = {}  # path (with query) -> (content type, body)
        self.log: list[Hit] = []
        self.failures_left = {"/iedecisiondetails.aspx?id=9004": 1}
        self.throttle_left = {("getmeetings", "214", "2025"): 1}
        self._counters: dict[str, int] = {}
        self._lock = threading.Lock()
        self.pdfs = {key: make_pdf(lines) for key, lines in self.data["pdfs"].items()}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True
            wbufsize = 1 << 16  # headers and body in one write, flushed per response

            def do_GET(self):  # noqa: N802 - http.server's naming
                site._handle(self)

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)
        self.thread.start()

    # -- for tests -----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def paths(self, status: int | None = None) -> list[str]:
        with self._lock:
            return [h.path for h in self.log if status is None or h.status == status]

    def hits(self, fragment: str) -> list[Hit]:
        """Requests whose path contains ``fragment`` (case-insensitive)."""
        with self._lock:
            return [h for h in self.log if fragment.lower() in h.path.lower()]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def meeting(self, mid: int) -> dict:
        return next(m for m in self.data["meetings"] if m["id"] == mid)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- dispatch ------------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        path = unquote(parts.path)
        q = {k.lower(): v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        route = path.lower()
        status, ctype, body, headers = 404, "text/html; charset=utf-8", b"", {}
        try:
            status, ctype, body, headers = self._route(route, path, q, h)
        except KeyError:
            status, body = 404, self._page("Page not found", "Page not found", "<p>No such page.</p>")
        except (ValueError, StopIteration):
            status, body = 404, self._page("Page not found", "Page not found", "<p>Bad request.</p>")
        if isinstance(body, str):
            body = body.encode("utf-8")
        inm = h.headers.get("If-None-Match")
        etag = None
        if status == 200 and self.etags and not headers.pop("no-etag", False):
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            if inm and inm == etag:
                status, body = 304, b""
        with self._lock:
            self.log.append(Hit("GET", path + (f"?{unquote(parts.query)}" if parts.query else ""), status,
                                h.headers.get("User-Agent", ""), time.monotonic(), inm))
        no_length = headers.pop("x-no-length", None)
        trickle = headers.pop("x-trickle", None)
        h.send_response(status)
        if status != 304:
            h.send_header("Content-Type", ctype)
        if etag:
            h.send_header("ETag", etag)
        for k, v in headers.items():
            h.send_header(k, v)
        if no_length:  # a body delimited by closing the connection
            h.send_header("Connection", "close")
            h.close_connection = True
        elif "Content-Length" not in headers:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if trickle:
            for i in range(0, len(body), 1024):
                try:
                    h.wfile.write(body[i:i + 1024])
                    h.wfile.flush()
                except OSError:
                    return
                time.sleep(float(trickle))
        else:
            try:
                h.wfile.write(body)
                h.wfile.flush()
            except OSError:
                pass

    def _route(self, route: str, path: str, q: dict, h):
        html_t = "text/html; charset=utf-8"
        xml_t = "text/xml; charset=utf-8"
        if route == "/robots.txt":
            if self.robots != "file":
                return int(self.robots), "text/plain", "no robots here", {}
            return 200, "text/plain", self.robots_txt, {}
        full = path + (f"?{h.path.split('?', 1)[1]}" if "?" in h.path else "")
        if full in self.extra:
            ctype, body = self.extra[full]
            return 200, ctype, body, {}
        if route.startswith("/_test/"):
            return self._test_route(route, q, h)
        if route.startswith("/mgwebservice.asmx"):
            if not self.webservice:
                return 404, html_t, self._page("Error", "Page not found", "<p>The web service is not available.</p>"), {}
            op = route.rsplit("/", 1)[-1]
            if op == "getcommittees":
                return 200, xml_t, self._ws_committees(), {}
            if op == "getmeetings":
                to_year = q.get("stodate", "0")[-4:]
                key = ("getmeetings", q.get("lcommitteeid", ""), to_year)
                with self._lock:
                    left = self.throttle_left.get(key, 0)
                    if left:
                        self.throttle_left[key] = left - 1
                if left:
                    return 429, "text/plain", "Too many requests", {"Retry-After": "1"}
                return 200, xml_t, self._ws_meetings(int(q["lcommitteeid"]), q.get("sfromdate", "0"), q.get("stodate", "0")), {}
            if op == "getmeeting":
                return 200, xml_t, self._ws_meeting(int(q["lmeetingid"])), {}
            return 500, xml_t, "<error>Unknown operation</error>", {}
        if route == "/mglistcommittees.aspx":
            return 200, html_t, self._html_committees(), {}
        if route == "/mgcommitteedetails.aspx":
            return 200, html_t, self._html_committee(int(q["id"])), {}
        if route == "/ielistmeetings.aspx":
            return 200, html_t, self._html_meetings(int(q["cid"]), int(q.get("year", "0") or 0)), {}
        if route == "/ielistdocuments.aspx":
            return 200, html_t, self._html_meeting(int(q.get("mid") or q["meetingid"])), {}
        if route == "/mgai.aspx":
            aiid = int(q["id"])
            meeting, item = self._item(aiid)
            if item.get("slow"):
                time.sleep(self.slow_delay)
            return 200, html_t, self._html_item(meeting, item), {}
        if route == "/iedecisiondetails.aspx":
            key = f"/iedecisiondetails.aspx?id={q.get('id')}"
            with self._lock:
                left = self.failures_left.get(key, 0)
                if left:
                    self.failures_left[key] = left - 1
            if left:
                return 500, html_t, "<html><body><h1>Server Error in '/' Application.</h1></body></html>", {}
            return 200, html_t, self._html_decision(int(q["id"])), {"no-etag": True}
        if route == "/mgdelegateddecisions.aspx":
            return 200, html_t, self._html_decisions(q.get("dr", "")), {}
        if route.startswith("/documents/s"):
            att_id = int(route.split("/")[2][1:])
            return self._attachment(att_id)
        if route == "/mgconvert2pdf.aspx":
            return self._attachment(int(q["id"]))
        raise KeyError(route)

    # -- generic endpoints for the fetcher tests ----------------------------------------------------
    def _test_route(self, route: str, q: dict, h):
        name = route[len("/_test/"):]
        if name == "ok":
            return 200, "text/html; charset=utf-8", "<html><body><p>ok</p></body></html>", {}
        if name == "headers":
            return 200, "application/json", json.dumps(dict(h.headers.items())), {}
        if name == "status":
            code = int(q.get("code", "200"))
            headers = {"Retry-After": q["retry_after"]} if "retry_after" in q else {}
            return code, "text/plain", f"status {code}", headers
        if name == "flaky":  # fails `times` times (per key), then answers
            key = q.get("key", "flaky")
            with self._lock:
                n = self._counters.get(key, 0)
                self._counters[key] = n + 1
            if n < int(q.get("times", "1")):
                headers = {"Retry-After": q["retry_after"]} if "retry_after" in q else {}
                return int(q.get("code", "500")), "text/plain", "try again", headers
            return 200, "text/plain", f"ok after {n} failures", {}
        if name == "slow":
            time.sleep(float(q.get("delay", "1")))
            return 200, "text/plain", "finally", {}
        if name == "big":
            n = int(q.get("n", "100000"))
            headers = {"x-no-length": "1"} if q.get("nolength") else {}
            return 200, "application/octet-stream", b"x" * n, headers
        if name == "trickle":
            n = int(q.get("n", "8192"))
            return 200, "text/plain", b"y" * n, {"x-trickle": q.get("gap", "0.2")}
        if name == "redirect":
            return 302, "text/plain", "moved", {"Location": q["to"]}
        if name == "redirect-loop":
            return 302, "text/plain", "again", {"Location": "/_test/redirect-loop"}
        if name == "etag":
            return 200, "text/plain", q.get("body", "stable body"), {}
        raise KeyError(route)

    # -- content -------------------------------------------------------------------------------
    def _committee(self, cid: int) -> dict:
        return next(c for c in self.data["committees"] if c["id"] == cid)

    def _item(self, aiid: int) -> tuple[dict, dict]:
        for m in self.data["meetings"]:
            for it in m["items"]:
                if it["id"] == aiid:
                    return m, it
        raise KeyError(aiid)

    def _doc_url(self, doc: dict, absolute: bool) -> str:
        rel = f"mgConvert2PDF.aspx?ID={doc['id']}" if doc.get("convert") else f"documents/s{doc['id']}/{doc['file']}"
        return f"{self.base_url}/{rel}" if absolute else rel

    def _attachment(self, att_id: int):
        docs = [d for m in self.data["meetings"] for it in m["items"] for d in it.get("docs", [])]
        docs += [d for dec in self.data["decisions"] for d in dec.get("docs", [])]
        doc = next((d for d in docs if d["id"] == att_id), None)
        if doc is None:
            raise KeyError(att_id)
        if doc.get("pdf") == "broken":
            return 500, "text/html; charset=utf-8", "<html><body>Runtime Error</body></html>", {}
        if doc.get("pdf") in self.pdfs:
            return 200, "application/pdf", self.pdfs[doc["pdf"]], {}
        return 200, "application/pdf", make_pdf([doc["title"], "Exempt information: not for publication."]), {}

    def _page(self, title: str, heading: str, body: str) -> str:
        return self.templates["page"].substitute(title=title, heading=heading, body=body,
                                                 council=self.data["council"])

    def _ws_committees(self) -> str:
        rows = []
        for c in self.data["committees"]:
            rows.append(f"""  <committee>
    <committeeid>{c['id']}</committeeid>
    <committeetitle>{_x(c['title'])}</committeetitle>
    <committeedeleted>{'True' if c.get('deleted') else 'False'}</committeedeleted>
    <committeeexpired>False</committeeexpired>
    <committeecategory>{_x(c.get('category', ''))}</committeecategory>
  </committee>""")
        return ('<?xml version="1.0" encoding="utf-8"?>\n<committees>\n'
                f"  <committeescount> {len(rows)}</committeescount>\n" + "\n".join(rows) + "\n</committees>\n")

    def _ws_meetings(self, cid: int, from_s: str, to_s: str) -> str:
        c = self._committee(cid)
        lo = _d(from_s) if from_s not in ("", "0") else date.min
        hi = _d(to_s) if to_s not in ("", "0") else date.max
        ms = [m for m in self.data["meetings"] if m["committee"] == cid and lo <= _d(m["date"]) <= hi]
        rows = [f"""      <meeting>
        <meetingid>{m['id']}</meetingid>
        <meetingdate>{m['date']}</meetingdate>
        <meetingstatus>{m['status']}</meetingstatus>
        <meetingtime>{m['time']}</meetingtime>
        <iswebcast>False</iswebcast>
      </meeting>""" for m in ms]
        return f"""<?xml version="1.0" encoding="utf-8"?>
<getmeetings>
  <meetingscount> {len(ms)}</meetingscount>
  <committeescount> 1</committeescount>
  <committee>
    <committeeid>{cid}</committeeid>
    <committeetitle>{_x(c['title'])}</committeetitle>
    <committeemeetingcount> {len(ms)}</committeemeetingcount>
    <committeemeetings>
{chr(10).join(rows)}
    </committeemeetings>
  </committee>
</getmeetings>
"""

    def _ws_meeting(self, mid: int) -> str:
        m = self.meeting(mid)
        c = self._committee(m["committee"])
        items = []
        for it in m["items"]:
            docs = "\n".join(f"""        <linkeddoc>
          <attachmentid>{d['id']}</attachmentid>
          <title>{_x(d['title'])}</title>
          <isurl>False</isurl>
          <url>{_x(self._doc_url(d, absolute=True))}</url>
          <isrestricted>False</isrestricted>
          <ownertitle>{_x(it['title'])}</ownertitle>
        </linkeddoc>""" for d in it.get("docs", []))
            minutes = it.get("minutes") or it.get("resolution") or ""
            items.append(f"""    <agendaitem>
      <agendaitemid>{it['id']}</agendaitemid>
      <agendaitemtitle>{_x(it['title'])}</agendaitemtitle>
      <agendatext>{_x('<div class="WordSection1">' + it.get('text', '') + '</div>')}</agendatext>
      <agendaitemnumber>{_x(it['number'].rstrip('.'))}</agendaitemnumber>
      <fulldisplaynumberformat>{_x(it['number'])}</fulldisplaynumberformat>
      <minutesnonemptyhtmlbody>{_x(minutes)}</minutesnonemptyhtmlbody>
      <isdecision>{'True' if it.get('decision') else 'False'}</isdecision>
      <isdecisionpublished>{'True' if it.get('resolution') else 'False'}</isdecisionpublished>
      <isrestricted>False</isrestricted>
      <meetingdate>{m['date']}</meetingdate>
      <linkeddocuments>
{docs}
      </linkeddocuments>
    </agendaitem>""")
        return f"""<?xml version="1.0" encoding="utf-8"?>
<meeting>
  <meetingid>{m['id']}</meetingid>
  <committeeid>{c['id']}</committeeid>
  <committeetitle>{_x(c['title'])}</committeetitle>
  <meetingdate>{m['date']}</meetingdate>
  <meetingstatus>{m['status']}</meetingstatus>
  <meetingtime>{m['time']}</meetingtime>
  <meetinglocation>Council Chamber, Wealdmoor House</meetinglocation>
  <agendapublished>{'True' if m['items'] else 'False'}</agendapublished>
  <decisionpublished>{'True' if any(i.get('resolution') for i in m['items']) else 'False'}</decisionpublished>
  <agendaitems>
{chr(10).join(items)}
  </agendaitems>
  <attendees>
  </attendees>
</meeting>
"""

    def _html_committees(self) -> str:
        rows = "\n".join(f'<li><a href="mgCommitteeDetails.aspx?ID={c["id"]}">{c["title"]}</a></li>'
                         for c in self.data["committees"] if not c.get("deleted"))
        return self._page("Committees", "Committee structure", self.templates["committees"].substitute(rows=rows))

    def _html_committee(self, cid: int) -> str:
        c = self._committee(cid)
        body = self.templates["committee"].substitute(committee=c["title"], cid=cid,
                                                      purpose=f"The {c['title']} of {self.data['council']}.")
        return self._page(c["title"], "Committee details", body)

    def _html_meetings(self, cid: int, year: int) -> str:
        c = self._committee(cid)
        ms = [m for m in self.data["meetings"] if m["committee"] == cid and (year == 0 or _d(m["date"]).year == year)]
        ms.sort(key=lambda m: _d(m["date"]), reverse=True)
        rows = []
        for m in ms:
            d = _d(m["date"])
            label = f"{d.day} {d:%b} {d.year} {m['time']}"
            if m["status"] == "Cancelled":
                label = "CANCELLED " + label
            rows.append(f'<li><a href="ieListDocuments.aspx?CId={cid}&amp;MId={m["id"]}&amp;Ver=4">{label}</a></li>')
        body = self.templates["meetings"].substitute(committee=c["title"], cid=cid, rows="\n".join(rows),
                                                     year_label=str(year) if year else "",
                                                     prev_year=(year or date.today().year) - 1)
        return self._page(f"Browse meetings - {c['title']}", "Browse meetings", body)

    def _doc_items(self, docs: list[dict]) -> str:
        return "\n".join(f'<li><a href="{html.escape(self._doc_url(d, absolute=False))}" '
                         f'title="Link to document {html.escape(d["title"])}">{html.escape(d["title"])} '
                         f'<span class="mgFileSize">PDF 24 KB</span></a></li>' for d in docs)

    def _blocks(self, it: dict) -> tuple[str, str]:
        dec = (f'<h3 class="mgSubSubTitleTxt">Decision:</h3><div class="mgWordPara">{it["resolution"]}</div>'
               if it.get("resolution") else "")
        mins = (f'<h3 class="mgSubSubTitleTxt">Minutes:</h3><div class="mgWordPara">{it["minutes"]}</div>'
                if it.get("minutes") else "")
        return dec, mins

    def _html_meeting(self, mid: int) -> str:
        m = self.meeting(mid)
        c = self._committee(m["committee"])
        rows = []
        for it in m["items"]:
            dec, mins = self._blocks(it)
            rows.append(self.templates["meeting_item"].substitute(
                number=it["number"], aiid=it["id"], title=it["title"], plain_title=html.escape(_plain(it["title"])),
                text=it.get("text", ""), decision_block=dec, minutes_block=mins, docs=self._doc_items(it.get("docs", []))))
        body = self.templates["meeting"].substitute(committee=c["title"], long_date=_long(m["date"]), time=m["time"],
                                                    status=m["status"], rows="\n".join(rows))
        return self._page(f"Agenda for {c['title']} on {m['date']}", f"Agenda and minutes - {c['title']}", body)

    def _html_item(self, m: dict, it: dict) -> str:
        c = self._committee(m["committee"])
        dec, mins = self._blocks(it)
        body = self.templates["item"].substitute(title=it["title"], cid=c["id"], mid=m["id"], long_date=_long(m["date"]),
                                                 committee=c["title"], text=it.get("text", ""), decision_block=dec,
                                                 minutes_block=mins, docs=self._doc_items(it.get("docs", [])))
        return self._page(f"Agenda item - {_plain(it['title'])}", "Agenda item", body)

    def _html_decision(self, did: int) -> str:
        d = next(x for x in self.data["decisions"] if x["id"] == did)
        purpose = (f'<h3 class="mgSubSubTitleTxt">Purpose:</h3><div class="mgWordPara">{d["purpose"]}</div>'
                   if d.get("purpose") else "")
        docs = ""
        if d.get("docs"):
            docs = ('<p class="mgLabel">Accompanying Documents:</p>\n<ul class="mgBulletList">\n'
                    + self._doc_items(d["docs"]) + "\n</ul>")
        body = self.templates["decision"].substitute(
            title=d["title"], iid=did + 1000, maker=d["maker"], key=d.get("key", "No"), purpose_block=purpose,
            decision=d["decision"], published=d["published"].replace("/", "&#47;"),
            date=d["date"].replace("/", "&#47;"), effective=d["published"].replace("/", "&#47;"), docs_block=docs)
        return self._page(d["title"], "Decision details", body)

    def _html_decisions(self, dr: str) -> str:
        lo, hi = date.min, date.max
        if dr and "-" in dr:
            a, b = dr.split("-", 1)
            lo, hi = _d(a), _d(b)
        rows = []
        for d in sorted(self.data["decisions"], key=lambda x: _d(x["published"])):
            if not lo <= _d(d["published"]) <= hi:
                continue
            title = html.escape(d["title"])
            pub = d["published"].replace("/", "&#47;")
            rows.append(f'<tr><td class="mgMainTxt"><a href="ieDecisionDetails.aspx?ID={d["id"]}" '
                        f'title="Link to decision details for {title} ref&#58; {d["id"]}">{title}'
                        f'<span class="mgHide"> ref&#58; {d["id"]}</span></a></td>'
                        f'<td class="mgMainTxt">{pub}</td><td class="mgMainTxt">{pub}</td>'
                        f'<td class="mgMainTxt">Not for call-in</td></tr>')
        rows.append('<tr><td class="mgMainTxt"><a href="mgIssueHistoryHome.aspx?IId=8123&amp;Opt=0">'
                    'Issue history: adult social care charging policy</a></td><td class="mgMainTxt">01&#47;01&#47;2025</td>'
                    '<td class="mgMainTxt"></td><td class="mgMainTxt"></td></tr>')
        body = self.templates["decisions"].substitute(rows="\n".join(rows), **{
            "from": lo.strftime("%d/%m/%Y") if lo != date.min else "the start",
            "to": hi.strftime("%d/%m/%Y") if hi != date.max else "today"})
        return self._page("Decisions", "Decisions", body)
