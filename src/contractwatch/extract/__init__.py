"""Text to decision record: deterministic, offline, every value grounded in the text."""
from __future__ import annotations

import re

from ..record import DocumentInfo, Evidence, Record
from .events import Context, build_events
from .meta import read_meta
from .rules import guarded
from .text import lower_same_length, split_sentences

AREA_STRIP = re.compile(r"\b(?:NHS|Clinical Commissioning Group|CCG|ICB|Integrated Care Board|Council|County|City|Borough|"
                        r"Metropolitan|District|London Borough of|Royal Borough of|of)\b", re.I)


def _council_name(place: str) -> str | None:
    from .. import gazetteer

    c = gazetteer.find_council(place)
    # A district answers for a county's social care only by mistake: prefer care-running councils.
    if c is None or c.end_date is not None or c.type == "district":
        return None
    return c.name


def _nhs_name(name: str) -> str | None:
    from .. import gazetteer

    b = gazetteer.find_nhs_body(name)
    return b.name if b else None


def extract(text: str, source: str | None = None, hints: dict | None = None) -> Record:
    """Extract the decision record of one document's text.

    ``source`` (a URL) names the council where the text does not; ``hints`` carries what
    conversion learnt (``{"cms": "moderngov"}``).
    """
    from .. import gazetteer

    low = lower_same_length(text)  # lower-cased once: every caseless rule reads it
    meta = read_meta(text, source, low)
    if hints and hints.get("cms") == "moderngov":
        meta.moderngov = True
    council = gazetteer.council_for_host(source) if source and source.startswith(("http://", "https://")) else None
    if council is None and meta.source_url:
        council = gazetteer.council_for_host(meta.source_url)
    if council is None and source:
        # Aggregators file councils' papers under a path: ".../councils/brent/meetings/...".
        slug = re.search(r"/councils?/([a-z][a-z-]{2,40})/", source)
        council = gazetteer.find_council(slug.group(1).replace("-", " ")) if slug else None
    info = DocumentInfo(source=source, title=meta.title, publisher=council.name if council else None,
                        published=meta.published, type=meta.type)
    ctx = Context(text=text, sentences=split_sentences(text, low), meta=meta, host_council=council.name if council else None, doc_type=meta.type,
                  council_lookup=_council_name, nhs_lookup=_nhs_name)
    ctx.cache["lower"] = low
    if council is not None and not meta.moderngov and meta.type in ("minutes", "decision", "report"):
        meta.moderngov = True
    events = build_events(ctx)
    for ev in events[:1]:
        _places(ctx, ev)
    return Record(info, events)


# "Forest of Dean", "Newcastle upon Tyne": a place's name may hold a small word
CAP = r"[A-Z][a-z'’]+(?:[ -](?:upon[ -]|on[ -]|under[ -]|le[ -]|of[ -])?[A-Z][a-z'’]+){0,3}"
PLACE_LIST = guarded(
    rf"\b(?:in|across|covering|covers|cover|serving|serves|throughout|spanning|centres?\s+(?:in|at)|based\s+in|"
    rf"schemes?\s+in|homes?\s+in|Lot\s+\d+\s*\(|zones?\s*(?:\(|:))\s*(?:the\s+)?"
    rf"(?P<list>{CAP}(?:,\s+(?:the\s+)?{CAP})*(?:,?\s+(?:and|&)\s+(?:the\s+)?{CAP})?)")
NOT_PLACE = re.compile(r"^(?:The|A|An|April|March|May|June|July|August|September|October|November|December|January|February|"
                       r"Care|Act|Council|Cabinet|Lot|Zone|Health|Social|Adult|Adults|England|Wales|Scotland|Northern|UK|"
                       r"United\s+Kingdom|Britain|Great|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _known_places() -> set[str]:
    from .. import gazetteer

    global _PLACES
    if _PLACES is None:
        _PLACES = {c.short_name for c in gazetteer.councils() if c.short_name}
    return _PLACES


_PLACES: set[str] | None = None
AREA_SPLIT = re.compile(r",\s*|\s+and\s+|\s*&\s*")


def _area_parts(core: str, known: set[str]) -> list[str]:
    """The areas a name joins, keeping whole an area whose own name has "and" in it
    ("Bath and North East Somerset", "Brighton and Hove")."""
    parts = [" ".join(p.split()) for p in AREA_SPLIT.split(core)]
    out: list[str] = []
    for p in parts:
        if out and f"{out[-1]} and {p}" in known:
            out[-1] = f"{out[-1]} and {p}"
        else:
            out.append(p)
    return out


def _places(ctx: Context, ev) -> None:
    """Areas the service covers: listed after "across", "covering", lot labels; else, in news,
    the buyer's own area where the text names it on its own. A council's own page that names
    its area ("services in Cardiff") lists it as readers label it."""
    text = ctx.text
    org_spans = [(o.start, o.end) for o in ctx.orgs]
    known = _known_places()

    def free(a: int, b: int) -> bool:
        return not any(s <= a < e for s, e in org_spans)

    def add(name: str, start: int) -> None:
        if name not in ev.places and free(start, start + len(name)):
            ev.places.append(name)
            ev.evidence.append(Evidence.at("places", text, start, start + len(name)))

    kind_ev = next((e for e in ev.evidence if e.field == "kind"), None)
    # A report lists its lots far below the decision; a story's places sit beside its news.
    before, after = (300, 600) if ctx.doc_type == "news" else (1500, 2500)
    lo = max(0, (kind_ev.start if kind_ev else 0) - before)
    hi = (kind_ev.end if kind_ev else len(text)) + after
    for m in PLACE_LIST.finditer(text, lo, min(hi, len(text))):
        items = [(x.group(0), m.start("list") + x.start()) for x in re.finditer(CAP, m.group("list"))]
        items = [(n, p) for n, p in items if not NOT_PLACE.match(n)]
        for k in range(len(items) - 1, 0, -1):
            (n1, p1), (n2, p2) = items[k - 1], items[k]
            if text[p1:p2 + len(n2)] == f"{n1} and {n2}" and f"{n1} and {n2}" in known:
                items[k - 1:k + 1] = [(f"{n1} and {n2}", p1)]
        if not items:
            continue
        if len(items) == 1 and items[0][0] not in known:
            continue
        if len(items) >= 2 and not any(n in known for n, _ in items) and not m.group(0).startswith(("Lot", "across", "covering", "covers", "serving")):
            continue
        for n, p in items:
            add(n, p)
    if ev.places or ctx.doc_type not in ("news", "other", "notice"):
        return
    for buyer in ev.buyers:
        core = AREA_STRIP.sub(" ", buyer)
        for part in _area_parts(core, known):
            if len(part) >= 3 and part[0].isupper() and not NOT_PLACE.match(part):  # "NHS England" covers no area
                pos = text.find(part)
                while pos >= 0:
                    end = pos + len(part)
                    bounded = (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
                    if bounded and free(pos, end):
                        add(part, pos)
                        break
                    pos = text.find(part, pos + 1)
    if ev.places:
        return
    # Only inside the buyer's name ("Bristol, North Somerset and South Gloucestershire CCG"):
    # the areas a commissioner is named for are the areas it buys for.
    for buyer in ev.buyers:
        if not re.search(r"(?i)clinical commissioning group|\bccg\b|integrated care board|\bicb\b", buyer):
            continue
        core = AREA_STRIP.sub(" ", buyer)
        parts = [p for p in _area_parts(core, known) if len(p) >= 3 and p[0].isupper() and p in known]
        if len(parts) < 2:
            continue
        for part in parts:
            pos = text.find(part)
            if pos >= 0:
                ev.places.append(part)
                ev.evidence.append(Evidence.at("places", text, pos, pos + len(part)))
