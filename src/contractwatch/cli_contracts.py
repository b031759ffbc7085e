"""Commands for organisations, contract histories, the pipeline, profiles, corrections and the
reference tables: ``orgs``, ``contracts``, ``pipeline``, ``profile``, ``correct``, ``reference``."""
from __future__ import annotations

import json
import sys
from datetime import date
from typing import Optional

import typer
from rich.table import Table

FMT3 = ("table", "csv", "json")


def _json(data) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _today(value: str | None) -> date | None:
    from .cli import fail

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--today must be a date like 2025-06-01, not {value!r}")


def _fmt_end(lo: str | None, hi: str | None) -> str:
    if not lo:
        return ""
    return lo if not hi or hi == lo else f"{lo} … {hi}"


def register(app: typer.Typer) -> None:
    from .cli import DbOption, err, fail, open_store, out

    # -- orgs ------------------------------------------------------------------------------------
    orgs = typer.Typer(help="Organisations: buyers and providers resolved to one id each.",
                       invoke_without_command=True, no_args_is_help=False)
    app.add_typer(orgs, name="orgs")

    @orgs.callback()
    def orgs_list(ctx: typer.Context, db: Optional[str] = DbOption,
                  type: Optional[str] = typer.Option(None, "--type", help="council, nhs_commissioner, nhs_trust, "
                                                                           "company, cic, charity or other."),
                  search: Optional[str] = typer.Option(None, "--search", "-s", help="Name, alias, id or code contains."),
                  limit: int = typer.Option(100, min=1, max=100_000),
                  format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
        """List organisations (run a subcommand for merge, split, show)."""
        if ctx.invoked_subcommand is not None:
            return
        from .link import ensure_fresh
        from .resolve import list_orgs

        store = open_store(db)
        ensure_fresh(store)
        try:
            rows, total = list_orgs(store, type=type, search=search, limit=limit)
        except ValueError as e:
            fail(str(e))
        if format == "json":
            _json({"total": total, "organisations": rows})
            return
        t = Table(title=f"{len(rows)} of {total} organisations", header_style="bold")
        for col in ("id", "name", "type", "code", "region", "events", "aliases", "successor"):
            t.add_column(col, overflow="fold")
        for o in rows:
            aliases = ", ".join(a["alias"] + (f" (until {a['until']})" if a.get("until") else "")
                                for a in o["aliases"][:6])
            t.add_row(o["id"], o["name"], o["type"], o["code"] or "", o["region"] or "", str(o["events"]),
                      aliases, ", ".join(o["successors"]))
        out.print(t)

    @orgs.command("show")
    def orgs_show(org: str, db: Optional[str] = DbOption,
                  format: str = typer.Option("table", "--format", "-f")) -> None:
        """One organisation: names, aliases, codes, predecessors and successors."""
        from .resolve import get_org

        store = open_store(db)
        o = get_org(store, org)
        if o is None:
            fail(f"no organisation {org!r} (try `contractwatch orgs --search`)", 1)
        if format == "json":
            _json(o)
            return
        out.print(f"[bold]{o['name']}[/bold]  {o['id']}  ({o['type']}{', ' + o['code'] if o['code'] else ''}"
                  f"{', ' + o['region'] if o['region'] else ''})", highlight=False)
        for a in o["aliases"]:
            out.print(f"  also: {a['alias']}  [{a['source']}{', until ' + a['until'] if a.get('until') else ''}]",
                      highlight=False)
        if o["predecessors"]:
            out.print("  predecessors: " + ", ".join(o["predecessors"]), highlight=False)
        if o["successors"]:
            out.print("  successors: " + ", ".join(o["successors"]), highlight=False)

    @orgs.command("merge")
    def orgs_merge(keep: str = typer.Argument(..., help="The organisation to keep (id or name)."),
                   other: str = typer.Argument(..., help="The organisation folded into it (id or name)."),
                   db: Optional[str] = DbOption, who: Optional[str] = typer.Option(None, help="Who decided (default: you)."),
                   note: Optional[str] = typer.Option(None, help="Why.")) -> None:
        """Make two organisations one, for good (kept across re-ingests)."""
        from .corrections import default_who
        from .resolve import merge_orgs

        store = open_store(db)
        try:
            kept = merge_orgs(store, keep, other, who=who or default_who(), note=note)
        except ValueError as e:
            fail(str(e), 1)
        out.print(f"merged {other} into {kept}; contracts relinked", highlight=False)

    @orgs.command("split")
    def orgs_split(org: str = typer.Argument(..., help="The organisation (id or name)."),
                   name: str = typer.Argument(..., help="The name that is not this organisation."),
                   db: Optional[str] = DbOption, who: Optional[str] = typer.Option(None),
                   note: Optional[str] = typer.Option(None)) -> None:
        """Take a name away from an organisation: its mentions become their own organisation."""
        from .corrections import default_who
        from .resolve import split_org

        store = open_store(db)
        try:
            new = split_org(store, org, name, who=who or default_who(), note=note)
        except ValueError as e:
            fail(str(e), 1)
        out.print(f"{name!r} is now {new}; contracts relinked", highlight=False)

    # -- contracts -------------------------------------------------------------------------------
    contracts = typer.Typer(help="Contract histories: events about one contract, linked across documents.",
                            invoke_without_command=True)
    app.add_typer(contracts, name="contracts")

    def _contracts_table(rows, title: str) -> Table:
        t = Table(title=title, header_style="bold")
        for col in ("id", "service", "buyer", "provider", "status", "start", "expected end", "next", "conf", "events"):
            t.add_column(col, overflow="fold")
        for c in rows:
            nxt = f"{c.next_kind or ''} {c.next_date or ''}".strip()
            t.add_row(c.id, c.title or ", ".join(c.categories), "; ".join(c.buyers), "; ".join(c.providers),
                      c.status or "", c.start_date or "", _fmt_end(c.end_low, c.end_high), nxt,
                      f"{c.confidence:.2f}", f"{c.n_events}/{c.n_documents}d")
        return t

    @contracts.callback()
    def contracts_list(ctx: typer.Context, db: Optional[str] = DbOption,
                       buyer: Optional[str] = typer.Option(None, help="Buyer (id or any of its names)."),
                       provider: Optional[str] = typer.Option(None, help="Provider (id or any of its names)."),
                       category: Optional[str] = typer.Option(None), region: Optional[str] = typer.Option(None),
                       status: Optional[str] = typer.Option(None, help="active, extended, tendering, procuring, "
                                                                        "ending, ended, insourced, re-let."),
                       q: Optional[str] = typer.Option(None, "--q", help="Service name contains."),
                       sort: str = typer.Option("end", help="end, next, recent or events."),
                       limit: int = typer.Option(100, min=1, max=100_000), offset: int = typer.Option(0, min=0),
                       format: str = typer.Option("table", "--format", "-f", help="table, csv or json.")) -> None:
        """List contract histories (subcommands: show, split, merge, refresh)."""
        if ctx.invoked_subcommand is not None:
            return
        from .link import ensure_fresh, list_contracts

        if format not in FMT3:
            fail("--format must be table, csv or json")
        store = open_store(db)
        ensure_fresh(store)
        try:
            rows, total = list_contracts(store, buyer=buyer, provider=provider, category=category, region=region,
                                         status=status, q=q, limit=limit, offset=offset, sort=sort)
        except ValueError as e:
            fail(str(e))
        if format == "json":
            _json({"total": total, "contracts": [c.to_dict() for c in rows]})
        elif format == "csv":
            import csv

            w = csv.writer(sys.stdout)
            cols = ("id", "title", "buyers", "providers", "categories", "region", "status", "start_date", "end_low",
                    "end_high", "next_kind", "next_date", "confidence", "n_events", "n_documents")
            w.writerow(cols)
            for c in rows:
                d = c.to_dict()
                w.writerow(["; ".join(d[k]) if isinstance(d[k], list) else ("" if d[k] is None else d[k]) for k in cols])
        else:
            if total == 0 and store.counts()["events"]:
                err.print("no contracts: run `contractwatch contracts refresh` after ingesting")
            out.print(_contracts_table(rows, f"{len(rows)} of {total} contracts"))

    @contracts.command("show")
    def contracts_show(contract_id: str, db: Optional[str] = DbOption,
                       format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
        """One contract: its timeline, why each event is in it, its forecast and its documents."""
        from .link import get_contract

        store = open_store(db)
        c = get_contract(store, contract_id)
        if c is None:
            fail(f"no contract {contract_id!r}", 1)
        if format == "json":
            _json(c.to_dict())
            return
        f = c.forecast or {}
        out.print(f"[bold]{c.title or 'contract'}[/bold]  {c.id}", highlight=False)
        out.print(f"buyers: {'; '.join(c.buyers) or '?'}   providers: {'; '.join(c.providers) or '?'}", highlight=False)
        out.print(f"status: {c.status}   start: {c.start_date or '?'}   expected end: "
                  f"{_fmt_end(c.end_low, c.end_high) or '?'} ({f.get('basis')}, confidence {c.confidence:.2f})",
                  highlight=False)
        nxt = f.get("next_event") or {}
        if nxt:
            out.print(f"next: {nxt.get('kind')} {nxt.get('date') or ''} — {nxt.get('note')}", highlight=False)
        if c.note:
            out.print(f"[yellow]note:[/yellow] {c.note}", highlight=False)
        t = Table(title="timeline", header_style="bold")
        for col in ("event", "date", "kind", "status", "service", "document", "linked by", "corrected"):
            t.add_column(col, overflow="fold")
        for ev in c.timeline:
            if ev.get("missing"):
                t.add_row("-", "", "", "", "(event gone: run contracts refresh)", ev["ref"], "", "")
                continue
            link = ev["link"]
            why = "first event" if link["method"] == "first" else (
                ("by hand; " if link["method"] == "manual" else "") +
                ", ".join(f"{x['field']}: {x['detail']}" for x in link["matched"] if x["field"] != "manual")
                + f" (score {link['score']})")
            fixes = ", ".join(f"{x['field']} by {x['who']} {x['at'][:10]}" for x in ev.get("corrections") or [])
            t.add_row(str(ev["id"]), ev.get("date") or "", ev["kind"], ev["status"], ev.get("service") or "",
                      f"#{ev['document']['id']} {ev['document'].get('title') or ev['document'].get('source') or ''}",
                      why, fixes)
        out.print(t)
        for st in f.get("steps") or []:
            out.print(f"  {st.get('date') or '?'} {st['kind']}: {st['effect']}", highlight=False)

    @contracts.command("split")
    def contracts_split(contract_id: str, event_ids: list[int] = typer.Argument(..., help="Events to take out."),
                        db: Optional[str] = DbOption, who: Optional[str] = typer.Option(None),
                        note: Optional[str] = typer.Option(None)) -> None:
        """Take events out of a contract into a history of their own (kept across re-ingests)."""
        from .corrections import default_who
        from .link import split_contract

        store = open_store(db)
        try:
            a, b = split_contract(store, contract_id, event_ids, who=who or default_who(), note=note)
        except ValueError as e:
            fail(str(e), 1)
        out.print(f"split: {a} keeps the rest; events {', '.join(map(str, event_ids))} are now {b}", highlight=False)

    @contracts.command("merge")
    def contracts_merge(keep: str, other: str, db: Optional[str] = DbOption,
                        who: Optional[str] = typer.Option(None), note: Optional[str] = typer.Option(None)) -> None:
        """Make two contract histories one (kept across re-ingests)."""
        from .corrections import default_who
        from .link import merge_contracts

        store = open_store(db)
        try:
            cid = merge_contracts(store, keep, other, who=who or default_who(), note=note)
        except ValueError as e:
            fail(str(e), 1)
        out.print(f"merged {other} into {cid}", highlight=False)

    @contracts.command("refresh")
    def contracts_refresh(db: Optional[str] = DbOption, today: Optional[str] = typer.Option(None)) -> None:
        """Re-resolve organisations and relink every contract (after ingest or a table update)."""
        from .link import refresh

        store = open_store(db)
        rep = refresh(store, today=_today(today))
        out.print(f"{rep.events} events → {rep.contracts} contracts ({rep.linked} events in multi-event "
                  f"histories, {rep.ambiguous} left unlinked as ambiguous), {rep.organisations} organisations, "
                  f"{rep.corrections} corrections applied in {rep.seconds:.2f}s", highlight=False)

    # -- pipeline --------------------------------------------------------------------------------
    @app.command()
    def pipeline(db: Optional[str] = DbOption,
                 within: str = typer.Option("18m", help="Window: 18m, 2y, 6 …"),
                 category: Optional[str] = typer.Option(None), buyer: Optional[str] = typer.Option(None),
                 provider: Optional[str] = typer.Option(None), region: Optional[str] = typer.Option(None),
                 open_only: bool = typer.Option(False, "--open-only", help="Hide contracts closed to the market."),
                 today: Optional[str] = typer.Option(None, help="Count the window from this date (default: today)."),
                 limit: int = typer.Option(1000, min=1, max=100_000),
                 format: str = typer.Option("table", "--format", "-f", help="table, csv or json.")) -> None:
        """Contracts ending or coming to market within a window, soonest first, with confidence and evidence."""
        from .forecast import pipeline as run, pipeline_csv
        from .link import ensure_fresh

        if format not in FMT3:
            fail("--format must be table, csv or json")
        store = open_store(db)
        ensure_fresh(store, _today(today))
        try:
            rows = run(store, within=within, category=category, buyer=buyer, provider=provider, region=region,
                       today=_today(today), include_closed=not open_only, limit=limit)
        except ValueError as e:
            fail(str(e))
        if format == "json":
            _json({"within": within, "count": len(rows), "contracts": rows})
        elif format == "csv":
            sys.stdout.write(pipeline_csv(rows))
        else:
            t = Table(title=f"{len(rows)} contracts ending or coming to market within {within}", header_style="bold")
            for col in ("when", "next", "service", "buyer", "provider", "status", "expected end", "conf", "evidence"):
                t.add_column(col, overflow="fold")
            for r in rows:
                ev = "; ".join(f"“{e['text'][:80]}”" for e in r["evidence"][:2])
                t.add_row(r["sort_date"] or "", r["next_event"] or "", r["title"] or ", ".join(r["categories"]),
                          "; ".join(r["buyers"]), "; ".join(r["providers"]), r["status"] or "",
                          _fmt_end(r["expected_end"], r["end_with_extensions"]), f"{r['confidence']:.2f}", ev)
            out.print(t)

    # -- profile ---------------------------------------------------------------------------------
    @app.command()
    def profile(org: str = typer.Argument(..., help="Organisation id or name."), db: Optional[str] = DbOption,
                role: Optional[str] = typer.Option(None, "--as", help="buyer or provider (default: its main role)."),
                format: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
        """A buyer's habits or a provider's contracts and market share."""
        from .link import ensure_fresh
        from .profiles import profile as build

        store = open_store(db)
        ensure_fresh(store)
        try:
            p = build(store, org, role)
        except ValueError as e:
            fail(str(e), 1)
        if format == "json":
            _json(p)
            return
        o = p["organisation"]
        out.print(f"[bold]{o['name']}[/bold] ({o['id']}) as {p['role']}", highlight=False)
        if o.get("includes"):
            out.print("  including: " + ", ".join(x["name"] for x in o["includes"]), highlight=False)
        if p["role"] == "buyer":
            h, d = p["habits"], p["decisions"]
            out.print(f"  {d['total']} decisions: " + ", ".join(f"{k} {v}" for k, v in d["by_kind"].items()), highlight=False)
            out.print(f"  extends {h['extends']} (waivers {h['waivers']}), re-tenders {h['retenders']}, "
                      f"in-house {h['insources']}, ends {h['ends']}", highlight=False)
            if p["outcomes"]["by_outcome"]:
                out.print("  at the decision point: " + ", ".join(f"{k} {v}" for k, v in p["outcomes"]["by_outcome"].items()),
                          highlight=False)
            t = Table(title="per category", header_style="bold")
            for col in ("category", "contracts", "decisions", "typical term", "typical options", "terms seen"):
                t.add_column(col)
            for cat, c in p["categories"].items():
                t.add_row(cat, str(c["contracts"]), str(c["decisions"]),
                          f"{c['typical_term_months']:g}m" if c["typical_term_months"] else "",
                          f"{c['typical_extension_options_months']:g}m" if c["typical_extension_options_months"] is not None else "",
                          ", ".join(map(str, c["terms_seen"])))
            out.print(t)
        else:
            n = p["counts"]
            out.print(f"  holds {n['held']}, won {n['won']}, lost {n['lost']}, ended {n['ended']}", highlight=False)
            t = Table(title="share of category per region (live contracts)", header_style="bold")
            for col in ("category", "region", "held", "of", "share", "value share"):
                t.add_column(col)
            for s in p["shares"]:
                t.add_row(s["category"], s["region"], str(s["held"]), str(s["of"]), f"{s['share']:.0%}",
                          f"{s['value_share']:.0%}" if s["value_share"] is not None else "")
            out.print(t)

    # -- corrections -----------------------------------------------------------------------------
    @app.command()
    def correct(event_id: int = typer.Argument(..., help="The event (see `contractwatch events`)."),
                field: str = typer.Argument(..., help="kind, status, service, categories, buyers, providers, "
                                                      "value, term_months, end_date …"),
                value: str = typer.Argument(..., help="The right value; lists separated by ';', '-' for none."),
                db: Optional[str] = DbOption, who: Optional[str] = typer.Option(None, help="Who (default: you)."),
                note: Optional[str] = typer.Option(None, help="Why.")) -> None:
        """Correct a field of an event; recorded with who and when, and kept across re-extraction."""
        from .corrections import CorrectionError, correct_event

        store = open_store(db)
        try:
            c = correct_event(store, event_id, field, value, who=who, note=note)
        except CorrectionError as e:
            fail(str(e), 1)
        out.print(f"event {event_id}: {field} {json.dumps(c['old_value'])} → {json.dumps(c['new_value'])} "
                  f"(by {c['who']} at {c['at'][:19]}); contracts relinked", highlight=False)

    @app.command()
    def corrections(db: Optional[str] = DbOption, event: Optional[int] = typer.Option(None),
                    format: str = typer.Option("table", "--format", "-f")) -> None:
        """Corrections made by hand (event fields) and manual links (merges and splits)."""
        from .corrections import list_corrections
        from .link import manual_links

        store = open_store(db)
        rows = list_corrections(store, event_id=event)
        links = manual_links(store) if event is None else []
        if format == "json":
            _json({"corrections": rows, "manual_links": links})
            return
        t = Table(title=f"{len(rows)} corrections", header_style="bold")
        for col in ("id", "event", "field", "from", "to", "who", "when", "status", "note"):
            t.add_column(col, overflow="fold")
        for c in rows:
            t.add_row(str(c["id"]), str(c["event_id"] or f"{c['doc_key']}#{c['ordinal']}"), c["field"],
                      json.dumps(c["old_value"]), json.dumps(c["new_value"]), c["who"] or "", (c["at"] or "")[:19],
                      c["status"], c["note"] or "")
        out.print(t)
        if links:
            t = Table(title=f"{len(links)} manual links", header_style="bold")
            for col in ("id", "scope", "action", "a", "b", "who", "when"):
                t.add_column(col, overflow="fold")
            for l in links:
                t.add_row(str(l["id"]), l["scope"], l["action"], l["a"], l["b"], l["who"] or "", (l["at"] or "")[:19])
            out.print(t)

    # -- reference -------------------------------------------------------------------------------
    reference = typer.Typer(help="The council and NHS reference tables.", no_args_is_help=True)
    app.add_typer(reference, name="reference")

    @reference.command("update")
    def reference_update(sources: list[str] = typer.Option(None, "--from", help="A folder, file or URL of the "
                                                           "official lists (repeatable); default: the official URLs."),
                         dest: Optional[str] = typer.Option(None, help="Where to write the tables "
                                                                       "(default: the user data folder)."),
                         db: Optional[str] = DbOption,
                         relink: bool = typer.Option(True, "--relink/--no-relink",
                                                     help="Re-resolve organisations in the store afterwards.")) -> None:
        """Refresh the council and NHS tables from ONS/GSS, mySociety and NHS ODS lists."""
        from .reference import update

        try:
            rep = update(sources or None, dest)
        except (OSError, ValueError) as e:
            fail(f"reference update failed: {type(e).__name__}: {e}", 1)
        except Exception as e:  # noqa: BLE001 - network errors from httpx
            fail(f"reference update failed: {type(e).__name__}: {e}", 1)
        for line in rep.read:
            out.print(f"read {line}", highlight=False)
        for line in rep.skipped:
            err.print(f"skipped {line}", highlight=False)
        out.print(f"councils: {rep.totals['councils']} ({rep.councils['updated']} updated, {rep.councils['added']} added); "
                  f"NHS bodies: {rep.totals['nhs_bodies']} ({rep.nhs['updated']} updated, {rep.nhs['added']} added) "
                  f"→ {rep.dest}", highlight=False)
        if relink and (db or _default_store_exists()):
            from .link import refresh

            store = open_store(db)
            r = refresh(store)
            out.print(f"relinked: {r.organisations} organisations, {r.contracts} contracts", highlight=False)

    @reference.command("status")
    def reference_status(format: str = typer.Option("table", "--format", "-f")) -> None:
        """Which tables are in use, and when they were updated."""
        from .reference import status

        st = status()
        if format == "json":
            _json(st)
            return
        out.print(f"councils: {st['councils']} ({st['counts']['councils']} rows)", highlight=False)
        out.print(f"NHS bodies: {st['nhs_bodies']} ({st['counts']['nhs_bodies']} rows)", highlight=False)
        if st["updated"]:
            out.print(f"updated {st['updated']['updated_at']} from {', '.join(st['updated']['sources'])}", highlight=False)
        else:
            out.print("using the tables shipped with the package", highlight=False)


def _default_store_exists() -> bool:
    import os
    from pathlib import Path

    from .store import default_url

    url = default_url()
    if os.environ.get("CONTRACTWATCH_DB"):
        return True
    return url.startswith("sqlite:///") and Path(url[len("sqlite:///"):]).exists()
