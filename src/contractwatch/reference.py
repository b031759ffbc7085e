"""``contractwatch reference update``: refresh the council and NHS tables from the official lists.

The package ships its own compact tables (``contractwatch/data/councils.csv`` and
``nhs_bodies.csv``, read by :mod:`contractwatch.gazetteer`). This module reads the official
lists when a user has them or is online, and writes updated tables into the user's data
directory (``$CONTRACTWATCH_DATA_DIR`` or ``$XDG_DATA_HOME/contractwatch``, under
``reference/``); :func:`current_gazetteer` loads those when present, the shipped tables stay as
the fallback. Formats read (recognised by their header, or by shape for ODS files without one):

* mySociety ``uk_local_authorities.csv`` (and its ``_future`` variant): names, GSS codes, dates,
  ``replaced-by`` successors, regions, types, alternative names;
* mySociety ``lookup_name_to_registry.csv``: more spellings of council names (aliases);
* ONS ICB and CCG names-and-codes CSVs (``ICB24CD, ICB24CDH, ICB24NM``; ``CCG21CD, CCG21CDH,
  CCG21NM``; any year);
* NHS ODS ``eccg`` (CCGs and sub-ICB locations, whose parent column gives each CCG's ICB) and
  ``etr`` (NHS trusts) files, raw (no header) or with a header row, plain or zipped.

Rows the official lists do not know (hand-written aliases, web domains) are kept from the
current tables; the official lists win on names, codes, dates and successors.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from . import gazetteer as gz

# Where the official lists live (as of writing; pass --from when they move).
DEFAULT_SOURCES = (
    "https://raw.githubusercontent.com/mysociety/uk_local_authority_names_and_codes/main/data/uk_local_authorities.csv",
    "https://raw.githubusercontent.com/mysociety/uk_local_authority_names_and_codes/main/data/lookup_name_to_registry.csv",
    "https://files.digital.nhs.uk/assets/ods/current/eccg.zip",
    "https://files.digital.nhs.uk/assets/ods/current/etr.zip",
)

COUNCIL_COLUMNS = ("id", "name", "short_name", "type", "nation", "region", "gss", "aliases", "domains",
                   "start_date", "end_date", "successor")
NHS_COLUMNS = ("id", "name", "short_name", "type", "ods", "aliases", "region", "start_date", "end_date",
               "successor")

LA_TYPES = {"CTY": "county", "NMD": "district", "UA": "unitary", "MD": "metropolitan_district",
            "LBO": "london_borough", "CC": "city_of_london", "SCO": "scottish_unitary",
            "WPA": "welsh_unitary", "NID": "ni_district"}
NATIONS = {"England": "E", "Wales": "W", "Scotland": "S", "Northern Ireland": "N"}
# NHS England regions by their ODS national grouping code.
NHS_REGIONS = {"Y56": "London", "Y58": "South West", "Y59": "South East", "Y60": "Midlands",
               "Y61": "East of England", "Y62": "North West", "Y63": "North East and Yorkshire"}
CCG_ABOLISHED = "2022-06-30"
ICB_STARTED = "2022-07-01"


def user_dir() -> Path:
    if os.environ.get("CONTRACTWATCH_DATA_DIR"):
        return Path(os.environ["CONTRACTWATCH_DATA_DIR"]).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "contractwatch"


def reference_dir() -> Path:
    return user_dir() / "reference"


def current_gazetteer() -> gz.Gazetteer:
    """The gazetteer on the user's updated tables when there are some, else the shipped one."""
    d = reference_dir()
    cp, np_ = d / "councils.csv", d / "nhs_bodies.csv"
    g = gz.gazetteer()
    if cp.exists():
        want = (cp.resolve(), (np_ if np_.exists() else gz.NHS_CSV).resolve())
        stamp = tuple((str(p), p.stat().st_mtime_ns) for p in want)
        if (g.councils_path.resolve(), g.nhs_path.resolve()) != want and stamp not in _BROKEN:
            try:
                new = gz.Gazetteer(want[0], want[1])
                if not new.councils:
                    raise ValueError("no councils in the table")
                g = gz.load_tables(want[0], want[1])
            except Exception as e:  # noqa: BLE001 - a broken user table must not stop the tool
                _BROKEN.add(stamp)
                warnings.warn(f"the reference tables in {d} cannot be used ({e}); using the shipped ones")
                if g.councils_path.resolve() == want[0]:
                    g = gz.load_tables()
    return g


_BROKEN: set = set()


# -- reading the official formats ----------------------------------------------------------------
@dataclass
class Sources:
    la_rows: list[dict[str, str]] = field(default_factory=list)
    la_rows_future: list[dict[str, str]] = field(default_factory=list)  # used only without a current list
    la_names: list[tuple[str, str]] = field(default_factory=list)  # (spelling, register code)
    icbs: list[dict[str, str]] = field(default_factory=list)        # {ons, ods, name}
    ccgs: list[dict[str, str]] = field(default_factory=list)        # {ons, ods, name}
    ods_commissioners: list[list[str]] = field(default_factory=list)
    ods_trusts: list[list[str]] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _csv_rows(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data)))


def _read_one(name: str, data: str, out: Sources) -> None:
    rows = _csv_rows(data.lstrip("\ufeff"))
    if not rows:
        out.skipped.append(f"{name}: empty")
        return
    header = [h.strip() for h in rows[0]]
    hset = set(header)
    if "local-authority-code" in hset and "official-name" in hset:
        future = "future" in name.lower()
        (out.la_rows_future if future else out.la_rows).extend(dict(zip(header, r)) for r in rows[1:] if r)
        out.read.append(f"{name}: mySociety local authorities{' after announced reorganisations' if future else ''} "
                        f"({len(rows) - 1} rows)")
        return
    if hset == {"la-name", "local-authority-code"}:
        out.la_names += [(r[0], r[1]) for r in rows[1:] if len(r) >= 2]
        out.read.append(f"{name}: mySociety name lookup ({len(rows) - 1} rows)")
        return
    icb = [h for h in header if re.fullmatch(r"ICB\d\dCD", h)]
    ccg = [h for h in header if re.fullmatch(r"CCG\d\dCD", h)]
    if icb or ccg:
        if any(re.fullmatch(r"LAD\d\dCD", h) for h in header):
            out.skipped.append(f"{name}: a CCG→district lookup (not needed)")
            return
        p = (icb or ccg)[0][:-2]
        target = out.icbs if icb else out.ccgs
        for r in rows[1:]:
            d = dict(zip(header, r))
            if d.get(p + "CD"):
                target.append({"ons": d[p + "CD"].strip(), "ods": d.get(p + "CDH", "").strip().upper(),
                               "name": d.get(p + "NM", "").strip()})
        out.read.append(f"{name}: ONS {'ICB' if icb else 'CCG'} names and codes ({len(rows) - 1} rows)")
        return
    if header[:2] == ["org_code", "name"]:
        body = rows[1:]
    elif len(header) >= 12 and re.fullmatch(r"[A-Z0-9]{3,6}", header[0]) and re.fullmatch(r"\d{8}", header[10] or "00000000"):
        body = rows
    else:
        out.skipped.append(f"{name}: format not recognised")
        return
    names = " ".join(r[1] for r in body[:50] if len(r) > 1).upper()
    if re.search(r"\b(CCG|ICB)\b", names):
        out.ods_commissioners += body
        out.read.append(f"{name}: NHS ODS CCG / sub-ICB file ({len(body)} rows)")
    elif "TRUST" in names:
        out.ods_trusts += body
        out.read.append(f"{name}: NHS ODS trust file ({len(body)} rows)")
    else:
        out.skipped.append(f"{name}: ODS file of another kind")


def read_sources(paths: Iterable[str | Path]) -> Sources:
    out = _read_all(paths)
    if not out.la_rows and out.la_rows_future:
        out.la_rows = out.la_rows_future
    elif out.la_rows_future:
        out.skipped.append("the '_future' local authority list: the current list is used")
    # the same ODS file with and without a header row: keep one row per code
    for attr in ("ods_commissioners", "ods_trusts"):
        seen: dict[str, list[str]] = {}
        for r in getattr(out, attr):
            if r and r[0].strip():
                seen[r[0].strip().upper()] = r
        setattr(out, attr, list(seen.values()))
    return out


def _read_all(paths: Iterable[str | Path]) -> Sources:
    out = Sources()
    for p in paths:
        p = Path(p)
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() == ".zip":
                with zipfile.ZipFile(f) as z:
                    for n in z.namelist():
                        if n.lower().endswith(".csv"):
                            _read_one(f"{f.name}:{n}", z.read(n).decode("utf-8-sig", "replace"), out)
            elif f.suffix.lower() == ".csv":
                _read_one(f.name, f.read_text(encoding="utf-8-sig", errors="replace"), out)
    return out


def fetch(urls: Iterable[str], dest: Path, timeout: float = 60.0) -> list[Path]:
    import httpx

    got = []
    with httpx.Client(follow_redirects=True, timeout=timeout,
                      headers={"User-Agent": "contractwatch reference update"}) as client:
        for url in urls:
            r = client.get(url)
            r.raise_for_status()
            name = re.sub(r"[^A-Za-z0-9._-]", "_", url.rstrip("/").rsplit("/", 1)[-1]) or "download.csv"
            if not name.lower().endswith((".csv", ".zip")):
                name += ".zip" if r.content[:2] == b"PK" else ".csv"
            path = dest / name
            path.write_bytes(r.content)
            got.append(path)
    return got


# -- building the tables -------------------------------------------------------------------------
_SMALL = frozenset({"and", "of", "the", "for", "upon", "on", "in", "with", "at"})
_KEEP_UPPER = frozenset({"NHS", "ICB", "CCG", "UK", "II", "III", "GP", "HIV"})


def title_case(s: str) -> str:
    """ODS's upper-case names in ordinary title case ("GUY'S AND ST THOMAS'" → "Guy's and St Thomas'")."""
    out = []
    for i, w in enumerate(s.split()):
        if w in _KEEP_UPPER:
            out.append(w)
        elif i and w.lower() in _SMALL:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def _d(yyyymmdd: str) -> str:
    s = (yyyymmdd or "").strip()
    if re.fullmatch(r"\d{8}", s):
        return f"{s[:4]}-{s[4:6]}-{s[6:]}"
    return s[:10]


def _slug(s: str) -> str:
    return "-".join(gz.normalise_name(s).split())


def _read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        return [], []
    with open(path, newline="", encoding="utf-8-sig") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames or []), [row for row in r if (row.get("id") or "").strip()]


def _join(items: Iterable[str]) -> str:
    return "|".join(dict.fromkeys(i.strip() for i in items if i and i.strip() and "|" not in i))


def build_councils(src: Sources, current: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, int]]:
    by_gss = {r.get("gss", ""): r for r in current if r.get("gss")}
    by_name = {gz.normalise_name(r["name"]): r for r in current}
    ids_taken = {r["id"] for r in current}
    out: dict[str, dict[str, str]] = {r["id"]: dict(r) for r in current}
    code_to_id: dict[str, str] = {}
    stats = {"updated": 0, "added": 0}
    rows = [r for r in src.la_rows if r.get("local-authority-type") in LA_TYPES]
    for r in rows:
        gss = (r.get("gss-code") or "").strip()
        old = by_gss.get(gss) or by_name.get(gz.normalise_name(r.get("official-name", "")))
        if old is not None:
            cid = old["id"]
            stats["updated"] += 1
        else:
            cid = _slug(r.get("nice-name") or r["official-name"])
            if cid in ids_taken:
                cid = _slug(r["official-name"])
            n = 2
            while cid in ids_taken:
                cid = f"{_slug(r['official-name'])}-{n}"
                n += 1
            ids_taken.add(cid)
            old = {c: "" for c in COUNCIL_COLUMNS}
            old["id"] = cid
            stats["added"] += 1
        code_to_id[r["local-authority-code"]] = cid
        alt = [a for a in (r.get("alt-names") or "").split(",")]
        row = dict(old)
        for k in ("official-name", "nice-name"):
            r[k] = " ".join((r.get(k) or "").split())
        row.update({
            "name": r.get("official-name") or old.get("name", ""),
            "short_name": r.get("nice-name") or old.get("short_name", ""),
            "type": LA_TYPES[r["local-authority-type"]],
            "nation": NATIONS.get(r.get("nation", ""), old.get("nation", "")),
            "region": r.get("region") or old.get("region", ""),
            "gss": gss or old.get("gss", ""),
            "aliases": _join([*(old.get("aliases") or "").split("|"),
                              *([old["name"]] if old.get("name") and old["name"] != r.get("official-name") else []),
                              *(a for a in alt if a and a != a.lower() and a not in (r.get("official-name"), r.get("nice-name")))]),
            # the register's start dates are often when an entry was made, not when a council began
            "start_date": old.get("start_date") or (r.get("start-date") or "")[:10],
            "end_date": _end_before((r.get("end-date") or "")[:10]) or old.get("end_date", ""),
        })
        row["_replaced_by"] = r.get("replaced-by") or ""
        out[cid] = row
    for row in out.values():
        rep = row.pop("_replaced_by", "")
        if rep:
            succ = [code_to_id.get(c.strip()) for c in re.split(r"[,|]", rep) if c.strip()]
            if all(succ):
                row["successor"] = "|".join(succ)  # type: ignore[arg-type]
    # more spellings from the name lookup
    for spelling, code in src.la_names:
        cid = code_to_id.get(code)
        if cid and spelling and spelling != spelling.lower() and "|" not in spelling:
            row = out[cid]
            if spelling not in (row["name"], row["short_name"]):
                row["aliases"] = _join([*(row.get("aliases") or "").split("|"), spelling])
    return list(out.values()), stats


def _end_before(end: str) -> str:
    """mySociety gives the first day of the successor (2023-04-01); the tables use the last day."""
    if re.fullmatch(r"\d{4}-04-01", end or ""):
        return f"{end[:4]}-03-31"
    return end


def build_nhs(src: Sources, current: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, int]]:
    by_ods: dict[str, dict[str, str]] = {}
    for r in current:
        if r.get("ods"):
            # an ODS code names a CCG and later its sub-ICB location: index the CCG (and ICB) rows
            by_ods.setdefault((r["ods"].upper(), r.get("type", "")), r)
    ids_taken = {r["id"] for r in current}
    out: dict[str, dict[str, str]] = {r["id"]: dict(r) for r in current}
    stats = {"updated": 0, "added": 0}

    def upsert(ods: str, kind: str, values: dict[str, str]) -> dict[str, str]:
        old = by_ods.get((ods, kind))
        if old is None and kind in ("nhs_trust", "foundation_trust"):
            old = by_ods.get((ods, "foundation_trust" if kind == "nhs_trust" else "nhs_trust"))
        if old is not None:
            row = out[old["id"]]
            stats["updated"] += 1
        else:
            base = _slug(values["name"]) or ods.lower()
            cid = base if base not in ids_taken else f"{base}-{ods.lower()}"
            ids_taken.add(cid)
            row = {c: "" for c in NHS_COLUMNS}
            row["id"] = cid
            out[cid] = row
            by_ods[(ods, kind)] = row
            stats["added"] += 1
        for k, v in values.items():
            if k == "short_name" and row.get("short_name"):
                continue  # the tables' own short names are better than ones derived here
            if k == "name" and row.get("name") and v and row["name"] != v:
                if gz._nhs_norm(row["name"]) == gz._nhs_norm(v):
                    continue  # the same name spelt out ("Clinical Commissioning Group" for "CCG")
                row["aliases"] = _join([*(row.get("aliases") or "").split("|"), row["name"]])
            if v or k not in row:
                row[k] = v
        return row

    icb_ids: dict[str, str] = {}
    for icb in src.icbs:
        name = icb["name"]
        short = re.sub(r"^NHS |\s*Integrated Care Board$", "", name)
        row = upsert(icb["ods"], "icb", {"name": name, "short_name": short, "type": "icb", "ods": icb["ods"],
                                         "start_date": ICB_STARTED})
        old_alias = (row.get("aliases") or "").split("|")
        row["aliases"] = _join([*old_alias, f"NHS {short} ICB", icb["ons"]])
        icb_ids[icb["ods"]] = row["id"]
    ods_cc = {r[0].strip().upper(): r for r in src.ods_commissioners if r}
    for ccg in src.ccgs:
        o = ods_cc.get(ccg["ods"])
        parent = (o[3].strip().upper() if o and len(o) > 3 else "")
        region = NHS_REGIONS.get(o[2].strip(), "") if o and len(o) > 2 else ""
        values = {"name": ccg["name"], "short_name": re.sub(r"^NHS |\s*CCG$", "", ccg["name"]), "type": "ccg",
                  "ods": ccg["ods"], "end_date": CCG_ABOLISHED}
        if region:
            values["region"] = region
        if parent in icb_ids:
            values["successor"] = icb_ids[parent]
        row = upsert(ccg["ods"], "ccg", values)
        row["aliases"] = _join([*(row.get("aliases") or "").split("|"), ccg["ons"]])
    # CCGs that closed earlier (ODS names them; their successors are not in these files)
    for code, r in ods_cc.items():
        if len(r) < 12:
            continue
        name = r[1].strip()
        close = _d(r[11])
        if " ICB - " in name or not close or (code, "ccg") in by_ods:
            continue
        upsert(code, "ccg", {"name": title_case(name).replace(" Ccg", " CCG"), "type": "ccg", "ods": code,
                             "start_date": _d(r[10]), "end_date": close,
                             "region": NHS_REGIONS.get(r[2].strip(), "")})
    for r in src.ods_trusts:
        if len(r) < 12 or not r[0].strip():
            continue
        code, name = r[0].strip().upper(), r[1].strip()
        kind = "foundation_trust" if "FOUNDATION TRUST" in name.upper() else "nhs_trust"
        values = {"type": kind, "ods": code, "start_date": _d(r[10]), "end_date": _d(r[11]),
                  "region": NHS_REGIONS.get(r[2].strip(), "")}
        old = by_ods.get((code, kind)) or by_ods.get((code, "nhs_trust" if kind == "foundation_trust" else "foundation_trust"))
        if old is None or gz.normalise_name(old.get("name", "")) != gz.normalise_name(name):
            values["name"] = title_case(name)
            if old is not None:
                values["aliases"] = _join([*(old.get("aliases") or "").split("|"), old.get("name", "")])
        upsert(code, kind, values)
    return list(out.values()), stats


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") or "" for c in columns})
    tmp.replace(path)


@dataclass
class UpdateReport:
    dest: str
    read: list[str]
    skipped: list[str]
    councils: dict[str, int]
    nhs: dict[str, int]
    totals: dict[str, int]

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def update(sources: Iterable[str | Path] | None = None, dest: str | Path | None = None,
           activate: bool = True) -> UpdateReport:
    """Read the official lists (files, folders or URLs; the default URLs when none) and write
    updated tables into ``dest`` (default: the user's reference directory)."""
    dest = Path(dest) if dest else reference_dir()
    srcs = [str(s) for s in (sources or DEFAULT_SOURCES)]
    with tempfile.TemporaryDirectory() as tmp:
        urls = [s for s in srcs if s.startswith(("http://", "https://"))]
        local: list[str | Path] = [s for s in srcs if s not in urls]
        for s in local:
            if not Path(s).exists():
                raise FileNotFoundError(f"no such file or folder: {s}")
        if urls:
            local += fetch(urls, Path(tmp))
        src = read_sources(local)
    if not (src.la_rows or src.icbs or src.ccgs or src.ods_trusts or src.ods_commissioners):
        raise ValueError("none of the sources is an official list this command reads: " + "; ".join(src.skipped))
    # start from the tables in use (a previous update, else the shipped ones)
    g = current_gazetteer()
    c_cols, c_rows = _read_table(g.councils_path)
    n_cols, n_rows = _read_table(g.nhs_path)
    councils, cstats = build_councils(src, c_rows) if src.la_rows or src.la_names else (c_rows, {"updated": 0, "added": 0})
    nhs, nstats = build_nhs(src, n_rows) if (src.icbs or src.ccgs or src.ods_trusts or src.ods_commissioners) \
        else (n_rows, {"updated": 0, "added": 0})
    cp, np_ = dest / "councils.csv", dest / "nhs_bodies.csv"
    _write(cp, c_cols or list(COUNCIL_COLUMNS), councils)
    _write(np_, n_cols or list(NHS_COLUMNS), nhs)
    meta = {"updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "sources": srcs,
            "read": src.read, "skipped": src.skipped}
    (dest / "meta.json").write_text(json.dumps(meta, indent=2))
    if activate:
        gz.load_tables(cp, np_)
    return UpdateReport(str(dest), src.read, src.skipped, cstats, nstats,
                        {"councils": len(councils), "nhs_bodies": len(nhs)})


def status() -> dict:
    """Which tables are in use and where they came from."""
    d = reference_dir()
    meta = d / "meta.json"
    g = current_gazetteer()
    return {"councils": str(g.councils_path), "nhs_bodies": str(g.nhs_path),
            "updated": json.loads(meta.read_text()) if meta.exists() else None,
            "counts": {"councils": len(g.councils), "nhs_bodies": len(g.nhs_bodies)}}
