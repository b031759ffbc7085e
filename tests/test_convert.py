"""Conversion of real-shaped inputs and the bad inputs users will feed it."""
from __future__ import annotations

import io

import pytest

from contractwatch.sources.convert import MAX_BYTES, DocumentError, convert, convert_path

NEWS_HTML = """<!DOCTYPE html><html><head><title>Council to bring home care back in house | Local News</title>
<meta property="article:published_time" content="2025-03-04T09:00:00Z">
<script>var tracker = "do not include me";</script><style>body{color:red}</style></head>
<body><header><nav><a href="/">Home</a><a href="/news">News</a><a href="/sport">Sport</a></nav></header>
<main><article><h1>Council to bring home care back in house</h1>
<p>Harbour Borough Council has decided to bring its home care service back in house when the contract with
Seaview Care Ltd ends on 31 March 2026, councillors agreed on Tuesday.</p>
<p>The contract, worth £4.2m a year, has been held by Seaview Care since 2019. Around 120 staff will transfer
to the council under TUPE.</p>
<p>Cabinet member Jo Smith said: "People told us they want continuity."</p></article></main>
<aside><h3>Most read</h3><ul><li>Road closures this weekend</li><li>Fun run raises thousands</li></ul></aside>
<footer><p>© Local News Group. Cookie policy. Privacy.</p></footer></body></html>"""


def test_moderngov_html_keeps_headings_labels_and_resolutions(shared):
    raw = (shared / "data/moderngov/lgsf_fixtures/decisions/modgov_decision_detail.html").read_bytes()
    conv = convert(raw, "detail.html")
    assert conv.format == "html" and conv.hints.get("cms") == "moderngov"
    assert "Decision status: Recommendations Approved" in conv.text
    assert "Decided at meeting: 19/10/2015 - Policy Committee" in conv.text
    # Paragraph text wrapped over source lines comes out as one line.
    assert "The Minutes of the Policy Committee meeting on 23 September 2015 were approved" in conv.text
    assert conv.title == "Minutes of Previous Meeting"


def test_news_html_drops_boilerplate_and_scripts():
    conv = convert(NEWS_HTML.encode(), "article.html", source="https://www.example-news.co.uk/news/1")
    assert conv.format == "html"
    assert "bring its home care service back in house" in conv.text
    assert conv.text.startswith("Council to bring home care back in house")
    for junk in ("do not include me", "color:red", "Road closures", "Cookie policy"):
        assert junk not in conv.text


def test_extracts_from_news_html_end_to_end():
    from contractwatch.ingest import extract_converted

    conv = convert(NEWS_HTML.encode(), "article.html", source="https://www.example-news.co.uk/news/1")
    rec = extract_converted(conv, "https://www.example-news.co.uk/news/1")
    ev = rec.events[0]
    assert ev.kind == "insource" and ev.status == "approved"
    assert ev.buyers == ["Harbour Borough Council"] and ev.providers == ["Seaview Care Ltd"]
    assert ev.value.amount == 4_200_000 and ev.value.basis == "annual"
    assert ev.end_date == "2026-03-31" and ev.staff_transferred == 120
    for e in ev.evidence:
        assert conv.text[e.start:e.end] == e.text


def make_pdf(text: str, encrypt: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for para in text.split("\n"):
        pdf.multi_cell(0, 6, para, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if encrypt:
        from pypdf import PdfReader, PdfWriter

        w = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        w.encrypt(user_password=encrypt, algorithm="RC4-128")
        buf = io.BytesIO()
        w.write(buf)
        data = buf.getvalue()
    return data


REPORT = ("Report to Cabinet\n1. Purpose of report\nTo seek approval to re-tender the Community Equipment "
          "Service for a period of five years with the option to extend for a further two years.\n"
          "2. Recommendations\nThat Cabinet approves the re-tender of the Community Equipment Service.")


def test_pdf_report_text():
    conv = convert(make_pdf(REPORT), "report.pdf")
    assert conv.format == "pdf"
    assert "re-tender of the Community Equipment Service" in " ".join(conv.text.split())


@pytest.mark.parametrize("data,reason", [
    (b"", "empty document"),
    (b"   \n\n  ", "empty document"),
    (bytes(range(256)) * 40, "binary content"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n", "PDF"),
])
def test_bad_inputs_get_a_clear_reason(data, reason):
    with pytest.raises(DocumentError) as e:
        convert(data, "bad.bin")
    assert reason in str(e.value) and str(e.value).startswith("bad.bin: ")


def test_truncated_and_encrypted_pdfs():
    good = make_pdf(REPORT)
    with pytest.raises(DocumentError, match="truncated or damaged|no text layer"):
        convert(good[: len(good) // 3], "cut.pdf")
    with pytest.raises(DocumentError, match="encrypted PDF"):
        convert(make_pdf(REPORT, encrypt="secret"), "locked.pdf")


def test_wrong_encodings_are_detected():
    text = "Décision: the Council’s café and day service contract — £1.2m. " * 20
    conv = convert(text.encode("cp1252"), "legacy.txt")
    assert "Council’s café" in conv.text and "£1.2m" in conv.text


def test_size_cap(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(DocumentError, match="too large"):
        convert_path(big)


def test_plain_text_offsets_match_read_text(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("Line one\r\nThat Cabinet approves the re-tender.\r\n".encode())
    assert convert_path(p).text == p.read_text(encoding="utf-8")
