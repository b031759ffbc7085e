"""Text to decision record (work in progress: the rule engine lands next)."""
from __future__ import annotations

from ..record import DocumentInfo, Record


def extract(text: str, source: str | None = None, hints: dict | None = None) -> Record:
    return Record(DocumentInfo(source=source))
