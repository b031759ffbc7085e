"""The shipped reference tables against the official lists, and ``reference update --from``.

The official lists are in ../shared/data/reference (tests only: they are never copied or
converted into the project; updates are written into a temporary user data folder).
"""
from __future__ import annotations

import csv
import hashlib
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contractwatch import gazetteer as gz
from contractwatch import reference
from histories import isolate_reference  # noqa: F401 - autouse fixture

PRINCIPAL = {"CTY", "UA", "MD", "LBO", "NMD", "SCO", "WPA", "NID", "CC"}
PACKAGE_DATA = Path(gz.__file__).parent / "data"


@pytest.fixture(autouse=True)
def shipped_tables_after():
    yield
    gz.load_tables()


@pytest.fixture(scope="module")
def ref(shared) -> Path:
    return shared / "data" / "reference"


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def shipped() -> gz.Gazetteer:
    return gz.Gazetteer()  # the package's own tables, whatever is loaded


def test_shipped_councils_cover_current_principal_councils_with_right_names_and_codes(ref):
    g = shipped()
    current = [r for r in rows(ref / "local_authorities" / "uk_local_authorities.csv")
               if r["local-authority-type"] in PRINCIPAL and not r["end-date"]]
    assert len(current) > 370
    found = right = 0
    for r in current:
        c = g.council_by_gss.get(r["gss-code"])
        if c is None:
            continue
        found += 1
        # the official name finds the same council, and it is in the right nation and region
        if g.find_council(r["official-name"]) is c and g.find_council(r["nice-name"]) is c and \
                (r["region"] in ("", c.region) or r["nation"] != "England"):
            right += 1
    coverage, correct = found / len(current), right / len(current)
    print(f"\ncurrent principal councils: {len(current)}; coverage {coverage:.1%}; names, codes and regions right {correct:.1%}")
    assert coverage >= 0.95 and correct >= 0.95


def test_shipped_councils_record_the_2019_2023_reorganisations(ref):
    g = shipped()
    la = {r["local-authority-code"]: r for r in rows(ref / "local_authorities" / "uk_local_authorities.csv")}
    by_code = {r["gss-code"]: r for r in la.values() if r["gss-code"]}
    checked = 0
    for r in la.values():
        if not r["replaced-by"] or not r["end-date"] or r["end-date"] < "2019":
            continue
        if r["local-authority-type"] not in PRINCIPAL:
            continue
        old = g.council_by_gss.get(r["gss-code"])
        assert old is not None and old.end_date is not None, r["official-name"]
        want = {by_code[la[c]["gss-code"]]["gss-code"] for c in r["replaced-by"].split(",") if c in la}
        got = {g.council_by_id[s].gss for s in old.successors}
        assert want == got, (r["official-name"], want, got)
        checked += 1
    assert checked >= 40  # Dorset, BCP, Buckinghamshire, Northamptonshire, Cumbria, North Yorkshire, Somerset …


def test_shipped_icbs_and_ccgs_with_ods_codes_and_the_handover(ref):
    g = shipped()
    icbs = rows(ref / "nhs" / "ons_icb_2024_names_codes.csv")
    ok = sum(1 for r in icbs if any(b.type == "icb" and g.find_nhs_body(r["ICB24NM"]) is b
                                    for b in g.nhs_by_ods.get(r["ICB24CDH"], [])))
    print(f"\nICBs: {len(icbs)}; coverage with right name and ODS code {ok / len(icbs):.1%}")
    assert ok / len(icbs) >= 0.95
    handover = rows(ref / "nhs" / "ccg2021_to_subicb_to_icb.csv")
    ok = 0
    for r in handover:
        ccg = [b for b in g.nhs_by_ods.get(r["ccg21_ods_code"], []) if b.type == "ccg"]
        icb = [b for b in g.nhs_by_ods.get(r["icb_ods_code"], []) if b.type == "icb"]
        if ccg and icb and icb[0].id in ccg[0].successors and g.find_nhs_body(r["ccg21_name"]) is ccg[0] \
                and str(ccg[0].end_date) == "2022-06-30":
            ok += 1
    print(f"CCGs of April 2021 handed to the right ICB on 1 July 2022: {ok}/{len(handover)}")
    assert ok / len(handover) >= 0.95


def test_shipped_trusts_cover_open_english_trusts(ref):
    g = shipped()
    trusts = [r for r in rows(ref / "nhs" / "ods_nhs_trusts_with_header.csv") if not r["close_date"]]
    english = [r for r in trusts if r["national_grouping"].startswith("Y")]
    ok = sum(1 for r in english if any(b.type in ("nhs_trust", "foundation_trust")
                                       for b in g.nhs_by_ods.get(r["org_code"], [])))
    print(f"\nopen English NHS trusts: {len(english)}; coverage {ok / len(english):.1%}")
    assert ok / len(english) >= 0.95


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_reference_update_from_the_official_lists(ref, tmp_path, monkeypatch):
    from contractwatch.cli import app

    monkeypatch.setenv("CONTRACTWATCH_DATA_DIR", str(tmp_path / "data"))
    before = _hashes(PACKAGE_DATA)
    res = CliRunner().invoke(app, ["reference", "update", "--from", str(ref), "--no-relink"])
    assert res.exit_code == 0, res.output
    assert "mySociety local authorities" in res.output and "NHS ODS trust file" in res.output
    dest = tmp_path / "data" / "reference"
    assert {p.name for p in dest.iterdir()} == {"councils.csv", "nhs_bodies.csv", "meta.json"}
    assert _hashes(PACKAGE_DATA) == before  # the shipped tables stay as they are
    g = reference.current_gazetteer()
    assert g.councils_path == (dest / "councils.csv").resolve()
    # the official lists add what the shipped table lacks: ONS codes and more spellings
    assert g.find_nhs_body("E54000039").ods == "QUY"
    assert g.find_council("Bath & NE Somerset").gss == "E06000022"
    # and keep what only the shipped table has: web domains, hand-written aliases, successors
    assert gz.council_for_host("https://councildecisions.bury.gov.uk/x").gss == "E08000002"
    assert g.find_council("B&NES").gss == "E06000022"
    assert g.find_nhs_body("WCHC").ods == "RY7"
    ccg = g.find_nhs_body("NHS Bristol, North Somerset and South Gloucestershire CCG")
    assert ccg.successors == ("bristol-north-somerset-and-south-gloucestershire-icb",)
    assert g.council_by_gss["E10000027"].successors == ("somerset",)
    # names and codes in the updated table are the official ones
    current = [r for r in rows(ref / "local_authorities" / "uk_local_authorities.csv")
               if r["local-authority-type"] in PRINCIPAL and not r["end-date"]]
    assert all(g.council_by_gss[r["gss-code"]].name == " ".join(r["official-name"].split()) for r in current)
    # status reports it
    st = CliRunner().invoke(app, ["reference", "status", "-f", "json"])
    assert str(dest) in st.output


def test_reference_update_reads_zipped_ods_files_and_refuses_other_files(ref, tmp_path):
    z = tmp_path / "in" / "etr.zip"
    z.parent.mkdir()
    with zipfile.ZipFile(z, "w") as f:
        f.write(ref / "nhs" / "ods_etr_raw.csv", "etr.csv")
    rep = reference.update([z], tmp_path / "out", activate=False)
    assert rep.read == ["etr.zip:etr.csv: NHS ODS trust file (273 rows)"] and rep.nhs["updated"] > 200
    assert (tmp_path / "out" / "councils.csv").exists()
    with pytest.raises(ValueError, match="none of the sources"):
        reference.update([ref / "cpv"], tmp_path / "out2", activate=False)
    with pytest.raises(FileNotFoundError):
        reference.update([tmp_path / "missing"], tmp_path / "out3", activate=False)
    from contractwatch.cli import app

    res = CliRunner().invoke(app, ["reference", "update", "--from", str(ref / "cpv"), "--dest", str(tmp_path / "o")])
    assert res.exit_code == 1 and "none of the sources" in res.output


def test_broken_user_tables_fall_back_to_the_shipped_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTWATCH_DATA_DIR", str(tmp_path))
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "councils.csv").write_text("not,a,table\n1,2\n")
    with pytest.warns(UserWarning, match="cannot be used"):
        g = reference.current_gazetteer()
    assert g.find_council("Bury") is not None and g.councils_path == gz.COUNCILS_CSV


def test_reference_update_from_urls(ref, tmp_path):
    """The same lists fetched over HTTP (a local server standing in for the official sites)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(ref))
    handler.log_message = lambda *a, **k: None
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        rep = reference.update([f"{base}/local_authorities/uk_local_authorities.csv",
                                f"{base}/nhs/ons_icb_2024_names_codes.csv"], tmp_path / "out", activate=False)
        assert rep.read == ["uk_local_authorities.csv: mySociety local authorities (470 rows)",
                            "ons_icb_2024_names_codes.csv: ONS ICB names and codes (42 rows)"]
        assert rep.councils["updated"] > 400 and rep.nhs["updated"] == 42
        with pytest.raises(Exception):
            reference.update([f"{base}/no/such/file.csv"], tmp_path / "out2", activate=False)
    finally:
        srv.shutdown()
