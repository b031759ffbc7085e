"""HTML pages to text.

ModernGov pages are regular, so a selector path keeps their headings, labelled fields
(``Decision Maker:``, ``Date of decision:``) and resolutions in reading order, fast.
Other pages (news, press releases) go through trafilatura to drop navigation and
boilerplate; the block walker is the fallback when trafilatura finds too little.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
    "ul", "ol", "table", "tr", "br", "hr", "blockquote", "pre", "dl", "dt", "dd", "header",
    "footer", "aside", "figure", "figcaption", "address", "form", "fieldset", "caption",
    "thead", "tbody", "tfoot",
}
CELL = {"td", "th"}
DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
        "head", "button", "select", "input", "textarea")
MODERNGOV_DROP = tuple(
    f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]"
    for c in ("mgFooter", "mgLinks", "mgBreadCrumbs", "mgHelpLine")) + (".//*[@id='mgLeftNav']", ".//*[@id='mgHeaderLinks']")
MODERNGOV_MARK = re.compile(r'id="modgov"|class="mg(MainTitleTxt|Content|SubTitleTxt)|mgWebService|ieListDocuments\.aspx', re.I)


@dataclass
class Page:
    text: str
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    hints: dict[str, str] = field(default_factory=dict)


def _parse(html: str):
    # lxml refuses str input carrying an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def block_text(root) -> str:
    parts: list[str] = []
    ws = re.compile(r"\s+")

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in DROP or not isinstance(el.tag, str):
            if el.tail:
                parts.append(ws.sub(" ", el.tail))
            return
        block = tag in BLOCK
        if block:
            parts.append("\n")
        if tag == "li":
            parts.append("• ")
        if el.text:
            parts.append(el.text if tag == "pre" else ws.sub(" ", el.text))
        for child in el:
            walk(child)
        if tag in CELL:
            parts.append("\t")
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(ws.sub(" ", el.tail))

    walk(root)
    text = "".join(parts)
    text = re.sub(r"[ ]*\t+[ ]*(?=\S)", " | ", text)
    text = text.replace("\t", "")
    return text


def _strip(root, paths: tuple[str, ...]) -> None:
    for path in paths:
        for node in root.xpath(path):
            node.drop_tree()


def _title(root) -> str | None:
    for path in ("//h2[contains(@class,'mgSubTitleTxt')]", "//h1", "//title"):
        found = root.xpath(path)
        if found:
            t = " ".join(found[0].text_content().split())
            if t and t.lower() not in {"decision details", "issue - meetings", "issue details"}:
                return t
    return None


def moderngov_text(root) -> Page:
    for tag in DROP:
        for el in root.iter(tag):
            el.drop_tree() if el.getparent() is not None else None
    content = root.get_element_by_id("modgov", None)
    node = content if content is not None else root.find("body") or root
    _strip(node, MODERNGOV_DROP)
    return Page(block_text(node), title=_title(root), hints={"cms": "moderngov"})


def article_text(html: str, root, source: str | None) -> Page:
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(html, url=source, with_metadata=True, include_tables=True,
                                          include_comments=False, favor_recall=True)
    except Exception:  # noqa: BLE001 - trafilatura fails on odd markup; fall back below
        doc = None
    body = getattr(doc, "text", None) if doc is not None else None
    if isinstance(doc, dict):
        body = doc.get("text")
    meta = (doc if isinstance(doc, dict) else (doc.as_dict() if doc is not None else {})) or {}
    title = meta.get("title") or _title(root)
    fallback = block_text(root.find("body") if root.find("body") is not None else root)
    if not body or len(body) < 0.2 * len(fallback.strip()) and len(body) < 400:
        return Page(fallback, title=title, published=meta.get("date"), publisher=meta.get("sitename"))
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n\n{body}"
    return Page(body, title=title, published=meta.get("date"), publisher=meta.get("sitename"))


def html_to_text(html: str, source: str | None = None) -> Page:
    root = _parse(html)
    if root is None:
        return Page("")
    if MODERNGOV_MARK.search(html[:200_000]) or (source and re.search(r"/(mg|ie)\w+\.aspx", source, re.I)):
        return moderngov_text(root)
    return article_text(html, root, source)
