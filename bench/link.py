"""Benchmark: link 100,000 generated events into contract histories; print time and memory.

    python bench/link.py                  # 100,000 events in a temporary SQLite store
    python bench/link.py --events 20000 --db /tmp/b.db --keep

The generator invents contracts (real councils and NHS bodies as buyers, invented
providers), each with a history of 1–8 decision events over the years (award, extensions,
tenders, ends, insourcing), names written in varying forms ("Ltd"/"Limited", council
aliases, CCGs before July 2022 and ICBs after), one or a few events per document. Documents,
events and mentions are written straight into the store's tables (the store's own ``save``
is benchmarked elsewhere); then ``contractwatch.link.refresh`` runs on the whole store —
resolve every mention, link, forecast and write contracts — and is timed, with peak memory.
The generator knows which contract each event belongs to, so linking precision and recall
(over pairs of events) are printed too.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from contractwatch import gazetteer as gz  # noqa: E402
from contractwatch import link  # noqa: E402
from contractwatch.store import Store, norm_name  # noqa: E402
from contractwatch.store import models as m  # noqa: E402
from contractwatch.store import linkmodels as lm  # noqa: E402

SERVICES = {
    "home_care": ["Home care", "Care at Home", "Domiciliary care", "Homecare"],
    "supported_living": ["Supported living", "Supported living services"],
    "extra_care_housing": ["Extra care housing", "Extra care"],
    "community_health": ["Adult community services", "Community health services"],
    "mental_health": ["Mental health flexible support", "Mental health recovery service"],
    "reablement": ["Reablement", "Intermediate care"],
    "carers": ["Carers support service", "Carers' centre"],
    "day_services": ["Day opportunities", "Day services"],
    "advocacy": ["Advocacy hub", "Independent advocacy"],
    "care_homes": ["Residential and nursing care", "Care home beds"],
    "learning_disability": ["Learning disability respite", "Learning disabilities support"],
    "public_health": ["Sexual health service", "Drug and alcohol service", "Health visiting"],
    "equipment": ["Community equipment service", "Integrated equipment store"],
}
AREAS = ["north", "south", "east", "west", "central", "city", "rural", "lot 1", "lot 2", "lot 3", "urban", "coastal"]
WORDS = """Acorn Beacon Bridge Cedar Compass Dove Evergreen Falcon Harbour Heron Horizon Kestrel Lantern Linden
Maple Meadow Oak Orchard Pathway Phoenix Pine Quay Riverside Rowan Sage Sapphire Silver Spring Summit Thistle
Unity Valley Willow Wren Yew Amber Aspen Birch Brook Clover Copper Elm Fern Garnet Hazel Ivy Juniper Laurel""".split()
FORMS = [("Care Ltd", "Care Limited"), ("Homecare Ltd", "Homecare Limited"), ("Support CIC", "Support C.I.C."),
         ("Healthcare Ltd", "Healthcare Limited"), ("Care Group", "Care Group Ltd"), ("Trust", "Trust")]


def providers(rng: random.Random, n: int) -> list[tuple[str, str]]:
    out, seen = [], set()
    while len(out) < n:
        a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
        f = rng.choice(FORMS)
        base = rng.choice([a, f"{a} {b}", f"{a} {b}", f"{a} {b} {c}"])
        if base in seen:
            continue
        seen.add(base)
        out.append((f"{base} {f[0]}", f"{base} {f[1]}"))
    return out


def buyers() -> list[tuple[list[str], list[str] | None]]:
    """(names a council goes by, names of its CCG → ICB pair) for upper-tier English councils."""
    g = gz.gazetteer()
    out = []
    icbs = [b for b in g.nhs_bodies if b.type == "icb"]
    ccgs = [b for b in g.nhs_bodies if b.type == "ccg" and b.successors and b.end_date and str(b.end_date) == "2022-06-30"]
    for c in g.councils:
        if c.nation != "E" or c.end_date is not None or c.type == "district":
            continue
        names = [c.name] + [a for a in c.aliases if len(a) > 4][:2]
        ccg = next((b for b in ccgs if b.short_name.split(" CCG")[0] in (c.short_name, c.name)), None)
        pair = None
        if ccg is not None:
            icb = next((i for i in icbs if i.id in ccg.successors), None)
            if icb is not None:
                pair = [ccg.name, icb.name]
        out.append((names, pair))
    return out


def generate(n_events: int, seed: int = 7):
    """Yield documents: (key, published, text, [event dicts with 'truth' contract number])."""
    rng = random.Random(seed)
    provs = providers(rng, 3000)
    buys = buyers()
    start0 = date(2012, 1, 1)
    made = 0
    contract = 0
    pending: list[tuple[str, dict]] = []
    while made < n_events:
        contract += 1
        bnames, pair = rng.choice(buys)
        cat = rng.choice(list(SERVICES))
        svc = rng.choice(SERVICES[cat]) + (f" ({rng.choice(AREAS)})" if rng.random() < 0.6 else "")
        nhs = pair is not None and cat in ("community_health", "mental_health", "reablement") and rng.random() < 0.6
        prov = rng.choice(provs)
        start = start0 + timedelta(days=rng.randrange(0, 11 * 365))
        term = rng.choice([24, 36, 36, 48, 60, 60, 84, 120])
        ext = rng.choice([0, 12, 12, 24, 24, 36])
        d = start - timedelta(days=rng.randrange(60, 200))

        def buyer_names(when: date) -> list[str]:
            if nhs:
                return [pair[0] if when < date(2022, 7, 1) else pair[1]]
            return [rng.choice(bnames)]

        history = []
        if rng.random() < 0.3:
            history.append(dict(kind="tender", service=svc, term_months=term, extension_months=ext,
                                date=d - timedelta(days=rng.randrange(120, 300))))
        history.append(dict(kind="award", service=svc, providers=[rng.choice(prov)], term_months=term,
                            extension_months=ext, start_date=start.isoformat(), date=d))
        end = start + timedelta(days=30 * term)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4, 5])):
            when = end - timedelta(days=rng.randrange(30, 300))
            k = rng.choice(["extend", "extend", "extend", "tender", "end", "insource"])
            ev = dict(kind=k, service=svc if rng.random() < 0.8 else None, date=when,
                      providers=[rng.choice(prov)] if k != "tender" and rng.random() < 0.7 else [])
            if k == "extend":
                ev["term_months"] = rng.choice([6, 12, 12, 24])
                end = end + timedelta(days=30 * ev["term_months"])
            history.append(ev)
            if k in ("end", "insource"):
                break
        for ev in history:
            ev.update(truth=contract, categories=[cat], buyers=buyer_names(ev["date"]))
            pending.append((ev["date"].isoformat(), ev))
            made += 1
            if made >= n_events:
                break
    rng.shuffle(pending)
    i = 0
    while i < len(pending):
        k = 1 if rng.random() < 0.8 else rng.choice([2, 3])
        chunk = pending[i:i + k]
        i += k
        published = max(d for d, _ in chunk)
        yield f"bench://doc/{i}", published, [ev for _, ev in chunk]


def load(store: Store, n_events: int, seed: int) -> dict[int, int]:
    """Write the generated documents and events straight into the tables; returns event id → truth."""
    D, E, M, C, V = (t.__table__ for t in (m.Document, m.Event, m.Mention, m.EventCategory, m.Evidence))
    truth: dict[int, int] = {}
    docs, evs, mens, cats, vids = [], [], [], [], []
    doc_id = ev_id = 0
    for key, published, events in generate(n_events, seed):
        doc_id += 1
        text = " ".join(f"{e['kind']} of {e.get('service') or 'the service'}" for e in events)
        docs.append(dict(id=doc_id, key=key, source=key, sha256=hashlib.sha256(key.encode()).hexdigest(), format="text",
                         title=events[0].get("service"), publisher=None, published=published, type="decision",
                         text=text))
        for o, e in enumerate(events):
            ev_id += 1
            truth[ev_id] = e["truth"]
            evs.append(dict(id=ev_id, document_id=doc_id, ordinal=o, kind=e["kind"], status="approved",
                            service=e.get("service"), categories=e["categories"], buyers=e["buyers"],
                            providers=e.get("providers", []), bidders=[], places=[], term_months=e.get("term_months"),
                            extension_months=e.get("extension_months"), start_date=e.get("start_date"),
                            end_date=None, decision_date=e["date"].isoformat(), event_date=e["date"].isoformat(),
                            confidence=0.7, value_amount=None, value_currency=None, value_basis=None,
                            decision_body=None, staff_transferred=None))
            for role, names in (("buyer", e["buyers"]), ("provider", e.get("providers", []))):
                for nme in names:
                    mens.append(dict(event_id=ev_id, role=role, name=nme, norm=norm_name(nme), org_id=None))
            cats.extend(dict(event_id=ev_id, category=c) for c in e["categories"])
            vids.append(dict(event_id=ev_id, field="kind", start=0, end=len(e["kind"]), text=e["kind"]))
    with store.engine.begin() as c:
        for table, rows in ((D, docs), (E, evs), (M, mens), (C, cats), (V, vids)):
            for i in range(0, len(rows), 5000):
                c.execute(insert(table), rows[i:i + 5000])
    return truth


def pair_scores(store: Store, truth: dict[int, int], skip_kinds: tuple[str, ...] = ()) -> tuple[float, float]:
    """Precision and recall over pairs of events put in one contract (optionally leaving some kinds out)."""
    CE, E = lm.ContractEvent.__table__, m.Event.__table__
    with store.engine.connect() as c:
        got = {eid: cid for eid, cid in c.execute(select(CE.c.event_id, CE.c.contract_id))}
        skip = {eid for (eid,) in c.execute(select(E.c.id).where(E.c.kind.in_(skip_kinds)))} if skip_kinds else set()
    keep = [e for e in truth if e in got and e not in skip]

    def pairs(groups) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(groups).values())

    tp = pairs((got[e], truth[e]) for e in keep)
    pred, true = pairs(got[e] for e in keep), pairs(truth[e] for e in keep)
    return (tp / pred if pred else 1.0), (tp / true if true else 1.0)


def _load_in_child(url: str, n: int, seed: int, truth_path: str) -> None:
    import json

    truth = load(Store(url), n, seed)
    Path(truth_path).write_text(json.dumps(truth))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", help="SQLite file or database URL (default: a temporary SQLite file)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary database")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also measure Python heap peak of the refresh with tracemalloc (slower)")
    args = ap.parse_args()
    tmp = None
    if args.db:
        url = args.db
    else:
        tmp = tempfile.mkdtemp(prefix="cw-bench-link-")
        url = os.path.join(tmp, "bench.db")
    # generate and write the corpus in a child process, so that this one's peak memory is the refresh's
    import json
    import multiprocessing

    truth_path = os.path.join(tmp or tempfile.gettempdir(), "truth.json")
    t0 = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(target=_load_in_child,
                                                           args=(url, args.events, args.seed, truth_path))
    child.start()
    child.join()
    if child.exitcode:
        sys.exit(f"generating the corpus failed (exit {child.exitcode})")
    t_load = time.perf_counter() - t0
    truth = {int(k): v for k, v in json.loads(Path(truth_path).read_text()).items()}
    store = Store(url)
    gz.gazetteer()  # tables loaded before timing, as in a long-running process
    gc.collect()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.tracemalloc:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    rep = link.refresh(store)
    t_link, cpu_link = time.perf_counter() - t0, time.process_time() - c0
    heap = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = pair_scores(store, truth)
    precision_nt, recall_nt = pair_scores(store, truth, ("tender",))
    contracts = len(set(truth.values()))
    # a partial refresh after one new document, as ingest does
    t0 = time.perf_counter()
    with store.Session() as s:
        last_doc = s.scalar(select(m.Document.id).order_by(m.Document.id.desc()).limit(1))
    link.refresh(store, [last_doc])
    t_partial = time.perf_counter() - t0
    print(f"events: {len(truth):,} in {rep.events:,} linked events / {store.counts()['documents']:,} documents "
          f"({store.dialect}); generated contracts: {contracts:,}")
    print(f"generate and bulk-insert the corpus (another process; not part of linking): {t_load:.1f}s")
    print(f"link {len(truth):,} events: refresh (resolve mentions, link, forecast, write) {t_link:.1f}s wall, "
          f"{cpu_link:.1f}s CPU = {len(truth) / t_link:,.0f} events/s; {rep.contracts:,} contracts, "
          f"{rep.organisations:,} organisations, {rep.ambiguous:,} left unlinked as ambiguous")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"memory: peak RSS of the linking process {rss1:,.0f} MiB (before the refresh {rss0:,.0f} MiB)"
          + (f"; Python heap peak during refresh {heap:,.0f} MiB" if heap is not None else ""))
    print(f"partial refresh after one new document: {t_partial:.2f}s")
    print(f"linking quality against the generator's truth (pairs of events): precision {precision:.3f}, "
          f"recall {recall:.3f}; leaving tenders out (linked to the incumbent's contract by design, the "
          f"generator puts them in the next one): precision {precision_nt:.3f}, recall {recall_nt:.3f}")
    store.close()
    if tmp and not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp:
        print(f"kept {url}")


if __name__ == "__main__":
    main()
