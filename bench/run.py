"""Throughput benchmark: extraction, HTML and PDF conversion, and full ingest, on one core.

    .venv/bin/python bench/run.py                 # all stages over the 5,000-document corpus
    .venv/bin/python bench/run.py --docs 1000 --only text,html --json

The corpus (bench/corpus.py) is generated into bench/out/corpus/ when it is missing, was made
by another generator version or seed, or is smaller than --docs. Everything runs in this one
process, pinned to one CPU where the OS allows, so every rate is per core. Documents are read
into memory before any timing starts: the figures measure the code, not the disk.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402

STAGES = ("text", "html", "pdf", "ingest")
TARGET_DOCS_PER_S = 300


# -- corpus ------------------------------------------------------------------------------

def ensure_corpus(out: Path, n: int, seed: int, regen: bool) -> dict:
    meta_path = out / "corpus.json"
    meta = None
    if meta_path.exists() and not regen:
        try:
            meta = json.loads(meta_path.read_text())
        except ValueError:
            meta = None
    if (meta is None or meta.get("generator_version") != corpus_mod.GENERATOR_VERSION
            or meta.get("seed") != seed or meta.get("docs", 0) < n):
        print(f"generating a corpus of {n:,} documents in {out} ...", file=sys.stderr, flush=True)
        # In a child process, so that the generator's memory does not count in the figures.
        subprocess.run([sys.executable, str(HERE / "corpus.py"), "--docs", str(n), "--seed", str(seed),
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        meta = json.loads(meta_path.read_text())
        print(f"  done in {meta['seconds']:.1f} s ({meta['html']:,} HTML, {meta['pdf']:,} PDF)", file=sys.stderr)
    return meta


def load(out: Path, n: int) -> list[dict]:
    docs = []
    with open(out / "manifest.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["index"] >= n:
                continue
            d["text"] = (out / "text" / f"{d['id']}.txt").read_text(encoding="utf-8")
            if "html" in d["formats"]:
                d["html"] = (out / "html" / f"{d['id']}.html").read_bytes()
            if "pdf" in d["formats"]:
                d["pdf"] = (out / "pdf" / f"{d['id']}.pdf").read_bytes()
            docs.append(d)
    docs.sort(key=lambda d: d["index"])
    return docs


# -- measuring ---------------------------------------------------------------------------

def pin_one_core(core: int | None) -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    allowed = sorted(os.sched_getaffinity(0))
    cpu = core if core is not None else allowed[-1]
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError as e:
        return f"not pinned ({e})"
    return f"pinned to CPU {cpu} (of {len(allowed)} allowed)"


def rss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 / 1024 if sys.platform == "darwin" else r / 1024  # bytes on macOS, KiB on Linux


def pct(sorted_vals: list[float], q: float) -> float:
    if not sorted_vals:
        return float("nan")
    return sorted_vals[max(0, math.ceil(q * len(sorted_vals)) - 1)]


def timed(items, fn) -> dict:
    """Run fn over items; wall time of the loop and each call's latency (ms)."""
    lat: list[float] = []
    errors = 0
    first_error = None
    clock = time.perf_counter_ns
    gc.collect()
    cpu0 = time.process_time()
    t0 = clock()
    for it in items:
        s = clock()
        try:
            fn(it)
        except Exception as e:  # noqa: BLE001 - count and report, keep measuring
            errors += 1
            first_error = first_error or f"{type(e).__name__}: {e}"[:200]
        lat.append((clock() - s) / 1e6)
    wall = (clock() - t0) / 1e9
    cpu = time.process_time() - cpu0
    raw = list(lat)
    lat.sort()
    return {"_lat": raw, "docs": len(lat), "seconds": round(wall, 3), "docs_per_s": round(len(lat) / wall, 1) if wall else None,
            "cpu_s": round(cpu, 3), "cpu_share": round(cpu / wall, 3) if wall else None,
            "docs_per_cpu_s": round(len(lat) / cpu, 1) if cpu else None,
            "median_ms": round(pct(lat, 0.5), 3), "p95_ms": round(pct(lat, 0.95), 3), "max_ms": round(lat[-1], 3) if lat else None,
            "errors": errors, "first_error": first_error}


def with_mb(res: dict, nbytes: int) -> dict:
    res["mb"] = round(nbytes / 1e6, 2)
    res["mb_per_s"] = round(nbytes / 1e6 / res["seconds"], 2) if res["seconds"] else None
    return res


# -- stages ------------------------------------------------------------------------------

def memory_sample(docs: list[dict], size: int = 500) -> list[dict]:
    """Every document when there are few; else the 100 longest plus an even spread, ``size`` in all."""
    if len(docs) <= size:
        return docs
    longest = sorted(docs, key=lambda d: -len(d["text"]))[:100]
    ids = {d["id"] for d in longest}
    rest = [d for d in docs if d["id"] not in ids]
    step = len(rest) / (size - len(longest))
    return longest + [rest[int(k * step)] for k in range(size - len(longest))]


LENGTH_BUCKETS = ((100, 500), (500, 1000), (1000, 2000), (2000, 3500), (3500, 5001))


def by_length(docs: list[dict], lat: list[float]) -> list[dict]:
    """Latency by document length: shows whether the cost grows faster than the text."""
    out = []
    for lo, hi in LENGTH_BUCKETS:
        pairs = [(ms, d["words"]) for d, ms in zip(docs, lat) if lo <= d["words"] < hi]
        if not pairs:
            continue
        ms = sorted(p[0] for p in pairs)
        out.append({"words": f"{lo}-{hi - 1}", "docs": len(pairs), "median_ms": round(pct(ms, 0.5), 3),
                    "p95_ms": round(pct(ms, 0.95), 3),
                    "ms_per_1k_words": round(sum(p[0] for p in pairs) / sum(p[1] for p in pairs) * 1000, 3)})
    return out


def stage_text(docs: list[dict], profile: bool = False) -> dict:
    from contractwatch.extract import extract
    from contractwatch.record import check_grounded

    t0 = time.perf_counter()
    warm = docs[: min(20, len(docs))]
    for d in warm:
        extract(d["text"], source=d["source"])
    warm_s = time.perf_counter() - t0
    records = []

    def run(d):
        records.append(extract(d["text"], source=d["source"]))

    res = with_mb(timed(docs, run), sum(len(d["text"].encode("utf-8")) for d in docs))
    res["by_length"] = by_length(docs, res.pop("_lat"))
    res.update(warmup_docs=len(warm), warmup_s=round(warm_s, 3), events=sum(len(r.events) for r in records),
               docs_with_events=sum(1 for r in records if r.events))
    # Evidence must be exact: text[start:end] == evidence text, for every record (untimed).
    problems, bad_docs = 0, []
    for d, rec in zip(docs, records):
        p = check_grounded(rec, d["text"])
        if p:
            problems += len(p)
            bad_docs.append(d["id"])
    del records
    # tracemalloc slows Python several times, so its pass is separate and, on a large
    # corpus, over a sample that includes the longest documents: the peak of extracting
    # one document at a time (records dropped), i.e. the per-core working memory.
    sample = memory_sample(docs)
    gc.collect()
    tracemalloc.start()
    for d in sample:
        rec = extract(d["text"], source=d["source"])
        del rec
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    res.update(tracemalloc_peak_mb=round(peak / 1e6, 2), tracemalloc_docs=len(sample), evidence_problems=problems,
               evidence_bad_docs=bad_docs[:10], rss_peak_mb=round(rss_mb(), 1),
               generator_events=sum(len(d["truth"]) for d in docs))
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for d in sample:
            extract(d["text"], source=d["source"])
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(20)
        res["profile"] = buf.getvalue()
    return res


def stage_html(docs: list[dict]) -> dict:
    from contractwatch.sources.convert import convert

    out = {}
    for family in ("moderngov", "news"):
        group = [d for d in docs if d.get("html") and d["family"] == family]
        if not group:
            continue
        for d in group[:5]:  # warm-up: imports (trafilatura is slow to import), caches
            convert(d["html"], f"{d['id']}.html", source=d["source"])
        res = timed(group, lambda d: convert(d["html"], f"{d['id']}.html", source=d["source"]))
        res.pop("_lat")
        out[family] = with_mb(res, sum(len(d["html"]) for d in group))
    out["rss_peak_mb"] = round(rss_mb(), 1)
    return out


def stage_pdf(docs: list[dict]) -> dict:
    from contractwatch.sources.convert import convert

    group = [d for d in docs if d.get("pdf")]
    if not group:
        return {"docs": 0}
    pages = sum(len(re.findall(rb"/Type\s*/Page\b(?!s)", d["pdf"])) for d in group)
    convert(group[0]["pdf"], f"{group[0]['id']}.pdf")
    res = with_mb(timed(group, lambda d: convert(d["pdf"], f"{d['id']}.pdf")), sum(len(d["pdf"]) for d in group))
    res.pop("_lat")
    res["pages"] = pages
    res["pages_per_s"] = round(pages / res["seconds"], 1) if res["seconds"] else None
    res["rss_peak_mb"] = round(rss_mb(), 1)
    return res


def stage_ingest(docs: list[dict]) -> dict:
    """Each document in its richest published form (PDF, else HTML, else text) into a fresh SQLite store."""
    from contractwatch.ingest import ingest_bytes
    from contractwatch.store import Store

    items = []
    for d in docs:
        if d.get("pdf"):
            items.append(("pdf", d["pdf"], f"{d['id']}.pdf", d))
        elif d.get("html"):
            items.append(("html", d["html"], f"{d['id']}.html", d))
        else:
            items.append(("text", d["text"].encode("utf-8"), f"{d['id']}.txt", d))
    with tempfile.TemporaryDirectory(prefix="cw-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        store = Store(str(db))
        open_s = time.perf_counter() - t0
        # Warm-up on a throwaway store so that imports are not timed, without touching the real one.
        warm_store = Store(str(Path(tmp) / "warm.db"))
        seen = []
        for it in items:
            if it[0] not in seen:
                seen.append(it[0])
                ingest_bytes(warm_store, it[1], it[2], source=it[3]["source"])
        warm_store.close()
        # Time the store's share by wrapping this instance's save (an instance attribute).
        save_ns = [0]
        real_save = store.save

        def save(**kw):
            s = time.perf_counter_ns()
            try:
                return real_save(**kw)
            finally:
                save_ns[0] += time.perf_counter_ns() - s

        store.save = save
        per_format: dict[str, list[float]] = {}
        statuses: dict[str, int] = {}
        events = 0
        first_error = None
        clock = time.perf_counter_ns
        gc.collect()
        cpu0 = time.process_time()
        t0 = clock()
        lat = []
        for fmt, data, name, d in items:
            s = clock()
            o = ingest_bytes(store, data, name, source=d["source"])
            ms = (clock() - s) / 1e6
            lat.append(ms)
            per_format.setdefault(fmt, []).append(ms)
            statuses[o.status] = statuses.get(o.status, 0) + 1
            events += o.events
            if o.status == "error" and first_error is None:
                first_error = f"{name}: {o.error}"
        wall = (clock() - t0) / 1e9
        cpu = time.process_time() - cpu0
        store.close()
        db_mb = sum(f.stat().st_size for f in Path(tmp).glob("bench.db*")) / 1e6
    lat.sort()
    res = {"docs": len(items), "seconds": round(wall, 3), "docs_per_s": round(len(items) / wall, 1),
           "cpu_s": round(cpu, 3), "cpu_share": round(cpu / wall, 3), "docs_per_cpu_s": round(len(items) / cpu, 1),
           "median_ms": round(pct(lat, 0.5), 3), "p95_ms": round(pct(lat, 0.95), 3), "max_ms": round(lat[-1], 3),
           "store_open_s": round(open_s, 3), "statuses": statuses, "events": events, "first_error": first_error,
           "db_mb": round(db_mb, 1), "store_save_s": round(save_ns[0] / 1e9, 3),
           "store_save_share": round(save_ns[0] / 1e9 / wall, 3), "by_format": {}}
    for fmt, v in per_format.items():
        tot = sum(v) / 1e3
        v.sort()
        res["by_format"][fmt] = {"docs": len(v), "seconds": round(tot, 3), "docs_per_s": round(len(v) / tot, 1),
                                 "median_ms": round(pct(v, 0.5), 3), "p95_ms": round(pct(v, 0.95), 3)}
    res["rss_peak_mb"] = round(rss_mb(), 1)
    return res


# -- printing ----------------------------------------------------------------------------

def fmt(v, nd=1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def cpu_pct(res: dict) -> str:
    return f"{100 * res['cpu_share']:.0f}%" if res.get("cpu_share") is not None else "-"


def table(rows: list[list[str]], head: list[str]) -> str:
    w = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "  ".join(str(x).rjust(w[i]) if i else str(x).ljust(w[i]) for i, x in enumerate(r))  # noqa: E731
    return "\n".join([line(head), "  ".join("-" * x for x in w)] + [line(r) for r in rows])


def report(fig: dict) -> str:
    env, cor = fig["environment"], fig["corpus"]
    out = [
        "contractwatch benchmark: every rate is for ONE core (single process)",
        f"  python {env['python']} on {env['machine']}; CPU: {env['cpu']}; {env['affinity']}",
        f"  corpus: {cor['docs']:,} documents ({cor['html']:,} HTML, {cor['pdf']:,} PDF), {cor['words']:,} words, "
        f"{cor['text_mb']:.1f} MB text; lengths {cor['min_words']}-{cor['max_words']} words (median {cor['median_words']}); "
        f"seed {cor['seed']}; {cor['path']}",
        f"  memory after loading the corpus: ru_maxrss {env['rss_after_load_mb']:.0f} MB",
        f"  load average (1 min) at start {env['load_start']}, at end {env['load_end']}",
        f"  machine reference: a fixed Python and re workload takes {env['reference_s']:.3f} s here (best of 3); "
        "a rate times this figure compares across machines",
        "",
    ]
    head = ["stage", "docs", "seconds", "docs/s/core", "MB/s", "median ms", "p95 ms", "max ms", "errors", "cpu%",
            "docs/cpu-s"]
    rows = []
    st = fig["stages"]
    if "text" in st:
        t = st["text"]
        rows.append(["1 extract (text)", fmt(t["docs"]), fmt(t["seconds"], 2), fmt(t["docs_per_s"]), fmt(t["mb_per_s"], 2),
                     fmt(t["median_ms"], 3), fmt(t["p95_ms"], 3), fmt(t["max_ms"], 2), fmt(t["errors"]), cpu_pct(t),
                     fmt(t["docs_per_cpu_s"])])
    if "html" in st:
        for fam in ("moderngov", "news"):
            if fam in st["html"]:
                h = st["html"][fam]
                rows.append([f"2 HTML->text ({fam})", fmt(h["docs"]), fmt(h["seconds"], 2), fmt(h["docs_per_s"]),
                             fmt(h["mb_per_s"], 2), fmt(h["median_ms"], 3), fmt(h["p95_ms"], 3), fmt(h["max_ms"], 2),
                             fmt(h["errors"]), cpu_pct(h), fmt(h["docs_per_cpu_s"])])
    if "pdf" in st and st["pdf"].get("docs"):
        p = st["pdf"]
        rows.append(["3 PDF->text", fmt(p["docs"]), fmt(p["seconds"], 2), fmt(p["docs_per_s"]), fmt(p["mb_per_s"], 2),
                     fmt(p["median_ms"], 3), fmt(p["p95_ms"], 3), fmt(p["max_ms"], 2), fmt(p["errors"]), cpu_pct(p),
                     fmt(p["docs_per_cpu_s"])])
    if "ingest" in st:
        g = st["ingest"]
        errs = g["statuses"].get("error", 0)
        rows.append(["4 ingest -> SQLite (all)", fmt(g["docs"]), fmt(g["seconds"], 2), fmt(g["docs_per_s"]), "-",
                     fmt(g["median_ms"], 3), fmt(g["p95_ms"], 3), fmt(g["max_ms"], 2), fmt(errs), cpu_pct(g),
                     fmt(g["docs_per_cpu_s"])])
        for f, b in g["by_format"].items():
            rows.append([f"    of which {f}", fmt(b["docs"]), fmt(b["seconds"], 2), fmt(b["docs_per_s"]), "-",
                         fmt(b["median_ms"], 3), fmt(b["p95_ms"], 3), "", "", "", ""])
    out.append(table(rows, head))
    busy = [r for r in (st.get("text"), st.get("pdf"), st.get("ingest"), *(st.get("html", {}).values()))
            if isinstance(r, dict) and r.get("cpu_share") is not None and r["cpu_share"] < 0.9]
    if busy:
        out.append("  NOTE: cpu% < 90 means this process did not have its core to itself (other work on the machine; "
                   "for ingest also waiting on the disk): docs/cpu-s is then the steadier figure.")
    out.append("")
    if "text" in st:
        t = st["text"]
        verdict = "meets" if t["docs_per_s"] and t["docs_per_s"] >= TARGET_DOCS_PER_S else "BELOW"
        out.append(f"extraction: {verdict} the target of {TARGET_DOCS_PER_S} docs/s/core; "
                   f"{t['events']:,} events in {t['docs_with_events']:,} of {t['docs']:,} documents "
                   f"(the generator wrote {t['generator_events']:,}); evidence problems: {t['evidence_problems']}; "
                   f"warm-up {t['warmup_docs']} docs in {t['warmup_s']:.2f} s (not in the rate)")
        if t.get("first_error"):
            out.append(f"  first extraction error: {t['first_error']}")
        ref = fig["environment"].get("reference_s")
        if ref and t["docs_per_s"]:
            out.append(f"  machine-relative: {t['docs_per_s'] * ref:.1f} docs per reference-workload time "
                       f"({t['docs_per_s']:.1f} docs/s x {ref:.3f} s)")
    if "text" in st and st["text"].get("by_length"):
        out.append("extraction by document length (words):")
        out.append(table([[b["words"], fmt(b["docs"]), fmt(b["median_ms"], 3), fmt(b["p95_ms"], 3), fmt(b["ms_per_1k_words"], 3)]
                          for b in st["text"]["by_length"]], ["  words", "docs", "median ms", "p95 ms", "ms per 1k words"]))
    if "pdf" in st and st["pdf"].get("docs"):
        out.append(f"PDF: {st['pdf']['pages']:,} pages, {fmt(st['pdf']['pages_per_s'])} pages/s/core")
    if "ingest" in st:
        g = st["ingest"]
        out.append(f"ingest: statuses {g['statuses']}, {g['events']:,} events stored, database {g['db_mb']} MB; "
                   f"Store.save took {g['store_save_s']:.1f} s ({100 * g['store_save_share']:.0f}% of ingest; the rest is "
                   f"convert + extract); store open + migrate {g['store_open_s']:.2f} s (not in the rate)")
        out.append("  by format: each document in its richest form, so 'text' here is the report-style documents "
                   "without a PDF (long ones), not a sample of the whole corpus")
        if g.get("first_error"):
            out.append(f"  first ingest error: {g['first_error']}")
    for name in STAGES:
        if name in st:
            e = st[name].get("first_error") if name != "html" else next(
                (v.get("first_error") for v in st[name].values() if isinstance(v, dict) and v.get("first_error")), None)
            if e and name in ("html", "pdf"):
                out.append(f"  first {name} error: {e}")
    out.append("")
    if st.get("text", {}).get("profile"):
        out.append("extraction profile (cProfile over the memory sample, by own time):")
        out.append(st["text"]["profile"].strip())
        out.append("")
    out.append("memory (peak resident set, ru_maxrss, cumulative over the run):")
    for name in STAGES:
        if name in st:
            out.append(f"  after {name:<7} {st[name]['rss_peak_mb']:>8.1f} MB")
    if "text" in st:
        t = st["text"]
        what = "every document" if t["tracemalloc_docs"] == t["docs"] else f"{t['tracemalloc_docs']} documents (the 100 longest and an even spread)"
        out.append(f"  tracemalloc peak while extracting {what} one at a time: {t['tracemalloc_peak_mb']:.2f} MB")
    return "\n".join(out)


def reference_seconds() -> float:
    """Best of three timings of a fixed workload of pure Python and ``re``, the mix extraction
    spends its time on. Machines of one kind differ (the same code ran at 315 and 170 docs/s on
    two of them), so a rate means little without it; rate x seconds is comparable across them."""
    text = " ".join(f"The Council awarded contract {i} worth £{i * 7 % 900}k to Provider {i % 37} Ltd on {i % 28 + 1} "
                    f"March 2024." for i in range(4000))
    rx = re.compile(r"\b(?:award\w*|worth|contract)\b|£\d+k|\b\d{1,2} [A-Z][a-z]+ \d{4}")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        seen: dict[str, int] = {}
        for _ in range(6):
            for m in rx.finditer(text):
                w = m.group().lower()
                seen[w] = seen.get(w, 0) + 1
            for word in text.split():
                if word[:1].isupper():
                    seen[word] = seen.get(word, 0) + 1
        best = min(best, time.perf_counter() - t0)
    return round(best, 4)


def loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="contractwatch throughput benchmark (one core)")
    ap.add_argument("--docs", type=int, default=corpus_mod.DEFAULT_DOCS, help="documents to use (default 5000)")
    ap.add_argument("--only", default=None,
                    help="stages to run, comma-separated: text, html, pdf, ingest (default: all)")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON object")
    ap.add_argument("--seed", type=int, default=corpus_mod.DEFAULT_SEED)
    ap.add_argument("--corpus", type=Path, default=corpus_mod.DEFAULT_OUT, help="corpus folder (default bench/out/corpus)")
    ap.add_argument("--regen", action="store_true", help="regenerate the corpus even if it is there")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of extraction (slow; not timed)")
    ap.add_argument("--core", type=int, default=None, help="CPU to pin to (default: the last allowed one)")
    a = ap.parse_args(argv)
    stages = STAGES if not a.only else tuple(s.strip() for s in a.only.split(",") if s.strip())
    bad = [s for s in stages if s not in STAGES]
    if bad or a.docs < 1:
        ap.error(f"unknown stage(s) {', '.join(bad)}; choose from {', '.join(STAGES)}" if bad else "--docs must be >= 1")

    affinity = pin_one_core(a.core)
    meta = ensure_corpus(a.corpus, a.docs, a.seed, a.regen)
    docs = load(a.corpus, a.docs)
    words = [d["words"] for d in docs]
    fig = {
        "environment": {"python": platform.python_version(), "machine": f"{platform.system()} {platform.machine()}",
                        "cpu": cpu_name(), "affinity": affinity, "rss_after_load_mb": round(rss_mb(), 1),
                        "load_start": loadavg(), "load_end": None, "reference_s": reference_seconds()},
        "corpus": {"docs": len(docs), "html": sum(1 for d in docs if d.get("html")),
                   "pdf": sum(1 for d in docs if d.get("pdf")), "words": sum(words),
                   "min_words": min(words), "median_words": sorted(words)[len(words) // 2], "max_words": max(words),
                   "text_mb": round(sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6, 2),
                   "seed": meta["seed"], "generator_version": meta["generator_version"], "path": str(a.corpus)},
        "stages": {},
    }
    runners = {"text": stage_text, "html": stage_html, "pdf": stage_pdf, "ingest": stage_ingest}
    for name in STAGES:
        if name in stages:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            fig["stages"][name] = stage_text(docs, a.profile) if name == "text" else runners[name](docs)
    fig["environment"]["load_end"] = loadavg()
    print(report(fig))
    if a.json:
        fig["stages"].get("text", {}).pop("profile", None)
        print(json.dumps(fig, indent=None, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
