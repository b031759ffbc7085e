"""Text to decision record: deterministic, offline, every value grounded in the text."""
from __future__ import annotations

import re

from ..record import DocumentInfo, Evidence, Record
from .events import Context, build_events
from .meta import read_meta
from .orgs import find_orgs
from .spans import find_dates, find_durations, find_money
from .text import split_sentences

COVERS = re.compile(r"\b(?:covers?|covering|across|serving|serves|spanning|in)\s+(?P<list>[A-Z][\w'&-]*(?:[ \t]+[A-Z][\w'&-]*)*"
                    r"(?:,[ \t]+[A-Z][\w'&-]*(?:[ \t]+[A-Z][\w'&-]*)*)*(?:,?[ \t]+and[ \t]+[A-Z][\w'&-]*(?:[ \t]+[A-Z][\w'&-]*)*)?)")
AREA_STRIP = re.compile(r"\b(?:NHS|Clinical Commissioning Group|CCG|ICB|Integrated Care Board|Council|County|City|Borough|"
                        r"Metropolitan|District|London Borough of|Royal Borough of|of)\b", re.I)


def extract(text: str, source: str | None = None, hints: dict | None = None) -> Record:
    """Extract the decision record of one document's text.

    ``source`` (a URL) names the council where the text does not; ``hints`` carries what
    conversion learnt (``{"cms": "moderngov"}``).
    """
    from .. import gazetteer

    meta = read_meta(text, source)
    if hints and hints.get("cms") == "moderngov":
        meta.moderngov = True
    council = gazetteer.council_for_host(source) if source and source.startswith(("http://", "https://")) else None
    info = DocumentInfo(source=source, title=meta.title, publisher=council.name if council else None,
                        published=meta.published, type=meta.type)
    ctx = Context(text=text, sentences=split_sentences(text), meta=meta, orgs=find_orgs(text),
                  money=find_money(text), durations=find_durations(text), dates=find_dates(text),
                  host_council=council.name if council else None, host_span=None, doc_type=meta.type)
    if council is not None and not meta.moderngov and meta.type in ("minutes", "decision", "report"):
        meta.moderngov = True
    events = build_events(ctx)
    for ev in events[:1]:
        _places(ctx, ev)
    return Record(info, events)


def _places(ctx: Context, ev) -> None:
    text = ctx.text
    org_spans = [(o.start, o.end) for o in ctx.orgs]

    def free(a: int, b: int) -> bool:
        return not any(s <= a < e for s, e in org_spans)

    areas: list[str] = []
    if ctx.doc_type in ("news", "other", "notice"):
        for buyer in ev.buyers:
            core = AREA_STRIP.sub(" ", buyer)
            for part in re.split(r",\s*|\s+and\s+|\s*&\s*", core):
                part = " ".join(part.split())
                if len(part) >= 3 and part[0].isupper():
                    areas.append(part)
    for m in COVERS.finditer(text):
        if not re.match(r"(?:covers?|covering|across|serving|serves|spanning)", m.group(0), re.I):
            continue
        for part in re.split(r",\s*|\s+and\s+", m.group("list")):
            part = part.strip()
            if part and part not in areas and len(part) >= 3 and not re.search(r"\b(?:Council|Trust|CCG|ICB|NHS)\b", part):
                areas.append(part)
    for area in areas:
        for m in re.finditer(rf"\b{re.escape(area)}\b", text):
            if free(m.start(), m.end()) and not any(p == area for p in ev.places):
                ev.places.append(area)
                ev.evidence.append(Evidence.at("places", text, m.start(), m.end()))
                break
