"""Organisation mentions: councils, NHS bodies, companies, CICs and charities, by their forms.

A name is a run of capitalised words ending in a word that names an organisation
("Council", "Clinical Commissioning Group", "Foundation Trust", "Ltd", "CIC", "Care Group"),
or a capitalised run in a slot that only an organisation fills ("awarded to X",
"chosen X as preferred bidder"). Acronyms are tied to the full name they abbreviate.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .rules import RULES, guarded
from .text import lower_same_length, stretches
from .words import AS_WRITTEN, LOWER, PageWords

# One capital (or "&") first, so that the engine scans for it: "[A-Z&]" opens every match.
WORD = r"[A-Z&](?:(?<=[A-Z])[\w'’.-]*(?:(?<=[A-Z])&[A-Z][\w'’.-]*)?[\w)])?"  # "B&NES Council"
SP = r"[ \t\xa0]+"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Inside a name: "Independent Living (NW) Ltd", "Solutions 4 Health", "Pegasus Medical 1808 Ltd" (not a year); but "Tier 2 Weight Management",
# "Lot 3 North" number a service or its part.
NUMBERED = "".join(f"(?<!{w})" for w in ("Tier", "Lot", "Phase", "Level", "Stage", "Step", "Part", "Section", "Schedule",
                                          "Annex", "Appendix", "Year", "Key", "Option", "Zone", "Area", "Ward", "Item"))
# "Thames Accord in April", "Sirona in September": a month after a joining word is a date, not the name.
JOIN = rf"(?:{SP}|,{SP}(?=[A-Z][\w'’&-]*(?:{SP}[A-Z][\w'’&-]*)*,?{SP}(?:and{SP})?[A-Z])|{SP}(?:of|and|upon|on|in|for|the|&|de|St\.?){SP}(?!(?:{MONTHS})\b)|-|" \
       rf"{SP}\([A-Z]{{1,4}}\){SP}(?=[A-Z])|{NUMBERED}{SP}(?!(?:19|20)\d\d\b)\d{{1,4}}{SP}(?=[A-Z])(?!{MONTHS})|{SP}with{SP}(?=Darwen\b))"
CHUNK = guarded(rf"{WORD}(?:{JOIN}{WORD})*")
ACRONYM = re.compile(r"[A-Z](?<=\b[A-Z])[A-Z&]{1,7}s?\b")  # "\b[A-Z]…", the capital first

HEADS = set(RULES["org_heads"])
HEAD_LAST = {h.split()[-1] for h in HEADS}
HEAD_LAST_WORDS = AS_WRITTEN.add(sorted(HEAD_LAST))
TOKEN = re.compile(r"\S+")
# A public body by its form whatever words it holds ("… Health and Social Care Partnership").
PUBLIC_FORM = re.compile(r"(?:Health\s+and\s+Social\s+Care\s+(?:Partnership|Trust)|Integration\s+Joint\s+Board|Health\s+Board|Council|"
                         r"Clinical\s+Commissioning\s+Group|Integrated\s+Care\s+Board|NHS\s+(?:Foundation\s+)?Trust)$")
NOT_BODY_NEXT = re.compile(r"[ \t]+(?:guidance|guidelines|figures|data|standards|regulations)\b|[ \t]+(?:Wage|Act|Fund|Plan|Strategy|Programme|Policy|Award|Awards|Standard|Standards|Rate|Bill|Week|Day|Charter|Code|Pledge|Compact|Covenant|Index|Survey)\b")
INDEFINITE = re.compile(r"(?:^|\s)(?:a|an|A|An)\s+$")
LEGAL_END = re.compile(r"\b(?:Ltd|Limited|LIMITED|plc|PLC|Plc|LLP|CIC|C\.I\.C|LTD)\.?$")  # "Lifeline Project Limited" is a company
POSSESSIVE = re.compile(r"['’]s$")
POSSESSIVE_TAIL = re.compile(r"['’]s,?$")
LIST_SEP = re.compile(r",\s+(?:and\s+)?|\s+and\s+|\s+&\s+")
CONTACT_LINE = re.compile(r"\s*(?:Contact|Report\s+author|Author|Email|Tel|Telephone|Lead\s+officer)\b", re.I)
INITIAL_WORD = re.compile(r"[A-Za-z][\w']*")
NHS_TRUST = re.compile(r"\bNHS\b|Foundation Trust|NHS Trust|Hospitals?\b.*Trust|Health(?:care)? Trust|Partnership Trust")
LEGAL_FORMS = {"Ltd", "Limited", "LIMITED", "plc", "PLC", "Plc", "LLP", "CIC", "C.I.C", "LTD"}
# Lead words dropped before most names ("Independent councillor", "New Care Homes") that begin
# a company's registered name when a legal form ends it.
FIRM_LEADS = {"Independent", "Green", "Reform", "Local", "New", "Social", "Adult", "Strategic", "Corporate", "Source",
              "Options", "Lead"}
CONNECTORS = {"of", "and", "upon", "on", "in", "for", "the", "&", "de"}
STOP_LEAD = set(RULES["org_stop_lead"])
NOT_ORG = re.compile(RULES["org_not"], re.I)
PUBLIC = re.compile(RULES["public_body"], re.I)
COMMISSIONER = re.compile(RULES["nhs_commissioner"], re.I)
COUNCIL = re.compile(RULES["council"], re.I)


@dataclass
class Org:
    name: str
    start: int
    end: int
    type: str  # council | nhs_commissioner | consortium | nhs_trust | company | other
    aliases: list[tuple[int, int]] = field(default_factory=list)

    @property
    def public(self) -> bool:
        return self.type in ("council", "nhs_commissioner", "consortium")


def org_type(name: str) -> str:
    if COMMISSIONER.search(name):
        return "nhs_commissioner"
    if COUNCIL.search(name):
        return "council"
    if NHS_TRUST.search(name):
        return "nhs_trust"
    return "company"


def _has_head(words: list[str]) -> int:
    """Index one past the organisation head word, or 0 when the run has none."""
    best = 0
    for i in range(len(words)):
        for n in (3, 2, 1):
            if i + n <= len(words) and " ".join(words[i:i + n]) in HEADS:
                best = max(best, i + n)
                break
    return best


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    chunk = text[start:end]
    tokens = list(TOKEN.finditer(chunk))
    # Drop sentence-initial words that are not part of a name ("In", "However", "June").
    i = 0
    legal = bool(tokens) and tokens[-1].group(0).rstrip(".,") in LEGAL_FORMS
    # "Of 195 CCGs that responded", "Third of CCGs": a count of bodies (a plural head) is not one body's name.
    counted = bool(tokens) and tokens[-1].group(0).endswith("s") and not legal
    while i < len(tokens) and (tokens[i].group(0).strip(",") in STOP_LEAD or tokens[i].group(0) in CONNECTORS
                               or (counted and (tokens[i].group(0).isdigit()
                                                or (i + 1 < len(tokens) and tokens[i + 1].group(0) == "of")))
                               or tokens[i].group(0).endswith(("-based", "-headquartered"))):  # "Harrogate-based Continued Care"
        if legal and tokens[i].group(0) in FIRM_LEADS:
            break  # "Independent Living (NW) Ltd", "Options Autism Ltd": a company's own first word
        i += 1
    if i == len(tokens):
        return None
    words = [POSSESSIVE.sub("", t.group(0).strip(",")) for t in tokens[i:]]
    head = _has_head(words)
    council = next((k for k, w in enumerate(words[:-1]) if w == "Council"), None)
    if council is not None and head > council + 1 and all(w.lower() in GENERIC_WORDS for w in words[council + 1:head]):
        head = council + 1  # "Portsmouth City Council Home Care": the council, then the service it names
    legal_at = next((k for k, w in enumerate(words) if w.rstrip(".") in LEGAL_FORMS), None)
    if legal_at is not None and legal_at + 1 < head:
        head = legal_at + 1  # "Tynevale Homecare Ltd for Care": the name ends at its legal form
    if not head:
        return None
    s = start + tokens[i].start()
    last = tokens[i + head - 1]
    e = start + last.end() - (2 if POSSESSIVE_TAIL.search(last.group(0)) else 0) - (1 if last.group(0).endswith(",") else 0)
    while e > s and text[e - 1] in ",.;:":
        e -= 1
    return s, e


BOROUGH_OF = guarded(r"\b(?:(?:London|Royal|Metropolitan|County)[ \t]+)?Borough[ \t]+of[ \t]+[A-Z][\w'’-]+"
                        r"(?:(?:[ \t]+(?:and|upon|on|with)[ \t]+|[ \t]+)[A-Z][\w'’-]+){0,3}")


NHS_AREA = guarded(r"\bNHS[ \t]+(?!(?:England|Trust|Foundation|Digital|Improvement|Providers|Property|Confederation|Employers|"
                      r"Pensions|Public|Resolution|Blood|Business|Shared|Supply|Professionals|Choices|Direct|Wales|Scotland|Scotland's|"
                      r"Test|Long|App|Constitution|Health|Community|Mental|Adult|Adults|Older|Children|Staff|Patients|Services|Service|"
                      r"Contract|Contracts|Trusts|Bodies|Organisations|Workers|Pay|Funding|Reforms?|Pension|Pensions|Dentistry|Dental|"
                      r"Talking|Continuing|Pharmacy|Wheelchair|Urgent|Emergency|Ambulance|Cancer|Screening|Diabetes|Maternity|Healthcare)\b)[A-Z][a-z]+(?:[ \t]+(?:and[ \t]+)?[A-Z][a-z]+){0,4}"
                      r"(?![ \t]+(?:[A-Z][a-z]+[ \t]+){0,3}(?:Trust|Group|Board|Council|Partnership|Foundation|Hospital|Hospitals|Services|CCG|ICB)\b)")


def _chunks(text: str, heads: list[int]):
    """Capitalised runs on the lines that hold an organisation word: a run never crosses a
    line break, so the other lines cannot hold a name."""
    end = -1
    for h in heads:
        if h < end:
            continue
        start = text.rfind("\n", 0, h) + 1
        end = text.find("\n", h)
        if end < 0:
            end = len(text)
        yield from CHUNK.finditer(text, start, end)


@functools.lru_cache(maxsize=8192)
def _names_in(chunk: str) -> tuple[tuple[int, int, str, str], ...]:
    """The names a capitalised run holds, by offsets into it, and their types. A page names
    the same bodies again and again, and so do pages of one council: each run is read once."""
    out = []
    parts = _split_list(chunk, 0, len(chunk))
    listed = []  # list items held back only for their service words ("Delight Supported Living")
    for part in parts:
        span = _trim(chunk, *part)
        if span is None and len(parts) > 1:
            span = _bare_name(chunk, *part)
        if span is None:
            continue
        name = chunk[span[0]:span[1]]
        if len(name) < 3 or _generic(name):
            continue
        if NOT_ORG.search(name) and not LEGAL_END.search(name) and not PUBLIC_FORM.search(name):
            if len(parts) > 1 and name.split()[0].lower() not in GENERIC_WORDS and not NOT_ORG.match(name):
                listed.append((span[0], span[1], name, org_type(name)))
            continue
        out.append((span[0], span[1], name, org_type(name)))
    if len(out) >= 2 and listed:
        # Beside two or more bodies in one list, a name with a service's words is a body too.
        out = sorted(out + listed)
    return tuple(out)


PLURAL_LIST = re.compile(r",| and | & ")
# "provided by the Council's Careline staff": a part of the body itself, not another body.
OWN_PART = re.compile(r"(?:Council|Authority|County|City|Borough|Trust|Board|ICB|CCG)['’]s\b")
# "By Jo Bloggs, Care and Health Law": a writer and their firm, not a party to the story.
BYLINE = re.compile(r"[ \t]*By[ \t]+[A-Z][a-z]+[ \t]+[A-Z]")
# Bodies that run procurements for others: never the buyer, never the provider.
AGENT = re.compile(r"\bCommissioning\s+Support(?:\s+Unit)?$|\bCSU$")
JOB_NEXT = re.compile(r"[ \t]+(?:Director|Manager|Officer|Directorate|Department|Team|Lead|Commissioner)s?\b")
SERVICE_TAIL = re.compile(r"\b(?:Services?|Support|Provision|Scheme)$")
CONTRACT_NEXT = re.compile(r"(?:[ \t]*\([^()\n]{1,30}\))?(?:[ \t]+and[ \t]+[^.;\n]{1,40}?)?[ \t]+(?:[Cc]ontracts?|[Ff]ramework|[Aa]greements?|[Ll]ots?|[Pp]rocurement|[Tt]ender|[Rr]e-?tender)\b")
# "a contract for Non-Emergency Patient Transport Services", "to deliver GP Out of Hours Services":
# what a contract buys; a firm so placed would carry its legal form.
SERVICE_SLOT = re.compile(r"(?:\b(?:for|of|deliver|delivering|provide|providing|run|running)[ \t]+(?:the[ \t]+|an?[ \t]+|its[ \t]+|their[ \t]+)?|[\"“‘'])$")
# "Support Services For Adult Carers" in a winner's slot is the service, not a body.
SERVICE_WORDS = re.compile(r"\b(?:Services?|Contracts?|For|Scheme|Programme)\b")


def _names(file: str) -> list[str]:
    return sorted({line.strip() for line in (Path(__file__).parent / file).read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith("#")})


KNOWN_FIRMS = AS_WRITTEN.add(_names("firms.txt"))
KNOWN_BUYERS = AS_WRITTEN.add(_names("buyers.txt"))
# "subject to the agreement of Full Council": a meeting of the council, not a body of its own
# "Council Ends Care Home Procurement" is a headline in title case, not a body (a verb stands in it).
# "NHS 111 Integrated Urgent Care": a numbered NHS service, not a trust
NOT_A_BODY = re.compile(r"(?i)(?:the\s+)?(?:full|extraordinary|special)\s+council$|^NHS\s+\d|(?-i:.*\b(?:Ends|Awards|Agrees|Approves|Scraps|Brings|Takes|Wins|Loses|Axes|"
                          r"Backs|Hands|Signs|Extends|Launches|Seeks|Plans|Cancels|Terminates|Outsources|Insources)\b)")
CAPS_BODY = re.compile(r"\b[A-Z][A-Z'’&-]+(?:[ \t]+[A-Z][A-Z'’&-]*){0,9}?[ \t]+(?:INTEGRATED[ \t]+CARE[ \t]+BOARD|"
                       r"CLINICAL[ \t]+COMMISSIONING[ \t]+GROUP|COUNCIL|TRUST|HEALTH[ \t]+BOARD|INTEGRATION[ \t]+JOINT[ \t]+BOARD)\b")
CAPS_STOP = {"TO", "THE", "FOR", "ON", "BY", "AT", "OF", "FROM", "WITH", "REPORT", "CABINET", "MEETING", "MINUTES", "AGENDA",
             "DECISION", "NOTICE", "BUYER", "NAME", "CONTRACTING", "AUTHORITY", "SUPPLIER", "A", "AN", "IN"}
CAPS_KEEP = {"NHS", "ICB", "CCG", "UK", "HSCP", "IJB"}
CAPS_SMALL = {"AND", "OF", "THE", "&"}
CAPITAL_BEFORE = re.compile(r"\b([A-Z][\w'’&-]*)[ \t]+$")
LEGAL_TAIL = re.compile(r"(?:[ \t]+(?:Group|UK|Holdings|Services))?[ \t]+(?:plc|PLC|Ltd\.?|Limited|LLP|CIC)\b|[ \t]+(?:Group|UK)\b")


# "contract with Preston care agency", "a Leeds firm": one word before a kind of business describes it
# (its town), and is not its name.
DESCRIBED_NEXT = re.compile(r"\s+(?:(?:home\s*|domiciliary\s+|nursing\s+|social\s+)?care\s+|recruitment\s+|staffing\s+|cleaning\s+|catering\s+)?"
                            r"(?:agency|agencies|firm|firms|company|companies|provider|providers|operator|business|contractor)\b")


def find_orgs(text: str, low: str | None = None, low_words: PageWords | None = None) -> list[Org]:
    """``low_words``: the lower-cased page's word positions, when the caller has them already."""
    found: dict[tuple[int, int], Org] = {}
    services: set[str] = set()
    # Runs without an organisation word ("The Cabinet Member said") are skipped unread.
    heads_page = PageWords(text, AS_WRITTEN)
    heads = [a for a, _ in find_words(heads_page, HEAD_LAST_WORDS)]
    for m in _chunks(text, heads):
        k = bisect.bisect_left(heads, m.start())
        if k == len(heads) or heads[k] >= m.end():
            continue
        base = m.start()
        for a, b, name, kind in _names_in(m.group(0)):
            span = (base + a, base + b)
            if NOT_BODY_NEXT.match(text, span[1]):
                continue  # "National Living Wage", "Care Act": a name's words, not a body
            if SERVICE_TAIL.search(name):
                if JOB_NEXT.match(text, span[1]):
                    continue  # "the Operational Services Director": a post in the council
                if CONTRACT_NEXT.match(text, span[1]):
                    services.add(name)  # "the Community Navigation Services (Part B) contract" names a service
                    continue
                if SERVICE_SLOT.search(text, max(0, span[0] - 30), span[0]) and not LEGAL_END.search(name):
                    continue
            if INDEFINITE.search(text, max(0, span[0] - 4), span[0]) and PUBLIC.search(name):
                continue  # "A Sussex Clinical Commissioning Group has voted": which one, the text says elsewhere
            if _in_title(text, span[0], name) or HEADLINE_VERB.search(name):
                continue
            post = PERSON_POST.match(name)
            if post:
                # "Darren Grayson Chief Executive Officer East Sussex Healthcare NHS Trust": a caption
                # naming a person and their post; the body is what follows the post.
                span = (span[0] + post.start("body"), span[1])
                name = post.group("body")
            if name.endswith(("CCGs", "ICBs")) and PLURAL_LIST.search(name):
                continue  # "NHS Ipswich and East Suffolk and NHS West Suffolk CCGs": several bodies, named apart later
            found[span] = Org(name, span[0], span[1], kind)
    # Public bodies named without an organisation word: "The London Borough of Bromley",
    # "NHS Surrey" (primary care trusts and CCGs named by their area).
    for marker, rx, kind in (("Borough of", BOROUGH_OF, "council"), ("NHS ", NHS_AREA, "nhs_commissioner")):
        if marker in text:
            for m in rx.finditer(text):
                s, e = m.span()
                if not any(a <= s < b or a < e <= b for a, b in found):
                    found[(s, e)] = Org(m.group(0), s, e, kind)
    # Notices write their buyer in capitals: "NHS NORTH EAST AND NORTH CUMBRIA INTEGRATED CARE BOARD".
    if "COUNCIL" in text or "BOARD" in text or "TRUST" in text or "GROUP" in text:
        for m in CAPS_BODY.finditer(text):
            toks = list(TOKEN.finditer(text, m.start(), m.end()))
            words = [t.group(0) for t in toks]
            # "REPORT TO THE CABINET OF BURY COUNCIL": the body is what follows the last linking word
            cut = max((i + 1 for i, w in enumerate(words[:-1]) if w in CAPS_STOP
                       and not (w == "OF" and i and words[i - 1] in ("CITY", "COUNTY", "BOROUGH"))), default=0)
            s, e = toks[cut].start() if cut < len(toks) else m.end(), m.end()
            if len(words) - cut < 2 or any(a <= s < b or a < e <= b for a, b in found):
                continue
            name = " ".join(w if w in CAPS_KEEP else w.lower() if w in CAPS_SMALL else w.title() for w in words[cut:])
            found[(s, e)] = Org(name, s, e, org_type(name))
    if low_words is None:
        low_words = PageWords(lower_same_length(text) if low is None else low, LOWER)
    for words, bounded, rx, lead, ckind, generic_ok in CONTEXT_PATTERNS:
        for m in _near_hints(rx, find_words(low_words, words, bounded), text, lead):
            s, e = m.span("org")
            name = text[s:e].rstrip(",.;: ")
            e = s + len(name)
            if (not name or len(name) < 3 or (NOT_ORG.search(name) and not ckind) or name.split()[0] in STOP_LEAD
                    or OWN_PART.match(name)
                    or (_generic(name) and not (generic_ok and len(name.split()) > 1 and not PUBLIC.search(name)
                                                and not SERVICE_WORDS.search(name)))
                    or name in ACRONYM_STOP or _in_title(text, s, name)
                    or (" " not in name and DESCRIBED_NEXT.match(text, e))):
                continue
            if any(a <= s < b or a < e <= b for a, b in found):
                continue
            found[(s, e)] = Org(name, s, e, ckind or org_type(name))
    # Firms stories name bare ("outsourcing giant Serco"): known by name, with any legal form after it;
    # not the last word of a longer name ("Mendip Lifeways").
    # Purchasing consortia ("Scotland Excel") likewise, as the public buyers they are.
    for known, kind in ((KNOWN_FIRMS, "company"), (KNOWN_BUYERS, "consortium")):
        for a, b in find_words(heads_page, known):
            before = CAPITAL_BEFORE.search(text, max(0, a - 40), a)
            if before and before.group(1) not in STOP_LEAD:
                continue
            m = LEGAL_TAIL.match(text, b) if kind == "company" else None
            b = m.end() if m else b
            if not any(x <= a < y or x < b <= y for x, y in found):
                found[(a, b)] = Org(text[a:b], a, b, kind)
    orgs = sorted((o for o in found.values() if not any(o.name.endswith(x) or x.endswith(o.name) for x in services)
                   and not AGENT.search(o.name) and not NOT_A_BODY.match(o.name)), key=lambda o: o.start)
    _attach_acronyms(text, orgs)
    # "lost its contract with NYCC": an acronym found in a slot is the body it stands for.
    kinds = {text[a:b]: o.type for o in orgs for a, b in o.aliases if o.public}
    if kinds:
        for o in orgs:
            if o.name in kinds and not o.public:
                o.type = kinds[o.name]
    return orgs


PERSON_POST = re.compile(r"(?:[A-Z][a-z]+[ \t]+){1,3}(?:Chief[ \t]+Executive(?:[ \t]+Officer)?|Chief[ \t]+Operating[ \t]+Officer|"
                         r"Managing[ \t]+Director|Chief[ \t]+Nurse|Medical[ \t]+Director|Chair(?:man|woman)?|Director)"
                         r"(?:[ \t]+(?:of|at))?[ \t]+(?:the[ \t]+)?(?P<body>[A-Z].+)")


GENERIC_WORDS = {"care", "services", "service", "support", "health", "community", "group", "trust", "partnership",
                 "housing", "living", "homecare", "healthcare", "home", "social", "adult", "adults", "council",
                 "foundation", "charity", "association", "society", "the", "and", "of", "&", "uk", "local",
                 "integrated", "mental", "recovery", "solutions", "alliance", "consortium", "enterprise", "county",
                 "city", "borough", "district", "nhs", "independent", "ccgs", "icbs", "specialist", "day", "residential",
                 "cost", "fair", "in-house", "new", "future", "current", "interim", "lead", "framework",
                 "live", "supp", "solutions", "lifestyle", "wellness", "wellbeing", "transformation", "personal", "supported",
                 # words of a service's name ("Substance Misuse Treatment Services", "Care Commissioning Team")
                 "substance", "misuse", "treatment", "development", "community-based", "commissioning", "team", "management",
                 "domiciliary", "nursing", "respite", "reablement", "advocacy", "equipment", "carers", "dementia", "learning",
                 "disability", "disabilities", "drug", "alcohol", "older", "people", "children", "young", "family", "families",
                 "extra", "housing-related", "floating", "planned", "urgent", "clinical", "lead", "specialist", "day",
                 "short", "breaks", "integrated", "independent", "accommodation", "sexual", "prevention", "intervention",
                 "weight", "obesity", "smoking", "cessation", "visiting", "school", "behaviour", "outreach",
                 "leisure", "catering", "sports", "sport", "libraries", "library", "transport"} - {"uk"}


# "the Council and NHS X ICB": a body named by reference still ends a list item.
BODY_BY_REFERENCE = {"Council", "Trust", "Board", "Authority", "CCG", "ICB", "County Council", "City Council"}


PLACE_WORDS = {"city", "county", "borough", "district"}


def _generic(name: str) -> bool:
    """"Care Services" or "Community Health" alone names a kind of service, not a body; "the
    City Council" refers to one. "City Health Care Partnership" is a name."""
    words = [POSSESSIVE.sub("", w.lower().strip(",.;:()")) for w in name.split()]
    council = words[-1] in ("council", "councils", "authority")
    return all(w in GENERIC_WORDS and (council or w not in PLACE_WORDS) for w in words)


JOB_TITLE = re.compile(r"(?:Director|Head|Member|Holder|Officer|Manager|Lead|Cabinet\s+Member|Portfolio)\s+(?:of|for)\s+(?:[\w&,'’]+\s+){0,8}$", re.I)


# A headline in title case ("Protests Rejected As Leicestershire Care Homes Sale Is Agreed") runs
# capitalised words past any name: a body's name holds no verb of the story.
HEADLINE_VERB = re.compile(r"\b(?:As|Is|Are|Was|Were|Be|Been|Has|Have|Had|Will|Would|After|Amid|Into|Against|Says|Said|Agreed|Rejected|"
                           r"Approved|Scrapped|Axed|Wins|Won|Loses|Lost|Takes|Took|Hands|Handed|Pulls|Brings|Brought)\b")


def _in_title(text: str, start: int, name: str) -> bool:
    """A name that is really part of a job title, a contact line, a byline or a bracket fragment."""
    if ")" in name and "(" not in name:
        return True
    if JOB_TITLE.search(text[max(0, start - 80):start]):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return bool(CONTACT_LINE.match(text, line_start, start) or BYLINE.match(text, line_start))


# Fields of work joined by "and" inside one name ("North Lanarkshire Health and Social Care Partnership").
JOINED_FIELDS = re.compile(r"\bHealth\s+(?:and|&)\s+(?:Social\s+)?(?:Care|Wellbeing)\b|\bCare\s+(?:and|&)\s+(?:Support|Health)\b")
_COMPOUNDS: dict[str, list[str]] | None = None


def _compound_names() -> dict[str, list[str]]:
    """Areas named with "and" or commas ("Bournemouth, Christchurch and Poole"), from the
    gazetteer, by first word: a list separator inside one of them does not split a name."""
    global _COMPOUNDS
    if _COMPOUNDS is None:
        from .. import gazetteer

        names = {b.short_name for b in gazetteer.councils()} | {b.short_name for b in gazetteer.nhs_bodies()}
        core = {re.sub(r"\s+(?:ICB|CCG|Council)$", "", n) for n in names if n}
        _COMPOUNDS = {}
        for n in sorted((n for n in core if re.search(r",| and | & ", n)), key=len, reverse=True):
            _COMPOUNDS.setdefault(n.split()[0].rstrip(","), []).append(n)
    return _COMPOUNDS


def _bare_firm(item: str) -> bool:
    """"British Red Cross" before ", Independent Living Services": a firm's name of three words or
    more with no organisation word, which no area's name is."""
    words = item.split()
    return len(words) >= 3 and all(w[:1].isupper() and w.lower() not in GENERIC_WORDS for w in words)


def _split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "A Ltd, B and C CIC" into names, but keep "Bristol, North Somerset and South
    Gloucestershire Clinical Commissioning Group" whole (only its last part has a head)."""
    chunk = text[start:end]
    seps = list(LIST_SEP.finditer(chunk))
    if seps:
        protected = [(m.start(), m.end()) for m in JOINED_FIELDS.finditer(chunk)]
        if "," in chunk and " and " in chunk or "&" in chunk:
            compounds = _compound_names()
            for word in {w.rstrip(",") for w in chunk.split()}:
                for name in compounds.get(word, ()):
                    i = chunk.find(name)
                    if i >= 0:
                        protected.append((i, i + len(name)))
        if protected:
            seps = [m for m in seps if not any(a < m.start() and m.end() < b for a, b in protected)]
    if not seps:
        return [(start, end)]
    bounds = [0] + [x for m in seps for x in (m.start(), m.end())] + [len(chunk)]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    headed = [_has_head([w.strip(",()") for w in chunk[a:b].split()]) == len(chunk[a:b].split())
              and (not _generic(chunk[a:b]) or chunk[a:b].strip() in BODY_BY_REFERENCE) for a, b in pieces]
    if not any(headed[:-1]) and (PUBLIC.search(chunk[pieces[-1][0]:pieces[-1][1]])
                                 or "," not in chunk or not any(_bare_firm(chunk[a:b]) for a, b in pieces[:-1])):
        if len(pieces) == 2 and "," in chunk[pieces[0][1]:pieces[1][0]] and PUBLIC.search(chunk[pieces[1][0]:pieces[1][1]]):
            return [(start + pieces[1][0], end)]  # "Cllr Darren Pascoe, Plymouth City Council's …": a person, then the body
        return [(start, end)]
    # A list of providers: once one item before the last is a full name, all items are names,
    # but a bare place joined by "and" to a public body is part of its name ("Ipswich and East
    # Suffolk Clinical Commissioning Group").
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(pieces):
        a, b = pieces[k]
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        if (nxt and not headed[k] and headed[k + 1] and chunk[b:nxt[0]].strip() in ("and", "&")
                and len(chunk[a:b].split()) <= 3 and (PUBLIC.search(chunk[nxt[0]:nxt[1]]) or NHS_TRUST.search(chunk[nxt[0]:nxt[1]]))):
            out.append((start + a, start + nxt[1]))
            k += 2
            continue
        out.append((start + a, start + b))
        k += 1
    return out


def _bare_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A list item without an organisation word ("CareLink North West"), named beside others."""
    words = text[start:end].split()
    if not 1 <= len(words) <= 5 or words[0] in STOP_LEAD or words[0] in CONNECTORS:
        return None
    if not all(w[0].isupper() or w in CONNECTORS for w in words):
        return None
    return start, end


# A word ending a sentence ("awarded to Dimensions. The new service …") ends the name; an
# abbreviation ("Ltd.", "St.", "Co.") does not.
NAME = rf"(?:[A-Z][\w'’&.-]*(?<![a-z]{{3}}\.)(?:{SP}(?:of|and|&|for|the|in|upon|on|\d{{1,2}}(?={SP}[A-Z])(?!{SP}(?:{MONTHS}))){SP}(?!(?:{MONTHS})\b)|{SP}))*[A-Z][\w'’&.-]*[\w)]"  # "Solutions 4 Health"
NAME += rf"(?:{SP}\d{{1,3}}(?=[,;:)]|{SP}\(|{SP}(?:being|as|was|were|is|has|have|had|will|which|who)\b|\.?\s*$))?"  # "Integrated Care 24, the awarded supplier"
# Hint words are found with str.find in the lower-cased page: far faster than a regex
# alternation tried at every position.
CONTEXT_PATTERNS = [(LOWER.add(c["hints"]), c.get("bounded", True),
                     re.compile(c["rx"].replace("{NAME}", rf"(?P<org>{NAME})").replace("{NAME_RAW}", NAME), re.M), c.get("lead", "keyword"), c.get("type"), c.get("generic_ok", False))
                    for c in RULES["org_contexts"]]


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_words(page: PageWords, words: tuple[str, ...], bounded: bool = True) -> list[tuple[int, int]]:
    """Sorted spans of ``words`` in the page (whole words only when ``bounded``)."""
    out = []
    low = page.text
    n = len(low)
    for w, at in page.present(words):
        j0 = len(w)
        for i in at:
            j = i + j0
            if not bounded or ((i == 0 or not _is_word(low[i - 1])) and (j == n or not _is_word(low[j]))):
                out.append((i, j))
    out.sort()
    return out


def _near_hints(rx: re.Pattern, hints: list[tuple[int, int]], text: str, lead: str = "keyword", reach: int = 120):
    """Matches of a context rule only where its hint words are: a rule tried at every position
    of a long page (case-insensitive alternations, names first) is most of the cost."""
    if lead == "keyword":
        for a, _ in hints:
            m = rx.match(text, a)
            if m:
                yield m
        return
    seen: set[tuple[int, int]] = set()
    for lo, hi in stretches(hints, reach, 40, len(text)):
        for m in rx.finditer(text, lo, hi):
            if m.span() not in seen:
                seen.add(m.span())
                yield m


@functools.lru_cache(maxsize=4096)
def _initials(name: str) -> str:
    words = [w for w in INITIAL_WORD.findall(name) if w.lower() not in {"and", "of", "the", "for", "upon", "on", "in"}]
    return "".join(w[0].upper() for w in words)


ACRONYM_STOP = frozenset(RULES["acronym_stop"])


def _attach_acronyms(text: str, orgs: list[Org]) -> None:
    """Tie "WCHC" to "Wirral Community Health Care Foundation Trust" when its initials fit."""
    if not orgs:
        return
    initials = [_initials(o.name) for o in orgs]
    starts = [o.start for o in orgs]
    reach = list(itertools.accumulate((o.end for o in orgs), max))  # furthest end among orgs so far
    for m in ACRONYM.finditer(text):
        acr = m.group(0).rstrip("s") if m.group(0).endswith("s") and m.group(0)[:-1].isupper() else m.group(0)
        if len(acr) < 2 or acr in ACRONYM_STOP:
            continue
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and reach[k] > m.start():
            continue  # inside a name already found
        for o, ini in zip(orgs, initials):
            if ini.startswith(acr) and len(acr) >= min(3, len(ini)) or ini == acr:
                o.aliases.append((m.start(), m.start() + len(acr)))
                break
