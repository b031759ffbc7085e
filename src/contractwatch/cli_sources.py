"""``contractwatch source ...`` and ``contractwatch sync``: name councils and feeds once,
then keep the store up to date (by hand, or from cron / a systemd timer)."""
from __future__ import annotations

import json
import signal
import sys
from typing import Optional

import typer

EXIT_BUSY = 75  # EX_TEMPFAIL: another sync holds the lock; try again later

source_app = typer.Typer(no_args_is_help=True, add_completion=False,
                         help="The councils' ModernGov sites and news feeds that `sync` keeps up to date.")
add_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Add a ModernGov site or an RSS/Atom feed.")
source_app.add_typer(add_app, name="add")


def _cli():
    from . import cli

    return cli


def _db_option():
    return typer.Option(None, "--db", envvar="CONTRACTWATCH_DB",
                        help="Database URL or SQLite file (default: a per-user SQLite file).")


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def _added(src: dict) -> None:
    cli = _cli()
    opts = ", ".join(f"{k}={v}" for k, v in src["options"].items())
    cli.out.print(f"added source {src['id']}: {src['kind']} {src['url']}" + (f" ({opts})" if opts else "")
                  + "\nrun `contractwatch sync` to fetch it", highlight=False)


@add_app.command("moderngov")
def add_moderngov(url: str = typer.Argument(..., help="The council's democracy site, e.g. https://democracy.example.gov.uk"),
                  committees: Optional[list[str]] = typer.Option(
                      None, "--committees", help="Only these committees: names (or parts of names) or ids; "
                                                 "repeat or comma-separate. Default: all."),
                  since: Optional[str] = typer.Option(None, help="Only meetings and decisions from this date "
                                                                 "(YYYY-MM-DD; default: a year before each sync)."),
                  all_items: bool = typer.Option(False, "--all-items",
                                                 help="Fetch every agenda item and decision, not only those "
                                                      "about care, health or contracts."),
                  decisions: bool = typer.Option(True, "--decisions/--no-decisions",
                                                 help="Also read the published decisions lists."),
                  name: Optional[str] = typer.Option(None, help="A label for the source (default: the host)."),
                  db: Optional[str] = _db_option()) -> None:
    """Add a council's ModernGov site."""
    from .sync import add_source

    cli = _cli()
    store = cli.open_store(db)
    options = {"committees": _split(committees), "since": since, "all_items": all_items or None,
               "decisions": None if decisions else False}
    try:
        src = add_source(store, "moderngov", url, name=name, options=options)
    except ValueError as e:
        cli.fail(str(e))
    _added(src)


@add_app.command("feed")
def add_feed(url: str = typer.Argument(..., help="An RSS or Atom feed URL."),
             since: Optional[str] = typer.Option(None, help="Skip entries published before this date (YYYY-MM-DD)."),
             all_items: bool = typer.Option(False, "--all-items",
                                            help="Fetch every entry, not only those about care, health or contracts."),
             name: Optional[str] = typer.Option(None, help="A label for the source (default: the host)."),
             db: Optional[str] = _db_option()) -> None:
    """Add a news feed; each new relevant entry's article is fetched and stored."""
    from .sync import add_source

    cli = _cli()
    store = cli.open_store(db)
    try:
        src = add_source(store, "feed", url, name=name, options={"since": since, "all_items": all_items or None})
    except ValueError as e:
        cli.fail(str(e))
    _added(src)


@source_app.command("list")
def list_cmd(db: Optional[str] = _db_option(),
             format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
    """The sources, each with its last sync and its errors."""
    from rich.table import Table

    from .sync import list_sources

    cli = _cli()
    if format not in ("table", "json"):
        cli.fail(f"unknown format {format!r}; expected table or json")
    rows = list_sources(cli.open_store(db))
    if format == "json":
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        cli.out.print("no sources yet: add one with `contractwatch source add moderngov URL` "
                      "or `contractwatch source add feed URL`")
        return
    t = Table(title=f"{len(rows)} sources", header_style="bold")
    for col in ("id", "kind", "name", "url", "last sync", "status", "documents", "pending", "errors"):
        t.add_column(col, overflow="fold")
    for r in rows:
        run = r["last_run"] or {}
        t.add_row(str(r["id"]), r["kind"], r["name"] or "", r["url"], (r["last_sync_at"] or "never")[:19],
                  r["last_status"] or "", str(r["documents"]), str(r["pending"]), str(run.get("error_count", "")))
    cli.out.print(t)
    for r in rows:
        for e in ((r["last_run"] or {}).get("errors") or [])[:5]:
            cli.out.print(f"[{r['id']}] error: {e['url']}: {e['error']}", highlight=False, markup=False)


@source_app.command("remove")
def remove_cmd(source: str = typer.Argument(..., help="The source's id, URL or name."),
               db: Optional[str] = _db_option()) -> None:
    """Forget a source and its crawl state (documents already stored stay)."""
    from .sync import remove_source

    cli = _cli()
    gone = remove_source(cli.open_store(db), source)
    if gone is None:
        cli.fail(f"no source {source!r} (see `contractwatch source list`)", 1)
    cli.out.print(f"removed source {gone['id']}: {gone['kind']} {gone['url']}", highlight=False)


def sync_cmd(source: Optional[list[str]] = typer.Option(None, "--source", "-s",
                                                       help="Only these sources (id, URL or name; repeatable)."),
             allow_private: bool = typer.Option(False, "--allow-private", envvar="CONTRACTWATCH_ALLOW_PRIVATE",
                                                help="Allow sources on loopback, private or link-local addresses."),
             limit: Optional[int] = typer.Option(None, min=1, help="At most this many pages per source in this "
                                                                 "run; the rest waits for the next run."),
             rate: Optional[float] = typer.Option(None, min=0.0, help="Seconds between requests to one host "
                                                                     "(default 1, or CONTRACTWATCH_RATE_LIMIT)."),
             retries: int = typer.Option(3, min=0, max=10, help="Retries of a failed request (429, 5xx, network)."),
             timeout: float = typer.Option(30.0, min=1.0, help="Seconds to wait for a server to answer."),
             format: str = typer.Option("text", "--format", "-f", help="text or json."),
             quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors (for cron)."),
             db: Optional[str] = _db_option()) -> None:
    """Fetch what is new from every source and store it; safe to run from cron.

    Exit status: 0 all well, 1 some pages or sources failed, 75 another sync is running."""
    from .sources.fetch import make_fetcher
    from .sync import SyncBusy, sync

    cli = _cli()
    if format not in ("text", "json"):
        cli.fail(f"unknown format {format!r}; expected text or json")
    store = cli.open_store(db)
    options = {"retries": retries, "timeout": timeout}
    if rate is not None:
        options["rate"] = rate
    fetcher = make_fetcher(allow_private=allow_private, **options)
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum, frame):  # systemd stops with SIGTERM: finish the bookkeeping, then exit
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread (tests)
        previous = None

    def progress(r) -> None:
        if format == "text" and not quiet and cli.err.is_terminal:
            cli.err.print(f"{r.name or r.url}: {r.status}, {r.new_documents} new documents, "
                          f"{len(r.errors)} errors", highlight=False, markup=False)

    try:
        summary = sync(store, sources=_split(source) or None, fetcher=fetcher, on_source=progress)
    except SyncBusy as e:
        cli.err.print(f"sync skipped: {e}", highlight=False, markup=False)
        raise typer.Exit(EXIT_BUSY)
    except KeyError as e:
        cli.fail(str(e.args[0]) if e.args else str(e), 2)
    except KeyboardInterrupt:
        cli.err.print("sync interrupted; the next run resumes where this one stopped", highlight=False)
        raise typer.Exit(130)
    finally:
        fetcher.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if not summary.results:
        cli.out.print("no sources to sync: add one with `contractwatch source add moderngov URL` "
                      "or `contractwatch source add feed URL`")
        return
    if format == "json":
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        lines = summary.lines()
        if quiet:
            lines = [line for line in lines[1:] if line.lstrip().startswith(("error:", "..."))]
        for line in lines:
            cli.out.print(line, highlight=False, markup=False)
    raise typer.Exit(0 if summary.error_count == 0 else 1)


def register(app: typer.Typer) -> None:
    app.add_typer(source_app, name="source")
    app.command("sync")(sync_cmd)
