"""The ``contractwatch`` command line."""
from __future__ import annotations

import csv
import importlib
import io
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .record import CATEGORIES, KINDS, STATUSES

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Decisions about UK public-service contracts, extracted from the public record.")
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True)

FORMATS = ("json", "jsonl", "table")
DbOption = typer.Option(None, "--db", envvar="CONTRACTWATCH_DB",
                        help="Database URL or SQLite file (default: a per-user SQLite file).")


def fail(msg: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {msg}", highlight=False, markup=True)
    raise typer.Exit(code)


def open_store(db: str | None):
    from .store import Store

    try:
        return Store(db)
    except Exception as e:  # noqa: BLE001 - report connection problems as one line
        fail(f"cannot open the store at {db or 'the default location'}: {type(e).__name__}: {str(e).splitlines()[0]}")


def fmt_value(v: dict | None) -> str:
    if not v:
        return ""
    amount = v["amount"]
    s = (f"£{amount / 1e9:.2f}bn" if amount >= 1e9 else f"£{amount / 1e6:.1f}m" if amount >= 1e6
         else f"£{amount / 1e3:.0f}k" if amount >= 1e3 else f"£{amount:,.0f}")
    return s + (" p.a." if v.get("basis") == "annual" else "")


def fmt_term(ev: dict) -> str:
    t, x = ev.get("term_months"), ev.get("extension_months")
    if not t and not x:
        return ""
    return f"{t or '?'}m" + (f" +{x}m" if x else "")


def events_table(rows: list[dict], title: str | None = None) -> Table:
    t = Table(title=title, show_lines=False, header_style="bold")
    for col in ("kind", "status", "service", "buyer", "provider", "value", "term", "decided", "ends", "doc"):
        t.add_column(col, overflow="fold")
    for ev in rows:
        t.add_row(ev["kind"], ev["status"], ev.get("service") or "", "; ".join(ev.get("buyers") or []),
                  "; ".join(ev.get("providers") or []), fmt_value(ev.get("value")), fmt_term(ev),
                  ev.get("decision_date") or "", ev.get("end_date") or "",
                  str(ev.get("document_id") or ev.get("document", {}).get("id") or ""))
    return t


CSV_COLUMNS = ("id", "document_id", "kind", "status", "service", "categories", "buyers", "providers",
               "bidders", "value_amount", "value_basis", "term_months", "extension_months", "start_date",
               "end_date", "decision_date", "decision_body", "places", "staff_transferred", "source")


def events_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for ev in rows:
        v = ev.get("value") or {}
        row = {**ev, "value_amount": v.get("amount"), "value_basis": v.get("basis"),
               "source": (ev.get("document") or {}).get("source")}
        w.writerow(["; ".join(row[c]) if isinstance(row.get(c), list) else ("" if row.get(c) is None else row[c])
                    for c in CSV_COLUMNS])
    return buf.getvalue()


# -- extract / text --------------------------------------------------------------------------
@app.command()
def extract(paths: list[Path] = typer.Argument(None, help="Text, HTML or PDF files."),
            source: Optional[str] = typer.Option(None, help="The documents' source URL (names the council)."),
            manifest: Optional[Path] = typer.Option(None, help='JSON Lines of {"id", "path", "source"}.'),
            format: str = typer.Option("json", "--format", "-f", help="json, jsonl or table.")) -> None:
    """Print the decision record of each document (nothing is stored)."""
    from .ingest import extract_converted, use_updated_reference
    from .sources.convert import DocumentError, convert_path

    use_updated_reference()
    if format not in FORMATS:
        fail(f"unknown format {format!r}; expected one of: {', '.join(FORMATS)}")
    jobs: list[tuple[str | None, str, str | None]] = []
    if manifest:
        try:
            for n, line in enumerate(manifest.read_text().splitlines(), 1):
                if line.strip():
                    item = json.loads(line)
                    jobs.append((item.get("id"), item["path"], item.get("source") or source))
        except (OSError, ValueError, KeyError) as e:
            fail(f"{manifest}: bad manifest ({type(e).__name__}: {e})")
    jobs += [(None, str(p), source) for p in paths or []]
    if not jobs:
        fail("give one or more files, or --manifest FILE")
    failed = 0
    results = []
    for doc_id, path, src in jobs:
        try:
            conv = convert_path(path, source=src)
            rec = extract_converted(conv, src).to_dict()
            rec["document"]["source"] = src or rec["document"]["source"] or path
        except DocumentError as e:
            failed += 1
            err.print(f"[red]error:[/red] {e}", highlight=False)
            rec = {"document": {"source": src or path}, "events": [], "error": e.reason}
        if doc_id is not None:
            rec = {"id": doc_id, **rec}
        if format == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            results.append((path, rec))
    if format == "json":
        data = [r for _, r in results]
        sys.stdout.write(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False) + "\n")
    elif format == "table":
        for path, rec in results:
            d = rec["document"]
            out.print(events_table(rec["events"], title=f"{path}: {d.get('title') or ''} ({d.get('type')}, {d.get('published') or 'undated'})"))
    raise typer.Exit(1 if failed else 0)


@app.command()
def text(path: Path, source: Optional[str] = typer.Option(None, help="The document's source URL.")) -> None:
    """Print the normalised text that evidence offsets index into."""
    from .sources.convert import DocumentError, convert_path

    try:
        sys.stdout.write(convert_path(path, source=source).text)
    except DocumentError as e:
        fail(str(e), 1)


# -- store -----------------------------------------------------------------------------------
@app.command()
def ingest(paths: list[str] = typer.Argument(None, help="Files, folders, globs or http(s) URLs."),
           db: Optional[str] = DbOption,
           manifest: Optional[Path] = typer.Option(None, help='JSON Lines of {"path", "source"} to ingest.'),
           source: Optional[str] = typer.Option(None, help="Source URL to record for local files."),
           allow_private: bool = typer.Option(False, "--allow-private", help="Allow URLs on private or loopback addresses."),
           progress: bool = typer.Option(True, "--progress/--no-progress"),
           link: bool = typer.Option(True, "--link/--no-link", help="Update organisations and contract histories afterwards.")) -> None:
    """Store documents and their events (idempotent: unchanged content is skipped)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .ingest import expand, ingest_paths, read_manifest
    from .sources.convert import DocumentError

    items: list = expand(paths or [])
    if manifest:
        try:
            items += read_manifest(manifest)
        except (OSError, DocumentError) as e:
            fail(f"{manifest}: {getattr(e, 'reason', None) or e}")
    if not items:
        fail("nothing to ingest: " + (" ".join(paths or []) or "give files, folders, globs, URLs or --manifest"))
    store = open_store(db)
    urls = [i for i in items if isinstance(i, str) and i.startswith(("http://", "https://"))]
    fetch = _url_fetcher(allow_private) if urls else None
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, disable=not progress or not err.is_terminal and not _force_progress()) as bar:
        task = bar.add_task("ingesting", total=len(items))
        report = ingest_paths(store, items, source=source, on_done=lambda o: bar.advance(task), fetch=fetch)
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("new", "updated", "unchanged", "error"))
    events = sum(o.events for o in report.outcomes if o.status in ("new", "updated"))
    docs = sum(o.documents for o in report.outcomes if o.status != "error")
    extra = f" ({docs} documents stored, e.g. one per notice)" if docs != len(items) - len(report.errors) else ""
    out.print(f"{len(items)} inputs: {counts}{extra}; {events} events stored in {store.url}", highlight=False)
    if link:
        from .ingest import refresh_links

        rep = refresh_links(store, report)
        if rep is not None:
            out.print(f"contracts: {rep.contracts} in scope, {rep.linked} linked across documents, "
                      f"{rep.ambiguous} left unlinked as ambiguous", highlight=False)
    for o in report.errors:
        err.print(f"[red]error:[/red] {o.name}: {o.error}", highlight=False)
    raise typer.Exit(1 if report.errors else 0)


def _force_progress() -> bool:
    import os

    return bool(os.environ.get("CONTRACTWATCH_PROGRESS"))


def _url_fetcher(allow_private: bool):
    try:
        mod = importlib.import_module("contractwatch.sources.fetch")
    except ModuleNotFoundError:
        return None
    return mod.make_fetcher(allow_private=allow_private)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


@app.command()
def events(db: Optional[str] = DbOption,
           kind: list[str] = typer.Option(None, help=f"One of {', '.join(KINDS)} (repeat or comma-separate)."),
           status: list[str] = typer.Option(None, help=f"One of {', '.join(STATUSES)}."),
           category: list[str] = typer.Option(None, help=f"One of {', '.join(CATEGORIES)}."),
           buyer: Optional[str] = typer.Option(None, help="Buyer name contains."),
           provider: Optional[str] = typer.Option(None, help="Provider name contains."),
           since: Optional[str] = typer.Option(None, help="Decided on or after (2024, 2024-03, 2024-03-31)."),
           until: Optional[str] = typer.Option(None, help="Decided on or before."),
           q: Optional[str] = typer.Option(None, "--q", help="Only events in documents matching this text."),
           sort: str = typer.Option("date", help="date, value, end, kind, status, service, term."),
           limit: int = typer.Option(100, min=1, max=100_000), offset: int = typer.Option(0, min=0),
           format: str = typer.Option("table", "--format", "-f", help="table, csv or json.")) -> None:
    """List stored events, filtered."""
    from .store import EventFilter

    if format not in ("table", "csv", "json"):
        fail(f"unknown format {format!r}; expected table, csv or json")
    store = open_store(db)
    f = EventFilter(kind=_split(kind), status=_split(status), category=_split(category), buyer=buyer,
                    provider=provider, since=since, until=until, q=q)
    try:
        rows, total = store.events(f, limit=limit, offset=offset, sort=sort)
    except ValueError as e:
        fail(str(e))
    if format == "json":
        sys.stdout.write(json.dumps({"total": total, "events": rows}, indent=2, ensure_ascii=False) + "\n")
    elif format == "csv":
        sys.stdout.write(events_csv(rows))
    else:
        out.print(events_table(rows, title=f"{len(rows)} of {total} events"))


@app.command()
def search(query: str, db: Optional[str] = DbOption, limit: int = typer.Option(20, min=1, max=1000),
           format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
    """Full-text search over stored documents."""
    store = open_store(db)
    hits = store.search(query, limit=limit)
    if format == "json":
        sys.stdout.write(json.dumps([{**h, "snippet": h["snippet"].replace("\x02", "[").replace("\x03", "]")}
                                     for h in hits], indent=2, ensure_ascii=False) + "\n")
        return
    t = Table(title=f"{len(hits)} documents match {query!r}", header_style="bold")
    for col in ("id", "title", "published", "events", "snippet"):
        t.add_column(col, overflow="fold")
    for h in hits:
        snip = h["snippet"].replace("[", r"\[").replace("\x02", "[bold yellow]").replace("\x03", "[/bold yellow]")
        t.add_row(str(h["id"]), h["title"] or h["source"] or "", h["published"] or "", str(h["events"]), snip)
    out.print(t)


@app.command()
def demo(db: Optional[str] = DbOption,
         serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the web UI afterwards."),
         host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000)) -> None:
    """Ingest the bundled demo corpus, print what was found and serve the web UI."""
    from .ingest import ingest_paths, read_manifest

    corpus = Path(__file__).parent / "demo"
    store = open_store(db)
    report = ingest_paths(store, read_manifest(corpus / "manifest.jsonl"))
    from .ingest import refresh_links

    refresh_links(store, report)
    out.print(f"demo corpus: {report.count('new')} new, {report.count('unchanged')} unchanged, "
              f"{len(report.errors)} errors → {store.url}", highlight=False)
    rows, total = store.events(limit=200)
    out.print(events_table(rows, title=f"{total} decisions found"))
    if serve:
        web = _plugin("cli_web")
        if web is None:
            out.print("(the web UI is not installed in this build)")
            return
        web.serve_store(store, host=host, port=port)


def _plugin(name: str):
    try:
        return importlib.import_module(f"contractwatch.{name}")
    except ModuleNotFoundError as e:
        if e.name != f"contractwatch.{name}":
            raise
        return None


# Command groups live beside the stage they drive; each module exposes register(app).
PLUGINS = ("cli_web", "cli_contracts", "cli_sources", "cli_alerts")
for _name in PLUGINS:
    _mod = _plugin(_name)
    if _mod is not None:
        _mod.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
