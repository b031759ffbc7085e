"""Bytes to text: plain text, HTML (ModernGov fast path, articles via trafilatura) and PDF.

The text returned here is what evidence offsets index into, so conversion must be
deterministic: the same bytes always give the same text.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 25 * 1024 * 1024  # a council report pack rarely exceeds a few MB
MAX_PDF_PAGES = 400


class DocumentError(Exception):
    """A document that cannot be read; ``str()`` is the one-line reason."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass
class Converted:
    text: str
    format: str  # text | html | pdf
    sha256: str
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    hints: dict[str, str] = field(default_factory=dict)


def sniff(data: bytes, name: str = "") -> str:
    head = data[:4096].lstrip()
    lower = head.lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if name.lower().endswith(".pdf"):
        return "pdf"
    if (lower.startswith(b"<!doctype html") or b"<html" in lower or b"<body" in lower
            or b'<div id="modgov"' in lower or name.lower().endswith((".html", ".htm", ".aspx"))):
        return "html"
    if re.search(rb"<(p|div|h1|h2|table|article)[\s>]", lower) and lower.startswith(b"<"):
        return "html"
    return "text"


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise DocumentError(name, "empty document")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # UK public bodies' legacy pages are overwhelmingly Windows-1252; a detector guessing
            # from short samples turns "£" into "Ł", so try it first when no NUL bytes suggest UTF-16.
            if b"\x00" not in data[:4096]:
                try:
                    text = data.decode("cp1252")
                except UnicodeDecodeError:
                    text = None
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise DocumentError(name, "binary content, not a text, HTML or PDF document") from None
        text = str(best)
    # Python's universal newlines, so offsets agree with Path.read_text().
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise DocumentError(name, "binary content, not a text, HTML or PDF document")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\t\f\v") or ch == "\ufffd")
    return bad / len(sample) > 0.05


def tidy(text: str) -> str:
    """Normalise converted (not plain-text) output: NFC, single spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t\u2002-\u200b]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def convert(data: bytes, name: str = "<document>", source: str | None = None,
            content_type: str | None = None) -> Converted:
    """Convert raw bytes to text, raising DocumentError with a clear reason."""
    if len(data) > MAX_BYTES:
        raise DocumentError(name, f"too large ({len(data) // 1_000_000} MB; the cap is {MAX_BYTES // 1_000_000} MB)")
    digest = hashlib.sha256(data).hexdigest()
    kind = _kind_from_type(content_type) or sniff(data, name)
    if kind == "pdf":
        from .pdf import pdf_to_text

        text, title = pdf_to_text(data, name)
        return Converted(tidy(text), "pdf", digest, title=title)
    text = decode(data, name)
    if kind == "html":
        from .html import html_to_text

        page = html_to_text(text, source=source)
        if not page.text.strip():
            raise DocumentError(name, "HTML page has no readable text")
        return Converted(tidy(page.text), "html", digest, title=page.title,
                         published=page.published, publisher=page.publisher, hints=page.hints)
    return Converted(text, "text", digest)


def _kind_from_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    ct = content_type.lower()
    if "pdf" in ct:
        return "pdf"
    if "html" in ct or "xml" in ct and "xhtml" in ct:
        return "html"
    return None


def read_path(path: str | Path) -> tuple[bytes, str]:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise DocumentError(str(path), f"cannot read: {e.strerror or e}") from None
    if size > MAX_BYTES:
        raise DocumentError(str(path), f"too large ({size // 1_000_000} MB; the cap is {MAX_BYTES // 1_000_000} MB)")
    if p.is_dir():
        raise DocumentError(str(path), "is a directory")
    return p.read_bytes(), str(path)


def convert_path(path: str | Path, source: str | None = None) -> Converted:
    data, name = read_path(path)
    return convert(data, name=name, source=source)
