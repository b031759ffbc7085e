"""A deterministic, varied synthetic corpus for the benchmark (and for fast tests).

Every document is built from templates and vocabularies written here: invented decisions
by real councils and NHS bodies about home care, supported living, extra care, community
health, mental health, reablement, carers, day services and so on, with invented providers.
Styles: ModernGov "Issue - meetings" pages, "Decision details" pages, delegated officer
decisions, cabinet report extracts (numbered paragraphs, finance tables), trade-press
and local-news articles, and negatives (planning, budget, licensing, near misses).

Each document is a list of blocks rendered three ways: plain text (always), HTML
(ModernGov markup for council pages, a full news page for articles) and, for about one
report-style document in 25, a PDF made with fpdf2.

Determinism: document ``i`` depends only on (seed, i), so the first N documents of a
larger corpus are the same as a corpus of N (PDF selection aside), and two runs give the
same bytes. No set iteration, no clock, no hash randomisation.

    python bench/corpus.py --docs 5000            # writes bench/out/corpus/
    python bench/corpus.py --docs 200 --out /tmp/c
"""
from __future__ import annotations

import argparse
import datetime as dt
import html as _html
import json
import math
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 20240601
DEFAULT_DOCS = 5000
PDFS_PER_5000 = 200
MIN_WORDS, MAX_WORDS = 100, 5000

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out" / "corpus"

# Styles in a block of 40 documents: every 40 consecutive documents hold each style in
# exactly these proportions (shuffled), so even a small sample covers all of them.
STYLE_WEIGHTS = (
    ("issue_meetings", 7),
    ("decision_details", 6),
    ("delegated", 4),
    ("cabinet_report", 6),
    ("trade_press", 5),
    ("local_news", 6),
    ("negative_council", 4),
    ("negative_news", 2),
)
STYLES = tuple(s for s, _ in STYLE_WEIGHTS)
BLOCK = sum(w for _, w in STYLE_WEIGHTS)
MODERNGOV_STYLES = ("issue_meetings", "decision_details", "delegated", "negative_council")
NEWS_STYLES = ("trade_press", "local_news", "negative_news")
REPORT_STYLES = ("cabinet_report", "delegated")  # the ones that also come as PDFs
MEDIAN_WORDS = {
    "issue_meetings": 420, "decision_details": 380, "delegated": 330, "cabinet_report": 1300,
    "trade_press": 520, "local_news": 430, "negative_council": 300, "negative_news": 280,
}

# --------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------

# (council, place, integrated care board)
COUNCILS = (
    ("Bury Council", "Bury", "NHS Greater Manchester Integrated Care Board"),
    ("London Borough of Bromley", "Bromley", "NHS South East London Integrated Care Board"),
    ("Bath and North East Somerset Council", "Bath and North East Somerset",
     "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board"),
    ("Wirral Council", "Wirral", "NHS Cheshire and Merseyside Integrated Care Board"),
    ("Wiltshire Council", "Wiltshire", "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board"),
    ("Leeds City Council", "Leeds", "NHS West Yorkshire Integrated Care Board"),
    ("Kent County Council", "Kent", "NHS Kent and Medway Integrated Care Board"),
    ("Norfolk County Council", "Norfolk", "NHS Norfolk and Waveney Integrated Care Board"),
    ("Derbyshire County Council", "Derbyshire", "NHS Derby and Derbyshire Integrated Care Board"),
    ("Cornwall Council", "Cornwall", "NHS Cornwall and the Isles of Scilly Integrated Care Board"),
    ("Hertfordshire County Council", "Hertfordshire", "NHS Hertfordshire and West Essex Integrated Care Board"),
    ("Somerset Council", "Somerset", "NHS Somerset Integrated Care Board"),
    ("Stockport Metropolitan Borough Council", "Stockport", "NHS Greater Manchester Integrated Care Board"),
    ("Salford City Council", "Salford", "NHS Greater Manchester Integrated Care Board"),
    ("Sheffield City Council", "Sheffield", "NHS South Yorkshire Integrated Care Board"),
    ("Birmingham City Council", "Birmingham", "NHS Birmingham and Solihull Integrated Care Board"),
    ("Manchester City Council", "Manchester", "NHS Greater Manchester Integrated Care Board"),
    ("London Borough of Camden", "Camden", "NHS North Central London Integrated Care Board"),
    ("Royal Borough of Greenwich", "Greenwich", "NHS South East London Integrated Care Board"),
    ("London Borough of Hackney", "Hackney", "NHS North East London Integrated Care Board"),
    ("Southampton City Council", "Southampton", "NHS Hampshire and Isle of Wight Integrated Care Board"),
    ("Plymouth City Council", "Plymouth", "NHS Devon Integrated Care Board"),
    ("Torbay Council", "Torbay", "NHS Devon Integrated Care Board"),
    ("North Yorkshire Council", "North Yorkshire", "NHS Humber and North Yorkshire Integrated Care Board"),
    ("Cumberland Council", "Cumberland", "NHS North East and North Cumbria Integrated Care Board"),
    ("Northumberland County Council", "Northumberland", "NHS North East and North Cumbria Integrated Care Board"),
    ("Durham County Council", "County Durham", "NHS North East and North Cumbria Integrated Care Board"),
    ("Lincolnshire County Council", "Lincolnshire", "NHS Lincolnshire Integrated Care Board"),
    ("Nottinghamshire County Council", "Nottinghamshire", "NHS Nottingham and Nottinghamshire Integrated Care Board"),
    ("Leicestershire County Council", "Leicestershire", "NHS Leicester, Leicestershire and Rutland Integrated Care Board"),
    ("Suffolk County Council", "Suffolk", "NHS Suffolk and North East Essex Integrated Care Board"),
    ("Essex County Council", "Essex", "NHS Mid and South Essex Integrated Care Board"),
    ("East Sussex County Council", "East Sussex", "NHS Sussex Integrated Care Board"),
    ("Brighton and Hove City Council", "Brighton and Hove", "NHS Sussex Integrated Care Board"),
    ("Portsmouth City Council", "Portsmouth", "NHS Hampshire and Isle of Wight Integrated Care Board"),
    ("Bristol City Council", "Bristol", "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board"),
    ("North Somerset Council", "North Somerset", "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board"),
    ("South Gloucestershire Council", "South Gloucestershire",
     "NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board"),
    ("Gloucestershire County Council", "Gloucestershire", "NHS Gloucestershire Integrated Care Board"),
    ("Oxfordshire County Council", "Oxfordshire", "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board"),
    ("Buckinghamshire Council", "Buckinghamshire", "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board"),
    ("Cheshire East Council", "Cheshire East", "NHS Cheshire and Merseyside Integrated Care Board"),
    ("Shropshire Council", "Shropshire", "NHS Shropshire, Telford and Wrekin Integrated Care Board"),
    ("Telford and Wrekin Council", "Telford and Wrekin", "NHS Shropshire, Telford and Wrekin Integrated Care Board"),
    ("Sandwell Metropolitan Borough Council", "Sandwell", "NHS Black Country Integrated Care Board"),
    ("City of Wolverhampton Council", "Wolverhampton", "NHS Black Country Integrated Care Board"),
    ("Coventry City Council", "Coventry", "NHS Coventry and Warwickshire Integrated Care Board"),
    ("Calderdale Council", "Calderdale", "NHS West Yorkshire Integrated Care Board"),
    ("Kirklees Council", "Kirklees", "NHS West Yorkshire Integrated Care Board"),
    ("City of Bradford Metropolitan District Council", "Bradford", "NHS West Yorkshire Integrated Care Board"),
    ("Hull City Council", "Hull", "NHS Humber and North Yorkshire Integrated Care Board"),
    ("Middlesbrough Council", "Middlesbrough", "NHS North East and North Cumbria Integrated Care Board"),
    ("Sunderland City Council", "Sunderland", "NHS North East and North Cumbria Integrated Care Board"),
    ("Gateshead Council", "Gateshead", "NHS North East and North Cumbria Integrated Care Board"),
    ("Newcastle City Council", "Newcastle", "NHS North East and North Cumbria Integrated Care Board"),
    ("Trafford Council", "Trafford", "NHS Greater Manchester Integrated Care Board"),
    ("Warrington Borough Council", "Warrington", "NHS Cheshire and Merseyside Integrated Care Board"),
    ("Medway Council", "Medway", "NHS Kent and Medway Integrated Care Board"),
    ("Milton Keynes City Council", "Milton Keynes", "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board"),
    ("Swindon Borough Council", "Swindon", "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board"),
)
HOST_PATTERNS = ("democracy.{s}.gov.uk", "moderngov.{s}.gov.uk", "{s}.moderngov.co.uk",
                 "councillors.{s}.gov.uk", "committees.{s}.gov.uk", "meetings.{s}.gov.uk",
                 "democratic.{s}.gov.uk", "councildecisions.{s}.gov.uk")
AREAS = ("North", "South", "East", "West", "Central", "North East", "South West", "Inner", "Outer", "Rural")
TRUSTS = (
    "Oxleas NHS Foundation Trust", "Wirral Community Health and Care NHS Foundation Trust",
    "Leeds Community Healthcare NHS Trust", "Cornwall Partnership NHS Foundation Trust",
    "Norfolk Community Health and Care NHS Trust", "Derbyshire Community Health Services NHS Foundation Trust",
    "Sussex Community NHS Foundation Trust", "Kent Community Health NHS Foundation Trust",
    "Solent NHS Trust", "Humber Teaching NHS Foundation Trust", "Pennine Care NHS Foundation Trust",
    "Northern Care Alliance NHS Foundation Trust", "Central and North West London NHS Foundation Trust",
    "Birmingham Community Healthcare NHS Foundation Trust", "Lincolnshire Community Health Services NHS Trust",
    "Hertfordshire Community NHS Trust", "Somerset NHS Foundation Trust",
)
PROV_A = ("Meadowbank", "Heron", "Lantern", "Kestrel", "Willowbrook", "Ashgrove", "Larkspur", "Foxglove",
          "Harbourside", "Beacon", "Evergreen", "Northgate", "Riverside", "Silverbirch", "Thistle", "Bluebell",
          "Cedarwood", "Hollybank", "Juniper", "Marigold", "Orchard", "Pennine Vale", "Quayside", "Rowan",
          "Saffron", "Tamarisk", "Upland", "Valleyview", "Whitecliff", "Yew Tree", "Alder", "Brackenfield",
          "Coppice", "Dovecote", "Elmstead", "Fernhill", "Greenacre", "Hawthorn", "Ivydene", "Kingfisher",
          "Linnet", "Moorland", "Nightingale", "Oakhaven", "Primrose", "Redwing", "Skylark", "Trinity Lane")
PROV_B = ("Care", "Homecare", "Home Care", "Support", "Community Care", "Healthcare", "Living", "Lifestyles",
          "Care Services", "Support Services", "Health", "Independent Living", "Care Partnership", "Community Services")
PROV_C = ("Ltd", "Limited", "CIC", "Group", "Ltd", "Limited", "", "LLP", "Trust", "Group Ltd")
BIG_PROVIDERS = ("Brightwell Care and Health", "Northstar Community Health", "Meridian Health Partnerships",
                 "Crestline Care Group", "Allium Health and Care CIC", "Harmony Integrated Care Ltd")
FIRST = ("Andrea", "Alison", "Dine", "Graham", "Julia", "Steve", "Karin", "Jane", "Mohammed", "Priya", "Sarah",
         "David", "Helen", "Peter", "Rachel", "Imran", "Fiona", "Gareth", "Nadia", "Tom", "Claire", "Ravi",
         "Sian", "Marcus", "Lorraine", "Kevin", "Bernadette", "Hamid", "Olivia", "Neil", "Angela", "Chris")
LAST = ("Simpson", "Born", "Romero", "Hodkinson", "Clarke", "Hughes", "Smyth", "Davies", "Khan", "Patel",
        "Evans", "Thompson", "Wright", "O'Neill", "Ahmed", "Robinson", "Walker", "Edwards", "Hussain",
        "Campbell", "Marsden", "Fletcher", "Okafor", "Brennan", "Lloyd", "Green", "Shaw", "Price", "Iqbal")
PORTFOLIOS = ("Adult Social Care", "Health and Wellbeing", "Adult Social Care and Health", "Care Services",
              "Health and Adult Social Care", "Adults and Health", "Communities and Adult Care")
DIRECTORS = ("Director of Adult Social Services", "Executive Director of Adult Social Care",
             "Corporate Director of Adults and Health", "Strategic Director - People",
             "Director of Adult Social Care", "Assistant Director, Commissioning",
             "Head of Commissioning - Adults")
COMMITTEES = ("Cabinet", "Executive", "Cabinet", "Adult Social Care and Health Committee",
              "Health and Wellbeing Board", "Adult Care and Health Policy Development and Scrutiny Committee",
              "Joint Commissioning Committee", "Adults and Health Committee", "Cabinet", "Executive Board")

# (service name, category, scale: typical total value in GBP)
SERVICES = (
    ("Care at Home", "home_care", 40e6), ("Domiciliary Care Framework", "home_care", 60e6),
    ("Home Support Service", "home_care", 25e6), ("Homecare Dynamic Purchasing System", "home_care", 80e6),
    ("Rural Homecare Service", "home_care", 8e6),
    ("Supported Living Framework", "supported_living", 30e6),
    ("Supported Living for Adults with Learning Disabilities", "supported_living", 20e6),
    ("Learning Disability Short Breaks Service", "learning_disability", 4e6),
    ("Shared Lives Scheme", "learning_disability", 2e6),
    ("Extra Care Housing Care and Support", "extra_care_housing", 12e6),
    ("Extra Care Housing Scheme", "extra_care_housing", 9e6),
    ("Adult Community Health Services", "community_health", 400e6),
    ("Community Nursing and Therapies", "community_health", 150e6),
    ("Integrated Community Services", "community_health", 600e6),
    ("Mental Health Flexible Support", "mental_health", 3e6),
    ("Community Mental Health Recovery Service", "mental_health", 6e6),
    ("Mental Health Supported Accommodation", "mental_health", 9e6),
    ("Reablement Service", "reablement", 10e6), ("Discharge to Assess Service", "reablement", 14e6),
    ("Intermediate Care Service", "reablement", 18e6), ("Home from Hospital Service", "reablement", 2e6),
    ("Carers Support Service", "carers", 3e6), ("Young Carers Service", "carers", 1.2e6),
    ("Day Opportunities Service", "day_services", 6e6), ("Day Services for Older People", "day_services", 4e6),
    ("Independent Advocacy Service", "advocacy", 2e6), ("Integrated Advocacy Hub", "advocacy", 3e6),
    ("Integrated Community Equipment Service", "equipment", 25e6),
    ("Residential and Nursing Care Framework", "care_homes", 120e6),
    ("Nursing Care Home Block Beds", "care_homes", 15e6),
    ("Substance Misuse Treatment Service", "public_health", 20e6),
    ("Integrated Sexual Health Service", "public_health", 30e6),
    ("0-19 Healthy Child Programme", "public_health", 45e6),
    ("Adult Social Care Assessment and Care Management", "social_care_functions", 60e6),
    ("Adult Safeguarding and Assessment Service", "social_care_functions", 25e6),
    ("Telecare and Community Alarm Service", "other", 5e6),
    ("Information and Advice Service", "other", 1.5e6),
)
TRADE_OUTLETS = (("Health Service Journal", "www.hsj.co.uk"), ("Local Government Chronicle", "www.lgcplus.com"),
                 ("Community Care", "www.communitycare.co.uk"), ("Homecare Insight", "www.homecareinsight.co.uk"),
                 ("Care Markets Weekly", "www.caremarketsweekly.co.uk"), ("Public Finance", "www.publicfinance.co.uk"),
                 ("Commissioning Review", "www.commissioningreview.co.uk"))
LOCAL_SUFFIX = ("Gazette", "Echo", "Evening Post", "Live", "Herald", "Advertiser", "Chronicle", "Express", "Mercury")

NUM_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
             10: "ten", 11: "eleven", 12: "twelve", 18: "eighteen", 24: "twenty-four", 36: "thirty-six"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(rng: random.Random, d: dt.date, styles: str = "any") -> str:
    m = MONTHS[d.month - 1]
    opts = (
        f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day} {m} {d.year}", f"{ordinal(d.day)} {m} {d.year}",
        f"{DAYS[d.weekday()]}, {ordinal(d.day)} {m}, {d.year}", f"{DAYS[d.weekday()]} {d.day} {m} {d.year}",
        f"{m} {d.day}, {d.year}", d.isoformat(), f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
        f"{d.day}-{m[:3]}-{d.year}", f"{d.day} {m[:3]} {d.year}",
    )
    if styles == "numeric":
        return opts[0]
    if styles == "prose":
        return rng.choice(opts[1:6] + opts[9:])
    return rng.choice(opts)


def fmt_month(rng: random.Random, d: dt.date) -> str:
    m = MONTHS[d.month - 1]
    return rng.choice((f"{m} {d.year}", f"{m[:3]} {d.year}", f"{ordinal(d.day)} {m} {d.year}", f"{d.day} {m} {d.year}"))


def nw(n: int, rng: random.Random) -> str:
    return NUM_WORDS[n] if n in NUM_WORDS and rng.random() < 0.6 else str(n)


def money(rng: random.Random, amount: float) -> tuple[str, float]:
    """A pound amount written the many ways reports and articles write it, and what it denotes."""
    if amount >= 1e9:
        v = round(amount / 1e9, 1)
        s = f"{v:g}"
        return rng.choice((f"£{s}bn", f"£{s} billion", f"£{s}bn")), v * 1e9
    if amount >= 1e6:
        form = rng.randrange(7)
        if form <= 2:
            v = round(amount / 1e6, 1)
            return (f"£{v:g}m", f"£{v:g} million", f"£{v:g}M")[form], v * 1e6
        if form == 3:
            v = round(amount / 1e6, 2)
            return f"£{v:.2f}m", v * 1e6
        if form == 4:
            v = round(amount / 1e3)
            return f"£{v:,}k", v * 1e3
        v = round(amount / 1e3) * 1000
        return (f"£{v:,}" if form == 5 else f"£{v:,}.00"), v
    if amount >= 1e3:
        form = rng.randrange(5)
        if form <= 1:
            v = round(amount / 1e3)
            return (f"£{v:,}k" if form == 0 else f"£{v:,}K"), v * 1e3
        v = round(amount / 50) * 50
        return (f"£{v:,}", f"£ {v:,}", f"£{v:,}.00")[form - 2], v
    return f"£{amount:,.0f}", amount


def duration(rng: random.Random, months: int) -> tuple[str, str]:
    """(noun phrase, adjective) for a term: ("three years", "three-year")."""
    if months % 12 == 0 and rng.random() < 0.8:
        y = months // 12
        w = nw(y, rng)
        return (f"{w} year{'s' if y > 1 else ''}", f"{w}-year")
    w = nw(months, rng)
    return (f"{w} months", f"{w}-month")


def extension(rng: random.Random, term: int) -> tuple[str, int]:
    """An optional-extension clause and its longest total in months."""
    form = rng.randrange(7)
    if form == 0:
        y = rng.choice((1, 2))
        return f"with the option of up to {y} year extension", 12 * y
    if form == 1:
        n = rng.choice((2, 2, 3))
        return f"with options to extend for up to {nw(n, rng)} further periods of twelve months", 12 * n
    if form == 2:
        y = term // 12 or 1
        return f"({y}+1+1)", 24
    if form == 3:
        n = rng.choice((3, 5, 6))
        return f"with {nw(n, rng)} one-month extensions available", n
    if form == 4:
        m = rng.choice((6, 12, 24))
        return f"with an option to extend for a further {nw(m, rng)} months", m
    if form == 5:
        y = rng.choice((1, 2, 3))
        return f"plus an optional extension of up to {nw(y, rng)} year{'s' if y > 1 else ''}", 12 * y
    return "with the option to extend by a further 12 months, subject to performance", 12


# --------------------------------------------------------------------------------------
# Documents as blocks
# --------------------------------------------------------------------------------------

@dataclass
class Doc:
    id: str
    index: int
    style: str
    source: str
    title: str
    blocks: list = field(default_factory=list)
    truth: list = field(default_factory=list)
    published: str | None = None
    publisher: str | None = None
    council: str = ""
    text: str = ""
    html: str | None = None
    pdf: bytes | None = None
    words: int = 0

    @property
    def family(self) -> str:
        if self.style in MODERNGOV_STYLES:
            return "moderngov"
        if self.style in NEWS_STYLES:
            return "news"
        return "report"

    def manifest(self) -> dict:
        return {"id": self.id, "index": self.index, "style": self.style, "family": self.family,
                "source": self.source, "title": self.title, "publisher": self.publisher,
                "published": self.published, "words": self.words, "chars": len(self.text),
                "formats": ["text"] + (["html"] if self.html else []) + (["pdf"] if self.pdf else []),
                "truth": self.truth}


class Ctx(dict):
    """Template slots; a missing slot formats as an empty string rather than failing."""

    def __missing__(self, key):
        return ""


SLOT = re.compile(r"{(\w+)")


def fill(template: str, c: Ctx, used: set | None = None) -> str:
    if used is not None:
        used.update(SLOT.findall(template))
    s = template.format_map(c)
    return re.sub(r"  +", " ", s).replace(" ,", ",").replace(" .", ".")


def provider_name(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(BIG_PROVIDERS)
    name = f"{rng.choice(PROV_A)} {rng.choice(PROV_B)}"
    suffix = rng.choice(PROV_C)
    return f"{name} {suffix}".strip()


def short_name(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w not in ("Ltd", "Limited", "LLP", "CIC", "and", "of", "the", "NHS")]
    return "".join(w[0] for w in words).upper() if len(words) >= 3 else name


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def make_ctx(rng: random.Random) -> tuple[Ctx, dict]:
    ci = rng.randrange(len(COUNCILS))
    council, place, icb = COUNCILS[ci]
    slug = re.sub(r"[^a-z]", "", re.sub(r"\band\b", "", place.lower()))
    host = HOST_PATTERNS[ci % len(HOST_PATTERNS)].format(s=slug)
    svc, cat, scale = SERVICES[rng.randrange(len(SERVICES))]
    year = rng.randrange(2015, 2026)
    ddate = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
    term = rng.choice((6, 9, 12, 18, 24, 36, 36, 48, 60, 60, 84, 120) if cat != "community_health" else (60, 84, 120, 120))
    start = dt.date(year + (ddate.month > 6), rng.choice((1, 4, 4, 4, 7, 10)), 1)
    end_year = start.year + term // 12
    end_month = start.month + term % 12
    if end_month > 12:
        end_year, end_month = end_year + 1, end_month - 12
    end = dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
    annual = rng.random() < 0.35
    total = scale * rng.uniform(0.2, 2.5) * (term / 60 if not annual else 1)
    amount = total / max(term / 12, 1) if annual else total
    if amount < 40_000:
        amount = rng.uniform(60_000, 400_000)
    vstr, vden = money(rng, amount)
    term_s, term_adj = duration(rng, term)
    ext_s, ext_m = extension(rng, term) if rng.random() < 0.55 else ("", None)
    if annual:
        value_phrase = rng.choice((f"a cost of {vstr} per annum", f"a value of {vstr} a year", f"an annual cost of {vstr}",
                                   f"a budget of {vstr} p.a.", f"an annual contract value of {vstr}",
                                   f"an estimated {vstr} annually"))
    else:
        value_phrase = rng.choice((f"a total contract value of {vstr}", f"a cost of {vstr} over the life of the contract",
                                   f"an estimated value of {vstr}", f"a value of {vstr} in total", f"a total cost of {vstr}",
                                   f"an estimated cost of {vstr} over {term_s}"))
    provider = rng.choice(TRUSTS) if cat == "community_health" and rng.random() < 0.5 else provider_name(rng)
    bidders = []
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        b = provider_name(rng)
        if b != provider and b not in bidders:
            bidders.append(b)
    nhs_buyer = icb if year >= 2022 else f"{place} Clinical Commissioning Group"
    joint = cat in ("community_health", "reablement", "mental_health") and rng.random() < 0.5
    buyer = nhs_buyer if cat == "community_health" and rng.random() < 0.6 else council
    buyers = [buyer] + ([council if buyer != council else nhs_buyer] if joint else [])
    body = rng.choice(COMMITTEES)
    portfolio = rng.choice(PORTFOLIOS)
    areas = [f"{place} {a}" for a in rng.sample(AREAS, rng.choice((0, 0, 1, 2, 3)))]
    c = Ctx(
        council=council, place=place, icb=icb, nhs_buyer=nhs_buyer, buyer=buyer,
        buyers=" and ".join(buyers), service=svc, svc=svc.lower() if rng.random() < 0.5 else svc,
        category=cat, provider=provider, provider_short=short_name(provider),
        bidders=" and ".join(bidders), bidder1=bidders[0] if bidders else "",
        value=vstr, value_phrase=value_phrase, term=term_s, term_adj=term_adj, ext=ext_s,
        ext_clause=(", " + ext_s) if ext_s else "",
        start=fmt_date(rng, start, "prose"), start_month=fmt_month(rng, start),
        end=fmt_date(rng, end, "prose"), end_month=fmt_month(rng, end),
        date=fmt_date(rng, ddate, "prose"), date_num=fmt_date(rng, ddate, "numeric"), body=body,
        cllr=f"Councillor {person(rng)}", cllr_short=f"Cllr {person(rng)}", officer=person(rng),
        portfolio=f"Cabinet Member for {portfolio}", portfolio_holder=f"Portfolio Holder for {portfolio}",
        director=rng.choice(DIRECTORS), staff=str(rng.choice((12, 35, 60, 85, 120, 240, 310, 450))),
        areas=", ".join(areas) if areas else place, year=str(year), prev_year=str(year - rng.randrange(3, 8)),
        item=str(rng.randrange(4, 140)), kb=str(rng.randrange(90, 2400)), host=host,
        users=str(rng.randrange(40, 4000)), hours=f"{rng.randrange(2, 60) * 1000:,}",
        pct=str(rng.randrange(2, 40)), ref=f"{rng.choice(('CS', 'ACH', 'ASC', 'HWB'))}{year % 100}{rng.randrange(100, 999)}",
    )
    facts = dict(council=council, place=place, service=svc, category=cat, buyers=buyers, provider=provider,
                 bidders=bidders, value={"amount": vden, "basis": "annual" if annual else "total"},
                 term_months=term, extension_months=ext_m, start_date=start.isoformat(), end_date=end.isoformat(),
                 decision_date=ddate.isoformat(), decision_body=body, places=areas,
                 staff=int(c["staff"]), ddate=ddate, slug=slug)
    return c, facts


# Decision sentences by kind and voice. {slots} come from make_ctx.
DECISION = {
    ("tender", "resolution"): (
        "That {body} approves the request to re-tender the {service} service{ext_clause}.",
        "RESOLVED that approval be given to commence a procurement exercise for the {service} for a period of {term}{ext_clause}, with {value_phrase}.",
        "RESOLVED: That the recommissioning of the {service} be approved, and that officers proceed to tender for a contract of {term} commencing on {start}.",
        "The {body} AGREED to go out to tender for the {service}, with a contract term of {term}{ext_clause}.",
        "RESOLVED that the {director} be authorised to undertake a competitive procurement for the {service}, at {value_phrase}.",
    ),
    ("tender", "recommendation"): (
        "It is recommended that {body} approves the procurement of the {service} for a period of {term}{ext_clause}, with {value_phrase}.",
        "{body} is asked to agree to the re-procurement of the {service} from {start}.",
        "That the {portfolio_holder} be recommended to approve the tender of the {service} for {term}{ext_clause}.",
        "Approve the commissioning strategy for the {service} and a procurement of a {term_adj} contract at {value_phrase}.",
    ),
    ("tender", "officer"): (
        "To approve the commencement of a competitive tender for the {service} for a period of {term}{ext_clause}, at {value_phrase}.",
        "Approval to go to market for the {service} through an open procedure, for a contract commencing {start}.",
    ),
    ("tender", "news"): (
        "{council} is to re-tender its {svc} contract, worth {value}.",
        "Councillors have approved plans to go out to tender for {svc} services in {place}.",
        "{buyer} is set to recommission its {svc} service, with a new {term_adj} contract due to start in {start_month}.",
        "A new {term_adj} contract for {svc} across {place} will go to market after {council}'s {body} backed the plans.",
    ),
    ("award", "resolution"): (
        "RESOLVED that the contract for the provision of the {service} be awarded to {provider} for a period of {term} from {start}{ext_clause}, at {value_phrase}.",
        "That the {service} contract be awarded to {provider}, the highest scoring bidder following the evaluation, with {value_phrase}.",
        "RESOLVED: That {provider} be appointed as the preferred provider of the {service} for {term}.",
        "The {body} AGREED to award the {service} contract to {provider} commencing {start}.",
    ),
    ("award", "recommendation"): (
        "That {body} approves the award of the {service} contract to {provider} for {term}{ext_clause}, at {value_phrase}.",
        "It is recommended that the contract for the {service} is awarded to {provider} with effect from {start}.",
        "Agree the award of a {term_adj} contract for the {service} to {provider} following a compliant tender process.",
    ),
    ("award", "officer"): (
        "To award the contract for the {service} to {provider} with effect from {start} for a period of {term}, at {value_phrase}.",
        "Award of contract: {service} to {provider}; contract term {term}{ext_clause}.",
    ),
    ("award", "news"): (
        "{provider} has won a {value} contract to provide {svc} for {buyer}.",
        "{buyer} has chosen {provider} as its preferred bidder for its {term_adj} {svc} contract.",
        "{provider} has been awarded the {term_adj} {svc} contract by {buyer}, worth {value}.",
        "A {value} contract for {svc} in {place} has gone to {provider}.",
    ),
    ("extend", "resolution"): (
        "RESOLVED that the contract with {provider} for the {service} be extended for a further {term} from {start} to {end}, at {value_phrase}.",
        "RESOLVED that the Portfolio Holder be recommended to agree a waiver to exempt the current service from tender for a period of {term} {ext}.",
        "The {body} approved a variation to the {service} contract with {provider} to extend it until {end}.",
        "RESOLVED to exercise the option to extend the {service} contract held by {provider} for {term}.",
    ),
    ("extend", "recommendation"): (
        "That {body} agrees to extend the current contract with {provider} for the {service} for {term}, until {end}, at {value_phrase}.",
        "It is recommended that an exemption from the Contract Procedure Rules is granted to extend the {service} with {provider} for {term}.",
        "Approve a direct award to the incumbent provider, {provider}, for {term} from {start} to allow time for a full recommissioning.",
    ),
    ("extend", "officer"): (
        "To exercise the option to extend the contract with {provider} for the {service} by {term}, to {end}, at {value_phrase}.",
        "Waiver of Contract Standing Orders to extend the {service} contract with {provider} until {end}.",
    ),
    ("extend", "news"): (
        "{council} has extended its {svc} contract with {provider} for another {term}.",
        "{provider} will continue to run {svc} in {place} until {end_month} after {council} agreed a contract extension worth {value}.",
    ),
    ("end", "resolution"): (
        "RESOLVED not to exercise the option to extend the contract with {provider} for the {service}, which will therefore end on {end}.",
        "The {body} AGREED to terminate the {service} contract with {provider} early, with effect from {end}.",
        "RESOLVED that notice be served on {provider} to end the {service} contract on {end}.",
    ),
    ("end", "recommendation"): (
        "That {body} agrees not to extend the {service} contract with {provider} beyond {end}.",
        "It is recommended that the council gives notice to terminate the contract with {provider} for the {service}.",
    ),
    ("end", "officer"): (
        "To give notice to terminate the contract with {provider} for the {service} with effect from {end}.",
    ),
    ("end", "news"): (
        "{council} is to end its {svc} contract with {provider} early, after concerns about performance.",
        "Decisions have been taken not to extend the {svc} contract with {provider}, which will end on {end}.",
    ),
    ("insource", "resolution"): (
        "RESOLVED that the {service} currently delivered by {provider} be brought back in house from {start}, when the current contract ends.",
        "The {body} AGREED that the council will in-source the {service}, with around {staff} staff transferring to the council under TUPE.",
        "RESOLVED that the {service} be delivered from {start} by a company wholly owned by the council, on the expiry of the contract with {provider}.",
    ),
    ("insource", "recommendation"): (
        "That {body} approves the in-sourcing of the {service} from {provider} with effect from {start}.",
        "It is recommended that the council brings the {service} back in house when the contract with {provider} ends on {end}.",
    ),
    ("insource", "officer"): (
        "To bring the {service} back in house on the expiry of the contract with {provider}, transferring {staff} staff.",
    ),
    ("insource", "news"): (
        "{council} wants to bring its {svc} back in house.",
        "{council} is to take its {svc} back in house from {provider}, with around {staff} staff set to transfer to the council.",
    ),
    ("outsource", "resolution"): (
        "RESOLVED that the in-house {service} be transferred to {provider} from {start}, with {staff} staff transferring under TUPE.",
        "The {body} AGREED to outsource the {service} to {provider} for {term}, at {value_phrase}.",
    ),
    ("outsource", "recommendation"): (
        "That {body} approves the transfer of the council's in-house {service} to an external provider, {provider}, from {start}.",
    ),
    ("outsource", "officer"): (
        "To transfer the in-house {service} to {provider} from {start}, with {staff} staff transferring under TUPE.",
    ),
    ("outsource", "news"): (
        "{council} has outsourced its {svc} to {provider}, transferring around {staff} staff in the process.",
        "{provider} is to take over {council}'s in-house {svc} in a deal worth {value}.",
    ),
}
VERB = {
    "tender": "re-tender the {service}", "award": "award the {service} contract to {provider}",
    "extend": "extend the contract with {provider} for the {service}", "end": "end the {service} contract with {provider}",
    "insource": "bring the {service} back in house", "outsource": "outsource the {service} to {provider}",
}
DEFERRED = (
    "RESOLVED that consideration of the proposal to {verb} be deferred to a future meeting pending further information.",
    "The item was DEFERRED: Members asked officers to report back with further options before deciding whether to {verb}.",
)
REJECTED = (
    "Members did not support the recommendation to {verb}, and it was RESOLVED that the proposal be rejected.",
    "On being put to the vote the recommendation to {verb} was LOST.",
)
NEWS_DEFERRED = ("A decision on whether to {verb} has been deferred after councillors asked for more information.",)
NEWS_REJECTED = ("Councillors have thrown out plans to {verb}.",)
HISTORY = (
    ("award", "The current contract was awarded to {provider} in {prev_year} following a competitive tender."),
    ("outsource", "In {prev_year}, {council} outsourced the service to {provider}, transferring around {staff} staff in the process."),
    ("extend", "The contract with {provider} was previously extended in {prev_year} to allow time for this review."),
    ("tender", ""),
)

# Running text. {slots} as above; {n}, {m}, {yr} are drawn per paragraph.
COUNCIL_FILLER = (
    "The service currently supports around {users} people across {place} and delivers approximately {hours} hours of care each week.",
    "Demand for the {svc} has risen by {pct} per cent since {prev_year}, reflecting an ageing population and more complex needs.",
    "Officers have engaged with people who use services, carers and providers to shape the new specification.",
    "The market in {place} remains fragile, with recruitment and retention of care staff the most significant risk to continuity.",
    "A Member asked how quality would be monitored; the {director} explained that the contract includes a performance framework with quarterly reviews.",
    "In response to a question, officers confirmed that the National Living Wage uplift had been built into the financial model.",
    "The Equality Impact Assessment found no disproportionate negative impact on any group with protected characteristics.",
    "The approach aligns with the council's Adult Social Care Strategy and the priorities of the Health and Wellbeing Board.",
    "Members noted that the Care Quality Commission had rated {n} of the {m} providers in the borough as good or outstanding.",
    "The proposal supports the ambition for more people to live independently at home for longer.",
    "Legal Services advise that the proposed approach complies with the Public Contracts Regulations 2015 and the Council's Contract Procedure Rules.",
    "There are no direct implications for council-owned property arising from this report.",
    "Officers will work with the Integrated Care Board to align the new arrangements with the locality plan.",
    "The risk register for the programme is reviewed monthly by the programme board and reported to the Director.",
    "Social value commitments will be weighted at {pct} per cent of the quality evaluation.",
    "The Chair thanked officers for a comprehensive report and the work undertaken with partners.",
    "Members discussed the importance of continuity of care for people who would move to a new provider.",
    "A Member raised concerns about travel time for care workers in rural areas and asked how this would be addressed.",
    "The report set out the outcomes of the consultation, which received {m} responses over a {k2}-week period.",
    "Workforce development, including the real living wage, was highlighted as essential to sustainability of the market.",
    "Officers explained that the service specification had been co-produced with the local Healthwatch.",
    "The committee noted the performance data for the last quarter, showing {pct} per cent of visits delivered on time.",
    "The budget for {yr}/{yr1} includes a growth bid to meet the pressures identified in the report.",
    "Public health colleagues had contributed to the needs assessment that informed the model.",
    "The Cabinet Member said that the changes would give residents more choice and control over their care.",
    "Any TUPE implications will be managed by the incoming and outgoing providers in line with the regulations.",
    "A mobilisation period of {k} months is planned to ensure a safe transition between providers.",
    "Members welcomed the focus on prevention and early intervention.",
    "It was noted that the council's spend on {svc} had increased by {pct} per cent over {k} years.",
    "The Director of Finance confirmed that the costs can be met from within the approved budget envelope.",
)
REPORT_FILLER = COUNCIL_FILLER + (
    "This report seeks approval for the commissioning approach set out in section four.",
    "The current arrangements were put in place in {prev_year} and have been extended once.",
    "Benchmarking against comparator authorities shows that unit costs in {place} are in the lower quartile.",
    "The options appraisal considered cost, quality, deliverability and risk.",
    "Key performance indicators will include the proportion of people remaining at home {k3} days after discharge.",
    "The procurement will be conducted in accordance with the Health Care Services (Provider Selection Regime) Regulations 2023 where applicable.",
    "An open tender is expected to attract sufficient interest, based on soft market testing with {n} organisations.",
)
NEWS_FILLER = (
    "The council said the change would ensure \u201ceveryone receives the same high quality of care\u201d.",
    "Unison said it would be seeking assurances that staff terms and conditions would be protected.",
    "The local authority has faced rising costs in adult social care, which now accounts for {pct} per cent of its budget.",
    "Opposition councillors questioned whether the timetable was realistic.",
    "{cllr}, {portfolio}, said: \u201cThis is about giving people the support they need to live well at home.\u201d",
    "A spokesperson for {provider} said it was \u201cproud to be working with the council\u201d.",
    "The Care Quality Commission last inspected the service in {prev_year}, rating it as requires improvement.",
    "Around {users} people in {place} currently receive the service.",
    "Providers have warned that rising wage costs are making some contracts unsustainable.",
    "The decision follows a review of the arrangement last year.",
    "Healthwatch {place} said it would monitor the transition closely on behalf of residents.",
    "The Local Government Association has warned of a funding gap in adult social care.",
    "Families told councillors they feared losing care workers they had known for years.",
    "Officers said a further report would be brought to members later in the year.",
    "The council's chief executive said the authority was committed to working with the NHS on integration.",
)
NEG_PLANNING = (
    "Planning application {ref}/{n}/FUL: erection of {m} dwellings with associated access, parking and landscaping at land off {street}, {place}.",
    "The Committee considered the report of the Head of Planning, which recommended approval subject to conditions and a Section 106 agreement.",
    "Objections had been received from {n} residents, citing highway safety, loss of open space and drainage concerns.",
    "The applicant's agent addressed the Committee in support of the application.",
    "The Highways Authority raised no objection subject to a condition requiring a construction management plan.",
    "RESOLVED that planning permission be granted subject to the conditions set out in the report.",
    "Members debated the affordable housing contribution, which was {pct} per cent against a policy target of 30 per cent.",
    "The site lies outside the settlement boundary but the council cannot demonstrate a five-year housing land supply.",
)
NEG_BUDGET = (
    "The Cabinet considered the draft revenue budget for {yr}/{yr1} and the Medium Term Financial Strategy.",
    "The proposed council tax increase of {k}.99 per cent includes the adult social care precept of 2 per cent.",
    "Savings of {value} are required over the next three years to close the budget gap.",
    "The capital programme includes investment in highways maintenance, school buildings and flood defences.",
    "RESOLVED that the draft budget be approved for consultation.",
    "The Section 151 Officer reported that reserves remain at the minimum prudent level.",
    "The Overview and Scrutiny Committee will consider the proposals at its meeting in January.",
    "Fees and charges for {yr}/{yr1} will increase by an average of {pct} per cent.",
)
NEG_OTHER = (
    "The Licensing Sub-Committee considered an application for a premises licence at {n} High Street, {place}.",
    "Representations had been received from the police and {m} local residents regarding noise and anti-social behaviour.",
    "RESOLVED that the licence be granted subject to the conditions agreed with the police.",
    "The report provided an update on school place planning, forecasting a surplus of {pct} per cent of primary places by {yr1}.",
    "The Committee received the annual report of the Local Safeguarding Adults Board.",
    "The quarterly performance report for the {service} showed {pct} per cent of reviews completed on time; the Committee noted the report.",
    "Members noted the update on the Better Care Fund plan; no decision was required.",
    "The Committee received a presentation on winter pressures in the local hospital system.",
    "The minutes of the previous meeting were agreed as a correct record.",
    "There were no declarations of interest.",
    "The Committee noted the work programme for the remainder of the municipal year.",
)
NEG_NEWS = (
    "{council} has approved a council tax rise of {k}.99 per cent for the coming year.",
    "Plans for {m} new homes on the edge of {place} have been approved despite objections from residents.",
    "A care home in {place} has been rated outstanding by the Care Quality Commission.",
    "Care workers from across {place} were recognised at an awards ceremony on Friday.",
    "Roadworks on the A{n} are expected to last until the end of {month}.",
    "Residents are being asked for their views on the future of the town centre.",
    "The council says it must find savings of {value} next year.",
    "A new community cafe run by volunteers has opened in the town.",
    "The leader of the council said the authority would continue to lobby the government for fairer funding.",
    "Opposition councillors described the settlement as \u201cdeeply disappointing\u201d.",
)
STREETS = ("Station Road", "Mill Lane", "Church Street", "Green Lane", "Manor Farm", "Orchard Way", "Park Road",
           "Bridge Street", "Victoria Road", "Windmill Hill")


# Compound sentences for variety: subject x verb x object x qualifier (tens of thousands).
C_SUBJ = ("The Council", "Officers", "The service", "The provider market", "The Integrated Care Board", "Commissioners",
          "The new model", "The procurement", "The current provider", "Members", "The programme board",
          "People who use services", "Unpaid carers", "The care workforce", "The contract", "Partners across {place}",
          "The commissioning team", "Adult social care in {place}")
C_VERB = ("will continue to", "will need to", "must", "should", "will be asked to", "will work to",
          "will be expected to", "may need to", "would be able to", "will seek to", "will be supported to")
C_OBJ = ("improve outcomes for residents", "reduce delayed transfers of care", "strengthen quality assurance",
         "manage demand within the available budget", "support timely hospital discharge", "develop the local care market",
         "embed strengths-based practice", "address workforce shortages", "increase the uptake of direct payments",
         "deliver the savings set out in the Medium Term Financial Strategy", "reduce reliance on residential care",
         "improve the experience of unpaid carers", "align commissioning with neighbourhood teams", "ensure value for money",
         "promote independence and wellbeing", "respond to the findings of the market sustainability plan",
         "prepare for assurance by the Care Quality Commission", "make better use of technology-enabled care")
C_QUAL = ("over the next {k} years", "in line with the Care Act 2014", "across {place}", "during {yr}/{yr1}",
          "as set out in Appendix {k}", "subject to the outcome of consultation", "in partnership with the voluntary sector",
          "within existing resources", "by the end of the financial year", "", "", "")


def sentences(rng: random.Random, c: Ctx, pool: tuple, k: int, compound: bool = True) -> str:
    out = []
    picks = rng.sample(range(len(pool)), min(k, len(pool)))
    for j in range(k):
        yr = rng.randrange(2016, 2026)
        c.update(n=str(rng.randrange(2, 30)), m=str(rng.randrange(30, 400)), yr=str(yr), yr1=f"{(yr + 1) % 100:02d}",
                 k=str(rng.randrange(2, 6)), k2=str(rng.choice((4, 6, 8, 12))), k3=str(rng.choice((28, 91))),
                 street=rng.choice(STREETS), month=rng.choice(MONTHS))
        if compound and rng.random() < 0.4:
            q = rng.choice(C_QUAL)
            t = f"{rng.choice(C_SUBJ)} {rng.choice(C_VERB)} {rng.choice(C_OBJ)}{' ' + q if q else ''}."
        else:
            t = pool[picks[j % len(picks)]]
        out.append(fill(t, c))
    return " ".join(out)


def count_words(blocks: list) -> int:
    n = 0
    for b in blocks:
        for part in b[1:]:
            if isinstance(part, str):
                n += part.count(" ") + 1
            elif isinstance(part, list):
                for x in part:
                    n += (x.count(" ") + 1) if isinstance(x, str) else sum(y.count(" ") + 1 for y in x)
    return n


def pad(rng: random.Random, c: Ctx, blocks: list, at: int, target: int, pool: tuple, kind: str = "p",
        numbering: tuple[int, int] | None = None, compound: bool = True) -> None:
    """Insert filler paragraphs at ``at`` until the document reaches ``target`` words."""
    words = count_words(blocks)
    sub = numbering[1] if numbering else 0
    while words < target:
        para = sentences(rng, c, pool, rng.randrange(2, 6), compound)
        w = para.count(" ") + 1
        if words + w > MAX_WORDS - 250:
            break
        if numbering:
            sub += 1
            blocks.insert(at, ("np", f"{numbering[0]}.{sub}", para))
        else:
            blocks.insert(at, (kind, para))
        at += 1
        words += w


# --------------------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------------------

def pick_kind(rng: random.Random, facts: dict) -> str:
    cat = facts["category"]
    if cat == "social_care_functions":
        return rng.choice(("insource", "outsource", "extend", "end", "insource"))
    return rng.choices(("tender", "award", "extend", "end", "insource", "outsource"), (30, 28, 24, 7, 7, 4))[0]


def truth_event(kind: str, status: str, facts: dict, used: set, main: bool = True) -> dict:
    ev = {"kind": kind, "status": status, "service": facts["service"], "categories": [facts["category"]],
          "buyers": facts["buyers"][:1] if "buyers" not in used else facts["buyers"],
          "providers": [facts["provider"]] if ({"provider", "provider_short"} & used and kind != "tender") else [],
          "bidders": facts["bidders"] if "bidders" in used or "bidder1" in used else [],
          "value": facts["value"] if {"value", "value_phrase"} & used else None,
          "term_months": facts["term_months"] if {"term", "term_adj"} & used else None,
          "extension_months": facts["extension_months"] if {"ext", "ext_clause"} & used else None,
          "start_date": facts["start_date"] if {"start", "start_month"} & used else None,
          "end_date": facts["end_date"] if {"end", "end_month"} & used else None,
          "decision_date": facts["decision_date"] if main else None,
          "decision_body": facts["decision_body"] if main else None,
          "places": facts["places"] if "areas" in used else [],
          "staff_transferred": facts["staff"] if "staff" in used else None}
    return ev


def decision(rng: random.Random, c: Ctx, facts: dict, voice: str, status: str) -> tuple[str, str, set]:
    kind = pick_kind(rng, facts)
    used: set = set()
    if status == "deferred":
        c["verb"] = fill(VERB[kind], c, used)
        s = fill(rng.choice(NEWS_DEFERRED if voice == "news" else DEFERRED), c)
    elif status == "rejected":
        c["verb"] = fill(VERB[kind], c, used)
        s = fill(rng.choice(NEWS_REJECTED if voice == "news" else REJECTED), c)
    else:
        s = fill(rng.choice(DECISION[(kind, voice)]), c, used)
    return kind, s, used


def history(rng: random.Random, c: Ctx, facts: dict, kind: str) -> tuple[str, dict | None]:
    if rng.random() > 0.35 or kind in ("tender",):
        return "", None
    hk, t = rng.choice(HISTORY)
    if not t:
        return "", None
    used: set = set()
    s = fill(t, c, used)
    ev = truth_event(hk, "approved", facts, used, main=False)
    ev["value"] = ev["term_months"] = ev["extension_months"] = ev["start_date"] = ev["end_date"] = None
    ev["start_date"] = c["prev_year"] if hk != "extend" else None
    return s, ev


def title_for(rng: random.Random, kind: str, c: Ctx) -> str:
    t = {
        "tender": ("{service} Re-tender", "Recommissioning of the {service}", "{service} - Procurement Strategy",
                   "Adult Social Care - {service} Re-tender", "Commissioning of {service}"),
        "award": ("Award of Contract - {service}", "{service} Contract Award", "{service}: Outcome of Tender"),
        "extend": ("{service} Contract Extension", "Extension of {service} Contract", "{service} - Waiver and Extension"),
        "end": ("{service} - Future of the Contract", "{service} Contract: Decision Not to Extend"),
        "insource": ("Future Delivery Model for {service}", "{service} - In-sourcing Proposal", "Bringing {service} In House"),
        "outsource": ("Future of the In-house {service}", "{service} - Transfer to External Provider"),
    }[kind]
    return fill(rng.choice(t), c)


def build_issue(rng, c, facts, target):
    status = rng.choices(("approved", "proposed", "deferred", "rejected"), (70, 18, 7, 5))[0]
    body = facts["decision_body"]
    voice = "recommendation" if status == "proposed" else "resolution"
    kind, dec, used = decision(rng, c, facts, voice, status)
    if status == "proposed" and rng.random() < 0.5:
        dec = f"RESOLVED that the {c['portfolio_holder']} be recommended to: {dec[0].lower()}{dec[1:]}"
    title = title_for(rng, kind, c)
    hist, hev = history(rng, c, facts, kind)
    blocks = [
        ("pagehead", "Issue - meetings"), ("title", title),
        ("meta", f"Meeting: {c['date_num']} - {body} (Item {c['item']})"),
        ("doc", f"{c['item']} {title} pdf icon PDF {c['kb']} KB"),
        ("p", rng.choice((f"A report from the {c['portfolio']} is attached.", f"To consider a report of the {c['director']}.",
                          f"Report {c['ref']}"))),
    ]
    if rng.random() < 0.6:
        blocks += [("h", "Additional documents:"),
                   ("bullets", [f"Appendix {k} - {rng.choice(('Equality Impact Assessment', 'Needs Analysis', 'Options Appraisal', 'Consultation Report', 'Service Specification'))}, item {c['item']} pdf icon PDF {rng.randrange(80, 2000)} KB" for k in range(1, rng.randrange(2, 5))])]
    blocks += [("h", "Minutes:"),
               ("p", fill(rng.choice((
                   "{cllr}, {portfolio}, presented the report which sought approval regarding the {service}.",
                   "The {portfolio} introduced a report reviewing the current {service} provision delivered by {provider}.",
                   "{cllr_short} introduced the report and made the following statement.")), c, used))]
    if hist:
        blocks.append(("p", hist))
    at = len(blocks)
    blocks.append(("p", dec))
    blocks += [("h", "Reasons for the decision:"), ("p", sentences(rng, c, COUNCIL_FILLER, rng.randrange(1, 4)))]
    if rng.random() < 0.6:
        blocks += [("h", "Other options considered and rejected:"),
                   ("bullets", [sentences(rng, c, COUNCIL_FILLER, 1) for _ in range(rng.randrange(1, 4))])]
    pad(rng, c, blocks, at, target, COUNCIL_FILLER)
    truth = [truth_event(kind, status, facts, used)] + ([hev] if hev else [])
    return title, blocks, truth


def build_decision_details(rng, c, facts, target):
    status = rng.choices(("approved", "proposed", "deferred", "rejected"), (75, 15, 6, 4))[0]
    voice = rng.choice(("resolution", "officer")) if status == "approved" else "recommendation"
    kind, dec, used = decision(rng, c, facts, voice, status)
    title = title_for(rng, kind, c)
    maker = rng.choice((facts["decision_body"], c["portfolio"], c["director"], c["portfolio_holder"]))
    st = {"approved": "Implemented", "proposed": "Recommendations Approved", "deferred": "Deferred",
          "rejected": "Abandoned"}[status]
    dd = facts["ddate"]
    pub = dd + dt.timedelta(days=rng.randrange(1, 5))
    blocks = [
        ("pagehead", "Decision details"), ("title", title),
        ("field", "Decision Maker", maker), ("field", "Decision status", st),
        ("field", "Is Key decision?", rng.choice(("Yes", "No"))), ("field", "Is subject to call in?", rng.choice(("Yes", "No"))),
        ("h", "Purpose:"), ("p", fill(rng.choice((
            "To seek approval for the future arrangements for the {service}.",
            "The current contract for the {service} with {provider} expires on {end}.",
            "This decision concerns the commissioning of the {service} across {areas}.")), c, used)),
        ("h", "Decision:"), ("p", dec),
    ]
    hist, hev = history(rng, c, facts, kind)
    if hist:
        blocks.append(("p", hist))
    at = len(blocks)
    blocks += [("h", "Reasons for the decision:"), ("p", sentences(rng, c, COUNCIL_FILLER, 2)),
               ("h", "Alternative options considered:"), ("p", sentences(rng, c, COUNCIL_FILLER, 1)),
               ("field", "Interests and Nature of Interests Declared", "None"),
               ("field", "Publication date", f"{pub.day:02d}/{pub.month:02d}/{pub.year}"),
               ("field", "Date of decision", c["date_num"]),
               ("field", "Effective from", fmt_date(rng, pub + dt.timedelta(days=7), "numeric")),
               ("h", "Accompanying Documents:"),
               ("bullets", [f"{title} pdf icon PDF {c['kb']} KB"] + (["Appendix A - Financial Summary (exempt)"] if rng.random() < 0.4 else []))]
    pad(rng, c, blocks, at + 2, target, COUNCIL_FILLER)
    facts = dict(facts, decision_body=maker)
    truth = [truth_event(kind, status, facts, used)] + ([hev] if hev else [])
    return title, blocks, truth


def finance_table(rng, c, facts) -> tuple:
    y0 = int(facts["start_date"][:4])
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(y0, y0 + rng.randrange(2, 5))]
    base = facts["value"]["amount"] if facts["value"]["basis"] == "annual" else facts["value"]["amount"] / max(facts["term_months"] / 12, 1)
    lines = rng.sample(("Contract cost", "Inflationary uplift", "Mobilisation", "Contract management", "ICB contribution",
                        "Better Care Fund", "Public Health Grant", "Client contributions"), rng.randrange(2, 5))
    rows = [["", *years, "Total"]]
    for li in lines:
        share = base * rng.uniform(0.02, 1.0)
        vals = [round(share * (1 + 0.03 * k) / 1000) for k in range(len(years))]
        rows.append([li, *[f"£{v:,}k" for v in vals], f"£{sum(vals):,}k"])
    return ("table", f"Table {rng.randrange(1, 4)}: Financial implications ({rng.choice(('£000s', 'cash', 'revenue'))})", rows)


def build_report(rng, c, facts, target):
    status = "proposed"
    kind, dec, used = decision(rng, c, facts, "recommendation", status)
    title = title_for(rng, kind, c)
    blocks = [
        ("title", c["council"].upper() if rng.random() < 0.5 else c["council"]),
        ("field", "Report to", facts["decision_body"]), ("field", "Date of meeting", c["date"]),
        ("field", "Report of", c["director"]), ("field", "Title", title),
        ("field", "Wards affected", rng.choice(("All", "All wards", c["areas"]))),
        ("field", "Key decision", rng.choice(("Yes", "No"))),
        ("field", "Classification", rng.choice(("Open", "Open with exempt appendix", "Part exempt"))),
        ("h", "1. Purpose of the Report"),
        ("np", "1.1", fill("This report sets out proposals for the future of the {service} in {place}.", c)),
        ("h", "2. Recommendations"),
        ("np", "2.1", f"{facts['decision_body']} is recommended to:"),
        ("bullets", [f"({chr(97 + k)}) {s}" for k, s in enumerate([dec] + [sentences(rng, c, (
            "note the outcome of the consultation set out in Appendix {k};",
            "delegate authority to the {director} to finalise the contract terms;",
            "note the risks and mitigations set out in section eight.",), 1) for _ in range(rng.randrange(0, 3))])]),
        ("h", "3. Background"),
    ]
    hist, hev = history(rng, c, facts, kind)
    bg = len(blocks)
    blocks.append(("np", "3.1", hist or sentences(rng, c, REPORT_FILLER, 2)))
    sections = ["4. Options Appraisal", "5. Financial Implications", "6. Legal Implications",
                "7. Equalities Implications", "8. Risk Management", "9. Consultation"]
    for si, sec in enumerate(sections, start=4):
        blocks.append(("h", sec))
        blocks.append(("np", f"{si}.1", sentences(rng, c, REPORT_FILLER, rng.randrange(1, 4))))
        if si == 5:
            blocks.append(finance_table(rng, c, facts))
            blocks.append(("np", f"{si}.2", fill(rng.choice((
                "The proposed contract has {value_phrase}, to be met from the adult social care budget.",
                "The contract represents {value_phrase} for the initial term of {term}.",)), c, used)))
    blocks += [("h", "Background papers"), ("p", rng.choice(("None.", "Adult Social Care Strategy (" + c["year"] + ")"))),
               ("field", "Contact officer", f"{c['officer']}, Commissioning Manager, Tel: 01{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}")]
    pad(rng, c, blocks, bg + 1, target, REPORT_FILLER, numbering=(3, 1))
    truth = [truth_event(kind, status, facts, used)] + ([hev] if hev else [])
    return title, blocks, truth


def build_delegated(rng, c, facts, target):
    status = "approved"
    kind, dec, used = decision(rng, c, facts, "officer", status)
    title = title_for(rng, kind, c)
    maker = rng.choice(DIRECTORS)
    blocks = [
        ("pagehead", rng.choice(("RECORD OF DELEGATED OFFICER DECISION", "Officer Decision Notice", "Delegated Decision Report"))),
        ("field", "Decision reference", f"ODR/{c['year']}/{rng.randrange(1, 300):03d}"),
        ("field", "Title", title), ("field", "Decision maker", maker),
        ("field", "Date of decision", c["date"]),
        ("field", "Delegated authority", rng.choice(("Constitution Part 3, Scheme of Delegation to Officers",
                                                     f"Cabinet decision of {fmt_date(rng, facts['ddate'] - dt.timedelta(days=rng.randrange(30, 200)), 'prose')}"))),
        ("h", "1. Decision"), ("p", dec),
        ("h", "2. Reasons for the decision"), ("p", sentences(rng, c, COUNCIL_FILLER, 2)),
        ("h", "3. Alternative options considered and rejected"), ("p", sentences(rng, c, COUNCIL_FILLER, 1)),
        ("h", "4. Financial implications"),
    ]
    if rng.random() < 0.5:
        blocks.append(finance_table(rng, c, facts))
    blocks.append(("p", fill("The costs, {value_phrase}, will be met from existing budgets.", c, used) if rng.random() < 0.6
                   else sentences(rng, c, COUNCIL_FILLER, 1)))
    at = len(blocks)
    blocks += [("h", "5. Consultation"), ("p", sentences(rng, c, COUNCIL_FILLER, 1)),
               ("field", "Declarations of interest", "None"), ("field", "Signed", f"{c['officer']}, {maker}")]
    pad(rng, c, blocks, at, target, COUNCIL_FILLER)
    facts = dict(facts, decision_body=maker)
    return title, blocks, [truth_event(kind, status, facts, used)]


def build_news(rng, c, facts, target, trade: bool):
    status = rng.choices(("approved", "proposed", "deferred", "rejected"), (72, 20, 5, 3))[0]
    kind, lede, used = decision(rng, c, facts, "news", status)
    head = {
        "tender": "{council} to re-tender {svc} contract", "award": "{provider} wins {value} {svc} contract",
        "extend": "{svc} contract extended for {term}", "end": "{svc} contract to be terminated",
        "insource": "{council} to bring {svc} back in house", "outsource": "{council} outsources {svc}",
    }[kind]
    if status in ("deferred", "rejected"):
        head = "Decision on {svc} " + ("deferred" if status == "deferred" else "rejected")
    title = fill(head, c)
    title = title[0].upper() + title[1:]
    blocks = [("title", title)]
    if trade and rng.random() < 0.7:
        blocks.append(("bullets", [lede.rstrip("."), fill(rng.choice((
            "Contract covers {areas}", "Decision follows a review of the service",
            "Around {staff} staff affected")), c, used)]))
    when = facts["ddate"] + dt.timedelta(days=rng.randrange(0, 4))
    reporter = person(rng)
    blocks.append(("byline", f"By {reporter}" + ("" if trade else ", Local Democracy Reporting Service")
                   + f" | {fmt_date(rng, when, 'prose')}"))
    blocks.append(("p", lede))
    if kind == "award" and facts["bidders"] and rng.random() < 0.7:
        blocks.append(("p", fill("The other bidders, {bidders}, were unsuccessful.", c, used)))
    if "value" not in used and rng.random() < 0.6:
        blocks.append(("p", fill(rng.choice(("The contract has {value_phrase}.", "It carries {value_phrase}.")), c, used)))
    blocks.append(("p", fill(rng.choice((
        "The decision was made at a meeting of the council's {body} on {date}.",
        "Members of the {body} agreed the plans on {date}.",
        "The {body} met on {date} to consider the report.")), c)))
    hist, hev = history(rng, c, facts, kind)
    if hist:
        blocks.append(("p", hist))
    at = len(blocks)
    blocks.append(("p", sentences(rng, c, NEWS_FILLER, 1)))
    pad(rng, c, blocks, at, target, NEWS_FILLER, compound=rng.random() < 0.3)
    truth = [truth_event(kind, status, facts, used)] + ([hev] if hev else [])
    return title, blocks, truth, when


def build_negative_council(rng, c, facts, target):
    theme = rng.choice(("planning", "budget", "other", "other"))
    pool = {"planning": NEG_PLANNING, "budget": NEG_BUDGET, "other": NEG_OTHER}[theme]
    c.update(ref=f"{rng.randrange(10, 25)}", value=money(rng, rng.uniform(2e6, 80e6))[0])
    title = {"planning": f"Land off {rng.choice(STREETS)}, {c['place']}", "budget": f"Draft Budget {c['year']}/{int(c['year']) % 100 + 1:02d}",
             "other": rng.choice(("Quarterly Performance Report", "Premises Licence Application", "School Place Planning Update",
                                  "Better Care Fund Update", "Safeguarding Adults Board Annual Report", "Minutes of the Previous Meeting"))}[theme]
    if rng.random() < 0.5:
        blocks = [("pagehead", "Issue - meetings"), ("title", title),
                  ("meta", f"Meeting: {c['date_num']} - {rng.choice(('Planning Committee', 'Cabinet', 'Licensing Sub-Committee', 'Scrutiny Committee'))} (Item {c['item']})"),
                  ("doc", f"{c['item']} {title} pdf icon PDF {c['kb']} KB"), ("h", "Minutes:")]
    else:
        blocks = [("pagehead", "Decision details"), ("title", title),
                  ("field", "Decision Maker", rng.choice(("Planning Committee", "Cabinet", "Council"))),
                  ("field", "Decision status", "Recommendations Approved"), ("h", "Decision:")]
    for _ in range(rng.randrange(1, 4)):
        blocks.append(("p", sentences(rng, c, pool, rng.randrange(1, 4), compound=False)))
    pad(rng, c, blocks, len(blocks), target, pool, compound=False)
    return title, blocks, []


def build_negative_news(rng, c, facts, target):
    c.update(value=money(rng, rng.uniform(2e6, 80e6))[0])
    lede = sentences(rng, c, NEG_NEWS, 1)
    title = lede.split(",")[0].rstrip(".")
    when = facts["ddate"]
    blocks = [("title", title), ("byline", f"By {person(rng)} | {fmt_date(rng, when, 'prose')}"), ("p", lede)]
    pad(rng, c, blocks, len(blocks), target, NEG_NEWS + NEWS_FILLER[:4], compound=False)
    return title, blocks, [], when


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------

def render_text(rng: random.Random, blocks: list, style: str) -> str:
    sep = rng.choice(("\n\n", "\n\n", "\n\n \n\n", "\n")) if style in MODERNGOV_STYLES else rng.choice(("\n\n", "\n"))
    bullet = rng.choice(("•  ", "·         ", "- ", "  • ", "* "))
    table_style = rng.randrange(3)
    out = []
    for b in blocks:
        kind = b[0]
        if kind in ("pagehead", "title", "meta", "h", "p", "doc", "byline"):
            out.append(b[1])
        elif kind == "np":
            out.append(f"{b[1]} {b[2]}" if rng.random() < 0.8 else f"{b[1]}\t{b[2]}")
        elif kind == "field":
            out.append(f"{b[1]}: {b[2]}" if not b[1].endswith("?") else f"{b[1]} {b[2]}")
        elif kind == "bullets":
            out.append("\n".join(bullet + x for x in b[1]))
        elif kind == "table":
            rows = b[2]
            if table_style == 0:
                body = "\n".join(" | ".join(r) for r in rows)
            elif table_style == 1:
                body = "\n".join("\t".join(r) for r in rows)
            else:
                w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
                body = "\n".join("  ".join(x.ljust(w[i]) for i, x in enumerate(r)).rstrip() for r in rows)
            out.append(f"{b[1]}\n{body}")
    return sep.join(out) + "\n"


def esc(s: str) -> str:
    return _html.escape(s, quote=False)


def _html_blocks(blocks: list, mg: bool) -> str:
    h = []
    for b in blocks:
        kind = b[0]
        if kind == "pagehead":
            h.append(f'<h1 class="mgMainTitleTxt">{esc(b[1])}</h1>' if mg else f"<h2>{esc(b[1])}</h2>")
        elif kind == "title":
            h.append(f'<h2 class="mgSubTitleTxt">{esc(b[1])}</h2>' if mg else f'<h1 class="headline">{esc(b[1])}</h1>')
        elif kind == "meta":
            h.append(f'<p class="mgSubSubTitleTxt">{esc(b[1])}</p>')
        elif kind == "doc":
            h.append(f'<p class="mgDocuments"><a class="mgDocLink" href="documents/s{abs(hash_str(b[1])) % 99999}/report.pdf">'
                     f'{esc(b[1])}</a></p>')
        elif kind == "h":
            h.append(f'<h3 class="mgSubSubTitleTxt">{esc(b[1])}</h3>' if mg else f"<h2>{esc(b[1])}</h2>")
        elif kind == "p":
            h.append(f"<p>{esc(b[1])}</p>")
        elif kind == "np":
            h.append(f'<p class="numbered"><span class="num">{esc(b[1])}</span> {esc(b[2])}</p>')
        elif kind == "byline":
            h.append(f'<p class="byline">{esc(b[1])}</p>')
        elif kind == "field":
            sep = "" if b[1].endswith("?") else ":"
            h.append(f'<p class="mgFieldLine"><span class="mgLabel">{esc(b[1])}{sep}</span> {esc(b[2])}</p>')
        elif kind == "bullets":
            h.append("<ul" + (' class="mgBulletList"' if mg else "") + ">"
                     + "".join(f"<li>{esc(x)}</li>" for x in b[1]) + "</ul>")
        elif kind == "table":
            rows = b[2]
            t = [f'<table class="mgStatsTable"><caption>{esc(b[1])}</caption><thead><tr>'
                 + "".join(f"<th>{esc(x)}</th>" for x in rows[0]) + "</tr></thead><tbody>"]
            t += ["<tr>" + "".join(f"<td>{esc(x)}</td>" for x in r) + "</tr>" for r in rows[1:]]
            h.append("".join(t) + "</tbody></table>")
    return "\n".join(h)


def hash_str(s: str) -> int:
    # Stable across runs (unlike hash()).
    v = 0
    for ch in s[:64]:
        v = (v * 131 + ord(ch)) & 0xFFFFFFFF
    return v


def render_moderngov(doc: Doc, council: str) -> str:
    blocks = doc.blocks
    if not any(b[0] == "title" for b in blocks):  # officer decisions: ModernGov still shows a title heading
        at = 1 if blocks and blocks[0][0] == "pagehead" else 0
        blocks = blocks[:at] + [("title", doc.title)] + blocks[at:]
    nav = "".join(f'<li><a href="{u}">{t}</a></li>' for t, u in (
        ("Councillors", "mgMemberIndex.aspx"), ("Committees", "mgListCommittees.aspx"),
        ("Calendar", "mgCalendarMonthView.aspx"), ("Decisions", "mgDelegatedDecisions.aspx"),
        ("Forward Plans", "mgListPlans.aspx"), ("Search", "mgSearchDocuments.aspx")))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(doc.title)} - {esc(council)}</title>
<link rel="stylesheet" href="SiteSpecific/ssMgStyles.css"><script src="jquery.min.js"></script>
<script>var mgTrackingId = "{doc.id}"; function mgToggle(e){{return false;}}</script></head>
<body><div id="mgHeaderLinks"><ul>{nav}</ul></div>
<div class="mgBreadCrumbs"><a href="/">Home</a> &gt; <a href="mgListCommittees.aspx">Committees</a> &gt; {esc(doc.title)}</div>
<div id="mgLeftNav"><ul>{nav}</ul></div>
<div id="modgov"><div class="mgContent">
{_html_blocks(blocks, True)}
</div>
<div class="mgLinks"><a href="mgRss.aspx">RSS</a> <a href="ieListDocuments.aspx">Printed minutes</a></div>
<div class="mgFooter"><p>&copy; {esc(council)}. Powered by ModernGov.</p></div></div>
<div class="mgHelpLine">Contact Democratic Services: democratic.services@example.gov.uk</div>
<script>mgInit();</script></body></html>
"""


def render_news(doc: Doc, outlet: str, rng: random.Random) -> str:
    sections = ("News", "Local news", "Politics", "Health", "Social care", "Business", "Opinion", "Jobs")
    nav = "".join(f'<li><a href="/{s.lower().replace(" ", "-")}">{s}</a></li>' for s in sections)
    related = "".join(f'<li><a href="/news/{k}">{esc(sentences(rng, Ctx(council="the council", place="the town", value="£2m", n="3", m="40", month="May"), NEG_NEWS, 1))}</a></li>'
                      for k in range(rng.randrange(3, 7)))
    body = _html_blocks(doc.blocks, False)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{esc(doc.title)} | {esc(outlet)}</title>
<meta property="og:title" content="{_html.escape(doc.title)}"><meta property="og:site_name" content="{esc(outlet)}">
<meta property="article:published_time" content="{doc.published}T09:{rng.randrange(10, 59)}:00+00:00">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":{json.dumps(doc.title)},"datePublished":"{doc.published}"}}</script>
<script async src="/static/ads.js"></script><link rel="stylesheet" href="/static/site.css"></head>
<body><div class="cookie-banner"><p>We use cookies to improve your experience. <button>Accept all</button></p></div>
<header class="site-header"><a class="logo" href="/">{esc(outlet)}</a><nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search"><input type="search" placeholder="Search"></form></header>
<main><article class="article">
{body}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
<div class="newsletter"><h3>Get the daily briefing</h3><p>Sign up for our free newsletter.</p></div></main>
<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy notice</a></li><li><a href="/terms">Terms and conditions</a></li></ul>
<p>&copy; {doc.published[:4]} {esc(outlet)}. All rights reserved.</p></footer>
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"article":"{doc.id}"}});</script></body></html>
"""


LATIN1 = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                        "\u2022": "-", "\u2026": "...", "\u00b7": "-"})


class _Pdf:
    """Greedy line wrapping with cached word widths: fpdf2's multi_cell is too slow for bulk."""

    def __init__(self, council: str, title: str):
        from fpdf import FPDF

        self.pdf = pdf = FPDF(format="A4", unit="mm")
        pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
        pdf.set_title(_latin1(title))
        pdf.set_author(_latin1(council))
        pdf.set_auto_page_break(False)
        self.left, self.top, self.bottom = 20.0, 20.0, 297.0 - 18.0
        self.width = 210.0 - 2 * self.left
        self.widths: dict = {}
        self.style = ("", 10.0)
        pdf.add_page()
        self.y = self.top

    def font(self, style: str, size: float) -> None:
        self.style = (style, size)
        self.pdf.set_font("Helvetica", style, size)

    def w(self, s: str) -> float:
        key = (self.style, s)
        v = self.widths.get(key)
        if v is None:
            v = self.widths[key] = self.pdf.get_string_width(s)
        return v

    def need(self, h: float) -> None:
        if self.y + h > self.bottom:
            self.pdf.add_page()
            self.y = self.top

    def lines(self, text: str, width: float) -> list[str]:
        out, cur, cur_w = [], [], 0.0
        space = self.w(" ")
        for word in text.split():
            ww = self.w(word)
            if cur and cur_w + space + ww > width:
                out.append(" ".join(cur))
                cur, cur_w = [word], ww
            else:
                cur_w += (space if cur else 0.0) + ww
                cur.append(word)
        if cur:
            out.append(" ".join(cur))
        return out or [""]

    def para(self, text: str, lh: float = 5.0, indent: float = 0.0, label: str = "", after: float = 1.5) -> None:
        x = self.left + indent
        for k, line in enumerate(self.lines(_latin1(text), self.width - indent)):
            self.need(lh)
            self.y += lh
            if k == 0 and label:
                self.pdf.text(self.left, self.y - 1.2, _latin1(label))
            self.pdf.text(x, self.y - 1.2, line)
        self.y += after

    def row(self, cells: list[str], widths: list[float], lh: float = 6.0) -> None:
        self.need(lh)
        x = self.left
        for k, (s, cw) in enumerate(zip(cells, widths)):
            s = _latin1(s)
            self.pdf.rect(x, self.y, cw, lh)
            tx = x + 1.0 if k == 0 else x + cw - 1.0 - self.w(s)
            self.pdf.text(tx, self.y + lh - 1.8, s)
            x += cw
        self.y += lh


def _latin1(s: str) -> str:
    return s.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")


def render_pdf(doc: Doc, council: str) -> bytes:
    p = _Pdf(council, doc.title)
    for b in doc.blocks:
        kind = b[0]
        if kind in ("pagehead", "title"):
            p.font("B", 14)
            p.para(b[1], lh=7, after=2)
        elif kind == "h":
            p.font("B", 11)
            p.y += 2
            p.para(b[1], lh=6, after=0.5)
        elif kind in ("p", "meta", "doc", "byline"):
            p.font("", 10)
            p.para(b[1])
        elif kind == "np":
            p.font("", 10)
            p.para(b[2], indent=12, label=b[1])
        elif kind == "field":
            p.font("B", 10)
            label = b[1] + ("" if b[1].endswith("?") else ":")
            p.need(5)
            p.pdf.text(p.left, p.y + 5 - 1.2, _latin1(label))
            p.font("", 10)
            p.para(b[2], indent=48, after=0.5)
        elif kind == "bullets":
            p.font("", 10)
            for x in b[1]:
                p.para(x, indent=6, label="-", after=0.5)
            p.y += 1.5
        elif kind == "table":
            p.font("B", 10)
            p.para(b[1], lh=6, after=0.5)
            rows = b[2]
            first = 50.0
            other = (p.width - first) / (len(rows[0]) - 1)
            for ri, r in enumerate(rows):
                p.font("B" if ri == 0 else "", 9)
                p.row(r, [first] + [other] * (len(r) - 1))
            p.y += 2
    return bytes(p.pdf.output())


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------

def style_of(index: int, seed: int) -> str:
    block_rng = random.Random(f"{seed}:styles:{index // BLOCK}")
    order = [s for s, w in STYLE_WEIGHTS for _ in range(w)]
    block_rng.shuffle(order)
    return order[index % BLOCK]


def target_words(rng: random.Random, style: str) -> int:
    w = math.exp(rng.gauss(math.log(MEDIAN_WORDS[style]), 0.75))
    if rng.random() < 0.01:  # a few very long documents in every style
        w = rng.uniform(3000, MAX_WORDS)
    return int(min(max(w, MIN_WORDS), MAX_WORDS - 100))


def make_doc(index: int, seed: int = DEFAULT_SEED) -> Doc:
    """Document ``index`` of the corpus: text and (where its style has one) HTML; no PDF yet."""
    rng = random.Random(f"{seed}:doc:{index}")
    style = style_of(index, seed)
    c, facts = make_ctx(rng)
    target = target_words(rng, style)
    published = facts["decision_date"]
    publisher = facts["council"]
    if style == "issue_meetings":
        title, blocks, truth = build_issue(rng, c, facts, target)
        source = f"https://{c['host']}/ieIssueDetails.aspx?IId={10000 + index}&Opt=0"
    elif style == "decision_details":
        title, blocks, truth = build_decision_details(rng, c, facts, target)
        source = f"https://{c['host']}/ieDecisionDetails.aspx?ID={20000 + index}"
    elif style == "delegated":
        title, blocks, truth = build_delegated(rng, c, facts, target)
        source = f"https://{c['host']}/ieDecisionDetails.aspx?ID={20000 + index}&Opt=3"
    elif style == "cabinet_report":
        title, blocks, truth = build_report(rng, c, facts, target)
        source = f"https://{c['host']}/documents/s{30000 + index}/{re.sub(r'[^A-Za-z0-9]+', '%20', title)}.pdf"
    elif style == "negative_council":
        title, blocks, truth = build_negative_council(rng, c, facts, target)
        source = f"https://{c['host']}/ieIssueDetails.aspx?IId={10000 + index}&Opt=0"
    else:
        if style == "negative_news":
            title, blocks, truth, when = build_negative_news(rng, c, facts, target)
        else:
            title, blocks, truth, when = build_news(rng, c, facts, target, trade=style == "trade_press")
        if style == "trade_press":
            publisher, host = rng.choice(TRADE_OUTLETS)
        else:
            publisher = f"{facts['place']} {rng.choice(LOCAL_SUFFIX)}"
            host = "www." + re.sub(r"[^a-z]", "", publisher.lower()) + ".co.uk"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80]
        source = f"https://{host}/news/{slug}-{index}"
        published = when.isoformat()
    doc = Doc(id=f"d{index:05d}", index=index, style=style, source=source, title=title, blocks=blocks,
              truth=truth, published=published, publisher=publisher, council=facts["council"])
    doc.text = render_text(rng, blocks, style)
    doc.words = len(doc.text.split())
    if style in MODERNGOV_STYLES:
        doc.html = render_moderngov(doc, facts["council"])
    elif style in NEWS_STYLES:
        doc.html = render_news(doc, publisher, rng)
    return doc


def pdf_indices(docs: list[Doc], n_pdfs: int) -> list[int]:
    eligible = [d.index for d in docs if d.style in REPORT_STYLES]
    if not eligible or n_pdfs <= 0:
        return []
    n_pdfs = min(n_pdfs, len(eligible))
    step = len(eligible) / n_pdfs
    return [eligible[int(k * step)] for k in range(n_pdfs)]


def default_pdfs(n_docs: int) -> int:
    return max(1, round(n_docs * PDFS_PER_5000 / DEFAULT_DOCS))


def generate(n: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED, pdfs: int | None = None) -> list[Doc]:
    """The corpus in memory: n documents, ``pdfs`` of the report-style ones also as PDF."""
    docs = [make_doc(i, seed) for i in range(n)]
    for i in pdf_indices(docs, default_pdfs(n) if pdfs is None else pdfs):
        docs[i].pdf = render_pdf(docs[i], docs[i].council)
    return docs


def write(out: Path = DEFAULT_OUT, n: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED, pdfs: int | None = None) -> dict:
    """Generate and write the corpus to ``out`` (replacing it); returns the summary."""
    t0 = time.perf_counter()
    docs = generate(n, seed, pdfs)
    if out.exists():
        shutil.rmtree(out)
    for sub in ("text", "html", "pdf"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as mf:
        for d in docs:
            (out / "text" / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
            if d.html:
                (out / "html" / f"{d.id}.html").write_text(d.html, encoding="utf-8")
            if d.pdf:
                (out / "pdf" / f"{d.id}.pdf").write_bytes(d.pdf)
            mf.write(json.dumps(d.manifest(), ensure_ascii=False) + "\n")
    summary = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "docs": n,
        "html": sum(1 for d in docs if d.html), "pdf": sum(1 for d in docs if d.pdf),
        "styles": {s: sum(1 for d in docs if d.style == s) for s in STYLES},
        "words": {"min": min(d.words for d in docs), "median": sorted(d.words for d in docs)[n // 2],
                  "max": max(d.words for d in docs), "total": sum(d.words for d in docs)},
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (out / "corpus.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--pdfs", type=int, default=None, help=f"PDF count (default {PDFS_PER_5000} per {DEFAULT_DOCS} docs)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args(argv)
    summary = write(a.out, a.docs, a.seed, a.pdfs)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
