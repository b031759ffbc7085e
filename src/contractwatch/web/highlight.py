"""Document text with evidence spans highlighted, built from escaped segments only."""
from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

# One colour class per field; plural and singular spellings share a colour.
FIELDS = ("kind", "status", "service", "categories", "buyers", "providers", "bidders", "value",
          "term_months", "extension_months", "start_date", "end_date", "decision_date",
          "decision_body", "places", "staff_transferred")
ALIASES = {"category": "categories", "buyer": "buyers", "provider": "providers", "bidder": "bidders",
           "place": "places", "term": "term_months", "extension": "extension_months",
           "amount": "value", "body": "decision_body", "staff": "staff_transferred"}
LABELS = {"kind": "kind", "status": "status", "service": "service", "categories": "category",
          "buyers": "buyer", "providers": "provider", "bidders": "bidder", "value": "value",
          "term_months": "term", "extension_months": "extension", "start_date": "start date",
          "end_date": "end date", "decision_date": "decision date", "decision_body": "decision body",
          "places": "place", "staff_transferred": "staff transferred"}


def field_key(name: str) -> str:
    """The colour class for an evidence field name (unknown fields share ``other``)."""
    key = re.sub(r"[^a-z0-9_]", "", (name or "").lower())
    key = ALIASES.get(key, key)
    return key if key in FIELDS else "other"


def field_label(name: str) -> str:
    key = field_key(name)
    return LABELS.get(key, name.replace("_", " ") if name else "other")


def spans(text: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence that really is ``text[start:end]``, with its event's index and an anchor id."""
    out = []
    for ei, ev in enumerate(events):
        for k, e in enumerate(ev.get("evidence") or []):
            start, end = e.get("start"), e.get("end")
            ok = (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
                  and text[start:end] == e.get("text"))
            out.append({"event": ei, "n": k, "field": e.get("field") or "", "key": field_key(e.get("field", "")),
                        "label": field_label(e.get("field", "")), "start": start, "end": end,
                        "anchor": f"ev-{ei + 1}-{k + 1}", "found": ok})
    return out


def highlight(text: str, events: list[dict[str, Any]]) -> Markup:
    """The text as HTML: every segment escaped, evidence wrapped in ``<mark>`` per field.

    Overlapping spans split the text at every boundary; a segment takes the colour of the
    narrowest span covering it and its title names every field that covers it.
    """
    found = [s for s in spans(text, events) if s["found"]]
    if not found:
        return Markup(escape(text))
    bounds = sorted({0, len(text), *(s["start"] for s in found), *(s["end"] for s in found)})
    starts: dict[int, list[dict]] = {}
    for s in found:
        starts.setdefault(s["start"], []).append(s)
    parts: list[str] = []
    active: list[dict] = []
    for a, b in zip(bounds, bounds[1:]):
        active = [s for s in active if s["end"] > a]
        for s in starts.get(a, []):
            active.append(s)
            parts.append(f'<span class="anchor" id="{s["anchor"]}"></span>')
        seg = str(escape(text[a:b]))
        if not active:
            parts.append(seg)
            continue
        top = min(active, key=lambda s: (s["end"] - s["start"], s["start"]))
        names = []
        for s in sorted(active, key=lambda s: (s["event"], s["n"])):
            label = f'{s["label"]} (event {s["event"] + 1})'
            if label not in names:
                names.append(label)
        evs = " ".join(sorted({str(s["event"] + 1) for s in active}))
        fields = " ".join(sorted({s["key"] for s in active}))
        parts.append(f'<mark class="hl f-{top["key"]}" data-fields="{fields}" data-events="{evs}" '
                     f'title="{escape(", ".join(names))}">{seg}</mark>')
    return Markup("".join(parts))


def legend(events: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The fields that have evidence in this document, in schema order, with counts."""
    counts: dict[str, int] = {}
    for s in spans(text, events):
        if s["found"]:
            counts[s["key"]] = counts.get(s["key"], 0) + 1
    order = [*FIELDS, "other"]
    return [{"key": k, "label": LABELS.get(k, k), "count": counts[k]} for k in order if k in counts]


def snippet(raw: str | None) -> Markup:
    """A search snippet (hits between \\x02 and \\x03) as escaped HTML with ``<mark>``."""
    if not raw:
        return Markup("")
    out = str(escape(raw)).replace("\x02", "<mark>").replace("\x03", "</mark>")
    # A snippet cut mid-hit leaves a tag open; close it so the page stays well-formed.
    if out.count("<mark>") > out.count("</mark>"):
        out += "</mark>"
    return Markup(out)


def plain_snippet(raw: str | None) -> str:
    return (raw or "").replace("\x02", "").replace("\x03", "")
