"""Small, accessible SVG charts rendered on the server (no JavaScript, no library).

Each chart is an ``<svg role="img">`` with a title and a description; every bar carries a
``<title>`` naming its value, and the pages put the same numbers in a table beside it.
Only presentation attributes are used (no inline styles), so a strict CSP holds.
"""
from __future__ import annotations

import itertools
import math

from markupsafe import Markup, escape

from ..record import KINDS

KIND_COLOURS = {"tender": "#2563eb", "award": "#15803d", "extend": "#b45309", "end": "#dc2626",
                "insource": "#7c3aed", "outsource": "#0e7490"}
FALLBACK = ("#475569", "#be185d", "#4d7c0f", "#9333ea")
_ids = itertools.count(1)


def nice_ticks(top: float, n: int = 4, integer: bool = True) -> list[float]:
    if top <= 0:
        return [0, 1]
    raw = max(top / n, 1) if integer else top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    return [step * i for i in range(int(math.ceil(top / step)) + 1)]


def money(v: float) -> str:
    if v >= 1e9:
        return f"£{v / 1e9:.1f}bn"
    if v >= 1e6:
        return f"£{v / 1e6:.1f}m" if v < 1e8 else f"£{v / 1e6:.0f}m"
    if v >= 1e3:
        return f"£{v / 1e3:.0f}k"
    return f"£{v:,.0f}"


def _num(v: float) -> str:
    return f"{v:g}" if v < 1e4 else f"{v:,.0f}"


def _open(title: str, desc: str, w: int, h: int, cls: str = "chart") -> tuple[str, str]:
    uid = f"c{next(_ids)}"
    head = (f'<svg class="{cls}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            f'aria-labelledby="{uid}t {uid}d" xmlns="http://www.w3.org/2000/svg" '
            f'font-family="system-ui, sans-serif" font-size="12">'
            f'<title id="{uid}t">{escape(title)}</title><desc id="{uid}d">{escape(desc)}</desc>')
    return uid, head


def stacked_bars(data: list[tuple[str, dict[str, int]]], series: tuple[str, ...] = KINDS, *,
                 title: str, desc: str, colours: dict[str, str] | None = None,
                 grouped: bool = False, fmt=_num, width: int = 560) -> Markup:
    """Vertical bars per label, stacked (or side by side when ``grouped``) by series."""
    colours = colours or KIND_COLOURS
    series = tuple(s for s in series if any(d.get(s) for _, d in data)) or series[:1]
    n = max(len(data), 1)
    slot = 34 if grouped else 26
    left, right, bottom = 44, 12, 46
    w = max(width, left + right + n * slot)
    quarterly = bool(data) and all(" Q" in label for label, _ in data)
    # Legend rows along the top, wrapped to the width.
    legend, x, y = [], left, 8
    for s in series:
        item_w = 26 + 7 * len(s)
        if x + item_w > w - right and x > left:
            x, y = left, y + 18
        legend.append(f'<rect x="{x}" y="{y}" width="12" height="12" rx="2" fill="{colours.get(s, FALLBACK[0])}"/>'
                      f'<text x="{x + 16}" y="{y + 10}" fill="#1e293b">{escape(s)}</text>')
        x += item_w
    top = y + 24
    h = 252 + top
    plot_h = h - top - bottom
    if grouped:
        peak = max([max(d.get(s, 0) for s in series) for _, d in data] or [0])
    else:
        peak = max([sum(d.get(s, 0) for s in series) for _, d in data] or [0])
    ticks = nice_ticks(peak)
    ymax = ticks[-1] or 1
    _uid, head = _open(title, desc, w, h)
    parts = [head]
    for t in ticks:
        y = top + plot_h - plot_h * t / ymax
        parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e2e8f0"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#475569">{escape(fmt(t))}</text>')
    bw = (w - left - right) / n
    bar = min(bw * 0.7, 56)
    every = max(1, math.ceil(n / ((w - left - right) / 56)))
    for i, (label, d) in enumerate(data):
        x0 = left + i * bw
        if grouped:
            inner = min(bw * 0.8, 40 * len(series)) / len(series)
            pad = (bw - inner * len(series)) / 2
            for j, s in enumerate(series):
                v = d.get(s, 0)
                bh = plot_h * v / ymax
                x = x0 + pad + j * inner
                parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - bh:.1f}" width="{inner - 1:.1f}" '
                             f'height="{bh:.1f}" fill="{colours.get(s, FALLBACK[0])}">'
                             f'<title>{escape(label)}: {escape(fmt(v))} {escape(s)}</title></rect>')
        else:
            y = top + plot_h
            for s in series:
                v = d.get(s, 0)
                if not v:
                    continue
                bh = plot_h * v / ymax
                y -= bh
                parts.append(f'<rect x="{x0 + (bw - bar) / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                             f'height="{bh:.1f}" fill="{colours.get(s, FALLBACK[0])}">'
                             f'<title>{escape(label)}: {escape(fmt(v))} {escape(s)}</title></rect>')
        if not quarterly and i % every == 0:
            parts.append(f'<text x="{x0 + bw / 2:.1f}" y="{h - bottom + 16}" text-anchor="middle" '
                         f'fill="#334155">{escape(label)}</text>')
    if quarterly:
        # One label per year, centred under its quarters, with a faint rule between years.
        years: dict[str, list[int]] = {}
        for i, (label, _d) in enumerate(data):
            years.setdefault(label.split(" ")[0], []).append(i)
        for j, (year, idx) in enumerate(years.items()):
            x_first, x_last = left + idx[0] * bw, left + (idx[-1] + 1) * bw
            if j:
                parts.append(f'<line x1="{x_first:.1f}" x2="{x_first:.1f}" y1="{top}" y2="{h - bottom + 22}" '
                             f'stroke="#cbd5e1" stroke-dasharray="3 3"/>')
            if x_last - x_first >= 30 or len(years) < 12:
                parts.append(f'<text x="{(x_first + x_last) / 2:.1f}" y="{h - bottom + 18}" text-anchor="middle" '
                             f'fill="#334155" font-weight="600">{escape(year)}</text>')
    parts.append(f'<line x1="{left}" x2="{w - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#64748b"/>')
    parts.extend(legend)
    parts.append("</svg>")
    return Markup("".join(parts))


def hbars(rows: list[tuple[str, float]], *, title: str, desc: str, fmt=money,
          colour: str = "#0e7490", width: int = 520) -> Markup:
    """Horizontal bars, one per row, with the value printed at the end of each."""
    n = max(len(rows), 1)
    label_w, right, top, row_h = (150 if width >= 480 else 124), 64, 8, 26
    w, h = width, top * 2 + n * row_h
    peak = max([v for _, v in rows] or [0]) or 1
    _uid, head = _open(title, desc, w, h)
    parts = [head]
    for i, (label, v) in enumerate(rows):
        y = top + i * row_h
        bw = (w - label_w - right) * v / peak
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="#1e293b">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{max(bw, 1):.1f}" height="{row_h - 8}" rx="2" '
                     f'fill="{colour}"><title>{escape(label)}: {escape(fmt(v))}</title></rect>'
                     f'<text x="{label_w + bw + 6:.1f}" y="{y + 17}" fill="#334155">{escape(fmt(v))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
