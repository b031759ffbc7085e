"""RSS and Atom feeds (trade and local news): each new entry's article is fetched and stored.

The feed itself is fetched with a conditional request; feedparser only ever sees the bytes
(it is never handed a URL, so it cannot fetch anything itself). Entries older than the
source's ``since`` date are skipped, and so, unless ``all_items`` is set, are entries whose
title and summary say nothing about care, health or contracts. Article pages go through the
normal conversion, which drops navigation and boilerplate (trafilatura).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from .moderngov import clean_url, html_to_plain, relevant

if TYPE_CHECKING:  # pragma: no cover
    from ..sync import Crawl, CrawlRow
    from .fetch import Response

MAX_ENTRIES = 100  # newest first; a feed rarely holds more


@dataclass
class Entry:
    url: str
    title: str
    summary: str = ""
    published: str | None = None  # ISO date
    id: str | None = None


def _when(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return datetime.fromtimestamp(calendar.timegm(t), tz=timezone.utc).date().isoformat()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def parse_feed(data: bytes, url: str) -> tuple[str | None, list[Entry]]:
    """(feed title, entries newest first); raises ValueError if this is not a feed."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": url})
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not an RSS or Atom feed ({type(parsed.get('bozo_exception')).__name__})")
    out: list[Entry] = []
    for e in parsed.entries:
        link = e.get("link") or next((l.get("href") for l in e.get("links", []) if l.get("href")), None)
        if not link:
            continue
        link = clean_url(urljoin(url, link))
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        out.append(Entry(link, html_to_plain(e.get("title", "")), html_to_plain(e.get("summary", ""))[:2000],
                         _when(e), e.get("id")))
    out.sort(key=lambda x: x.published or "", reverse=True)
    return parsed.feed.get("title"), out


class FeedSync:
    def __init__(self, crawl: "Crawl"):
        self.c = crawl
        opts = crawl.options
        self.since = date.fromisoformat(opts["since"]) if opts.get("since") else crawl.default_since()
        self.all_items = bool(opts.get("all_items"))
        self.max_entries = int(opts.get("max_entries") or MAX_ENTRIES)

    def run(self) -> None:
        url = self.c.source_url
        r = self.c.fetch(url, "feed")
        if r is None:
            why = self.c.last_error or "unknown error"
            raise self.c.SourceFailed(f"cannot fetch the feed: {why}")
        if not r.not_modified:
            try:
                title, entries = parse_feed(r.content, r.url)
            except ValueError as e:
                raise self.c.SourceFailed(str(e)) from None
            if title:
                self.c.note("title", title)
            self.c.note("entries", len(entries))
            for e in entries[: self.max_entries]:
                if e.published and e.published < self.since.isoformat():
                    continue
                if not (self.all_items or relevant(e.title, e.summary)):
                    continue
                self.c.enqueue(e.url, "article", parent=url, ref=f"entry:{e.id}" if e.id else None,
                               date=e.published, title=e.title)
        self.c.process({"article": self.on_article})

    def on_article(self, row: "CrawlRow", r: "Response") -> None:
        self.c.ingest(row, r)
        self.c.settle(row.url)  # news articles are read once


def sync_source(crawl: "Crawl") -> None:
    FeedSync(crawl).run()
