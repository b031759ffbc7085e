"""News feeds and single pages: `source add feed URL`, `sync`, `ingest URL`."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from contractwatch.sources.feeds import parse_feed
from contractwatch.sources.fetch import Fetcher
from contractwatch.store import models as m
from contractwatch.sync import add_source, crawl_rows, sync
from mgsite import MgSite

TODAY = date(2025, 7, 15)

ARTICLE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title} | Wold Valley Gazette</title></head>
<body>
<div class="cookie-banner">We use cookies to improve this site. Accept all cookies or manage cookie settings.</div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/whats-on">What's on</a></li><li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By a staff reporter, {when}</p>
{body}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Roadworks on the bypass next week</a></li>
<li><a href="/b">Village fete raises record sum</a></li></ul></aside></main>
<footer><p>Copyright Wold Valley Gazette. All rights reserved. Terms and conditions. Privacy policy.</p></footer>
</body></html>"""

IN_HOUSE = """<p>Wealdmoor Council has agreed to bring its home care service back in house when the current
contract with Brightpath Care ends next spring, councillors heard on Tuesday.</p>
<p>The cabinet member for adult social care said the move would give the council direct control over the
quality of care and the pay of the 120 care workers who are expected to transfer to the council.</p>
<p>Opposition councillors asked for a report on the costs of the change before the end of the year, and the
council confirmed that a full business case will be published in the autumn.</p>"""

TENDER = """<p>A tender for the care and support service at three extra care housing schemes in Ashby Wold has
been published by Wealdmoor Council, with a contract of five years and an option to extend by two more.</p>
<p>Providers have until the end of August to submit bids, and the new contract is expected to start in the
spring of next year after the evaluation of the bids by council officers.</p>"""

BINS = "<p>Bin collections will move by one day over the bank holiday weekend, the council has said.</p>"


def rss(items: list[tuple[str, str, str, str]]) -> str:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
                   f"<pubDate>{when}</pubDate><guid>{link}</guid></item>" for t, link, d, when in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wold Valley Gazette</title>'
            f"<link>https://gazette.example/</link><description>Local news</description>{body}</channel></rss>")


ITEMS = [
    ("Council brings home care back in house", "{base}/news/home-care-in-house",
     "Cabinet agrees to end the outsourced contract", "Thu, 10 Jul 2025 09:00:00 +0100"),
    ("Bin collections move for the bank holiday", "{base}/news/bins", "Collections a day later",
     "Fri, 11 Jul 2025 08:00:00 +0100"),
    ("Care home provider joins framework", "{base}/news/old-story", "From the archive",
     "Thu, 05 Jan 2023 08:00:00 +0000"),
    ("Extra care housing support out to tender", "extra-care-tender", "Bids invited",
     "Sat, 12 Jul 2025 10:00:00 +0100"),
    ("Social care scam warning", "javascript:alert(1)", "Not a page", "Sat, 12 Jul 2025 11:00:00 +0100"),
]


@pytest.fixture
def site():
    s = MgSite()
    base = s.base_url
    s.extra["/news/feed.xml"] = ("application/rss+xml", rss([(t, link.format(base=base), d, w) for t, link, d, w in ITEMS]))
    s.extra["/news/home-care-in-house"] = ("text/html; charset=utf-8", ARTICLE.format(
        title="Council brings home care back in house", when="10 July 2025", body=IN_HOUSE))
    s.extra["/news/extra-care-tender"] = ("text/html; charset=utf-8", ARTICLE.format(
        title="Extra care housing support out to tender", when="12 July 2025", body=TENDER))
    s.extra["/news/bins"] = ("text/html; charset=utf-8", ARTICLE.format(title="Bins", when="11 July 2025", body=BINS))
    s.extra["/news/old-story"] = ("text/html; charset=utf-8", ARTICLE.format(title="Old", when="2023", body=TENDER))
    yield s
    s.close()


def fetcher() -> Fetcher:
    return Fetcher(allow_private=["127.0.0.0/8"], rate=0, backoff=0.01, timeout=2, retries=1)


def docs(store) -> dict[str, m.Document]:
    with store.Session() as s:
        return {d.source: d for d in s.scalars(select(m.Document)).all()}


def test_parse_rss_and_atom():
    data = rss([(t, link.format(base="https://gazette.example"), d, w) for t, link, d, w in ITEMS]).encode()
    title, entries = parse_feed(data, "https://gazette.example/news/feed.xml")
    assert title == "Wold Valley Gazette"
    assert [e.url for e in entries] == [  # newest first; the javascript: link is dropped
        "https://gazette.example/news/extra-care-tender", "https://gazette.example/news/bins",
        "https://gazette.example/news/home-care-in-house", "https://gazette.example/news/old-story"]
    assert entries[0].published == "2025-07-12" and entries[2].title == "Council brings home care back in house"
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>Care trade news</title><id>urn:x</id><updated>2025-07-01T00:00:00Z</updated>
      <entry><title>Provider wins &lt;b&gt;domiciliary care&lt;/b&gt; contract</title><id>urn:1</id>
      <link rel="alternate" href="/articles/1"/><updated>2025-06-30T12:00:00Z</updated>
      <summary type="html">&lt;p&gt;A three-year award.&lt;/p&gt;</summary></entry></feed>"""
    title, entries = parse_feed(atom, "https://trade.example/feeds/all.atom")
    assert title == "Care trade news"
    assert (entries[0].url, entries[0].published, entries[0].summary) == (
        "https://trade.example/articles/1", "2025-06-30", "A three-year award.")
    assert entries[0].title == "Provider wins domiciliary care contract"
    with pytest.raises(ValueError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>Hello</p></body></html>", "https://x.example/")


def test_feed_sync_first_and_second(sqlite_store, site):
    store = sqlite_store
    src = add_source(store, "feed", site.url("/news/feed.xml"), options={"since": "2025-01-01"})
    r = sync(store, fetcher=fetcher(), today=TODAY).results[0]
    assert r.status == "ok", r.errors
    assert set(site.paths()) == {"/robots.txt", "/news/feed.xml", "/news/home-care-in-house",
                                 "/news/extra-care-tender"}  # not the bins (irrelevant) nor the 2023 story
    stored = docs(store)
    assert set(stored) == {site.url("/news/home-care-in-house"), site.url("/news/extra-care-tender")}
    text = stored[site.url("/news/home-care-in-house")].text
    assert "bring its home care service back in house" in text
    for boilerplate in ("cookie", "Subscribe to our newsletter", "All rights reserved", "Roadworks on the bypass"):
        assert boilerplate not in text
    assert r.new_documents == 2
    rows = {row.url: row for row in crawl_rows(store, src["id"])}
    assert rows[site.url("/news/extra-care-tender")].date == "2025-07-12"
    assert rows[site.url("/news/extra-care-tender")].settled

    # unchanged feed: one conditional request, answered 304, nothing else
    site.clear_log()
    r2 = sync(store, fetcher=fetcher(), today=TODAY).results[0]
    assert [(h.path, h.status) for h in site.log] == [("/robots.txt", 200), ("/news/feed.xml", 304)]
    assert r2.new_documents == 0 and r2.not_modified == 1

    # a new entry: only its article is fetched
    site.extra["/news/day-services"] = ("text/html; charset=utf-8", ARTICLE.format(
        title="Day services contract extended", when="14 July 2025",
        body=TENDER.replace("extra care housing schemes", "day centres")))
    items = ITEMS + [("Day services contract extended", "{base}/news/day-services", "Six more months",
                      "Mon, 14 Jul 2025 09:00:00 +0100")]
    site.extra["/news/feed.xml"] = ("application/rss+xml", rss([(t, l.format(base=site.base_url), d, w)
                                                                for t, l, d, w in items]))
    site.clear_log()
    r3 = sync(store, fetcher=fetcher(), today=TODAY).results[0]
    assert [h.path for h in site.log if h.path.startswith("/news/") and h.path != "/news/feed.xml"] == [
        "/news/day-services"]
    assert r3.new_documents == 1


def test_all_items_takes_every_recent_entry(sqlite_store, site):
    add_source(sqlite_store, "feed", site.url("/news/feed.xml"), options={"since": "2025-01-01", "all_items": True})
    sync(sqlite_store, fetcher=fetcher(), today=TODAY)
    assert site.url("/news/bins") in docs(sqlite_store)
    assert site.url("/news/old-story") not in docs(sqlite_store)


def test_a_page_that_is_not_a_feed_fails_the_source(sqlite_store, site):
    add_source(sqlite_store, "feed", site.url("/_test/ok"))
    r = sync(sqlite_store, fetcher=fetcher(), today=TODAY).results[0]
    assert r.status == "failed" and "not an RSS or Atom feed" in r.errors[0]["error"]


def test_ingest_single_urls(tmp_path, site, monkeypatch):
    from contractwatch.cli import app

    monkeypatch.delenv("CONTRACTWATCH_ALLOW_PRIVATE", raising=False)
    monkeypatch.setenv("CONTRACTWATCH_RATE_LIMIT", "0")  # the setting; the default waits 1 s per request
    db = str(tmp_path / "ingest.db")
    url = site.url("/news/home-care-in-house")
    cli = CliRunner()
    refused = cli.invoke(app, ["ingest", url, "--db", db, "--no-progress"])
    assert refused.exit_code == 1 and "refusing 127.0.0.1" in refused.output
    assert site.log == []
    for bad in ("ftp://example.org/x.pdf",):
        assert cli.invoke(app, ["ingest", bad, "--db", db, "--no-progress"]).exit_code != 0
    ok = cli.invoke(app, ["ingest", url, site.url("/documents/s5101/Care and Support at Home re-tender report.pdf"),
                          "--db", db, "--allow-private", "--no-progress"])
    assert ok.exit_code == 0, ok.output
    from contractwatch.store import Store

    stored = docs(Store(db))
    assert url in stored and "back in house" in stored[url].text and "cookie" not in stored[url].text
    pdf = [d for s, d in stored.items() if "s5101" in s][0]
    assert pdf.format == "pdf" and "re-tender" in pdf.text
    assert all(h.user_agent.startswith("contractwatch/") for h in site.log)
