"""PDF reports to text with pypdf (BSD licensed; PyMuPDF is avoided for its AGPL licence)."""
from __future__ import annotations

import io
import logging

from .convert import MAX_PDF_PAGES, DocumentError

logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_to_text(data: bytes, name: str) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                ok = 0
            if not ok:
                raise DocumentError(name, "encrypted PDF (needs a password)")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise DocumentError(name, f"PDF has {len(pages)} pages; the cap is {MAX_PDF_PAGES}")
        texts = [(page.extract_text() or "") for page in pages]
        title = None
        try:
            meta = reader.metadata
            title = (meta.title or None) if meta else None
        except Exception:  # noqa: BLE001 - broken info dictionaries are common and harmless
            title = None
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, RecursionError) as e:
        raise DocumentError(name, f"truncated or damaged PDF ({type(e).__name__}: {str(e)[:80]})") from None
    text = "\n\n".join(t.strip() for t in texts if t.strip())
    if not text.strip():
        raise DocumentError(name, "PDF has no text layer (scanned image?)")
    return text, title
