"""The command line as a user drives it: extract, text, ingest, events, search."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = str(Path(sys.executable).parent / "contractwatch")
GOLD = Path(__file__).parent / "gold"
DOC = GOLD / "docs" / "C002.txt"  # a Derbyshire award decision
SRC = "https://democracy.derbyshire.gov.uk/ieDecisionDetails.aspx?ID=5127"


def run(*args, check=True):
    out = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)
    if check and out.returncode != 0:
        raise AssertionError(f"exit {out.returncode}: {out.stderr}")
    return out


def test_extract_json_is_grounded():
    rec = json.loads(run("extract", str(DOC), "--source", SRC, "--format", "json").stdout)
    text = DOC.read_text()
    assert rec["document"]["publisher"] == "Derbyshire County Council"
    ev = rec["events"][0]
    assert ev["kind"] == "award" and ev["buyers"] == ["Derbyshire County Council"]
    assert ev["evidence"] and all(text[e["start"]:e["end"]] == e["text"] for e in ev["evidence"])


def test_extract_manifest_goes_on_after_a_bad_document(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    man = tmp_path / "m.jsonl"
    man.write_text(json.dumps({"id": "a", "path": str(bad), "source": None}) + "\n"
                   + json.dumps({"id": "b", "path": str(DOC), "source": SRC}) + "\n")
    out = run("extract", "--manifest", str(man), "--format", "jsonl", check=False)
    assert out.returncode == 1
    assert f"{bad}: empty document" in out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert lines[0]["events"] == [] and lines[1]["events"][0]["kind"] == "award"


def test_text_prints_what_offsets_index():
    assert run("text", str(DOC)).stdout == DOC.read_text()


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    for name in ("C002.txt", "C013.txt", "N015.txt"):
        shutil.copy(GOLD / "docs" / name, d / name)
    return d


def test_ingest_batch_errors_idempotency_and_replacement(tmp_path, corpus):
    db = str(tmp_path / "s.db")
    (corpus / "zz-empty.txt").write_text("")
    (corpus / "zz-junk.bin").write_bytes(bytes(range(256)) * 50)
    (corpus / "zz-cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    out = run("ingest", str(corpus), "--db", db, "--no-progress", check=False)
    assert out.returncode == 1
    assert "3 new" in out.stdout and "3 error" in out.stdout
    for name, reason in (("zz-empty.txt", "empty document"), ("zz-junk.bin", "binary content"), ("zz-cut.pdf", "PDF")):
        assert any(name in line and reason in line for line in out.stderr.splitlines()), out.stderr
    first = json.loads(run("events", "--db", db, "--format", "json").stdout)
    assert first["total"] >= 3
    # The same content again: stored once, nothing changes.
    out = run("ingest", str(corpus / "C002.txt"), str(corpus / "C013.txt"), "--db", db, "--no-progress")
    assert "2 unchanged" in out.stdout
    assert json.loads(run("events", "--db", db, "--format", "json").stdout)["total"] == first["total"]
    # A changed document replaces its old events.
    (corpus / "C013.txt").write_text("Minutes\n\nThe Committee noted the report on parking charges.\n")
    out = run("ingest", str(corpus / "C013.txt"), "--db", db, "--no-progress")
    assert "1 updated" in out.stdout
    after = json.loads(run("events", "--db", db, "--format", "json").stdout)
    assert after["total"] < first["total"]
    assert all("C013" not in (e["document"]["source"] or "") for e in after["events"])


def test_events_filters_formats_and_errors(tmp_path, corpus):
    db = str(tmp_path / "s.db")
    run("ingest", "--db", db, "--no-progress", str(corpus / "N015.txt"), str(corpus / "C002.txt"))
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--kind", "award", "--format", "csv").stdout)))
    assert rows and {r["kind"] for r in rows} == {"award"}
    js = json.loads(run("events", "--db", db, "--status", "rejected", "--format", "json").stdout)
    assert js["total"] >= 1 and all(e["status"] == "rejected" for e in js["events"])
    js = json.loads(run("events", "--db", db, "--buyer", "medway", "--format", "json").stdout)
    assert js["total"] >= 1 and all(any("Medway" in b for b in e["buyers"]) for e in js["events"])
    bad = run("events", "--db", db, "--kind", "bogus", check=False)
    assert bad.returncode == 2 and "unknown kind 'bogus'" in bad.stderr
    table = run("events", "--db", db).stdout
    assert "award" in table


def test_search(tmp_path, corpus):
    db = str(tmp_path / "s.db")
    run("ingest", "--db", db, "--no-progress", str(corpus))
    hits = json.loads(run("search", "extra care housing", "--db", db, "--format", "json").stdout)
    assert hits and "C002" in hits[0]["source"]
    assert "[" in hits[0]["snippet"]


def test_ingest_into_postgres(fresh_pg_url, corpus):
    pg_url = fresh_pg_url
    out = run("ingest", str(corpus), "--db", pg_url, "--no-progress")
    assert "3 new" in out.stdout
    assert json.loads(run("events", "--db", pg_url, "--kind", "extend", "--format", "json").stdout)["total"] >= 1
    assert json.loads(run("search", "day opportunities", "--db", pg_url, "--format", "json").stdout)


def test_nothing_stored_is_lost_when_a_document_fails(tmp_path, corpus, monkeypatch):
    from contractwatch.ingest import ingest_paths
    from contractwatch.store import Store

    store = Store(str(tmp_path / "s.db"))
    ingest_paths(store, [str(corpus / "C002.txt")])
    before = store.counts()
    # A failure inside the store's transaction (after events were added) must roll back whole.
    import contractwatch.store as st

    real = st._event_row

    def boom(ev, i, published):
        if i == 1:
            raise RuntimeError("disk full")
        return real(ev, i, published)

    monkeypatch.setattr(st, "_event_row", boom)
    report = ingest_paths(store, [str(corpus / "N015.txt")])
    assert report.errors and "disk full" in report.errors[0].error
    assert store.counts() == before
