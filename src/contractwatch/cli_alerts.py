"""Commands for saved searches and exports: ``watch add|list|remove|run|log|feed|retry`` and
``export events|contracts --format csv|json|ocds``."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .record import CATEGORIES, KINDS, STATUSES

KindOpt = typer.Option(None, "--kind", help=f"One of {', '.join(KINDS)} (repeat or comma-separate).")
StatusOpt = typer.Option(None, "--status", help=f"One of {', '.join(STATUSES)}.")
CategoryOpt = typer.Option(None, "--category", help=f"One of {', '.join(CATEGORIES)}.")
BuyerOpt = typer.Option(None, "--buyer", help="Buyer name contains.")
ProviderOpt = typer.Option(None, "--provider", help="Provider name contains.")
SinceOpt = typer.Option(None, "--since", help="Decided on or after (2024, 2024-03, 2024-03-31).")
UntilOpt = typer.Option(None, "--until", help="Decided on or before.")
QOpt = typer.Option(None, "--q", help="Only events in documents matching this text.")
RegionOpt = typer.Option(None, "--region", help="A buyer's region: 'North West', 'London', NHS 'Midlands' … "
                                                "(repeat or comma-separate).")


def _json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _write_out(output: Path | None, write) -> int:
    """Run ``write(stream)`` into --output (atomically) or stdout."""
    if output is None or str(output) == "-":
        return write(sys.stdout)
    output = output.expanduser()
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=str(output.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            n = write(fh)
        os.replace(tmp, output)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return n


def register(app: typer.Typer) -> None:
    from .cli import DbOption, _split, err, fail, open_store, out

    watch = typer.Typer(help="Saved searches: an Atom feed each, and webhook POSTs for new matching events.",
                        no_args_is_help=True)
    app.add_typer(watch, name="watch")

    def _filters(kind, status, category, buyer, provider, since, until, q, region):
        from .alerts import WatchFilter

        return WatchFilter(kind=_split(kind), status=_split(status), category=_split(category), buyer=buyer,
                           provider=provider, since=since, until=until, q=q, region=_split(region))

    @watch.command("add")
    def watch_add(name: str = typer.Argument(..., help="A name: letters, digits, '.', '_', '-'."),
                  db: Optional[str] = DbOption,
                  kind: list[str] = KindOpt, status: list[str] = StatusOpt, category: list[str] = CategoryOpt,
                  buyer: Optional[str] = BuyerOpt, provider: Optional[str] = ProviderOpt,
                  since: Optional[str] = SinceOpt, until: Optional[str] = UntilOpt, q: Optional[str] = QOpt,
                  region: list[str] = RegionOpt,
                  webhook: Optional[str] = typer.Option(None, "--webhook", help="POST each new matching event "
                                                                                 "here as JSON."),
                  secret: Optional[str] = typer.Option(None, "--secret", envvar="CONTRACTWATCH_WEBHOOK_SECRET",
                                                       help="Sign webhook bodies with HMAC-SHA256 "
                                                            "(header X-Contractwatch-Signature-256)."),
                  backfill: bool = typer.Option(False, "--backfill", help="Also send the events that match now "
                                                                           "(default: only events found later).")) -> None:
        """Save a search (a feed at /watches/NAME.atom; with --webhook, POSTs on `watch run`)."""
        from .alerts import WatchError, add_watch

        store = open_store(db)
        try:
            w = add_watch(store, name, _filters(kind, status, category, buyer, provider, since, until, q, region),
                          webhook=webhook, secret=secret, backfill=backfill)
        except (WatchError, ValueError) as e:
            fail(str(e))
        base = sum(w.counts.values())
        msg = f"watch {w.name!r}: {w.filters.describe()}; feed at /watches/{w.name}.atom"
        if w.webhook_url:
            msg += (f"; webhook {w.webhook_display}{' (signed)' if w.secret else ''}; "
                    + (f"{base} events matching now will not be sent" if base else "every matching event will be sent"))
        out.print(msg, highlight=False)

    @watch.command("list")
    def watch_list(db: Optional[str] = DbOption,
                   format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
        """List saved searches with their delivery counts."""
        from .alerts import list_watches

        store = open_store(db)
        rows = list_watches(store)
        if format == "json":
            _json({"total": len(rows), "watches": [w.to_dict() for w in rows]})
            return
        t = Table(title=f"{len(rows)} watches", header_style="bold")
        for col in ("name", "filters", "webhook", "delivered", "retry", "failed", "unknown", "last run"):
            t.add_column(col, overflow="fold")
        for w in rows:
            c = w.counts
            t.add_row(w.name, w.filters.describe(),
                      (w.webhook_display or "") + (" (signed)" if w.secret else ""), str(c.get("delivered", 0)),
                      str(c.get("retry", 0)), str(c.get("failed", 0)), str(c.get("unknown", 0)),
                      w.last_run_at.strftime("%Y-%m-%d %H:%M") if w.last_run_at else "")
        out.print(t)

    @watch.command("remove")
    def watch_remove(name: str, db: Optional[str] = DbOption) -> None:
        """Delete a saved search and its delivery log."""
        from .alerts import remove_watch

        store = open_store(db)
        if not remove_watch(store, name):
            fail(f"no watch called {name!r}", 1)
        out.print(f"removed watch {name!r}", highlight=False)

    @watch.command("run")
    def watch_run(name: Optional[str] = typer.Argument(None, help="One watch (default: every watch)."),
                  db: Optional[str] = DbOption,
                  attempts_per_run: int = typer.Option(3, min=1, max=10, help="Tries per event in this run."),
                  max_attempts: int = typer.Option(8, min=1, max=100, help="Tries in all before giving up."),
                  backoff: float = typer.Option(1.0, min=0.0, help="Seconds before the second try; doubles."),
                  retry_delay: float = typer.Option(60.0, min=0.0, help="Seconds before a retry on a later run; "
                                                                          "doubles."),
                  timeout: float = typer.Option(10.0, min=0.1, help="Seconds to wait for the receiver."),
                  base_url: Optional[str] = typer.Option(None, help="The web app's address, for links in payloads."),
                  format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
        """POST new matching events to each watch's webhook (each event at most once)."""
        from .alerts import WatchError, run

        store = open_store(db)
        try:
            reports = run(store, name, max_attempts=max_attempts, attempts_per_run=attempts_per_run,
                          backoff=backoff, retry_delay=retry_delay, timeout=timeout, base_url=base_url)
        except WatchError as e:
            fail(str(e), 1)
        if format == "json":
            _json([r.to_dict() for r in reports])
        else:
            for r in reports:
                if r.skipped:
                    out.print(f"{r.watch}: skipped ({r.skipped})", highlight=False)
                    continue
                out.print(f"{r.watch}: {r.delivered} delivered, {r.retrying} to retry, {r.failed} failed, "
                          f"{r.unknown} unknown" + (f", {r.pending} left for the next run" if r.pending else ""),
                          highlight=False)
                for e in r.errors[:10]:
                    err.print(f"  {r.watch}: {e}", highlight=False, markup=False)
        bad = any(r.failed or r.unknown or r.retrying for r in reports)
        raise typer.Exit(1 if bad else 0)

    @watch.command("log")
    def watch_log(name: Optional[str] = typer.Argument(None, help="One watch (default: every watch)."),
                  db: Optional[str] = DbOption,
                  status: Optional[str] = typer.Option(None, help="delivered, retry, failed, unknown, sending or "
                                                                  "baseline."),
                  limit: int = typer.Option(50, min=1, max=100_000),
                  all_: bool = typer.Option(False, "--all", help="Include the baseline (events never sent)."),
                  format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
        """The delivery log: each event's status, attempts, last HTTP status and error."""
        from .alerts import delivery_log, get_watch

        store = open_store(db)
        if name is not None and get_watch(store, name) is None:
            fail(f"no watch called {name!r}", 1)
        rows = delivery_log(store, name, status=status, limit=limit, include_baseline=all_)
        if format == "json":
            _json({"deliveries": rows})
            return
        t = Table(title=f"{len(rows)} deliveries", header_style="bold")
        for col in ("id", "watch", "event", "kind", "status", "attempts", "http", "last try", "next try", "error"):
            t.add_column(col, overflow="fold")
        for d in rows:
            t.add_row(str(d["id"]), d["watch"], str(d["event_id"] or ""), d["event_kind"], d["status"],
                      str(d["attempts"]), str(d["http_status"] or ""), d["last_attempt_at"] or "",
                      d["next_attempt_at"] or "", (d["error"] or "")[:200])
        out.print(t)

    @watch.command("feed")
    def watch_feed(name: str, db: Optional[str] = DbOption,
                   base_url: Optional[str] = typer.Option(None, help="The web app's address, for links."),
                   limit: int = typer.Option(50, min=1, max=1000)) -> None:
        """Print a watch's Atom feed (the web app serves it at /watches/NAME.atom)."""
        from .alerts import atom_feed, get_watch

        store = open_store(db)
        w = get_watch(store, name)
        if w is None:
            fail(f"no watch called {name!r}", 1)
        sys.stdout.buffer.write(atom_feed(store, w, base_url=base_url, limit=limit))
        sys.stdout.flush()

    @watch.command("retry")
    def watch_retry(name: str, db: Optional[str] = DbOption,
                    stuck: bool = typer.Option(False, "--stuck", help="Also deliveries left 'sending' by a run that "
                                                                      "died (older than 30 minutes).")) -> None:
        """Send failed and unknown deliveries again on the next run (an unknown one may arrive twice)."""
        from .alerts import WatchError, requeue

        store = open_store(db)
        try:
            n = requeue(store, name, ("unknown", "failed", "sending") if stuck else ("unknown", "failed"))
        except WatchError as e:
            fail(str(e), 1)
        out.print(f"{n} deliveries of {name!r} will be tried again on the next `watch run`", highlight=False)

    # -- export ------------------------------------------------------------------------------------
    @app.command("export")
    def export_cmd(what: str = typer.Argument(..., help="events or contracts."),
                   db: Optional[str] = DbOption,
                   format: str = typer.Option("csv", "--format", "-f", help="csv, json or ocds (an OCDS release "
                                                                            "package, one release per contract)."),
                   output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: "
                                                                                      "standard output)."),
                   kind: list[str] = KindOpt, status: list[str] = StatusOpt, category: list[str] = CategoryOpt,
                   buyer: Optional[str] = BuyerOpt, provider: Optional[str] = ProviderOpt,
                   since: Optional[str] = SinceOpt, until: Optional[str] = UntilOpt, q: Optional[str] = QOpt,
                   region: list[str] = RegionOpt,
                   publisher: str = typer.Option("contractwatch", help="OCDS: the package's publisher name."),
                   uri: Optional[str] = typer.Option(None, help="OCDS: the package's URI (where you publish it).")) -> None:
        """Export events or contract histories as CSV, JSON or OCDS (filters as for `events`)."""
        from .export import FORMATS, ExportError, export
        from .store import EventFilter

        if what not in ("events", "contracts"):
            fail(f"export events or contracts, not {what!r}")
        if format not in FORMATS:
            fail(f"unknown format {format!r}; expected one of: {', '.join(FORMATS)}")
        store = open_store(db)
        f = EventFilter(kind=_split(kind), status=_split(status), category=_split(category), buyer=buyer,
                        provider=provider, since=since, until=until, q=q)
        try:
            n = _write_out(output, lambda fh: export(store, what, format, fh, f, _split(region),
                                                     publisher=publisher, uri=uri))
        except ExportError as e:
            fail(str(e), 1)
        except ValueError as e:
            fail(str(e))
        noun = "releases" if format == "ocds" else what
        if output is not None and str(output) != "-":
            err.print(f"{n} {noun} written to {output}", highlight=False)
