"""The pipeline for one document: bytes → text → record → store, one transaction each."""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .extract import extract
from .record import Record
from .sources.convert import Converted, DocumentError, convert, read_path
from .sources.ocds import ingest_ocds, looks_like_ocds
from .store import Store


@dataclass
class Outcome:
    name: str
    status: str  # new | updated | unchanged | error
    document_id: int | None = None
    events: int = 0
    error: str | None = None
    documents: int = 1  # an OCDS file stores one document per notice


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "error"]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def use_updated_reference() -> None:
    """Make the user's refreshed council and NHS tables (``reference update``) the ones in use."""
    from .reference import current_gazetteer

    current_gazetteer()


def extract_converted(conv: Converted, source: str | None) -> Record:
    """Extract with what conversion learnt (title, date, publisher) filling the gaps."""
    record = extract(conv.text, source=source, hints=conv.hints)
    info = record.document
    info.title = info.title or conv.title
    info.published = info.published or (conv.published[:10] if conv.published else None)
    info.publisher = info.publisher or conv.publisher
    return record


def document_key(name: str, source: str | None, sha256: str) -> str:
    if source:
        return source
    if name and not name.startswith("<"):
        return str(Path(name).resolve())
    return f"sha256:{sha256}"


def ingest_bytes(store: Store, data: bytes, name: str, source: str | None = None,
                 content_type: str | None = None) -> Outcome:
    """Convert, extract and store one document; errors come back as an Outcome, not raised."""
    try:
        if looks_like_ocds(data):  # procurement notices: one document per OCDS release
            r = ingest_ocds(store, data, name, source)
            return Outcome(name, r["status"], r["document_id"], r["events"], r["error"], r["documents"])
        conv = convert(data, name=name, source=source, content_type=content_type)
        record = extract_converted(conv, source)
        record.document.source = source or record.document.source
        status, doc_id = store.save(key=document_key(name, source, conv.sha256), source=source or name,
                                    sha256=conv.sha256, fmt=conv.format, text=conv.text, record=record)
        return Outcome(name, status, doc_id, len(record.events))
    except DocumentError as e:
        return Outcome(name, "error", error=e.reason)
    except Exception as e:  # noqa: BLE001 - one bad document must not stop a batch
        return Outcome(name, "error", error=f"{type(e).__name__}: {e}")


def expand(patterns: Iterable[str]) -> list[str]:
    """Paths, directories (recursively) and globs, in a stable order; URLs pass through."""
    out: list[str] = []
    for p in patterns:
        if p.startswith(("http://", "https://")):
            out.append(p)
        elif os.path.isdir(p):
            out.extend(sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and not f.name.startswith(".")))
        elif any(ch in p for ch in "*?["):
            out.extend(sorted(f for f in glob.glob(p, recursive=True) if os.path.isfile(f)))
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def refresh_links(store: Store, report: "Report") -> object | None:
    """Bring organisations and contract histories up to date with what was just stored."""
    changed = [o.document_id for o in report.outcomes if o.status in ("new", "updated") and o.document_id]
    if not changed:
        return None
    from .link import refresh

    return refresh(store, changed)


def read_manifest(path: str | Path) -> list[tuple[str, str | None]]:
    """JSON Lines of {"path", "source"}; relative paths are relative to the manifest."""
    import json

    base = Path(path).parent
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            p = Path(item["path"])
        except (ValueError, KeyError, TypeError) as e:
            raise DocumentError(str(path), f"line {n}: not a manifest line ({type(e).__name__}: {e})") from None
        items.append((str(p if p.is_absolute() else base / p), item.get("source")))
    return items


def ingest_paths(store: Store, paths: list[str] | list[tuple[str, str | None]], source: str | None = None,
                 on_done: Callable[[Outcome], None] | None = None,
                 fetch: Callable[[str], tuple[bytes, str | None]] | None = None) -> Report:
    """Ingest paths (or (path, source) pairs) and URLs, one transaction per document."""
    use_updated_reference()
    report = Report()
    for item in paths:
        p, src = item if isinstance(item, tuple) else (item, source)
        if p.startswith(("http://", "https://")):
            if fetch is None:
                outcome = Outcome(p, "error", error="fetching URLs needs the sources module")
            else:
                try:
                    data, ctype = fetch(p)
                    outcome = ingest_bytes(store, data, p, source=p, content_type=ctype)
                except DocumentError as e:
                    outcome = Outcome(p, "error", error=e.reason)
                except Exception as e:  # noqa: BLE001 - network failures are per document
                    outcome = Outcome(p, "error", error=f"{type(e).__name__}: {e}")
        else:
            try:
                data, name = read_path(p)
                outcome = ingest_bytes(store, data, name, source=src)
            except DocumentError as e:
                outcome = Outcome(p, "error", error=e.reason)
        report.outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    return report
