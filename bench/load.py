"""Load benchmark: many concurrent requests on loopback against `contractwatch serve`.

Builds (once, then reuses) a SQLite store of at least 50,000 synthetic events, starts the real
server (`contractwatch serve`) as a subprocess on 127.0.0.1 with a free port, then fires
concurrent requests at the events list, search, and the decisions page, and prints requests per
second, p50/p95/p99 latency, the server's own CPU time per request (so a busy machine can be
told apart from a slow server) and how many distinct URLs were asked for.

    .venv/bin/python bench/load.py                       # 50,000 events, 32 concurrent
    .venv/bin/python bench/load.py --concurrency 8 --workers 2
    .venv/bin/python bench/load.py --no-cache            # every request queries the store
    .venv/bin/python bench/load.py --events 100000 --requests 3000
    .venv/bin/python bench/load.py --db postgresql://...  # any store URL (built if empty)
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from contractwatch.record import DocumentInfo, Event, Evidence, Record, Value  # noqa: E402
from contractwatch.store import Store, _event_row  # noqa: E402
from contractwatch.store import models as m  # noqa: E402

KINDS = ["tender", "award", "extend", "end", "insource", "outsource"]
CATS = ["home_care", "community_health", "mental_health", "learning_disability", "extra_care_housing",
        "care_homes", "supported_living", "reablement", "carers", "day_services"]
PLACES = ["Bury", "Wirral", "Kent", "Leeds", "Cornwall", "Devon", "Hampshire", "Barnet", "Somerset", "Bromley",
          "Norfolk", "Suffolk", "Essex", "Surrey", "Derby", "Leicester", "Bristol", "Bath", "York", "Hull"]
PROVIDERS = ["Allied Healthcare", "Sirona care & health", "Certitude", "Home Instead", "Mears Care", "Care UK",
             "Bluebird Care", "Caremark", "Agincare", "Radis", "Sevacare", "Avery Healthcare", "HC-One",
             "Dimensions", "Turning Point", "Mencap", "Creative Support", "Voyage Care", "Lifeways", "Nexus"]
WORDS = ("cabinet agreed report recommends service contract framework provider council residents care home "
         "support budget procurement tender award extension waiver transfer staff quality outcomes market "
         "commissioning integrated board community health reablement carers housing day services").split()
SEARCHES = ["home care", "reablement", "extension waiver", "community health", "\"care at home\"", "TUPE staff",
            "supported living", "Wirral", "Kent framework", "day services", "Sirona", "insource", "market"]


def build(store: Store, events: int, per_doc: int = 5, seed: int = 1) -> None:
    rng = random.Random(seed)
    docs = (events + per_doc - 1) // per_doc
    batch = 500
    t0 = time.time()
    for b in range(0, docs, batch):
        with store.Session.begin() as s:
            for i in range(b, min(docs, b + batch)):
                place = rng.choice(PLACES)
                buyer = f"{place} Council"
                year, month = rng.randint(2015, 2025), rng.randint(1, 12)
                date = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
                lines, evs = [f"{buyer} — Cabinet, {date}", ""], []
                for j in range(per_doc):
                    kind, cat, prov = rng.choice(KINDS), rng.choice(CATS), rng.choice(PROVIDERS)
                    filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
                    start = len("\n".join(lines)) + 1
                    sentence = (f"Item {j + 1}: {cat.replace('_', ' ')}. The council decided to {kind} the "
                                f"{cat.replace('_', ' ')} contract with {prov}. {filler}.")
                    lines.append(sentence)
                    text = "\n".join(lines)
                    k = text.index(f"to {kind}", start) + 3
                    p = text.index(prov, start)
                    amount = rng.choice([None, 250_000, 1_500_000, 9_400_000, 45_000_000])
                    evs.append(Event(kind=kind, status=rng.choice(["approved", "approved", "proposed"]),
                                     service=cat.replace("_", " ").capitalize(), categories=[cat], buyers=[buyer],
                                     providers=[prov] if kind != "tender" else [],
                                     value=Value(amount) if amount else None,
                                     term_months=rng.choice([None, 12, 36, 60]), decision_date=date,
                                     evidence=[Evidence.at("kind", text, k, k + len(kind)),
                                               Evidence.at("providers", text, p, p + len(prov))]))
                text = "\n".join(lines) + "\n"
                doc = m.Document(key=f"bench:{i}", source=f"https://democracy.{place.lower()}.gov.uk/doc/{i}",
                                 sha256=f"{i:064d}", format="text", text=text, title=f"{buyer}: decisions {date}",
                                 publisher=buyer, published=date, type="minutes")
                doc.events = [_event_row(ev, n, date) for n, ev in enumerate(evs)]
                s.add(doc)
        done = min(docs, b + batch)
        print(f"\r  built {done * per_doc:,} events ({time.time() - t0:.0f}s)", end="", file=sys.stderr)
    print(file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def event_urls(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        params = [f"limit={rng.choice([20, 50, 100])}"]
        r = rng.random()
        if r < 0.3:
            params.append(f"kind={rng.choice(KINDS)}")
        if rng.random() < 0.3:
            params.append(f"category={rng.choice(CATS)}")
        if rng.random() < 0.2:
            params.append(f"buyer={rng.choice(PLACES)}")
        if rng.random() < 0.2:
            params.append(f"since={rng.randint(2015, 2024)}")
        if rng.random() < 0.3:
            params.append(f"sort={rng.choice(['date', 'value', 'end', 'kind'])}")
        if rng.random() < 0.4:
            params.append(f"offset={rng.choice([50, 200, 1000, 5000])}")
        out.append("/api/v1/events?" + "&".join(params))
    return out


def search_urls(rng: random.Random, n: int) -> list[str]:
    from urllib.parse import quote

    def query() -> str:
        r = rng.random()
        if r < 0.3:
            return rng.choice(SEARCHES)
        if r < 0.6:
            return f"{rng.choice(PLACES)} {rng.choice(CATS).split('_')[0]}"
        if r < 0.8:
            return rng.choice(PROVIDERS)
        return " ".join(rng.sample(WORDS, 2))

    return [f"/api/v1/search?q={quote(query())}&limit={rng.choice([10, 20])}" for _ in range(n)]


def page_urls(rng: random.Random, n: int) -> list[str]:
    return ["/decisions?" + rng.choice(["", "kind=award", f"category={rng.choice(CATS)}", "page=3",
                                        f"buyer={rng.choice(PLACES)}", "kind=insource&sort=value"])
            for _ in range(n)]


async def hammer(base: str, urls: list[str], concurrency: int) -> tuple[float, list[float], int]:
    queue = list(reversed(urls))
    lat: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker():
            nonlocal errors
            while queue:
                url = queue.pop()
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                lat.append(time.perf_counter() - t)

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0, lat, errors


def cpu_seconds(pid: int) -> float:
    """User+system CPU of a process and its descendants (Linux /proc), to show the server's own
    cost per request whatever else the machine is doing."""
    total, todo = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--db", default=None,
                    help="store URL or SQLite path (default: bench/out/load-N.db, gitignored)")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--no-cache", action="store_true",
                    help="serve --no-cache: every request queries the store (no per-version result cache)")
    args = ap.parse_args()

    db = args.db or str(ROOT / "bench" / "out" / f"load-{args.events}.db")
    store = Store(db)
    have = store.counts()["events"]
    if have < args.events:
        print(f"building a store of {args.events:,} events in {db} …", file=sys.stderr)
        if have:
            sys.exit(f"{db} holds {have:,} events, fewer than asked; remove it or pass another --db")
        build(store, args.events)
    counts = store.counts()
    store.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("CONTRACTWATCH_TOKEN", None)
    server = subprocess.Popen([sys.executable, "-m", "contractwatch.cli", "serve", "--db", db,
                               "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers),
                               "--no-cache" if args.no_cache else "--cache"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.time() + 60
        while True:
            try:
                httpx.get(base + "/api/v1/events?limit=1", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.time() > deadline:
                    sys.exit("the server did not start: " + (server.stderr.read().decode() if server.stderr else ""))
                time.sleep(0.2)
        rng = random.Random(args.seed)
        where = Path(db).name if "://" not in db else db
        print(f"store: {counts['events']:,} events in {counts['documents']:,} documents ({where})")
        print(f"load:  {args.requests} requests per endpoint, {args.concurrency} concurrent, loopback, "
              f"{args.workers} server process(es); {os.cpu_count()} CPUs shared with the client; "
              f"load average before: {os.getloadavg()[0]:.1f}; result cache {'off' if args.no_cache else 'on'}")
        print(f"{'endpoint':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
              f"{'server CPU ms/req':>19}{'distinct URLs':>15}")
        for name, urls in (("GET /api/v1/events", event_urls(rng, args.requests)),
                           ("GET /api/v1/search", search_urls(rng, args.requests)),
                           ("GET /decisions (HTML)", page_urls(rng, max(200, args.requests // 4)))):
            asyncio.run(hammer(base, urls[:50], min(8, args.concurrency)))  # warm up
            cpu0 = cpu_seconds(server.pid)
            elapsed, lat, errors = asyncio.run(hammer(base, urls, args.concurrency))
            cpu = (cpu_seconds(server.pid) - cpu0) / max(1, len(lat)) * 1000
            print(f"{name:<28}{len(lat) / elapsed:>9.0f}{pct(lat, 50) * 1000:>9.1f}{pct(lat, 95) * 1000:>9.1f}"
                  f"{pct(lat, 99) * 1000:>9.1f}{errors:>8}{cpu:>19.1f}{len(set(urls)):>15}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
