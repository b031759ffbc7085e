"""Decision events from sentences: find triggers, pick the main decision, fill its slots.

Every slot is read from a span of the text near the sentences that carry the event, so a
value can always be shown where it came from.
"""
from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from ..record import Event, Evidence, Value
from .meta import Meta
from .orgs import GENERIC_WORDS, LEGAL_END, LIST_SEP, NOT_ORG, Org, find_orgs, find_words, org_type
from .words import LOWER, PageWords
from .rules import (BOILERPLATE, CATEGORY_RULES, FALLBACK, CATEGORY_RULES_LOWER, KIND_HINTS, KIND_RULES, OPTION_SENTENCE, PAST, PAST_DATE, STATUS_RULES,
                    TRIGGER_WORDS, caseless, guarded)
from .spans import Mention, find_dates, find_durations, find_money, months_of_period, to_number
from .text import ITEM_HEAD, Sentence, lower_same_length, stretches

CONTEXT = caseless(r"\b(?:contract|contracts|deal|deals|service|services|tender|procure\w*|provider|provision|care|support|privati\w*|outsourc\w*|"
                     r"agreement|arrangement|framework|in[\s-]?house|commission\w*|deliver\w*|staff|centres?|clinics?|schemes?|operators?|running|"
                     r"facilities|homes?|pools?|libraries|leisure|trust|accommodation|supported|healthcare|nursing|therap(?:y|ies)|hospitals?)\b")
STRONG_PROPOSED = caseless(
    r"\b(?:be|is|are|being)\s+recommended\s+(?:not\s+)?to\b|\brecommends?\s+to\s+(?:the\s+)?(?:full\s+)?(?:cabinet\s+member|cabinet|executive|leader|council|portfolio\s+holder)\b|\brecommend(?:s|ed)?\s+(?:that\s+)?(?:the\s+)?(?:cabinet|council|executive|"
    r"portfolio\s+holder|cabinet\s+member|board|committee|leader|mayor)\b|\bit\s+is\s+recommended\b|"
    r"\b(?:is|are|will\s+be)\s+(?:to\s+be\s+|being\s+)?asked\s+to\b|\b(?:is|are)\s+(?:just\s+)?about\s+to\b|\bclear\s+recommendation\b|\bseek(?:s|ing)?\s+(?:approval|agreement|authority|authorisation|permission|endorsement)\b|"
    r"\bdecision\s+to\s+be\s+taken\s+by\b|\bif\s+(?:approved|agreed|backed)\b|"
    r"\b(?:set\s+to|(?:to\s+)?look(?:s|ing)?\s+at|to\s+explore|exploring|preferred\s+option|"
    r"wants?|plans?|intends?|proposes?|proposed|is\s+set|are\s+set|is\s+expected|are\s+expected|is\s+due|are\s+due|is\s+likely|are\s+likely|"
    r"is\s+considering|are\s+considering|could|would|may|might)\s+(?:to\s+)?(?:be\s+)?\w*")
STRONG_APPROVED = guarded(
    # "The move, if approved by full council, will …": a condition, not an approval
    r"\b(?:RESOLVED|APPROVED|AGREED|resolved\s+that|hereby\s+(?:approve|agree|authorise|authorize|decide|award)|has\s+(?:now\s+)?decided|have\s+(?:now\s+)?decided|decided\s+to|agreed\s+to|(?<![Ii]f\s)(?<![Oo]nce\s)(?<![Uu]nless\s)(?<![Uu]ntil\s)(?<![Ww]hen\s)approved|"
    r"has\s+(?:been\s+)?agreed|were\s+agreed|was\s+agreed|voted\s+(?:to|in\s+favour)|has\s+chosen|have\s+chosen|has\s+awarded|"
    r"have\s+awarded|has\s+been\s+awarded|was\s+awarded|were\s+awarded|(?<!to\sbe\s)awarded|signed|went\s+live|decisions?\s+(?:were|was)\s+taken|"
    r"gave\s+the\s+go[\s-]ahead|(?:been\s+)?given\s+the\s+(?:go[\s-]ahead|green\s+light)|(?:final\s+)?seal\s+of\s+approval|got\s+the\s+go[\s-]ahead|rubber[\s-]stamped|(?<!be\s)(?<!been\s)backed(?!\s+by\b)|voted\s+through|waved\s+through|approves|agrees|wins|won|has\s+won|secured|has\s+secured|outsourced|terminated|handed\s+back|"
    r"approval\s+be\s+given|confirmed|will\s+go\s+ahead|is\s+going\s+ahead|called\s+in|(?<!make\s)(?<!making\s)(?:a|the|its|their)\s+decision\s+to|"
    r"noted\s+(?:that\s+)?(?:the\s+)?(?:\w+\s+){0,3}(?:extension|award|decision|contracts?))\b")
DECISION_CUE = caseless(r"\b(?:RESOLVED|resolved|agreed|approves?|approved|decided|decision|that\s+(?:the\s+)?cabinet|hereby|"
                          r"recommend\w*|chosen|awarded|voted)\b")
VALUE_WORDS = caseless(r"\b(?:contract|worth|value[ds]?|valued|cost|costs|costing|budget|spend|price|total|annual|"
                         r"per\s+annum|a\s+year|deal|award|envelope)\b")
VALUE_CUE_BEFORE = caseless(r"(?:worth|valued\s+at|value\s+of|values?\s+(?:is|was|are|were)|contract\s+value|total\s+value|"
                              r"estimated\s+(?:\w+\s+){0,2}(?:at|of)|cost\s+of|costs?\s+(?:is|was)|at\s+a\s+cost\s+of|priced\s+at|annual\s+value\s+of|"
                              r"lifetime\s+value|budget\s+(?:for\s+the\s+contract|of)|up\s+to|totalling|around|approximately|about|some|c\.|"
                              r"(?:maximum\s+|total\s+)?sum\s+(?:\w+\s+){0,4}?of|not\s+exceeding|not\s+to\s+exceed|maximum\s+of)\s*$")
THRESHOLD = caseless(r"\b(?<!not\s)(?<!worth\s)(?<!valued\sat\s)(?<!value\sof\s)(?:above|exceeds?|exceeding|in\s+excess\s+of|more\s+than|over|threshold\s+of)\s*$")
OLD_VALUE = caseless(r"\b(?:previous|original|old|current|existing)\s+(?:[\w-]+\s+){0,3}?(?:value|contract|deal|term|arrangement)\b")
ORIGINAL_VALUE = caseless(r"\b(?:original|previous|old)\s+(?:contract\s+)?value\b")  # beside a modification's own value
VALUE_LABEL = caseless(r"(?:(?:total|estimated|contract|lifetime|annual|maximum)\s+value(?:\s+of\s+the\s+(?:modification|contract))?(?:\s*\((?:estimated|excluding\s+VAT)\))?|"
                         r"\bvalue|"  # "Value: 388500000.0 GBP", a notice's own field
                         # "the contract value over the full term is estimated to be £12,510k"
                         r"(?:total|overall|maximum|lifetime|estimated|the)\s+(?:contract\s+|framework\s+)value\b[^£.]{0,90}?\s(?:is|was|will\s+be|would\s+be|being)(?:\s+(?:approximately|around|about|estimated\s+(?:at|to\s+be)|up\s+to))?|"
                         r"value\s+of\s+[^£.]{0,90}?\s(?:is|was|will\s+be|would\s+be)(?:\s+(?:approximately|around|about|estimated\s+at))?)\s*:?\s*$")
VALUE_CUE_AFTER = caseless(r"^[\s-]*(?:a[\s-]year\s+|per\s+annum\s+|annual\s+)?(?:contracts?|deals?|frameworks?|tenders?|agreements?|community|"
                             r"home\s+care|care|service|services)\b")
CONTRACT_AFTER = caseless(r"^[\s-]*(?:a[\s-]year\s+|per\s+annum\s+|annual\s+)?(?:[\w'’-]+\s+){0,3}?(?:contract|deal)\b")
NOT_VALUE_AFTER = caseless(r"^\s*(?:a\s+year\s+|annual\s+|per\s+annum\s+)?(?:in\s+)?(?:savings?|gamble|deficit|overspend|shortfall|cut|subsid(?:y|ies)|threshold)|"
                           # "About £357,000 has been spent to date on researching the proposals"
                           r"^\s*(?:has|have|had|was|were)\s+(?:been\s+)?(?:spent|saved|lost|wasted|written\s+off)\b|"
                           # "would cost £600,000 a year more than running the centres itself": a difference
                           r"^\s*(?:a\s+(?:year|month|week)\s+|per\s+(?:annum|year)\s+)?(?:more|less|extra|higher|lower|cheaper|dearer)\b|"
                           r"^\s*(?:[\w-]+\s+){0,3}?(?:replacement|building|capital|investment|refurbishment|regeneration)\s+(?:programme|plan|scheme|project)|^\s*(?:or|and)\s+(?:more|above|over|greater)\b|"
                           r"^\s*of\s+(?:this|it|that|which|the\s+(?:total|cost|budget|contract\s+value))\b")  # a partner's share
NOT_VALUE = caseless(r"\b(?:saving|savings|save|saves|saved|profits?|spending|spends|overspend|deficit|shortfall|fine|fined|fines|penalty|grant|loss|losses|uplift|"
                       r"sell|sells|sold|selling|sale|buy|buys|bought|purchase\s+price|"
                       r"increase|reduction|cut|cuts|pay|salary|salaries|hourly|fee\s+rate|turnover|revenue|profit|additional|extra|"
                       r"further|risks?|set\s+aside|gamble|spend|spent|reserves?|losing|lose|income|paid|annual\s+report)\b[^.£]{0,40}$")
# After a duration: what is left of a contract ("with four months still to run") or the time
# elapsed ("just two years after it was …"), not a term.
REMAINING = caseless(r"\s+(?:still\s+)?(?:left\s+)?(?:to\s+run(?!\s+(?:its|the|their|a|an|this|these|his|her)\b)|remaining|left)\b|\s+(?:after|ago|since|later|earlier|on\s+from)\b")
PAST_DURATION = caseless(r"(?:(?:track\s+record|experience|history)\b[^.;]{0,40}\bfor|after(?:\s+(?:an?|just|only|barely|less\s+than|more\s+than))*|for\s+the\s+(?:past|last)|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last)|almost|nearly|"
                           r"more\s+than|since|ago|previous|first|aged|age|within|up\s+to\s+the|every|"
                           # "under the age of 25 years", "phased out over a 15-month period", "the current 10-year contract"
                           r"age\s+of|(?:phased?|wound|winding|wind)\s+(?:out|in|down)\s+over\s+(?:a|the)|(?:the|its|their)\s+(?:current|existing|previous|old|original))\s*$")
TERM_CUE = caseless(r"(?:initial\s+(?:contract\s+)?(?:term|period)\s+of|for\s+a\s+(?:period|term)\s+of|contract\s+(?:term|length|period)\s+of|"
                      r"term\s+of|(?:runs?|last)\s+for\s+(?:the\s+next\s+)?|for\s+(?:a\s+further\s+)?|£[\d.,]+\s*(?:bn|m|k|million|billion)?\s+over\s+(?:a\s+|the\s+)?)\s*$")
EXTEND_BY = caseless(r"\bextend\w*\s+(?:\w+\s+){0,8}?(?:by|for)\s+(?:a\s+further\s+|another\s+|an\s+additional\s+)?$")
OPTION_WORDING = caseless(r"\b(?:option|options|optional|possible|possibility|potential|potentially|may\s+be|could\s+be|discretion\w*|up\s+to\s+a\s+further)\b")
# "a year-long procurement process": how long the buying took, not the contract
PROCESS_AFTER = caseless(r"(?:-?long)?[\s-]*(?:procurement|tender(?:ing)?|bidding|selection|consultation|review|search|process|negotiations?|dispute|battle|campaign|delay|wait)\b")
TERM_AFTER = caseless(r"^[\s-]*(?:contracts?|deal|term|agreement|framework|arrangement|period)\b")
TERM_CONTEXT = caseless(r"\b(?:contracts?|term|period|tender|deal|agreement|arrangement|extension|extend|waiver|exempt\w*|"
                          r"framework|procure\w*|award\w*|service|for\s+a|run|running|initial|length)\b")
START_CUE = caseless(r"(?:(?:start|starts|starting|started|commence|commences|commencing|commenced|commencement|begin|begins|"
                       r"beginning|go\s+live|goes\s+live|going\s+live|went\s+live|go-live|effective|"
                       r"live\s+(?:in|on|from)|takes?\s+effect|launch(?:es|ed)?|take\s+over|takes\s+over|taking\s+over)\b[^.;\n]{0,30}|\b(?:from|with\s+effect\s+from)\s+(?:the\s+)?)$")
# "service changes, which will be introduced from August 2016", "a 1% annual reduction … from May 2020",
# "Started as a small pilot in October 2012": when something else starts, not the contract.
NOT_CONTRACT_START = caseless(r"\b(?:introduc\w*|changes?|reductions?|increases?|uplifts?|savings?|pilot|fees?|prices?|charges?)\b")
END_CUE_AT = caseless(r"\b(?:providers?|suppliers?|services?|contracts?|arrangements?)\s+(?:up\s+)?(?:to|until)\s+$")  # "… providers to April 2027"
END_CUE = caseless(r"(?:(?:months?|years?|period|extension|arrangement|contract),?\s+(?:up\s+)?to\s*|"
                     r"end|ends|ending|ended|expire|expires|expiring|expiry|until|till|to\s+run\s+until|end\s+date\s+of|"
                     r"coming\s+to\s+an\s+end\s+on|due\s+to\s+end|terminat\w+|conclude|concludes|cease|ceases|up\s+to|"
                     r"through\s+to|runs?\s+to|running\s+(?:to|until)|to\s+the\s+end\s+of|last\s+day|runs?\s+out|ran\s+out)\b[^.;\n]{0,25}$|"
                     # "Its last day of service under the contract will be 30 November 2025"
                     r"\bday\s+of\s+(?:service|trading|operation)\s+(?:under\s+(?:the|its|their)\s+contract\s+)?(?:will\s+be|is|was|would\s+be)\s*$")
STAFF = caseless(r"(?P<num>\b\d{1,3}(?:,\d{3})*(?![\d.,]|\s*(?:%|per\s*cent|percent))|"
                  r"\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
                   r"sixty|seventy|eighty|ninety|hundred)\b)\s+(?:(?:\w+\s+){0,3}?(?:staff|employees|workers|members\s+of\s+staff|"
                   # "360 cleaning, maintenance and parking enforcement staff": the staff of a list of services
                   r"(?:[a-z]+,\s+){1,3}(?:[a-z]+\s+){1,4}?(?:staff|employees|workers)|"
                   r"posts|people|carers|nurses|colleagues|personnel|care\s+workers)|of\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’,-]+\s+){0,6}?workforce)\b")
CLIENTS_AFTER = caseless(r"\s+(?:who|that)\s+(?:currently\s+)?(?:receive|get|use|need|rely|move|are\s+(?:cared|supported|helped))\b")
COUNTERFACTUAL = caseless(r"\b(?:would|could|might)\s+have\s+(?:\w+\s+){0,2}$")
SERVED_BEFORE = caseless(r"\b(?:care\s+of|caring\s+for|support(?:ing|s)?|serv(?:ing|es)|help(?:ing|s)?|for|of|to)\s+"
                         r"(?:around\s+|about\s+|some\s+|over\s+|nearly\s+|almost\s+|more\s+than\s+)?$")
STAFF_WORDS = LOWER.add(("staff", "employees", "workers", "posts", "people", "carers", "nurses", "colleagues", "personnel", "workforce"))
STAFF_CUE = caseless(r"\b(?:transfer\w*|TUPE|moved?|moving|join|joining|brought|bringing|back\s+in[\s-]?house)\b")
SERVICE_NAMED = guarded(
    r"\b(?:(?:the|its|a|an|our|their)\s+(?:current\s+|existing\s+|new\s+|future\s+|proposed\s+|integrated\s+)?|(?<=to\s)new\s+)"
    r"(?:\d+[\s-]year\s+|[a-z]+-year\s+|£[\d.,]+\s*(?:bn|m|k|million|billion)?\s+)?"
    # (an acronym in brackets sits inside a name: "Community Musculoskeletal (MSK) Physiotherapy Service")
    r"(?P<svc>(?:[A-Z][\w&'’@-]*|at|and|of|for|with|in|the|&)(?:[ \t]+(?:[A-Z0-9][\w&'’@-]*|\([A-Z]{2,6}\)(?=[ \t]+(?!(?:[Ss]ervices?|[Cc]ontracts?|[Pp]rovision|[Ff]ramework|[Ss]cheme|[Pp]rogramme)\b)[A-Z])|at|and|of|for|with|in|the|&)){0,8})"
    r"[ \t]+(?P<noun>[Ss]ervices?|[Cc]ontracts?|[Pp]rovision|[Ff]ramework|[Ss]cheme|[Pp]rogramme)\b")
SERVICE_LOWER = guarded(
    r"\b(?:the|its|a|an|our|their|new|existing|current|all)\s+(?:current\s+|existing\s+|new\s+|future\s+|proposed\s+|large\s+|major\s+|"
    r"county-wide\s+|countywide\s+|borough-wide\s+|city-wide\s+|specialist\s+|integrated\s+)*"
    r"(?:\d+[\s-]year\s+|[a-z]+-year\s+|£[\d.,]+\s*(?:bn|m|k|million|billion)?\s+)?"
    r"(?P<svc>(?:[a-z0-9][a-z0-9&'’-]+\s+){0,5}?[a-z][a-z&'’-]+)\s+(?:contract|contracts|service|services|framework|provision)\b")
SERVICE_CAP_FOR = guarded(r"\b(?:contracts?|services?|provision|framework|tender)\s+for\s+(?:the\s+(?:provision|delivery)\s+of\s+)?(?:the\s+)?[\"“‘']?"
                             r"(?P<svc>[A-Z][\w&'’@-]*(?:[ \t]+(?:[A-Z][\w&'’@-]*|at|and|of|for|with|in|the|&|-)){0,10})")
# "bring adult social care services back in house", "extend residential and nursing care for adults".
SERVICE_VERB = guarded(r"\b(?<![-‐])(?:bring|brought|bringing|(?:take|taking|took)(?!\s+place)|return|returning|transfer|transferring|outsource|outsourcing|"
                          r"run|running|provide|providing|deliver|delivering|commission|commissioning|procure|procuring|re-?tender|"
                          r"re-?tendering|extend|extending|is\s+for|are\s+for|(?:management|running|operation)\s+of)\s+(?:all\s+|its\s+|the\s+|their\s+|some\s+|an?\s+(?:new\s+)?|"
                          # "transfer Southampton City Council's leisure services": the owner named first
                          r"(?:[A-Z][\w&-]*\s+){1,4}(?:Council|Trust|Board|Authority)['’]s\s+)?"
                          r"(?!(?:would|will|could|should|may|might|can|is|are|was|were|be|been|has|have|had|not|to|that|which|who)\b)"
                          r"(?P<svc>(?:(?!(?:contracts?|range|number|variety|mix|packages?|wide|variety|across|to|for|with|from|by|in|on|management|running|operation)\b)[a-z][a-z&'’-]+\s+){0,6}(?:care(?:\s+homes?)?|support|services|service|nursing|reablement|advocacy|"
                          # places a council runs for the public: "bring the five leisure centres in-house"
                          r"(?<=\s)(?:leisure|sports?)\s+(?:centres?|facilities)|(?<=\s)(?:day\s+)?centres|(?<=\s)libraries|(?<=\s)swimming\s+pools?))\b")
SERVICE_FOR = guarded(r"\b(?:contracts?|services?|provision|framework|competition|tender|procurement)\s+for\s+(?:the\s+(?:provision|delivery|running|operation|management)\s+of\s+)?"
                         r"(?P<svc>(?:[A-Za-z][\w&'’-]*\s+){0,6}?(?:services?|care(?:\s+homes?)?|support|nursing|advocacy|equipment|reablement|"
                         r"therapies|living|breaks|housing|schemes?))\b")
LEAD_STOP = re.compile(r"^(?:the|a|an|this|that|current|existing|new|whole|entire|overall|same|all|its|their|our|main|largest|"
                       r"principal|core|key|various|several|remaining|previous|former|those|these|such|other|more|some|any|"
                       r"control|charge|responsibility|better|quality|sustainable|high|good|local|vital|essential|back|over|"
                       r"two|three|four|five|six|seven|eight|nine|ten|\d+|years?|months?|inadequate|enhanced|poor|failing|improved|"
                       r"majority|minority|excellent|outstanding|retendered|re-tendered|tendered|commissioned|procured|"
                       r"related|required|relevant|associated|additional|respective|necessary|appropriate|dozens|hundreds|number|"
                       r"range|variety|host|series|suite|package|raft|"
                       # "a contract to run community health services": what is done, then the service
                       r"run|running|deliver|delivering|provide|providing|operate|operating|together|jointly|most|many|much)$", re.I)
SERVICE_STOP = re.compile(r"^(?:the|a|an|this|that|current|existing|new|whole|entire|overall|same|council|contract|"
                          r"procurement|tender|service|services|care|support|provision|health|of|for|and|to)$", re.I)
BIDDER_CUE = re.compile(r"\b(?:bidders?|bids?(?!\s+to\b)|bidding|rivals?|shortlist\w*|competing|competitors?|lost\s+out|beat|saw\s+off|"
                        r"(?:set|poised|due|expected|going)\s+to\s+lose|lost\s+(?:the|a|an|its)|losing\s+(?:the|a|an|its)|"
                        r"seen\s+off|unsuccessful|runner[\s-]up|challeng\w+|tender(?:ed|ers)|in\s+the\s+(?:running|race)|vying|(?:go|went|gone)\s+forward\s+to\s+compete)\b", re.I)
JOINT = re.compile(r"\bjoint(?:ly)?\s+(?:commission\w*|procure\w*|tender\w*|contract\w*)|\b(?:on\s+behalf\s+of|together\s+with|in\s+partnership\s+with)\b", re.I)


ROUNDUP = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a\s+dozen)\s+(?:uk\s+|english\s+|scottish\s+|welsh\s+)?(?:councils|local\s+authorities|providers|trusts|ccgs|icbs|clinical\s+commissioning\s+groups|commissioners)\b|\b(?:half|most|many|some)\s+(?:of\s+)?(?:councils|local\s+authorities)\b|"
                     r"\bsurvey\b|\bfreedom\s+of\s+information\b", re.I)
# "66% of councils that responded reported…": a statistic, never a decision.
# "Care firms cancelling council contracts due to lack of money": a trend, not one decision.
TREND = caseless(r"^\W*(?:care\s+)?(?:firms|providers|companies|councils|operators)\s+(?:are\s+)?(?:cancel|hand|terminat|pull|quit|walk|withdraw|exit)\w*|"
                 # "Councils to consider outsourcing assessments", "Councils could consider …": advice to a sector
                 r"^\W*(?:all\s+)?(?:councils|local\s+authorities|authorities|trusts|icbs|commissioners)\s+(?:could|should|may|might|must|to|will\s+be\s+(?:asked|told|expected)\s+to)\s+(?:\w+\s+)?(?:consider|look\s+at|explore)\b|"
                 r"\b(?:(?:a\s+(?:growing|rising|increasing)\s+number|dozens|scores|hundreds)\s+of|more\s+and\s+more)\s+(?:care\s+|local\s+)?(?:firms|providers|companies|councils|operators|authorities|trusts)\b|"
                 # "Local government outsourcing doubled under the last parliament": a statistic
                 r"\b(?:out|in)[\s-]?sourcing\s+(?:has\s+|have\s+)?(?:doubled|trebled|tripled|halved|rose|rises|risen|fell|falls|fallen|grew|grows|grown|increased|increases|decreased|declined|declines|soared|soars|slumped)\b")
STATISTIC = re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|per\s*cent)\s+of\s+(?:councils|local\s+authorities|providers|respondents|trusts|icbs)\b|"
                       r"\b(?:councils|authorities|providers|respondents)\s+(?:that|who)\s+responded\b", re.I)
# Reported speech and quotes: "He added contracts were being awarded…", "…, she said."
ATTRIBUTED = caseless(r"^(?:he|she|they|it)\s+(?:added|said|told|explained|warned|claimed)\b|[,”\"]\s*(?:he|she|they)\s+(?:added|said)\b|^[“\"]|"
                      r"\b(?:said|says|added|stated|warned|claimed)\s+(?:that\s+)?[“\"]")
FIRST_ITEM = re.compile(r"^\s*(?:\(?(?:i|a|1)\)|1\.|1\s)\s*", re.I)
OPTIONAL = caseless(r"(?:options?\s+(?:of|to|for)|with\s+(?:the\s+|an\s+)?option|possible|optional|up\s+to|plus|additional|"
                      # "had the power to extend NSL's contract … but decided to offer it out to tender"
                      r"(?:power|right|ability|discretion)\s+to|"
                      r"further|discretionary|including|includes|inclusive\s+of)\s+(?:(?!modification|variation)[\w()]+[\s-]+){0,3}$")  # not "includes a modification extending"
WHETHER_TO_EXTEND = caseless(r"\bwhether\s+(?:or\s+not\s+)?to\s+(?:extend|exercise)|\bdelegat\w+[^.]{0,120}\b(?:decision\s+(?:on|to)\s+|option\s+to\s+|right\s+to\s+)extend|"
                             r"\bdelegat\w+[^.]{0,120}\bextend\b[^.]{0,160}\b(?:if|should|where|subject\s+to|in\s+the\s+event|as\s+required|if\s+required|as\s+necessary)\b")
# "The deal can be extended for two periods of eight years": what the contract allows, not an extension.
# "That the option to extend the … contract … be exercised for a further two years": the option is taken
OPTION_EXERCISED = caseless(r"[^.;]{0,160}?\b(?<!not\s)(?:be|been|is|was|are|were|being)\s+(?:exercised|taken\s+up|triggered|invoked|enacted|utilised|activated|used)\b")
MAY_BE_EXTENDED = caseless(r"\b(?:can|could|may|might)\s+(?:also\s+|then\s+|further\s+|each\s+)?be\s+(?:extended|renewed)\b")
# "That the decision for a single 2 year extension after the initial 4 year term be delegated": a later choice
LATER_EXTENSION = caseless(r"\bextension\s+after\s+the\s+(?:initial|first)\b")
# "extend the Equality Outcomes and Mainstreaming Framework", "the extension of its Strategic Plan":
# a body's policy or plan, not a framework agreement or a contract.
POLICY_EXTENDED = caseless(r"(?:extend\w*|extension)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:(?!contract|agreement|service)[\w’'&()-]+\s+){0,4}?"
                           r"(?:equality|equalities|outcomes\s+framework|mainstreaming|policy|policies|strategic\s+plan|strategy|"
                           r"(?:and\s+)?commissioning\s+plan)\b|\b(?:plan|strategy|policy)\s+(?:extension|extended)\b")
def _policy_extended(low: str, m: re.Match) -> bool:
    p = POLICY_EXTENDED.search(low, m.start(), m.end() + 60)
    return p is not None and p.start() < m.end()


AGENDA_SUMMARY = caseless(r"^\s*(?:\d+\.?\s*)?[\[(]?To\s+(?:consider|receive|note)\b")
NAMED_AWARD = re.compile(r"\baward(?:ed)?\s+(?:(?:the|a|this)\s+(?:[\w-]+\s+){0,3}?contracts?\s+)?to\s+(?:the\s+)?"
                         r"(?!(?:Director|Head|Cabinet|Executive|Chief|Assistant|Deputy|Strategic|Corporate|Service|Portfolio|Leader|Officer)\b)"
                         r"[A-Z][\w'’&-]+(?:\s+(?:and|of|&)\s+|\s+)[A-Z]")
DELEGATED = caseless(r"\bdelegat\w+|\bsubject\s+to\b|\bwill\s+be\s+awarded\b|\bto\s+be\s+awarded\b|"
                      r"\bauthori[sz]\w*\s+(?:the\s+)?(?:[\w,&-]+\s+){0,12}?to\s+(?:[\w-]+\s+){0,4}?award\b|"
                      r"\bwith\s+the\s+successful\s+(?:bidder|tenderer|provider|supplier)s?\b")
# "What the Care Act means for the outsourcing of social work": a headline that explains or asks
EXPLAINER = caseless(r"^(?:what|how|why|when|should|could|can)\b|\?\s*$")
# "a contract is awarded to a successful supplier": how a process works, not what was decided
GENERIC = caseless(r"\b(?:a|any)\s+contracts?\s+(?:is|are|will\s+be|may\s+be|can\s+be)\s+awarded\b|"
                   # "Procurement of services is usually done via the portal": how things are done, not a decision
                   r"\b(?:is|are)\s+(?:usually|normally|generally|typically|routinely)\s+(?:done|carried\s+out|undertaken|conducted|procured|awarded|tendered|let|run)\b|\bbefore\s+(?:the\s+)?award\s+of\s+(?:a\s+)?contract\b|"
                   # "Review of Contracts awarded under Exemption from Contract Procedure Rules": a governance report
                   r"\bwaivers?\s+(?:and\s+exemptions?\s+)?(?:report|register|log|update|return)\b|\bexemptions?\s+(?:report|register|log)\b|"
                   r"\b(?:review|report|summary|register|list|schedule|assurance)\s+(?:of|on|in\s+relation\s+to)\s+(?:all\s+)?(?:live\s+|the\s+)?"
                   r"(?:contracts|waivers|exemptions)\s+(?:(?:that|which)\s+(?:had|have)\s+been\s+)?(?:awarded|approved|granted|let|agreed)\b|"
                   r"\bcontracts\s+(?:(?:that|which)\s+(?:had|have)\s+been\s+)?awarded\s+(?:subject\s+to|under|using|via|through)\s+(?:an?\s+)?(?:exemptions?|waivers?)\b|"
                   r"\bto\s+(?:an?|any)\s+successful\s+(?:supplier|provider|bidder|tenderer)\b|"
                   # a forward plan or register: "all contracts listed could proceed to award following tender"
                   r"\ball\s+(?:the\s+)?contracts\s+(?:listed|set\s+out|detailed|included|shown|(?:can|could|may|will|to)\s+proceed)\b|"
                   r"\bawards\s+of\s+(?:the\s+)?contracts\s+(?:referred\s+to|listed|set\s+out)\b|\bforward\s+(?:procurement|contracts?)\s+plan\b|"
                   r"\bcontracts?\s+forward\s+plan\b|\bcontracts?\s+register\b|\bany\s+of\s+(?:these|the|those|its|their)\s+contracts\b")
# "whether the contract was terminated", "for example, ...": a question or an instance, not a decision
HYPOTHETICAL = caseless(r"\b(?:aimed\s+at|attempt\w*\s+to|bid\s+to|tried\s+to|trying\s+to)\s+(?:getting|forcing|force|making|make|get)\s+(?:[\w'’-]+\s+){0,5}$|\b(?:whether|if)\s+(?:or\s+not\s+)?(?:[\w'’-]+\s+){0,8}$|\bfor\s+example,?\s+(?:[\w'’-]+\s+){0,10}$|"
                        # "options include the possibility of transferring …": one option among several
                        # "The strengths of insourcing are said to be …": an options appraisal
                        r"\b(?:strengths?|weakness(?:es)?|benefits?|advantages?|disadvantages?|risks?|pros|cons|merits?|implications?)\s+of\s+(?:[\w'’-]+\s+){0,2}$|"
                        r"\b(?:possibility|prospect)\s+of\s+(?:[\w'’-]+\s+){0,3}$|\bpossible\s+(?:[\w'’-]+\s+){0,2}?(?:costs?|savings?|benefits?|risks?)\s+of\s+$|\b(?:possibility|prospect|chance|risk)\s+that\s+(?:[\w'’-]+\s+){0,5}$|"
                        # "a final decision to award a contract would require a further Cabinet decision": a step to come
                        r"\b(?:final|future|later|further|separate|subsequent)\s+decisions?\s+(?:to|on|about)\s+(?:[\w'’-]+\s+){0,2}$|"
                        # "GP partners … can choose to terminate", "When a partnership resigns their contract": how things work
                        r"\bcan\s+(?:choose|decide|opt|elect)\s+to\s+$|\b(?:when|whenever|if|where)\s+(?:a|an|any)\s+(?:[\w'’-]+\s+){0,3}[‘“']?$|"
                        # "highlights the need to bring these services in-house": what someone thinks should be done
                        r"\b(?:the\s+|a\s+)?need\s+(?:to|for)\s+(?:[\w'’-]+\s+){0,2}$|"
                        # "To ask the Secretary of State on how many occasions providers have handed back contracts"
                        r"\bhow\s+(?:many|much|often)\s+(?:[\w'’-]+\s+){0,8}$|"
                        # "the logical decision would have been to take all care services in-house": what was not done
                        r"\b(?:would|should|could|might)\s+have\s+been\s+(?:to\s+)?(?:[\w'’-]+\s+){0,2}$")
# "Unison has called on the council to bring home care back in-house", "a petition calling for the centres
# to be brought back", "Opposition councillors want the council to stop outsourcing": what those who do
# not decide ask for.
DEMANDED = caseless(r"\b(?<!reject\s)(?<!rejects\s)(?<!rejected\s)(?<!rejecting\s)(?<!refused\s)(?<!resisted\s)(?<!ignored\s)(?<!backed\s)(?<!heeded\s)(?<!accepted\s)"
                    r"(?:calls?|call(?:ed|ing))\s+(?:to|for)\s+(?:[\w'’-]+\s+){0,6}$|\bcall(?:s|ed|ing)?\s+on\s+(?:[\w'’-]+\s+){1,5}?to\s+(?:[\w'’-]+\s+){0,6}$|"
                    r"\b(?:opposition|campaigners?|unions?|unison|gmb|unite|residents|petitioners?|protesters?)\b[^.;]{0,40}\b(?:wants?|urged?|urging|demand\w*)\b[^.;]{0,40}$|"
                    # a campaigner's own words: "We want the council to commit to bringing care back in house"
                    r"\bwe\s+(?:want|urge|demand|are\s+calling\s+(?:on|for))\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?to\s+(?:[\w'’-]+\s+){0,4}$")
# Nothing moves by a decision: "leaders have refused to rule out outsourcing services" decides nothing either way;
# "proposed a ban on any council services being outsourced" is a rule against a move, not one.
NO_MOVE = caseless(r"\b(?:refus\w*|declin\w*|fail\w*|unwilling|would\s+not|won't|did\s+not|does\s+not|not)\s+(?:to\s+)?rule\s+out\s+(?:[\w'’-]+\s+){0,2}$|"
                   # "a perceived lack of evidence to dismiss insourcing the contract": an argument over an option
                   r"\bdismiss\w*\s+(?:[\w'’-]+\s+){0,5}$|"
                   r"\b(?:ban|moratorium|embargo)\s+on\s+(?:any\s+|all\s+|further\s+)?(?:[\w'’-]+\s+){0,5}$|"
                   # "Rather than put the contract out to tender again, the cabinet decided to bring …": the road not taken
                   r"\b(?:rather\s+than|instead\s+of)\s+(?:[\w'’-]+\s+){0,3}$|"
                   # "Across the country, many public services have been outsourced": a trend, nobody's decision
                   r"\b(?:many|most|numerous|several)\s+(?:public\s+|council\s+|local\s+|other\s+)?(?:services|councils|authorities|areas)\s+"
                   r"(?:have\s+(?:already\s+)?(?:been\s+)?|are\s+(?:being\s+)?|were\s+)?$")
# "… after the trust confirmed its intention to terminate" (when the sentence decides something before it)
LEADING_AFTER = caseless(r"\W*(?:\d+[.)]\s*)?(?:following|after)\b[^,;]{0,150}$")
AFTER_CLAUSE = caseless(r"(?<!the\s)\b(?:after|following|follows|followed)\s+(?:[^,;:.()“”\"]|\([^()\n]{1,40}\)){0,90}$")
NOT_VIABLE_AFTER = caseless(r"[^.;]{0,80}?\b(?:was|is|were|are|would\s+be|would\s+not\s+be)\s+(?:not\s+)?(?:considered\s+)?(?:un(?:affordable|viable|sustainable|workable)|"
                            r"not\s+(?:affordable|viable|feasible|possible|practical|practicable|recommended|sustainable|value\s+for\s+money|the\s+preferred\s+option))\b")
# "Deal follows CCG ditching previous contract", "The move comes after …": the story's news,
# then what led to it
NEWS_FOLLOWS = caseless(r"\b(?:deal|contract|award|win|move|decision|announcement|news|appointment|promise|pledge|switch|change)s?\s+"
                        r"(?:(?:has\s+)?(?:also\s+)?(?:comes?|came)\s+after|follows|followed)\b")
# "… left by Care UK, a company which decided to pull out of its contract": what the clause tells of a
# party is background to the sentence's news
BACKGROUND_CLAUSE = caseless(r",\s+(?:(?:an?|the)\s+(?:[\w'’-]+\s+){0,3}?)?(?:which|who)\s+(?:[\w'’-]+\s+){0,6}$")
# "the decision to extend or not to extend the contract": a choice still open, neither way taken
EITHER_WAY = caseless(r"\b(\w+)\s+or\s+not\s+(?:to\s+)?\1\b|\b(\w+)\s+and\s+\2\s+not\b")  # "whether or not to extend", "will and will not be extended"
APPOINTED_BY = caseless(r"\b(?:appointed|chosen|selected|commissioned|contracted|employed|hired)\s+by\s+(?:the\s+)?(?:[\w'’&-]+\s+){0,5}$")
RELATIVE = caseless(r"\b(?:which|who|whose)\b")


@dataclass
class Candidate:
    kind: str
    sentence: Sentence
    start: int
    end: int
    score: float
    past: bool = False
    status: str = "approved"
    status_span: tuple[int, int] | None = None


@dataclass
class Context:
    text: str
    sentences: list[Sentence]
    meta: Meta
    host_council: str | None
    doc_type: str
    cache: dict = field(default_factory=dict)
    council_lookup: Callable[[str], str | None] | None = None  # name -> council name, from the gazetteer
    nhs_lookup: Callable[[str], str | None] | None = None  # "X CCG" -> the NHS body's name, from the gazetteer

    # Found on first use: a page without a candidate decision never pays for them.
    @cached_property
    def orgs(self) -> list[Org]:
        return find_orgs(self.text, self.lower(), self.words())

    @cached_property
    def money(self) -> list[Mention]:
        return find_money(self.text, self.lower())

    @cached_property
    def durations(self) -> list[Mention]:
        return find_durations(self.text, self.lower())

    @cached_property
    def dates(self) -> list[Mention]:
        return find_dates(self.text)

    def word_hits(self, words: tuple[str, ...]) -> dict[int, set[str]]:
        """Index of each sentence containing one of ``words`` (lower-case), with the words found,
        from the page's one pass over every rule's words (``words.PageWords``)."""
        key = ("words", words)
        hits = self.cache.get(key)
        if hits is not None:
            return hits
        hits = {}
        page = self.words()
        starts = self.sentence_starts()
        sents = self.sentences
        for w, at in page.present(words):
            last = -1
            for i in at:
                if i < last:
                    continue  # once per sentence is enough
                k = bisect.bisect_right(starts, i) - 1
                if k >= 0 and i + len(w) <= sents[k].end:
                    hits.setdefault(k, set()).add(w)
                    last = sents[k].end
        self.cache[key] = hits
        return hits

    def words(self) -> PageWords:
        """Where each rule's hint words are on the lower-cased page (one pass for all)."""
        page = self.cache.get("words")
        if page is None:
            page = self.cache["words"] = PageWords(self.lower(), LOWER)
        return page

    def sentence_starts(self) -> list[int]:
        starts = self.cache.get("starts")
        if starts is None:
            starts = self.cache["starts"] = [s.start for s in self.sentences]
        return starts

    def lower(self) -> str:
        """The text lower-cased with offsets kept."""
        low = self.cache.get("lower")
        if low is None:
            low = self.cache["lower"] = lower_same_length(self.text)
        return low


# -- triggers ------------------------------------------------------------------------------
NOW = caseless(r"\b(?:now|today|will|proposed|(?<!had\s)recommend\w*|(?:is|are)\s+(?:due|set|expected|going|planning)\s+to|plans?\s+to|intends?\s+to)\b")
# "not extend", "not to extend", "not seek to extend"
NEGATED = re.compile(r"\b(?:not|no|never|without|nor|cannot|can't|won't)\s+(?:\w+\s+)?(?:to\s+)?$|\b(?:not\s+be\s+able|unable)\s+to\s+$")
# "Cabinet Procurement and Insourcing Committee": a trigger word in the name of the body deciding
BODY_NAME_REST = re.compile(r"[\w'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|&|of|for))*\s+(?:Committee|Sub-Committee|Board|Panel|Forum)\b")


def _direct_award_at(low: str, start: int) -> bool:
    """Whether the award trigger at ``start`` of lower-cased text is a direct award ("direct award",
    "directly awarded")."""
    return low.startswith("direct", start) or low[max(0, start - 9):start].rstrip().endswith(("direct", "directly"))


def find_candidates(ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    n = max(1, len(ctx.sentences))
    stopped_notice = bool(STOPPED_NOTICE_RX.search(ctx.lower(), 0, 600))
    for i, words in sorted(ctx.word_hits(TRIGGER_WORDS).items()):
        s = ctx.sentences[i]
        if s.block in ("rejected", "options", "context"):
            continue
        matches = [(kind, weight, m) for kind, weight, rx in KIND_RULES
                   if not words.isdisjoint(KIND_HINTS[kind]) for m in rx.finditer(s.low)
                   if not (s.text[m.start()].isupper() and BODY_NAME_REST.match(s.text, m.end()))]
        if not matches or OPTION_SENTENCE.search(s.low) or BOILERPLATE.search(s.low):
            continue
        if s.bullet and len(s.text.split()) <= 4 and not _orgs_in(ctx, s):
            continue  # "- contract award" in a list of the stages of commissioning: a word, no decision
        # A short label ("Awarded To"), or a line wrapped before its object ("Looking for approval to
        # recommission three" over "Non-Clinical Sexual Health contracts …"), reads on into the next.
        unfinished = len(s.text) < 80 and s.text.rstrip()[-1:] not in ".!?;:)"
        if not CONTEXT.search(s.low) and not (i and CONTEXT.search(ctx.sentences[i - 1].low)) \
                and not ((len(s.text) < 40 or unfinished) and ((i + 1 < n and CONTEXT.search(ctx.sentences[i + 1].low))
                                                               or (ctx.meta.title and CONTEXT.search(ctx.meta.title.lower())))) \
                and not (s.block == "decision" and ctx.meta.title and CONTEXT.search(ctx.meta.title.lower())):
            continue  # a short label ("Awarded To"), or a page's decision, takes its context from the line it heads or the page's title
        lead = _lead_line(ctx, s)
        if all(_only_noted(s.low, m.start()) for _, _, m in matches) or CONSULTING_LEAD.search(lead):
            continue
        headline = s.line <= 2 and len(s.text) < 160
        if (headline and EXPLAINER.search(s.low)) or GENERIC.search(s.low) or s.low.startswith("to ask "):
            continue  # (a parliamentary question: "To ask His Majesty's Government what assessment …")
        first_item = bool(FIRST_ITEM.match(s.text)) and s.block == "decision"
        first_pos = min(m.start() for _, _, m in matches)
        base = 0.0
        if s.block == "decision":
            base += 3
        if first_item:
            base += 1.5
        if DECISION_CUE.search(s.low):
            base += 1.5
        if headline:
            base += 1.5
        if AGENDA_SUMMARY.match(s.low):
            base -= 2
        recounts = _recounts(ctx, s) and not NOW.search(s.low)
        base -= 1.5 * i / n
        if ctx.doc_type == "news":
            # A story leads with its news: the headline and first paragraph outrank the
            # background, the quotes and the comparisons that follow.
            lede = sum(1 for x in ctx.sentences[:i] if x.line > 2)
            if not headline and lede < 3:
                base += 1.0
            if ATTRIBUTED.search(s.low):
                base -= 1.5
        # "delegated authority to award the contract": a later decision; but "to direct award to
        # Torbay and South Devon Foundation Trust" names the winner and is the decision.
        # So is an item under "Delegates to the Executive Director … the authority:" ("To approve the award").
        delegated = bool(DELEGATED.search(s.low) or (s.block == "decision" and DELEGATED.search(lead))) \
            and not NAMED_AWARD.search(s.text)
        extends_here = any(k == "extend" for k, _, _ in matches)
        # Cheap tests that the costlier clause rules below could match in this sentence at all.
        weighed = "not " in s.low or " un" in s.low
        follows = "follow" in s.low or " after" in s.low
        for kind, weight, m in matches:
            declined = paused = None
            if kind == "award" and extends_here and (_direct_award_at(s.low, m.start()) or DEAL_STRUCK.match(s.low, m.start())):
                # "extend the services … via a direct award", "struck a deal with Acme Care to keep running home
                # care for another 18 months": the award is how it is extended
                continue
            if (kind != "end" or not NEGATIVE_END.search(m.group(0))) and _negated(s.low, m.start()):
                # "The council has decided not to outsource care": the proposal was turned down.
                declined = DECIDED_NOT.search(s.low, max(0, m.start() - 40), m.start()) if kind != "extend" else None
                if declined is None:
                    # "The NHS Choices website will not be outsourced until April next year": put off, not refused.
                    paused = NOT_UNTIL.match(s.low, m.end())
                    if paused is None:
                        continue
            elif kind not in ("end", "extend"):
                # "agree … not to develop a full business case to bring Bon Accord Care back in-house"
                declined = NOT_PURSUED.search(s.low, max(0, m.start() - 90), m.start()) \
                    or ABANDONED_BEFORE.search(s.low, max(0, m.start() - 50), m.start())
            if kind == "extend" and ((OPTIONAL.search(s.low, max(0, m.start() - 40), m.start()) and not OPTION_EXERCISED.match(s.low, m.end()))
                                     or WHETHER_TO_EXTEND.search(s.low)
                                     or MAY_BE_EXTENDED.search(s.low, max(0, m.start() - 20), m.end() + 5) or LATER_EXTENSION.search(s.low, m.start())
                                     or _policy_extended(s.low, m)):
                continue  # an option or a delegated choice to extend later is not an extension
            if EITHER_WAY.search(s.low, max(0, m.start() - 30), min(len(s.low), m.end() + 30)) or (weighed and NOT_VIABLE_AFTER.match(s.low, m.end())):
                continue  # (or an option weighed and found wanting: "bringing the service in house was not affordable")
            if kind == "tender" and CORPORATE_PLAN.match(s.low, m.start()):
                continue  # "That the Procurement Strategy 2024-2028 be approved": the rules for every contract
            if kind == "end" and stopped_notice:
                continue  # "UK12: Procurement termination notice … Termination": the tender was stopped, no contract ended
            if kind == "insource" and m.group(0).startswith("under") and STATUS_QUO.search(s.low, max(0, m.start() - 60), m.start()):
                continue  # "the costs of operating these care homes under Council control": how things are now
            if kind == "insource" and APPOINTED_BY.search(s.low, max(0, m.start() - 80), m.start()):
                continue  # "a provider appointed by St Helens Council to take over": the provider takes over
            # A long sentence can recount one thing and decide another: only what is said near
            # the trigger ("in 2009", "initially") dates it.
            past = (recounts and _recounts(ctx, s, m.start(), m.end())) or _dated_earlier(ctx, s.low, m.end())
            score = weight + base - (4 if past else 0)
            score -= sum(cost for rx, reach, cost, only in FRAMING
                         if only in (None, kind) and rx.search(s.low, max(0, m.start() - reach), m.start()))
            if TO_BE_EXPLORED.match(s.low, m.end(), m.end() + 150):
                score -= 3  # "that an early termination of the contract … be explored": a question opened, not a decision
            after = AFTER_CLAUSE.search(s.low, max(0, m.start() - 100), m.start())
            if (after and any(o.start() < after.start() for _, _, o in matches)) or (follows and NEWS_FOLLOWS.search(s.low, 0, m.start())):
                score -= 1.5  # "began a procurement after the trust chose to terminate": the end led to the news
            elif LEADING_AFTER.match(s.low, 0, m.start()):
                comma = s.low.find(",", m.end())
                if comma > 0 and any(o.start() > comma and k != kind for k, _, o in matches):
                    score -= 2  # "Following the termination of the contract with X, the Director approved a contract with Y"
            if m.start() == first_pos:
                score += 0.8
            if kind == "award" and FUTURE_AWARD.search(m.group(0)) and (
                    PROCURING.search(s.low, 0, m.start()) or (i and PROCURING.search(ctx.sentences[i - 1].low))):
                score -= 2  # "approval be given to procurement to deliver a contract to be awarded to …": its outcome
            if kind == "extend" and NEW_PROVIDER.search(s.low):
                score -= 3  # "a waiver … to award a contract … to Acme Care Ltd, a new provider": no incumbent kept
            if kind == "award" and delegated:
                score -= 2
            if declined is not None and any(k != kind and o.start() > m.end() and BUT_INSTEAD.search(s.low, m.end(), o.start())
                                            for k, _, o in matches):
                score -= 2  # "agreed not to terminate the contract but to extend it": what was done instead is the news
            status, span = _status(ctx, s, m.start())
            if declined is not None:
                status, span = "rejected", (s.start + declined.start(), s.start + declined.end())
            elif paused is not None:
                status, span = "deferred", (s.start + paused.start(), s.start + paused.end())
            out.append(Candidate(kind, s, s.start + m.start(), s.start + m.end(), score, past, status, span))
    return out


NOTED_ONLY = caseless(r"\b(?:be|been|is|are|was|were)\s+noted\b|\bnoted\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?contracts\s+(?:awarded|let|extended|listed|agreed)\b|\bnoted\s+the\s+(?:[\w/-]+\s+){0,4}?(?:report|update|contents|progress|position|performance|journey|"
                     r"statement|intentions|register|timetable|plan)\b")
NOTED_WITH_DECISION = caseless(r"\b(?:approv\w*|agreed?|endorse\w*|authoris\w*|resolved\s+to|decided|decision\s+(?:taken|made))\b")


# The items of one resolution: "(1) That … ; (2) That …"
RESOLUTION_ITEM = re.compile(r";\s*(?:and\s+)?(?:\(?[a-z0-9]{1,3}\)\s*)?|\s\([a-z0-9ivx]{1,4}\)\s")


def _only_noted(low: str, pos: int | None = None) -> bool:
    """"That the update on the 2017 contract award be noted": information, not a decision. Given a
    trigger's position, only its own resolution item counts: "(1) That the option to extend … be
    exercised …; (2) That the annual contract value be noted"."""
    if pos is not None and NOTED_ONLY.search(low):
        starts = [m.end() for m in RESOLUTION_ITEM.finditer(low, 0, pos)]
        after = RESOLUTION_ITEM.search(low, pos)
        low = low[starts[-1] if starts else 0:after.start() if after else len(low)]
    return bool(NOTED_ONLY.search(low)) and not NOTED_WITH_DECISION.search(low)


DECIDED_NOT = caseless(r"\b(?:decided|decides|decision|agreed|agrees|voted|opted|chose|resolved|determined)\s+(?:\w+\s+){0,2}?not\s+to\s+(?:\w+\s+)?$")
NOT_UNTIL = caseless(r"(?:\s+[\w'’-]+){0,4}?\s+until\b")
NOT_PURSUED = caseless(r"\bnot\s+to\s+(?:develop|pursue|progress|proceed\s+with|explore|take\s+forward|prepare|commission|seek)\s+"
                       r"(?:a\s+|the\s+|any\s+|further\s+)?(?:[\w-]+\s+){0,4}?(?:to|for|on|into)\s+(?:[\w-]+\s+){0,2}$")
# "plans to abandon the private sector outsourcing of bin collections": the move itself dropped.
ABANDONED_BEFORE = caseless(r"\b(?:scrap|scraps|scrapped|scrapping|abandon|abandons|abandoned|abandoning|ditch|ditched|ditching|shelve|shelved|shelving)\s+"
                            r"(?:the\s+|its\s+|their\s+|a\s+|any\s+)?(?:[\w'’-]+\s+){0,3}$")
STANCE = caseless(r"\b(?:opposed?|opposes|opposing|opposition\s+to|against|campaign\w*\s+against|fight\w*\s+against|concerns?\s+(?:about|over))\s+"
                  r"(?:the\s+|any\s+)?(?:\w+\s+){0,2}?(?:plans?|moves?|proposals?|attempts?|bids?)\s+(?:to|for)\s+(?:\w+\s+){0,2}$|"
                  # "the 'logical decision' would have been to take all care in-house": what was not done
                  r"\b(?:would|should|could|might)\s+have\s+(?:been\s+(?:to\s+)?|had\s+to\s+)?(?:\w+\s+){0,3}$|\bought\s+to\s+have\s+(?:\w+\s+){0,2}$|"
                  r"\bfollow(?:ed)?\s+the\s+(?:example|lead)\s+of\b[^.]{0,120}$|"
                  # "CAMPAIGNERS fighting to stop community health services being run by …": what they want
                  r"\b(?:campaign\w*|fight\w*|lobby\w*|petition\w*)\s+(?:\w+\s+)?to\s+$")
# What the words just before a trigger make of it, each with how far back it reaches and what it
# costs: a stance ("has long opposed plans to outsource"), a question or an aim ("whether …",
# "aimed at getting …"), a clause of background about a party (", a company which …").
# "A deal to outsource public health services … has been terminated": the trigger names what
# the deal was; the sentence's own verb says what was done to it.
DEAL_TO = caseless(r"\b(?:an?|the)\s+(?:[\w£.,'’-]+\s+){0,3}?(?:deal|contract|agreement|arrangement)\s+to\s+$")
PROCURING = caseless(r"\b(?:procure\w*|procurement|re-?procurement|tender\w*|re-?tender\w*)\b")
FUTURE_AWARD = caseless(r"\b(?:to\s+be|will\s+be|would\s+be|shall\s+be)\s+awarded\b")
STOPPED_NOTICE = r"\bprocurement\s+termination\s+notice\b|\buk12\b"  # a UK12 notice: a procurement stopped
STOPPED_NOTICE_RX = caseless(STOPPED_NOTICE)
STATUS_QUO = caseless(r"\b(?:operat(?:e|es|ed|ing)|run(?:s|ning)?|managed|currently|costs?\s+of|remains?|stays?)\b[^.;]{0,40}$")
NEW_PROVIDER = caseless(r"(?:,\s+|\bto\s+)(?:a|an)\s+(?:new|alternative|different)\s+(?:provider|supplier|operator)\b|\bnot\s+the\s+(?:current|existing|incumbent)\s+provider\b")
# "That the procurement strategy …, to enter into a new contract …, be agreed": the award is its aim.
PROCUREMENT_AIM = caseless(r"\b(?:procurement|tender|commissioning)\s+(?:strategy|plan|approach|route|exercise|process)\b[^.;]{0,90}?\bto\s+$")
# "That a grant of £0.277m be awarded to Citizens Advice": a grant, not a contract.
GRANT_AWARDED = caseless(r"\bgrants?\s+(?:funding\s+)?(?:of\s+)?(?:up\s+to\s+)?(?:£[\d.,]+\s*(?:m|k|bn|million)?\s+)?(?:\w+\s+){0,2}?(?:be\s+|was\s+|were\s+|is\s+|has\s+been\s+|have\s+been\s+|being\s+)?$")
# (rule, how far back it reaches, cost, the one kind it applies to or None for all)
# "The agreed price for the contract extension period … is £20.5m": what an extension costs, told
# as a figure; the decision to extend is told elsewhere, or was taken before.
PRICED = caseless(r"\b(?:price|prices|cost|costs|value|rate|rates|fee|fees|spend|budget)\s+(?:for|of|during|in|over)\s+(?:the\s+|this\s+|any\s+)?(?:[\w-]+\s+){0,2}?$")
# "Cabinet also agreed to extend the dynamic purchasing system", "Furthermore, agree to extend the
# existing DPS": a decision beside the main one
ALSO = caseless(r"\b(?:also|furthermore|additionally|in\s+addition)\b,?\s+(?:[\w'’-]+\s+){0,3}$")
TO_BE_EXPLORED = caseless(r"[^.;]*?\b(?:be|being|is|are)\s+(?:further\s+)?(?:explored|investigated|looked\s+into|examined|scoped|considered\s+further)\b")
FRAMING = ((STANCE, 60, 2.5, None), (ALSO, 40, 1.5, None), (PRICED, 50, 3, "extend"), (HYPOTHETICAL, 80, 3, None), (NO_MOVE, 60, 6, None), (DEMANDED, 90, 6, None), (BACKGROUND_CLAUSE, 90, 2.5, None), (DEAL_TO, 60, 2, None),
           (GRANT_AWARDED, 60, 4, None), (PROCUREMENT_AIM, 110, 2, "award"))
YEAR = guarded(r"\b(?:19|20)\d\d\b")


def _doc_year(ctx: Context) -> int | None:
    """The document's own year: its meeting or publication date, else the latest year it names."""
    if "year" not in ctx.cache:
        d = ctx.meta.decision_date or ctx.meta.published
        years = [int(y) for y in YEAR.findall(ctx.text)] if not d else []
        ctx.cache["year"] = int(d[:4]) if d else (max(years) if years else None)
    return ctx.cache["year"]


STARTS_ON = caseless(r"\b(?:commenc\w*|start(?:s|ing)?|begin(?:s|ning)?|go(?:es)?\s+live|going\s+live|effective)\s+$")
BECAUSE = caseless(r"\bbecause\b")
RECOUNT_REACH = 200


def _recounts(ctx: Context, s: Sentence, pos: int | None = None, end: int | None = None) -> bool:
    """Whether a sentence (or, given a trigger's position in it, the words around the trigger)
    recounts an earlier event ("previously", "in 2016" on a 2024 page)."""
    lo, hi = (0, len(s.low)) if pos is None else (max(0, pos - RECOUNT_REACH), pos + RECOUNT_REACH)
    for m in PAST.finditer(s.low, lo, hi):
        # "won the tender over a consortium, which had previously delivered care": the past is another's
        if pos is not None and m.end() < pos and MAIN_CLAUSE_DECIDES.search(s.low, m.end(), pos):
            continue  # "Following the decision of X to hand back its contract, the Director approved an urgent award"
        if pos is not None and m.start() > pos and LATER_CLAUSE.search(s.low, pos, m.start()):
            continue  # "has awarded a contract to Y after terminating its deal with X last year": the past is the clause's
        # ("contracts held by six providers, which were extended last year": the trigger is the clause's own)
        if pos is None or m.start() < pos or not RELATIVE.search(s.low, max(pos, end or pos), m.start()):
            return True
    ref = None
    for m in PAST_DATE.finditer(s.low, lo, hi):
        if STARTS_ON.search(s.low, max(0, m.start() - 30), m.start()):
            continue  # "to commence on 1st September 2014": when the contract starts, however the page is dated
        if pos is not None and m.start() > pos and BECAUSE.search(s.low, pos, m.start()):
            continue  # "… the extension because Fresh Community Meals had provided meals since 2005": the firm's history
        if pos is not None and m.start() > pos and _starts_then(s.low, m):
            continue
        ref = ref if ref is not None else _doc_year(ctx)
        if ref is None or int(m.group("year")) < ref:
            return True
    return False


LATER_CLAUSE = caseless(r"\b(?:after|following|since|once|because)\b")
# A leading clause closed by a comma, then a main clause that decides: the past belongs to the lead.
MAIN_CLAUSE_DECIDES = caseless(r",\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,5}?(?:approved|agreed|resolved|decided|authorised|approves|agrees|resolves|decides)\b")
DEAL_STRUCK = caseless(r"(?:struck|strikes|agreed|agrees|signed|signs|reached|reaches)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:deal|agreement)\b")
BUT_INSTEAD = caseless(r"\bbut\b|\binstead\b|\brather\b")
NEGATIVE_END = re.compile(r"\b(?:not|no|never|without)\b")  # an ending phrased as a refusal: "decided not to extend"


SPACES = re.compile(r"\s*")


def _starts_then(low: str, m: re.Match) -> bool:
    """Whether a past-looking date of a sentence that looks ahead is when its move starts: "will take
    back control of cleaning from 1 October 2026" on a page that names 2027."""
    return m.group(0).startswith("from") and bool(NOW.search(low))


def _dated_earlier(ctx: Context, low: str, end: int) -> bool:
    """Whether a trigger is dated, right after it, to a year before the page's own ("were awarded
    on the 2 June 2014 … and have now been extended"): a "now" later in the sentence is another
    clause's."""
    m = PAST_DATE.match(low, SPACES.match(low, end).end())
    if m is not None and _starts_then(low, m):
        return False
    ref = _doc_year(ctx) if m else None
    return m is not None and ref is not None and int(m.group("year")) < ref


def _negated(low: str, pos: int) -> bool:
    return bool(NEGATED.search(low[max(0, pos - 25):pos]))


OPTION_TAKEN = caseless(r"\b(?:use|using|exercis\w+|tak(?:e|es|ing|en)\s+up|trigger\w*|invok\w+|enact\w*|utilis\w+|activat\w+|implement\w*)\s+"
                        r"(?:of\s+)?(?:the\s+|an?\s+|its\s+)?(?:[\w-]+\s+){0,3}$")
ANOTHER_CLAUSE = caseless(r"\b(?:after|because|since|when|following|which|who|whose|as\s+(?:the|it|they))\b")
PROPOSED_LABEL = re.compile(r"\s*(proposed\s+decisions?|decisions?\s+(?:required|sought|to\s+be\s+(?:taken|made)))\s*:")


REPORTED = caseless(r"\b(?:said|says|confirmed|confirms|announced|revealed|told)\s+(?:that\s+)?(?:[\w'’-]+\s+){0,8}?$")


def _reported_would(low: str, m: re.Match) -> bool:
    return m.group(0).startswith("would") and bool(REPORTED.search(low, max(0, m.start() - 80), m.start()))


PLAN_FATE_NOT = re.compile(r"\b(?:not|never|yet\s+to\s+be|before|until|if|unless|whether)\b[^.;]{0,20}$")
LEAD_PROPOSES = caseless(r"\b(?:is|are|be)\s+(?:recommended|asked|requested|invited)\s+to\s*:?[ \t]*$|"
                         r"\bdecision\s+to\s+be\s+taken\s+by\b[^.\n]{0,120}\bto\s*:?[ \t]*$|"
                         # "Made the following recommendations to the next meeting of the Policy and Resources Committee:"
                         r"\brecommendations?\s+to\s+(?:the\s+)?(?:next\s+meeting\s+of\s+(?:the\s+)?)?[^.:]{3,80}?:\s*$|"
                         # "a recommendation from the Health Improvement Committee … that the Policy and Strategy Committee agree:-"
                         r"\brecommendations?\s+from\s+(?:the\s+)?[^.:]{3,160}?\bthat\s+(?:the\s+)?[^.:]{3,80}?\s+(?:agrees?|approves?)\s*:-?\s*$")
# The opening of a resolution put to another body: "That the Policy and Resources Committee agrees that:"
RESOLUTION_OPENING = caseless(r"^\s*that\s+the\s+[^.:\n]{3,80}?\s+(?:agrees?|approves?|resolves?)\s+(?:that\s*)?:\s*$")
ITEM_LINE = re.compile(r"[ \t\xa0]*(?:[•·▪\-–*]|\(?[a-z0-9]{1,3}[.)])")


# "Consultations were currently on-going regarding:" over "· Stopping the council's Mobile Meals
# service": what is being consulted on is not yet decided.
CONSULTING_LEAD = caseless(r"\bconsult\w*\b[^.\n]{0,80}\b(?:regarding|on|about|into|concerning|includ\w*|following)\s*:?\s*$")


def _lines_above_item(ctx: Context, s: Sentence, limit: int = 12):
    """``(start, lower-cased line)`` for the lines above the list item that ``s`` opens, nearest
    first; nothing when ``s`` opens no list item."""
    low = ctx.lower()
    line_start = low.rfind("\n", 0, s.start) + 1
    if not ITEM_LINE.match(low, line_start):
        return
    pos = line_start - 1
    for _ in range(limit):
        if pos <= 0:
            return
        prev_start = low.rfind("\n", 0, pos) + 1
        yield prev_start, low[prev_start:pos]
        pos = prev_start - 1


def _lead_line(ctx: Context, s: Sentence) -> str:
    """The lower-cased line a list item hangs from ("" when the sentence is no list item)."""
    for _, line in _lines_above_item(ctx, s):
        if line.strip() and (not ITEM_LINE.match(line) or line.rstrip().endswith(":")):
            return line  # (a numbered paragraph can lead a list: "32. … consultations were open regarding:")
    return ""


def _list_lead_proposes(ctx: Context, s: Sentence) -> tuple[int, int] | None:
    """Where a list item's lead line says its items are recommended ("… is recommended to:")."""
    key = ("lead", s.start)
    if key in ctx.cache:
        return ctx.cache[key]
    found, opened = None, False
    for prev_start, line in _lines_above_item(ctx, s):
        m = LEAD_PROPOSES.search(line)
        if m:  # "2.1 Executive Board is recommended to:" (a numbered paragraph can lead a list)
            found = (prev_start + m.start(), prev_start + m.end())
            break
        if line.strip() and not ITEM_LINE.match(line):
            if RESOLUTION_OPENING.match(line) and not opened:
                opened = True
                continue
            # A lead wrapped over lines is read as the sentence it ends.
            sent = _sentence_of(ctx, prev_start + len(line) - len(line.lstrip()))
            m = LEAD_PROPOSES.search(sent.low) if sent is not None and sent.start < prev_start else None
            if m:
                found = (sent.start + m.start(), sent.start + m.end())
            break
    ctx.cache[key] = found
    return found


ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|this|these)\s+$")


def _status(ctx: Context, s: Sentence, pos: int) -> tuple[str, tuple[int, int] | None]:
    t = s.text
    key = ("status", s.start)
    if key not in ctx.cache:
        ctx.cache[key] = ({name: STATUS_RULES[name].search(s.low) for name in ("rejected", "deferred", "proposed")},
                          list(STRONG_PROPOSED.finditer(s.low)), list(STRONG_APPROVED.finditer(t)))
    plain, all_p, strong_a = ctx.cache[key]
    for name in ("rejected", "deferred"):
        m = plain[name]
        if m and m.start() > pos and ANOTHER_CLAUSE.search(s.low, pos, m.start()):
            # "putting its services out to tender after the trust managing them refused to accept cuts":
            # the refusal is another party's, in a clause of its own.
            m = next((x for x in STATUS_RULES[name].finditer(s.low) if x.start() < pos), None)
        if m:
            return name, (s.start + m.start(), s.start + m.end())
    lead = _list_lead_proposes(ctx, s)
    if lead is not None:
        # "Executive Board is recommended to: • (a) That Executive Board approves the award …":
        # each item is what the board is asked to do.
        return "proposed", lead
    m = PROPOSED_LABEL.match(s.low)
    if m:
        # "Proposed decision: award …, approve …": a forward plan's entry, its verbs all proposed.
        return "proposed", (s.start + m.start(1), s.start + m.end(1))
    # "The council said it would begin …", "confirmed the contract would end": reported speech
    # tells what was decided; its "would" is the tense of the report, not a proposal.
    strong_p = [m for m in all_p if m.start() <= pos + 40 and not _reported_would(s.low, m)]
    if strong_p and strong_a:
        # The cue nearest before the trigger governs it: "RESOLVED that X be recommended to agree".
        p_near = max((m for m in strong_p if m.start() <= pos), key=lambda m: m.start(), default=strong_p[0])
        a_near = max((m for m in strong_a if m.start() <= pos), key=lambda m: m.start(), default=None)
        attributive = p_near.group(0).startswith("proposed ") and ATTRIBUTIVE.search(s.low, max(0, p_near.start() - 8), p_near.start())
        if (p_near.group(0).startswith("plan") or attributive) and p_near.start() < pos:
            # "Plans to outsource home care confirmed", "plans to X will go ahead", "was given its
            # final seal of approval as councillors debated plans to privatise …", "noted the
            # consultation on the proposed closure … and agreed to the closure": the plans' fate
            fate = a_near or next((m for m in strong_a if m.start() > pos), None)
            if fate is not None and not PLAN_FATE_NOT.search(s.low, max(0, fate.start() - 25), fate.start()):
                return "approved", (s.start + fate.start(), s.start + fate.end())
        if a_near is None or p_near.start() > a_near.start() or re.search(r"recommended\s+to|asked\s+to", p_near.group(0), re.I) \
                or (p_near.group(0).startswith(("it is recommended", "recommend")) and " that " in s.low[p_near.start():a_near.start()]):
            # "It is recommended that the Cabinet agrees to …": the agreeing is what is recommended.
            return "proposed", (s.start + p_near.start(), s.start + p_near.end())
        return "approved", (s.start + a_near.start(), s.start + a_near.end())
    if strong_p:
        return "proposed", (s.start + strong_p[0].start(), s.start + strong_p[0].end())
    if strong_a:
        return "approved", (s.start + strong_a[0].start(), s.start + strong_a[0].end())
    m = plain["proposed"]
    if m and ATTRIBUTIVE.search(s.low, max(0, m.start() - 8), m.start()):
        # "That the recommended option for re-tendering … be supported and endorsed": the option is endorsed.
        fate = STATUS_RULES["approved"].search(s.low, m.end())
        if fate is not None:
            return "approved", (s.start + fate.start(), s.start + fate.end())
    if m and not _reported_would(s.low, m):
        return "proposed", (s.start + m.start(), s.start + m.end())
    if ctx.meta.page_status:
        return ctx.meta.page_status, ctx.meta.page_status_span
    if ctx.doc_type == "report":
        return "proposed", None
    return "approved", None


# -- events --------------------------------------------------------------------------------
def _rank(cands: list[Candidate]) -> tuple[dict[str, list[Candidate]], list[str], dict[str, float]]:
    by_kind: dict[str, list[Candidate]] = {}
    for c in cands:
        by_kind.setdefault(c.kind, []).append(c)
    kind_score = {k: max(c.score for c in cs) + 0.2 * min(len(cs) - 1, 2) for k, cs in by_kind.items()}
    return by_kind, sorted(kind_score, key=lambda k: -kind_score[k]), kind_score


FALLBACK_CONTEXT = caseless(r"\b(?:contracts?|tender\w*|procure\w*|providers?|framework|agreement|commission\w*|in[\s-]?house|outsourc\w*|mutual)\b")
NOT_CONTRACT = caseless(r"\b(?:planning\s+(?:permission|application)|fee\s+(?:uplift|rates?|levels?|increase)|council\s+tax|precept|budget\s+setting|"
                        r"financial\s+support|(?:grant|loan)\s+(?:funding|support)|"
                        # "signed off by Legal, Procurement and Finance Officers": a department, not a procurement
                        r"(?:legal|finance|procurement),\s+(?:legal|finance|procurement)\b|procurement\s+(?:officers?|team|colleagues|manager|lead)s?|"
                        r"non-?complian\w+|(?:report|update)\s+on\s+(?:the\s+)?waivers?\b|waivers?\s+(?:report|register)|"  # a governance report on "waivers and non-compliances"
                        # a body's own rules varied or extended ("the variation to Annex 1 of the Constitution")
                        r"(?:ccg['’]s\s+|council['’]s\s+|the\s+)constitution|scheme\s+of\s+delegation|terms\s+of\s+reference|quoracy|quorum)\b")


# "Outsourcing firm reports profits": a kind of company, not a decision to outsource.
OUTSOURCER = caseless(r"\boutsourc\w*\s+(?:firm|giant|company|group|specialist|business|contractor|companies|firms|groups)\b")


ASKS_HOW = caseless(r"\b(?:how|why|what)\b[^.;]{0,60}$")


# "Contract Procedure Rules and Procurement Strategy": the rules every contract follows, not a
# contract; but "a waiver of Contract Procedure Rules" keeps or lets one.
PROCUREMENT_RULES = caseless(r"\bcontract\s+procedure\s+rules\b|\bcontract\s+standing\s+orders\b|\bprocurement\s+(?:strategy|policy|rules)\b(?!\s+for\b)")
CORPORATE_PLAN = caseless(r"(?:procurement|commissioning)\s+(?:strategy|plan|policy)\s+(?:(?:19|20)\d\d\s*(?:[-–/]\s*(?:19|20)?\d\d)?|for\s+(?:the\s+)?(?:council|authority|period)\b)")
WAIVED = caseless(r"\bwaiv\w*|\bexempt\w*|\bexception\b")


# A procurement record page lists its releases newest first: "This public procurement record has 4
# releases in its history. / Award / 04 Sep 2025 …": the newest release says where the process stands.
RELEASE_STAGE = caseless(r"\bpublic\s+procurement\s+record\s+has\s+\d+\s+releases?\s+in\s+its\s+history\.?\s*\n\s*"
                         r"(?P<stage>award|contract|tender|planning(?:\s*update)?|planningupdate)\b")
STAGE_KIND = {"award": ("award", "approved"), "contract": ("award", "approved"), "tender": ("tender", "approved")}


IN_HOUSE_ATTRIBUTE = caseless(r"in[\s-]?house\s+(?!(?:from|by|when|in|on|at|as|after|for|to|and|or|but|with|under|again|permanently|once|is|are|was|were|will|would)\b)[a-z]")


def fallback_candidates(ctx: Context) -> list[Candidate]:
    """When no kind rule fires: a headline, lede or decision sentence that speaks of a contract
    and of deciding, read by its words alone (rules.toml [fallback]). Weaker than any rule."""
    out: list[Candidate] = []
    m = RELEASE_STAGE.search(ctx.lower(), 0, 3000)
    s = _sentence_of(ctx, m.start("stage")) if m else None
    if s is not None:
        a, b = m.span("stage")
        kind, status = STAGE_KIND.get(m.group("stage"), ("tender", "proposed"))  # a planning release: a tender to come
        out.append(Candidate(kind, s, a, b, 3.0, False, status, (a, b)))
    for i, s in enumerate(ctx.sentences):
        if i >= 4 and s.block != "decision":
            continue
        if s.block in ("rejected", "options", "context") or not FALLBACK_CONTEXT.search(s.low) or NOT_CONTRACT.search(s.low) \
                or OUTSOURCER.search(s.low) or (PROCUREMENT_RULES.search(s.low) and not WAIVED.search(s.low)) \
                or POLICY_EXTENDED.search(s.low) or _only_noted(s.low):
            continue
        headline = s.line <= 2 and len(s.text) < 160
        if not (headline or DECISION_CUE.search(s.low) or STRONG_APPROVED.search(s.text) or STRONG_PROPOSED.search(s.low)):
            continue
        if OPTION_SENTENCE.search(s.low) or BOILERPLATE.search(s.low) or GENERIC.search(s.low) or _recounts(ctx, s):
            continue
        if headline and EXPLAINER.search(s.low):
            continue
        hits = {kind: [s.low.find(w) for w in words if w in s.low] for kind, words in FALLBACK.items()}
        # "the proposed changes to In-house day services": services the council runs now, not a move in house
        if "insource" in hits:
            hits["insource"] = [p for p in hits["insource"] if not IN_HOUSE_ATTRIBUTE.match(s.low, p)]
        kind = max(hits, key=lambda k: len(hits[k]))
        if not hits[kind]:
            continue
        pos = min(hits[kind])
        if kind != "end" and _negated(s.low, pos):
            continue
        if NO_MOVE.search(s.low, max(0, pos - 60), pos) or DEMANDED.search(s.low, max(0, pos - 90), pos):
            continue  # "refused to rule out outsourcing", "want the council to stop outsourcing": nothing moved
        if s.text.rstrip().endswith("?") or ASKS_HOW.search(s.low, max(0, pos - 60), pos):
            continue  # "Need to explore how the procurement exercise proceeded": a scrutiny question
        status, span = _status(ctx, s, pos)
        score = 2.0 + (1.0 if s.block == "decision" or headline else 0.0)
        out.append(Candidate(kind, s, s.start + pos, s.start + pos + 1, score, False, status, span))
    return out


# "CCGs poised for wave of retendering", "A growing number of councils are …": a story of many bodies.
MANY_BODIES = caseless(r"\W*(?:a\s+(?:growing|rising|large|small|record)\s+number\s+of\s+|more\s+|most\s+|many\s+|some\s+|\d+\s+)?"
                       r"(?:ccgs|icbs|councils|local\s+authorities|trusts|commissioners|clinical\s+commissioning\s+groups|care\s+firms|care\s+providers)\b")
# The words of a survey or trend story, whose "decisions" are nobody's in particular.
TREND_PIECE = caseless(r"\b(?:survey\w*|research|think[\s-]tank|(?:per\s+cent|percent)\s+(?:of\s+(?:all\s+|the\s+)?(?:councils|local\s+authorities|providers|respondents|trusts|ccgs|icbs|commissioners|firms|operators|care\s+homes|contracts)|(?:rise|increase|fall|drop)\b)|increasingly|on\s+the\s+rise|trend\w*|analysis\s+(?:of|by)|figures\s+show)\b|"
                       # an opinion column: "Comment: Outsourcing's long goodbye is not what it seems"
                       r"^\W*(?:comment|opinion|viewpoint|column|analysis|blog|letters?)\s*[:|–-]")


INSOURCE_OVER_END = 1.5
EXTEND_OVER_DIRECT_AWARD = 2.5
LOSS_OVER_END = 2.0
# A story of a contest: a contract lost in it went to someone else.
# The words of a contest; a story "of a contest" also counts its tenders, an award "contested" only a contest held.
CONTEST_WORDS = r"won|wins|winning|beat|bids?|bidder\w*|bidding|rival\w*|competitive|competition"
COMPETED = caseless(rf"\b(?:tender\w*|re-?tender\w*|procure\w*|awarded\s+to|{CONTEST_WORDS})\b")
WAIVER_TRIGGER = caseless(r"(?:waiv|exempt)")
DIRECT_AWARD = caseless(r"\bdirect(?:ly)?[\s-]+award")
PSR_REACH = 500  # the regime named beside the award, not for a procurement to come
PSR_PROCESS = re.compile(r"(?i:\bprovider\s+selection\s+regime\b|\bmost\s+suitable\s+provider\b)|\bPSR\b|(?i:\bdirect\s+award\s+(?:process\s+)?)[ABC]\b")


def _near_regime(ctx: Context, c: Candidate) -> bool:
    """Whether the Provider Selection Regime is named beside a trigger."""
    return bool(PSR_PROCESS.search(ctx.text, max(0, c.start - PSR_REACH), c.end + PSR_REACH))
STILL_RUNNING = caseless(r"\b(?:existing|current|incumbent|present)\s+(?:[\w-]+\s+){0,4}?(?:provider|supplier|contract|service|arrangement|agreement|operator)s?\b|"
                         r"\bextend\w*|\bextension|\bcontinu\w*|\bre-?award|\bexpir\w*")
INTERIM_TRIGGER = caseless(r"interim\s+(?:contract|arrangement|agreement)")
# "the existing contracts expired … the current suppliers are working at risk" keeps them; a page that
# says the provider is leaving, or names a new one, lets the contract to someone else.
PROVIDER_CHANGE = caseless(r"\b(?:new|alternative|different|replacement)\s+(?:provider|supplier|operator|contractor)s?\b|"
                           r"\b(?:handed|hand|hands|handing)\s+back\b|\bceased\s+trading\b|\b(?:insolven\w+|administration|liquidation)\b|"
                           r"\b(?:withdr[ae]w\w*|pull(?:ed|ing|s)?\s+out|exit(?:ed|ing|s)?\s+the\s+market|serv(?:ed|es|ing)\s+notice)\b")
IN_HOUSE_NAMED = caseless(r"\b(?:in[\s-]?house|directly[\s-](?:provided|run|delivered|managed)|council[\s-](?:run|operated|provided|managed))\b")
# The firm an award names is the one holding the contract now, or carries on running the service.
INCUMBENT = r"\b(?:existing|current|incumbent|present)\s+(?:service\s+|care\s+)?(?:provider|supplier|operator|contractor)s?\b"
KEEPS_INCUMBENT = caseless(INCUMBENT)
INCUMBENT_KEPT = caseless(INCUMBENT + r"|"
                          r"\b(?:continue|continues|continuing)\s+to\s+(?:run|provide|deliver|operate)\b|\bkeep\s+(?:running|providing|delivering)\b|"
                          r"\bwithout\s+(?:a\s+|any\s+)?(?:competition|tender|competitive)")
OVER_INCUMBENT = caseless(r"\b(?:over|from|replac\w*|instead\s+of|rather\s+than|beat\w*|ahead\s+of)\s+(?:the\s+|its\s+|their\s+)?$")


def _keeps_incumbent(low: str) -> bool:
    """Whether a sentence names the firm it lets a contract to as the one holding it now ("over existing
    providers East Sussex Healthcare Trust" names the firm displaced, not the one kept)."""
    return any(not OVER_INCUMBENT.search(low, max(0, m.start() - 25), m.start()) for m in INCUMBENT_KEPT.finditer(low))


# A contest held for the award (a tender for the future, "to be re-procured", is none).
CONTESTED = caseless(rf"\b(?:{CONTEST_WORDS}|beats|shortlist\w*|"
                     r"tender\s+process|following\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:tender|procurement))\b")
CONTEST_WAIVED = caseless(r"\bwithout\s+(?:a\s+|any\s+)?(?:competition|tender|competitive\s+\w+)")
# A story's plain decision stands without a named party from this kind score (a re-tender put on hold).
NEWS_PARTYLESS = 3.5
POLICY_TALK = caseless(r"\b(?:polic(?:y|ies)(?!\s+(?:development|and|&|committee|board|panel|overview|scrutiny|holder|lead|officer|team|unit|director|manager|advisor|adviser))|preference\s+for|commitment\s+to|by\s+default|default\s+(?:position|option|preference)|"
                       r"principles?\s+(?:of|for)|review\s+of\s+all|must\s+operate)\b")


def _leads_with(ctx: Context, first: list[Candidate], other: list[Candidate]) -> bool:
    """Whether a story tells ``first`` in its headline or lede, before any ``other``: "Sodexo's £15m
    contract ends early … staff will transfer to the trust" is the ending's news."""
    if ctx.doc_type != "news":
        return False
    lead = [c for c in first if not c.past and c.sentence.line <= 3]
    # (one sentence telling both, "cancelled its contract … and brought the function in-house", is the move's)
    return bool(lead) and min(c.sentence.end for c in lead) <= min((c.start for c in other if not c.past), default=len(ctx.text))


def _put_first(order: list[str], kind: str) -> None:
    order.remove(kind)
    order.insert(0, kind)


def build_events(ctx: Context) -> list[Event]:
    cands = find_candidates(ctx)
    # "Given that PSR now applies … to direct award the new contract to the existing providers": under
    # the Provider Selection Regime a direct award lets a new contract, even to the incumbent; it is
    # no extension of the old one (a waiver or an interim arrangement would be).
    under_regime = [c for c in cands if c.kind == "extend" and DIRECT_AWARD.match(ctx.lower(), c.start) and _near_regime(ctx, c)]
    if under_regime and not WAIVED.search(ctx.lower()) and not INTERIM_TRIGGER.search(ctx.lower()):
        for c in under_regime:
            c.kind = "award"
    by_kind, order, kind_score = _rank(cands)
    if not order or max(c.score for c in by_kind[order[0]]) < 1.5:  # (weak triggers do not add up to a decision)
        by_kind, order, kind_score = _rank(fallback_candidates(ctx))
        if not order:
            return []
    if order[0] == "end" and kind_score.get("insource", 0) >= kind_score["end"] - INSOURCE_OVER_END \
            and not _leads_with(ctx, by_kind["end"], by_kind["insource"]):
        # "cancelled its contract … and brought the function in-house": taking a service in house
        # is what ends the contract; the move is the news, the ending follows it.
        _put_first(order, "insource")
    if order[0] == "end" and kind_score.get("outsource", -99) >= kind_score["end"] - INSOURCE_OVER_END \
            and all(IN_HOUSE_NAMED.search(c.sentence.low) for c in by_kind["end"] if not c.past):
        # "the Council's directly provided domiciliary care service be decommissioned and the care packages
        # transferred to independent sector providers": what ends is the council's own provision.
        _put_first(order, "outsource")
    if order[0] in ("insource", "end") and "extend" in by_kind and any(
            e.sentence is c.sentence and e.start < c.start and BUT_INSTEAD.search(c.sentence.low, e.end - c.sentence.start, c.start - c.sentence.start)
            for e in by_kind["extend"] for c in by_kind[order[0]]):
        # "recommends extending the contract but transferring two services back to the council": the
        # extension is the decision, the services taken back a qualification of it.
        _put_first(order, "extend")
    if order[0] == "award" and kind_score.get("extend", -99) >= kind_score["award"] - EXTEND_OVER_DIRECT_AWARD \
            and all(_direct_award_at(ctx.lower(), c.start) for c in by_kind["award"] if c.score >= kind_score["extend"] - 0.2) \
            and (any(KEEPS_INCUMBENT.search(c.sentence.low) for c in by_kind["extend"])
                 or (KEEPS_INCUMBENT.search(ctx.lower()) and not PROVIDER_CHANGE.search(ctx.lower()))):
        # "waive Standing Orders to allow the contract … to be extended … by means of direct award to the
        # existing provider", then "agree to the direct award of a contract as detailed in Table 2.3.1":
        # the direct award is how the incumbent's contract is extended.
        _put_first(order, "extend")
    elif order[0] == "extend" and (kind_score.get("award", -99) >= kind_score["extend"] - EXTEND_OVER_DIRECT_AWARD
                                   or any(DIRECT_AWARD.search(c.sentence.low) for c in by_kind["extend"])) \
            and all(WAIVER_TRIGGER.match(ctx.lower(), c.start) for c in by_kind["extend"]) \
            and not STILL_RUNNING.search(ctx.lower()):
        # "Approval to Waive Contract Standing Orders to Permit Procurement … Through a Direct Award" to a
        # provider, on a page that names no contract running now: the waiver lets a new contract, it
        # keeps no incumbent (the award itself may go unnamed as a trigger: "… 19 Beds Through a Direct Award").
        if "award" not in by_kind:
            for c in list(by_kind["extend"]):
                c.kind = "award"
            by_kind, order, kind_score = _rank([c for cs in by_kind.values() for c in cs])
        else:
            _put_first(order, "award")
    # (the award's own sentences first: the page-wide tests run only where they name the incumbent)
    if order[0] == "award" and all(_keeps_incumbent(c.sentence.low) for c in by_kind["award"] if not c.past) \
            and not any(_near_regime(ctx, c) for c in by_kind["award"]) \
            and not PROVIDER_CHANGE.search(ctx.lower()) and not CONTESTED.search(CONTEST_WAIVED.sub(" ", ctx.lower())):
        # "a new contract be awarded to the current provider … to allow time for the service to be re-procured",
        # "given Acme Health a new five-year contract to keep running community services without a competition":
        # a contract let again to the firm holding it, with no contest, keeps the incumbent on.
        for c in by_kind["award"]:
            c.kind = "extend"
        by_kind, order, kind_score = _rank([c for cs in by_kind.values() for c in cs])
    if order[0] == "extend" and all(INTERIM_TRIGGER.match(ctx.lower(), c.start) for c in by_kind["extend"]) \
            and not STILL_RUNNING.search(ctx.lower()):
        # "an interim contract with Frontline Recruitment … whilst the tender is completed", on a page
        # that names no contract running now: a stop-gap let to someone, not an incumbent kept on.
        for c in by_kind["extend"]:
            c.kind = "award"
        by_kind, order, kind_score = _rank([c for cs in by_kind.values() for c in cs])
    if order[0] == "award" and "end" in kind_score and kind_score["end"] >= kind_score["award"] - LOSS_OVER_END \
            and all(_loss_at(ctx, c) for c in by_kind["award"] if not c.past) and not COMPETED.search(ctx.lower()):
        # "A Preston care firm … has lost its contract with the county council" over "We served notice to end
        # the home care contract": with no tender in the story, the firm lost it by the ending.
        order.remove("award")
    main_kind = order[0]
    events = [fill(ctx, main_kind, by_kind[main_kind], main=True)]
    top_text = next((e.text for e in events[0].evidence if e.field == "kind"), "")
    if (not events[0].buyers and ROUNDUP.search(top_text)) or STATISTIC.search(top_text) or TREND.search(top_text.lower()) \
            or (ctx.doc_type == "news" and MANY_BODIES.match(top_text.lower()) and TREND_PIECE.search(ctx.lower(), 0, 1500)):
        return []  # "95 councils said contracts were handed back": a survey, not a decision
    if not events[0].buyers and not events[0].decision_body and (
            (not events[0].providers and (kind_score[main_kind] < NEWS_PARTYLESS
                                          or ctx.doc_type not in ("news", "minutes", "decision")))
            or (ctx.doc_type == "news" and TREND_PIECE.search(ctx.lower(), 0, 1500))):
        # (A trend piece's firm, "Carillion's collapse", is an example, not a party to a decision.)
        # A trend piece or a hypothetical names no party and no decision maker: nothing to track.
        # A story that leads with a plain decision ("… is to be brought back under full NHS control")
        # is news even when the body deciding is not named.
        return []
    if not events[0].service and not events[0].providers and (
            POLICY_TALK.search(top_text.lower()) or POLICY_TALK.search((ctx.meta.title or "").lower())):
        # "the Council's commitment to insourcing", "a preference for insourcing", "a clear
        # policy for decommissioning": a stance on services in general, not a decision on one.
        return []
    for k in order[1:]:
        best = max(by_kind[k], key=lambda c: c.score)
        if best.score >= 1.5 or best.past:
            events.append(fill(ctx, k, by_kind[k], main=False))
    main = events[0]
    end = next((e for e in events if e.kind == "end"), None)
    if main.kind == "insource" and end is not None and not _pick_anchor(by_kind["end"])[0].past:
        # "The contracts … will not be renewed": the ending that the move in house makes; what
        # the page says of the decision (its value, date, maker, incumbent) holds for both.
        for f in ("providers", "value", "end_date", "decision_date", "decision_body", "service"):
            if not getattr(end, f) and getattr(main, f):
                setattr(end, f, copy.deepcopy(getattr(main, f)))
                end.evidence += [e for e in main.evidence if e.field == f]
    if main.kind == "insource" and main.providers and end is None:
        # Taking a service in house ends the incumbent's contract: the same decision, read as an end.
        end = Event.from_dict({**main.to_dict(), "kind": "end"})
        end.staff_transferred = None
        end.evidence = [e for e in end.evidence if e.field != "staff_transferred"]
        end.confidence = round(main.confidence * 0.9, 2)
        events.insert(1, end)
    return events


def _pick_anchor(cands: list[Candidate]) -> list[Candidate]:
    live = [c for c in cands if not c.past] or cands
    return sorted(live, key=lambda c: -c.score)


def fill(ctx: Context, kind: str, cands: list[Candidate], main: bool) -> Event:
    text = ctx.text
    anchors = _pick_anchor(cands)
    top = anchors[0]
    ev = Event(kind=kind, confidence=round(min(0.95, 0.3 + top.score / 15), 2))
    ev.evidence.append(Evidence.at("kind", text, *_clip(top)))
    ev.status, span = _event_status(ctx, anchors)
    if span:
        ev.evidence.append(Evidence.at("status", text, *span))
    if kind == "award" and any(not _loss_at(ctx, c) for c in anchors):
        # "A community trust that lost a key contract": the sentence names the loser; the award's
        # facts are read where the win is told.
        anchors = [c for c in anchors if not _loss_at(ctx, c)]
    anchor_sents = {id(c.sentence): c.sentence for c in anchors}
    zone = list(anchor_sents.values())
    if not main:
        zone = [top.sentence]
    # Service and categories.
    svc = _service(ctx, zone, kind)
    if svc:
        ev.service = text[svc[0]:svc[1]]
        ev.evidence.append(Evidence.at("service", text, *svc))
    ev.categories = _categories(ctx, svc, zone, ev)
    # Organisations.
    _fill_orgs(ctx, ev, kind, zone, main)
    _drop_buyers_from_providers(ev)
    if kind == "award" and all(_loss_at(ctx, c) for c in anchors):
        # "Leeds and York Partnership NHS Foundation Trust has lost a £190m contract": told from the
        # loser's side, the firm named is a beaten bidder; the winner may go unnamed.
        ev.bidders += [p for p in ev.providers if p not in ev.bidders]
        ev.providers = []
        for e in ev.evidence:
            if e.field == "providers":
                e.field = "bidders"
    if main and kind == "award":
        _shortlisted(ctx, ev)
    if main or top.past:
        _fill_numbers(ctx, ev, kind, zone, main)
    if main and ctx.meta.decision_date and not top.past and not (ctx.doc_type == "news" and ctx.meta.decision_date_labelled_only):
        ev.decision_date = ctx.meta.decision_date
        if ctx.meta.decision_date_span:
            ev.evidence.append(Evidence.at("decision_date", text, *ctx.meta.decision_date_span))
    elif main and not top.past:
        _decision_date_from_text(ctx, ev, top)
    if ctx.meta.decision_body and (main or not top.past) and ctx.meta.moderngov:
        ev.decision_body = ctx.meta.decision_body
        if ctx.meta.decision_body_span:
            ev.evidence.append(Evidence.at("decision_body", text, *ctx.meta.decision_body_span))
    elif main:
        _decision_body_from_text(ctx, ev, top)
    return ev


def _drop_buyers_from_providers(ev: Event) -> None:
    """"Devon Partnership NHS Trust … awarded to Step One Charity": the body that buys is not also
    the one that provides."""
    keys = {_org_key(b) for b in ev.buyers}
    gone = [p for p in ev.providers if _org_key(p) in keys]  # the same body, not one of the same area
    if gone and len(gone) < len(ev.providers):  # (named alone in both, which side is wrong is unknown)
        ev.providers = [p for p in ev.providers if p not in gone]
        ev.evidence = [e for e in ev.evidence if not (e.field == "providers" and _org_key(e.text) in keys)]


def _loss_at(ctx: Context, c: Candidate) -> bool:
    return ctx.lower().startswith("los", c.start)


def _clip(c: Candidate) -> tuple[int, int]:
    s = c.sentence
    if s.end - s.start <= 300:
        return s.start, s.end
    a = max(s.start, c.start - 120)
    b = min(s.end, c.end + 160)
    return a, b


OUTCOME = {
    "rejected": caseless(
        r"\b(?:motion|recommendations?|proposals?|amendment|plans?|calls?|bid)\b[^.]{0,80}?\b(?:was|were|has\s+been|have\s+been)\s+"
        r"(?:lost|defeated|rejected|thrown\s+out|voted\s+down|scrapped|dropped|shelved|abandoned|ditched|not\s+(?:carried|agreed|approved|accepted))\b|"
        r"\bmotion\s+(?:was\s+|is\s+)?(?:LOST|lost|fell|defeated)\b|^\s*(?:LOST|Motion\s+lost)\b|"
        r"\b(?:voted\s+(?:down|against)|refused\s+to\s+(?:approve|agree|award|extend|endorse)|"
        r"\b(?:cabinet|council|councillors|members|committee|board|executive|mayor|leader|icb|ccg|panel)\b[^.]{0,60}?"
        r"(?:rejected|refused|declined|turned\s+down|threw\s+out)\s+(?:the|a|an|this|that|calls?|plans?|proposals?)\b|"
        r"not\s+be\s+(?:agreed|approved|accepted)|did\s+not\s+(?:approve|agree|accept|support)|"
        r"declined\s+to\s+(?:approve|agree|award|support))"),
    "deferred": caseless(
        r"\b(?<!impracticable\sto\s)(?<!impossible\sto\s)(?<!not\sto\s)(?<!rather\sthan\s)(?<!avoid\s)(?<!unable\sto\s)"
        r"(?:(?:agreed|decided|voted|resolved)\s+(?:that\s+)?to\s+defer|deferred|(?<!to\s)defer(?:ral\s+of)?\s+(?:the|a|its|this)\s+(?:decision|item|"
        r"consideration|report|award)|put\s+on\s+hold|(?:has|have|was|were)\s+been\s+paused|agreed\s+to\s+pause|postponed|"
        r"(?:withdrawn|pulled|removed)\s+from\s+the\s+agenda|continued?\s+(?:the\s+|this\s+)?(?:item|matter|report)\s+to\s+(?:the\s+)?(?:next|a\s+future|a\s+later)|"
        r"(?:has\s+been|have\s+been|was|were|been)\s+(?:delayed|put\s+off)\s+until|(?:delay\w*|put\s+off|puts\s+off|putting\s+off|push\w*\s+back)\s+(?:making\s+|taking\s+)?(?:a|the|its|any)\s+(?:final\s+)?decision\s+(?:on|about|over)|(?:consideration|item|report|decision|matter)\s+(?:of\s+[^.]{0,80}?)?(?:be|was|is|were)\s+adjourned)\b"),
    "approved": caseless(
        r"\bRESOLVED\b(?!\s+not)|\b(?:Cabinet|Executive|Committee|Board|Council|councillors|members|the\s+Leader|Portfolio\s+Holder|"
        r"Cabinet\s+Member)\s+(?:unanimously\s+|formally\s+)?(?:approved|agreed|resolved|endorsed|decided)\b|"
        r"\b(?:was|were)\s+(?:approved|agreed|carried)\b|(?<!proposed\s)\bDecision:\s|\brecommendations?\s+(?:were\s+|was\s+)?approved\b"),
}
CONSULT_FIRST = caseless(r"[^.]{0,200}?\b(?:there\s+be|to\s+(?:undertake|carry\s+out|launch|begin|commence|enter\s+into)|enter\s+into|"
                         r"(?:a|an))\s+(?:\w+\s+){0,3}?consultation\b")
FUTURE_DECISION = caseless(r"\bdecision\s+to\s+be\s+taken\b|\bbe\s+recommended\s+to\b|\b(?:agrees?|agreed|resolved)\s+(?:that\s+)?(?:to\s+)?(?:a\s+|the\s+)?(?:public\s+|wider\s+)?consult\w*")
RECS_BE_APPROVED = caseless(r"\b(?:recommendations?|proposals?)\b[^.;]{0,60}?\b(?:be|are|is)\s+(?:approved|agreed|adopted|endorsed|accepted)\b")
# The heading of a decision taken (not a report's "Recommendations:" or a "Proposed decision").
DECIDED_HEAD = caseless(r"(?:^|\n)[ \t]*(?:decision|decisions|decision\s+made|decision\s+taken|resolved|resolution|agreed)[ \t]*[:.–-]?[ \t]*\n(?:[ \t\xa0]*\n)*[^\n]*$")
CANCELLED_PROCESS = caseless(r"\b(?:cancell?ation|cancell?ing|cancell?ed|withdrawal|abandonment)\s+of\s+(?:the\s+)?(?:[\w'’&-]+\s+){0,9}?"
                             r"(?:tender|procurement|re-?procurement|competition)\b|\bnon-award\b|" + STOPPED_NOTICE)
PROPOSED_PAGE = re.compile(r"^\s*(?:Proposed\s+decision|Decision\s+due|For\s+determination|Forward\s+plan|Notice\s+of\s+(?:a\s+)?key\s+decision)\b", re.M | re.I)
OUTCOME_WORDS = LOWER.add(("resolved", "approv", "agreed", "carried", "lost", "defeat", "reject", "refus", "declin", "turned down",
                 "threw out", "thrown out", "voted", "defer", "hold", "pause", "postpone", "adjourn", "delay", "put off", "pulled from", "removed from", "continue the", "continued the", "puts off", "putting off", "pushed back", "withdrawn", "decision:",
                 "not be", "did not", "endorsed", "decided"))
ABOUT_DECISION = caseless(r"\b(?:recommendation|recommendations|motion|proposal|proposals|decision|report|plans?|item|award|"
                            r"contract|tender|extension|in[\s-]?house|transfer|changes|new\s+(?:model|system|arrangements?))\b")


def _outcome_hits(ctx: Context) -> list[tuple[Sentence, list[tuple[str, tuple[int, int]]]]]:
    """Sentences recording an outcome, scanned once per document."""
    if "outcomes" not in ctx.cache:
        hits = []
        for i in sorted(ctx.word_hits(OUTCOME_WORDS)):
            s = ctx.sentences[i]
            if s.block in ("rejected", "options", "context"):
                continue
            found = []
            for name in ("rejected", "deferred", "approved"):
                m = OUTCOME[name].search(s.low)
                if m:
                    found.append((name, (s.start + m.start(), s.start + m.end())))
            if found and found[0][0] == "approved" and FUTURE_DECISION.search(s.low):
                found = []  # "It was RESOLVED that the decision to be taken by the Cabinet Member to: …": not yet taken
            if not found and s.block == "decision":
                m = RECS_BE_APPROVED.search(s.low)
                if m and DECIDED_HEAD.search(ctx.lower(), max(0, s.start - 300), s.start):
                    # "DECISION: 1) That the recommendations set out in the report be approved."
                    found.append(("approved", (s.start + m.start(), s.start + m.end())))
            if found and not OPTION_SENTENCE.search(s.low):
                hits.append((s, found))
        ctx.cache["outcomes"] = hits
    return ctx.cache["outcomes"]


def _item_bounds(ctx: Context, pos: int) -> tuple[int, int]:
    """The agenda item around a position on a page of several items (else the whole page)."""
    starts = ctx.cache.get("item_starts")
    if starts is None:
        starts = ctx.cache["item_starts"] = []
        offset = 0
        for line in ctx.text.split("\n"):
            if ITEM_HEAD.match(line):
                starts.append(offset)
            offset += len(line) + 1
    if len(starts) < 2:
        return 0, len(ctx.text)
    lo = max((x for x in starts if x <= pos), default=0)
    hi = min((x for x in starts if x > pos), default=len(ctx.text))
    return lo, hi


def _doc_outcome(ctx: Context, kind: str, anchor_pos: int) -> tuple[str, tuple[int, int]] | None:
    """The outcome a page records (resolved, lost, deferred), which overrides what a report proposed."""
    kind_rx = next((rx for k, _, rx in KIND_RULES if k == kind), None)
    found: dict[str, tuple[int, int]] = {}
    lo, hi = _item_bounds(ctx, anchor_pos)
    for s, hits in _outcome_hits(ctx):
        if s.start < lo or s.start >= hi:
            continue
        relevant = s.block == "decision" or ABOUT_DECISION.search(s.low) or (kind_rx is not None and kind_rx.search(s.low))
        if not relevant:
            continue
        for name, span in hits:
            if name not in found:
                found[name] = span
    for name in ("rejected", "deferred"):
        if name in found:
            return name, found[name]
    if "approved" in found:
        return "approved", found["approved"]
    return None


# A decision put to another body: "recommended to Cabinet", "That the Committee ask Cabinet to …".
ASKS_BODY = re.compile(r"\b(?:asks?|requests?|requested|urges?|urged|invites?|invited)\s+(?:the\s+)?"
                       r"(?:cabinet|executive|full\s+council|council|leader|mayor|board|governing\s+body)(?:\s+member)?\s+to\b", re.I)
ASKS_ANOTHER = re.compile(r"recommended\s+to|recommends?\s+to|recommendations?\s+to|asked\s+to|" + ASKS_BODY.pattern, re.I)


def _event_status(ctx: Context, anchors: list[Candidate]) -> tuple[str, tuple[int, int] | None]:
    top = anchors[0]
    outcome = _doc_outcome(ctx, top.kind, top.start)
    if outcome and outcome[0] in ("rejected", "deferred"):
        return outcome
    if outcome and outcome[0] == "approved" and top.status == "proposed" \
            and CONSULT_FIRST.match(ctx.lower(), outcome[1][1], outcome[1][1] + 400):
        # "RESOLVED Cabinet agrees that (a) there be consultation … on the proposals": what was
        # agreed is to consult; the proposal itself stays proposed.
        return top.status, top.status_span
    recommends_to = bool(top.status_span and ASKS_ANOTHER.search(ctx.text, *top.status_span))
    if outcome and top.status == "proposed" and not recommends_to:
        return outcome
    if top.status in ("rejected", "deferred"):
        return top.status, top.status_span
    if ctx.meta.page_status == "proposed" and not outcome:
        # "Decision status: For Determination": whatever its lines say will be done, nothing is yet.
        return "proposed", ctx.meta.page_status_span
    cancelled = CANCELLED_PROCESS.search(ctx.lower(), 0, 400) if top.kind == "tender" else None
    if cancelled:
        # "Notice of cancellation of the … Procurement": the tender the page is about was stopped.
        return "rejected", cancelled.span()
    for c in anchors[:6]:
        if c.status == "approved" and c.status_span and STRONG_APPROVED.search(ctx.text[c.status_span[0]:c.status_span[1]]) \
                and re.search(r"decided|agreed|approved|resolved|chosen|awarded|voted|taken|won|wins|secured", ctx.text[c.status_span[0]:c.status_span[1]], re.I) \
                and top.status == "proposed" and not re.search(r"recommend|asked", ctx.text[top.status_span[0]:top.status_span[1]] if top.status_span else "", re.I) \
                and not recommends_to:
            return "approved", c.status_span
    if ctx.meta.page_status == "approved" and top.status_span and ASKS_BODY.search(ctx.text, *top.status_span):
        # "Decision status: Recommendations Approved" over "That the Committee ask Cabinet to …": what the
        # committee approved is its request to another body.
        return "proposed", top.status_span
    if ctx.meta.page_status and top.sentence.block == "decision":
        return ctx.meta.page_status, ctx.meta.page_status_span
    if top.status == "proposed" and ctx.doc_type == "decision" and not recommends_to and not PROPOSED_PAGE.search(ctx.text[:3000]):
        # A decision record reports a decision taken; its "recommendations" are what was approved.
        return ctx.meta.page_status or "approved", ctx.meta.page_status_span or top.status_span
    if PROPOSED_PAGE.search(ctx.text[:3000]) and top.status == "approved" and not outcome:
        return "proposed", top.status_span
    return top.status, top.status_span


# -- service and categories ----------------------------------------------------------------
# Support services a council or trust buys or runs itself: words of a service (CARE_WORD) whose
# category is "other" (NOT_CARE).
FACILITY_SERVICES = r"laundry|linen|vending|portering|estates|security|bin\s+collect\w*|interpreting|translation|pest\s+control"
CARE_WORD = re.compile(r"\b(?:care|homecare|domiciliary|equipment|hospice|palliative|wheelchairs?|psychological|meals|telecare|support|services?|health|community|social|disabilit\w+|nursing|living|housing|advocacy|equipment|reablement|therap\w*|"
                       r"breaks|opportunities|treatment|recovery|wellbeing|visiting|accommodation|respite|carers?|day|"
                       r"homes?|beds|placements|lifestyles?|programme|cafés?|cafes?|hub|assessment|"
                       # NHS specialties and other public services a contract may buy
                       r"neurology|cardiology|dermatology|ophthalmology|audiology|physiotherapy|podiatry|musculoskeletal|msk|"
                       r"diagnostics?|clinics?|outpatients?|dental|dentistry|pharmacy|urgent|out[\s-]of[\s-]hours|"
                       r"leisure|libraries|library|meals|transport|advocacy|hospice|rehabilitation|"
                       # the other public services councils let or bring back: "revenues and benefits", "ICT", "waste collection"
                       r"revenues?|benefits|ict|catering|cleaning|cleansing|waste|refuse|recycling|highways|grounds|parking|museums?|"
                       r"facilities\s+management|streetcare|support\s+services|customer\s+services|payroll|communications|"
                       r"maintenance|collections?|street\s+lighting|gardening|" + FACILITY_SERVICES + r")\b", re.I)
SERVICE_JUNK = re.compile(r"\b(?:award\w*|extend\w*|extension|option|options|recommend\w*|terminat\w*|decision|procure\w*|investment|levels?|"
                          r"tender\w*|modernisation|plan|approval|report|variation|waiver|notice|agenda|minutes|meeting|"
                          r"transfer\w*|future|delivery\s+model|council(?![\s-]?(?:run|owned|operated|managed|provided))|cabinet|provider|proposal|change|review|exempt\w*|waive\w*|but|"
                          r"commission\w*|deliver\w*|continu\w*|bidder|preferred|partner|current|existing|whole|entire|"
                          r"reason|reasons|purpose|implementation|take|bring|first|second|appointment|portfolio|holder|member|"
                          r"director|officer|executive|committee|board|head|manager|democracy|reporting|reporter|currently|through|receiv\w*|is|are|was|were|will|has|have|been|"
                          # "adequate care", "privatised services", "public services": a judgement or a sector, no service's name;
                          # "contract and bringing the bin collection": a clause, not a name
                          r"adequate|inadequate|privatised|outsourced|insourced|public\s+services|bringing|ending|taking|contract\s+and|"
                          # "a private operator that runs community services": who runs it, not what it is
                          r"operator|that|which|who)\b", re.I)
TITLE_LEAD = re.compile(r"^(?:(?:proposed\s+|approval\s+(?:of|for|to)\s+|request\s+to\s+|decision\s+(?:on|to)\s+)?"
                        r"(?:award(?:ing)?|extension|extend|re-?tender(?:ing)?|re-?procurement|procurement|recommission(?:ing)?|"
                        r"re-?commission(?:ing)?|termination|variation|waiver|direct\s+award|future\s+(?:operation|delivery|provision)|"
                        r"in-?sourcing|outsourcing|transfer|development|redesign|remodelling|re-?design)\s+(?:of|to|for)\s+(?:the\s+)?(?:(?:contracts?|services?)\s+(?:for|of)\s+(?:the\s+)?)?"
                        r"|(?:approval\s+to\s+|request\s+to\s+|proposal\s+to\s+)?(?:re-?procure|procure|re-?tender|recommission|re-?commission|extend|award|outsource|insource)\s+(?:the\s+)?"
                        # "Contract award for the provision of Community Equipment services"
                        r"|contract\s+(?:award|extension|variation|waiver)\s+(?:for|of)\s+(?:the\s+)?|(?:provision|delivery|supply)\s+of\s+(?:the\s+|an?\s+)?)+", re.I)
TITLE_TAIL = re.compile(r"\s*(?:[-–:]\s*|\b)(?:contract\s+)?(?:re-?tender(?:ing)?|re-?procurement|procurement(?:\s+(?:approach|strategy|route))?|"
                        r"tender|award(?:\s+of\s+contracts?)?|contract\s+award|(?:contract\s+)?extension|waiver|exemption|variation|"
                        r"termination|in-?sourcing|outsourcing|re-?commissioning|future\s+delivery\s+model|update(?:\s+position)?|"
                        r"proposals?|options|contract|contracts|transfer\s+to\s+external\s+provider|decision)\s*$", re.I)


# A title part that names a body, a document or a request, not a service.
TITLE_NOT_SERVICE = re.compile(r"\bcouncil\s*(?:$|[-–(])|\b(?:ccg|icb|clinical\s+commissioning|report|notice|is\s+sought|be\s+approved|novation|"
                               r"be\s+(?:given|granted|authorised|delegated)|delegated\s+authority)\b|^that\b|"
                               # a page headed by its decision maker: "The Cabinet Member for Adult Social Care, Health …"
                               r"\b(?:cabinet\s+member|portfolio\s+holder|executive\s+member|director|head|leader)\s+(?:for|of)\b|"
                               r"\b(?:has|have)\s+(?:approved|agreed|decided|resolved)\b|\boptions?\s+appraisal\b|^conclusion\s+of\b", re.I)


# A decision's reference before its title: "AHI S221 Best Interests Assessment Service", "CE S491 …"
TITLE_REF = re.compile(r"^\s*[A-Z]{1,4}\s+[A-Z]{1,2}\d{2,4}\s+")
# Parts of a title that name the route or the firm, not the service: "Exemption from Contract Procedure
# Rules - 0-19 Healthy Child Programme", "… - Insourcing Business Case", "… - Ashgrove Support Ltd"
TITLE_PART_JUNK = re.compile(r"(?i)(?:exemption|waiver)\s+(?:from|of)\s+(?:the\s+)?(?:contract\s+(?:procedure\s+rules|standing\s+orders)|cprs?|csos?)|"
                             r"(?:[\w-]+\s+)?business\s+case|.*\b(?:ltd|limited|cic|plc|llp)\.?")


def _clean_title(title: str) -> str:
    title = re.sub(r"\s*pdf icon.*$|\s*PDF \d+ KB.*$", "", title, flags=re.I)
    title = re.sub(r"^\s*(?:item\s+)?[A-Z]?\d+[.)]?\s+", "", title, flags=re.I)
    title = TITLE_REF.sub("", title)
    parts = [p for p in re.split(r"\s+[-–:]\s+", title) if p.strip()]
    keep = [p for p in parts if not TITLE_TAIL.fullmatch(" " + p) and not TITLE_PART_JUNK.fullmatch(p.strip())
            and not re.fullmatch(r"(?i)adult social care|adults? services?|item \d+", p.strip())]
    t = (keep or parts or [title])[0] if len(keep) <= 1 else " - ".join(keep)
    prev = None
    while prev != t:
        prev = t
        t = TITLE_LEAD.sub("", t).strip()
        t = TITLE_TAIL.sub("", t).strip(" -–:")
    return t


def _item_title(ctx: Context, pos: int) -> tuple[int, int] | None:
    """The agenda item heading above a position (multi-item minutes and board papers)."""
    text = ctx.text
    best = None
    offset = 0
    lines = text[:pos].split("\n")
    for i, line in enumerate(lines):
        start = offset
        offset += len(line) + 1
        m = ITEM_HEAD.match(line)
        if not m:
            continue
        if m.group("t"):
            best = (start + m.start("t"), start + m.end("t"))
        elif i + 2 < len(lines):
            nxt = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
            if nxt is not None:
                ls = sum(len(x) + 1 for x in lines[:nxt])
                raw = lines[nxt]
                best = (ls + len(raw) - len(raw.lstrip()), ls + len(raw.rstrip()))
    return best


def _title_service(ctx: Context, zone: list[Sentence]) -> tuple[int, int] | None:
    spans = []
    item = _item_title(ctx, zone[0].start) if zone else None
    if item:
        spans.append(item)
    title = ctx.meta.title
    if title and ctx.doc_type not in ("news", "other"):
        t0 = ctx.text.find(title)
        if t0 >= 0:
            spans.append((t0, t0 + len(title)))
    for a, b in spans:
        raw = ctx.text[a:b]
        cleaned = _clean_title(raw)
        if (len(cleaned) >= 4 and len(cleaned.split()) <= 14 and not SERVICE_JUNK.fullmatch(cleaned)
                and CARE_WORD.search(cleaned) and not TITLE_NOT_SERVICE.search(cleaned)):
            off = ctx.text.find(cleaned, a)
            if off >= 0 and off < b and not _is_org_span(ctx, off, off + len(cleaned)):  # not a trust's own name heading its paper
                return off, off + len(cleaned)
    return None


def _service(ctx: Context, zone: list[Sentence], kind: str) -> tuple[int, int] | None:
    named, lower = _service_candidates(ctx, zone[:4])
    if not named and not lower and zone:
        # A headline names the decision, the next sentences its service ("… losing out on a
        # five-year community services contract").
        near = []
        for s in _near_sentences_of(ctx, zone[0], 3)[1:] + ctx.sentences[:4]:
            if all(s is not z for z in zone[:4] + near):
                near.append(s)
        named, lower = _service_candidates(ctx, near[:8], first_rank=2)
    if named:
        *_, a, b = min(named)
        return a, b
    strong = [c for c in lower if c[2] == 0 and -c[1] >= 3]
    if strong:
        *_, a, b = min(strong)
        return a, b
    if ctx.doc_type not in ("news", "other", "notice"):
        t = _title_service(ctx, zone)
        if t:
            return t
    if lower:
        *_, a, b = min(lower)
        return a, b
    t = _title_service(ctx, zone)
    if t:
        return t
    # A service that is no care, named as a list: "Hospital cleaning, catering and portering back in NHS hands".
    for s in zone[:2]:
        m = NOT_CARE.search(s.low)
        if m:
            tail = NOT_CARE_LIST.match(s.low, m.end())
            end = tail.end() if tail else m.end()
            return s.start + m.start(), s.start + end
    # Last resort: the kind of service the decision's sentence names ("home care", "care homes"),
    # else a story's headline, else the sentences beside the decision ("Two companies providing care
    # at home … have failed"), unless the decision names a service that is no care ("outsourcing the
    # trust's procurement department").
    near = _near_sentences_of(ctx, zone[0], 2)[1:] if zone and not any(NOT_CARE.search(z.low) for z in zone[:2]) else []
    for s in zone[:2] + (ctx.sentences[:1] if ctx.doc_type == "news" and zone and zone[0].line > 2 else []) + near:
        hits = [m for rx in CATEGORY_RULES.values() for m in rx.finditer(s.text)
                if not _is_org_span(ctx, s.start + m.start(), s.start + m.end())  # not "Allied Homecare Ltd"
                and (s in zone or not DEPARTMENT.fullmatch(m.group(0)))]
        if hits:
            m = min(hits, key=lambda x: x.start())
            end = m.end()
            tail = re.match(r"(?i)(?:\s+(?:care|support)(?=\s|$|[,.;:]))?(?:\s+(?:services?|contracts?|provision)\b)?", s.text[end:])
            if tail:
                end += tail.end()
            return s.start + m.start(), s.start + end
    return None


# Beside the decision, "adult social care" and "public health" name the department that speaks,
# not the service decided on.
DEPARTMENT = re.compile(r"(?i)(?:adults?['’]?\s+|children['’]?s\s+)?(?:social\s+(?:care|services|work)|public\s+health|adult\s+services)")


def _service_candidates(ctx: Context, sentences: list[Sentence], first_rank: int = 0):
    named, lower = [], []
    for rank, s in enumerate(sentences, first_rank):
        key = ("services", s.start)
        found = ctx.cache.get(key)
        if found is None:
            found = ctx.cache[key] = _sentence_services(ctx, s)
        for is_named, n_words, a, b in found:
            (named if is_named else lower).append((rank > 1, -n_words, rank, a, b))
    return named, lower


def _strip_lead(text: str, a: int, b: int) -> tuple[int, list[str]]:
    """The span from ``a`` without its leading words that name no service ("the", "of", "run")."""
    words = text[a:b].split()
    while len(words) > 1 and (LEAD_STOP.match(words[0]) or words[0].lower() in ("of", "for", "the", "to", "on", "in", "at", "by", "with", "from")):
        a = text.index(words[1], a + len(words[0]))
        words = words[1:]
    return a, words


def _sentence_services(ctx: Context, s: Sentence) -> list[tuple[bool, int, int, int]]:
    """The service names one sentence offers, read once however many events look at it."""
    out = []
    for rx, is_named in ((SERVICE_NAMED, True), (SERVICE_CAP_FOR, True), (SERVICE_LOWER, False), (SERVICE_FOR, False),
                         (SERVICE_VERB, False)):
        for m in rx.finditer(s.text):
            a, b = m.span("svc")
            a, words = _strip_lead(s.text, a, b)
            if rx is SERVICE_LOWER:
                # "preferred bidder for the adult community" → "adult community".
                cut = list(re.finditer(r"\s(?:for|of|to|from|with|by|on)\s+(?:the\s+|its\s+|a\s+|an\s+)?", s.text[a:b]))
                if cut:
                    a, words = _strip_lead(s.text, a + cut[-1].end(), b)
            tail = re.match(r"\s+services?(?=\s+(?:contracts?|framework|provision)\b)", s.text[b:])
            if tail:
                b += tail.end()  # "adult community services contract": the service keeps its noun
            owner = RUN_BY_COUNCIL.match(s.text, a, b)
            if owner:
                a = owner.end()  # "council-run care homes": who runs them now is not the service's name
                words = s.text[a:b].split()
            name = s.text[a:b]
            if not words or all(SERVICE_STOP.match(w) for w in words) or _is_org_span(ctx, s.start + a, s.start + b):
                continue
            # "its NHS 111 service": a named service is one by the noun that follows it.
            told = s.text[a:m.end("noun")] if rx is SERVICE_NAMED and m.group("noun")[0] in "Ss" else name
            if SERVICE_JUNK.search(name) or not CARE_WORD.search(told) or words[-1].lower() in ("for", "of", "and", "with", "in", "at", "the", "&"):
                continue
            if words[0].lower() in CLAUSE_OPENERS or words[-1].lower() in DANGLING_LAST:
                continue  # "and flexible services", "include community nursing", "the authority's adult social": a clause's piece
            if re.fullmatch(r"(?i)(?:the\s+)?(?:council|cabinet|nhs|icb|ccg|social|adult|adults|public|children['’]?s?|local|statutory)", name):
                continue  # "the Social Services and Wellbeing (Wales) Act": a word of a name, no service
            out.append((is_named, len(words), s.start + a, s.start + b))
    return out


CLAUSE_OPENERS = frozenset(("and", "or", "but", "also", "include", "includes", "including", "reconfiguring"))
DANGLING_LAST = frozenset(("social", "adult", "voluntary", "statutory", "public", "local", "independent"))
RUN_BY_COUNCIL = re.compile(r"(?i)(?:council|county|in)[\s-](?:run|owned|operated|managed|house)\s+(?=\S)")


# "The three shortlisted bidders, revealed last week, are:" over bullet lines naming them.
SHORTLIST_LEAD = caseless(r"\b(?:shortlist(?:ed)?|final|remaining|competing|rival)\s+(?:bidders?|tenderers?|companies|firms|providers|consortia)\b[^\n]{0,80}?"
                          r"\b(?:are|were|include[sd]?)\s*:\s*$")


def _shortlisted(ctx: Context, ev: Event) -> None:
    """Firms on the lines under a shortlist's lead are bidders, unless one is the winner."""
    for i in sorted(ctx.word_hits(SHORTLIST_WORDS)):
        lead = ctx.sentences[i]
        if not SHORTLIST_LEAD.search(lead.low):
            continue
        for o in ctx.orgs:
            if o.public or not _in_list_after(ctx, lead, o) or len(ev.bidders) >= 8:
                continue
            name = _canonical(ctx, o).name
            taken = [p for p in ev.providers if _same_org(name, p)]
            if taken and not _chosen(ctx, o):
                # On the shortlist and nowhere named the winner: a bidder, not the provider.
                ev.providers = [p for p in ev.providers if p not in taken]
                ev.evidence = [e for e in ev.evidence if not (e.field == "providers" and any(_same_org(e.text, p) for p in taken))]
                taken = []
            if not taken and not any(_same_org(name, b) for b in ev.bidders):
                _add_org(ctx, ev, "bidders", o)


SHORTLIST_WORDS = LOWER.add(("shortlist", "bidders", "tenderers", "consortia", "companies", "firms"))


def _is_org_span(ctx: Context, a: int, b: int) -> bool:
    return any(o.start <= a and b <= o.end for o in ctx.orgs)


NOT_CARE = caseless(r"\b(?:leisure|sports?\s+(?:centres?|facilities)|swimming|librar(?:y|ies)|museums?|waste|refuse|recycling|highways|"
                    r"ict|revenues?|benefits\s+(?:service|administration)|facilities\s+management|catering|cleaning|parking|grounds\s+maintenance|"
                    r"procurement\s+(?:department|function|team)|payroll|communications\s+service|customer\s+services|housing\s+repairs|"
                    r"repairs\s+and\s+maintenance|fleet|street\s*(?:care|cleansing|lighting)|back[\s-]office|website|"
                    + FACILITY_SERVICES + r")\b")


NOT_CARE_LIST = caseless(r"(?:,\s*[a-z]+(?:\s+[a-z]+)?(?=,|\s+and\b))*(?:,?\s+and\s+[a-z]+)?(?:\s+services?)?\b")


def _categories(ctx: Context, svc, zone: list[Sentence], ev: Event) -> list[str]:
    texts = []
    if svc:
        texts.append((svc[0], ctx.lower()[svc[0]:svc[1]]))
    cats: list[str] = []
    for start, t in texts:
        for name, rx in CATEGORY_RULES_LOWER.items():
            m = rx.search(t)
            if m and name not in cats:
                cats.append(name)
                ev.evidence.append(Evidence.at("categories", ctx.text, start + m.start(), start + m.end()))
    if not cats:
        # "leisure services", "the trust's procurement department", "revenues and benefits": a public
        # service that is not care is "other", whatever care words the rest of the page holds.
        where = svc
        if where is None and zone and not any(rx.search(zone[0].low) for rx in CATEGORY_RULES_LOWER.values()):
            where = (zone[0].start, zone[0].end)
        m = NOT_CARE.search(ctx.lower(), *where) if where else None
        if m:
            ev.evidence.append(Evidence.at("categories", ctx.text, m.start(), m.end()))
            return ["other"]
    listed = _listed_categories(ctx, _sentence_of(ctx, svc[0]) if svc else (zone[0] if zone else None))
    if len(listed) >= 2 and set(cats) <= {"social_care_functions", *listed}:
        # "covers homecare, extra care housing, supported living and …": a contract of several services.
        cats = []
        ev.evidence = [e for e in ev.evidence if e.field != "categories"]
        for name, (a, b) in listed.items():
            cats.append(name)
            ev.evidence.append(Evidence.at("categories", ctx.text, a, b))
    if cats and svc:
        # "all existing home care services including the in-house reablement service": the
        # services the decision's own phrase goes on to name are its categories too.
        s_svc = _sentence_of(ctx, svc[0])
        if s_svc is not None:
            lo = svc[1] - s_svc.start
            for name, rx in CATEGORY_RULES_LOWER.items():
                if name in cats or name in ("social_care_functions", "other"):
                    continue
                m = rx.search(s_svc.low, lo, lo + 70)
                if m and ALSO_NAMED.fullmatch(s_svc.low, lo, m.start()):
                    cats.append(name)
                    ev.evidence.append(Evidence.at("categories", ctx.text, s_svc.start + m.start(), s_svc.start + m.end()))
    if cats and zone:
        # The population served ("for adults with learning disabilities") beside the service type.
        svc_sentence = _sentence_of(ctx, svc[0]) if svc else None
        for s in ([svc_sentence] if svc_sentence is not None else []) + zone[:1]:
            for name in ("learning_disability", "mental_health"):
                m = CATEGORY_RULES_LOWER[name].search(s.low)
                if m and name not in cats:
                    cats.append(name)
                    ev.evidence.append(Evidence.at("categories", ctx.text, s.start + m.start(), s.start + m.end()))
    if not cats:
        for s in zone[:3]:
            for name, rx in CATEGORY_RULES_LOWER.items():
                m = rx.search(s.low)
                if m and name not in cats:
                    cats.append(name)
                    ev.evidence.append(Evidence.at("categories", ctx.text, s.start + m.start(), s.start + m.end()))
    if not cats and ctx.meta.title:
        t0 = ctx.text.find(ctx.meta.title)
        title_low = lower_same_length(ctx.meta.title)
        for name, rx in CATEGORY_RULES_LOWER.items():
            m = rx.search(title_low)
            if m and name not in cats and t0 >= 0:
                cats.append(name)
                ev.evidence.append(Evidence.at("categories", ctx.text, t0 + m.start(), t0 + m.end()))
    if not cats:
        counts: dict[str, list[re.Match]] = {}
        low = ctx.lower()
        for name, rx in CATEGORY_RULES_LOWER.items():
            found = list(rx.finditer(low))
            if found:
                counts[name] = found
        if counts:
            name = max(counts, key=lambda k: len(counts[k]))
            m = counts[name][0]
            cats.append(name)
            ev.evidence.append(Evidence.at("categories", ctx.text, m.start(), m.end()))
    if not cats:
        # Not a care service we know a word for (consultancy, leisure, transport): say so.
        cats.append("other")
        where = svc or (zone[0].start, zone[0].end) if zone else None
        if where:
            ev.evidence.append(Evidence.at("categories", ctx.text, *where))
    return cats


ALSO_NAMED = re.compile(r"[^.;:()]{0,30}?(?:\bincluding\b|\bincludes\b|\bas\s+well\s+as\b|\band\b|\bplus\b|&|,)[^.;:()]{0,30}?")
LIST_GAP = re.compile(r"[^.;:()]{0,50}?(?:,|\band\b|&)[^.;:()]{0,50}")


def _listed_categories(ctx: Context, s: Sentence | None) -> dict[str, tuple[int, int]]:
    """Specific categories a sentence lists one after another ("homecare, extra care housing,
    supported living and day services"), each at its first mention."""
    if s is None or "," not in s.low and " and " not in s.low:
        return {}
    hits = []
    for name, rx in CATEGORY_RULES_LOWER.items():
        if name in ("social_care_functions", "other"):
            continue
        hits += [(m.start(), m.end(), name) for m in rx.finditer(s.low)]
    hits.sort()
    found: dict[str, tuple[int, int]] = {}
    for (a, b, n1), (c, d, n2) in zip(hits, hits[1:]):
        if n1 != n2 and c >= b and LIST_GAP.fullmatch(s.low, b, c):
            for name, x, y in ((n1, a, b), (n2, c, d)):
                found.setdefault(name, (s.start + x, s.start + y))
    return dict(sorted(found.items(), key=lambda kv: kv[1]))


# -- organisations -------------------------------------------------------------------------
def _orgs_in(ctx: Context, s: Sentence) -> list[Org]:
    out = [o for o in ctx.orgs if s.start <= o.start and o.end <= s.end]
    for o in ctx.orgs:
        for a, b in o.aliases:
            if s.start <= a and b <= s.end and o not in out:
                out.append(o)
    return out


def _canonical(ctx: Context, o: Org) -> Org:
    """The fullest form of a name the document uses ("Wirral Community Health Care Foundation Trust")."""
    best = o
    for other in ctx.orgs:
        if len(other.name) > len(best.name) and other.name.startswith(best.name) and not other.public:
            best = other
    return best


def _page_spells(ctx: Context, form: str) -> bool:
    """Whether the page writes ``form`` out anywhere (looked up once per page)."""
    key = ("spells", form)
    if key not in ctx.cache:
        ctx.cache[key] = form.lower() in ctx.lower()
    return ctx.cache[key]


def _add_org(ctx: Context, ev: Event, field_name: str, o: Org) -> None:
    o = _canonical(ctx, o)
    if field_name in ("providers", "bidders") and not o.public and ctx.council_lookup is not None \
            and " " not in o.name and ctx.council_lookup(o.name):
        return  # "its contract with Bury social services": a council's area, not a firm
    target = getattr(ev, field_name)
    if any(_same_org(o.name, n) for n in target):
        return
    # The fullest form: "Northern, Eastern and Western Devon CCG" is a Clinical Commissioning Group,
    # where the page spells that form out; on a page that only ever says "CCG", "Bristol CCG" it is.
    name = o.name
    if o.type == "nhs_commissioner":
        name = SHORT_COMMISSIONER.sub(lambda m: LONG_COMMISSIONER[m.group(0)] if _page_spells(ctx, LONG_COMMISSIONER[m.group(0)])
                                      else m.group(0), name)
    target.append(name)
    ev.evidence.append(Evidence.at(field_name, ctx.text, o.start, o.end))


SHORT_COMMISSIONER = re.compile(r"(?<=\w )(?:CCG|ICB)$")
LONG_COMMISSIONER = {"CCG": "Clinical Commissioning Group", "ICB": "Integrated Care Board"}


NHS_SHORT = re.compile(r"clinical commissioning group|integrated care board")
# Health bodies by their form: never the same body as the council of the same area.
NHS_NAME = re.compile(r"\b(?:clinical commissioning group|ccg|integrated care board|icb|nhs|trust|health board|"
                      r"health and social care partnership|hscp|integration joint board|ijb)\b")
COUNCIL_FORM = re.compile(r"^(?:the )?(?:(?:london|royal|metropolitan|county) )?borough of |"
                          r" (?:metropolitan |county |city |district |borough )*(?:borough )?council$")


def _org_key(name: str) -> str:
    key = re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()
    key = NHS_SHORT.sub(lambda m: "ccg" if m.group(0).startswith("clinical") else "icb", key)
    return COUNCIL_FORM.sub("", re.sub(r"^nhs ", "", key))


def _same_org(a: str, b: str) -> bool:
    """Same body: "London Borough of Bexley" is "Bexley Council"; "Sirona" is "Sirona Care & Health";
    "West Hampshire CCG" is "NHS West Hampshire Clinical Commissioning Group"."""
    na, nb = _org_key(a), _org_key(b)
    if bool(NHS_NAME.search(a.lower())) != bool(NHS_NAME.search(b.lower())):
        return False  # "X Council" and "X Clinical Commissioning Group" are two bodies
    return na == nb or na.startswith(nb) or nb.startswith(na) or _acronym_of(a, b) or _acronym_of(b, a)


LEGAL_WORDS = {"ltd", "limited", "plc", "llp", "cic", "and", "of", "the", "for", "&"}


OLD_CONTRACT = caseless(r"\b(?:has|have|had)\s+had\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,3}?contract\b|\b(?:current|existing|previous|incumbent)\s+(?:[\w-]+\s+){0,3}?contract\s+(?:has|had|was|is|with|ran|runs|began|started|expires|ends)\b")


def _acronym_of(short: str, name: str) -> bool:
    """"CGL" for "Change Grow Live Services Limited": the initials, perhaps without a last word;
    "GWH Trust" for "Great Western Hospital Trust": the same, before a shared last word."""
    sw, nw = short.split(), name.split()
    while len(sw) > 1 and len(nw) > 1 and sw[-1].lower() == nw[-1].lower():
        sw, nw = sw[:-1], nw[:-1]
    short, name = " ".join(sw), " ".join(nw)
    if not (2 <= len(short) <= 8 and short.isupper() and short.isalpha()) or " " not in name.strip():
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in LEGAL_WORDS).upper()
    return len(initials) >= len(short) and initials.startswith(short) and len(initials) - len(short) <= 1


# "If children's services are included the procurement would need to be conducted jointly with NHS England"
CONDITION = caseless(r"^\W*(?:if|unless|should|were)\b|\bwould\s+(?:need|have)\s+to\b")
PLANNED = caseless(r"\b(?:plans?|proposals?|intends?|intention|future|aims?|hopes?)\b[^.]{0,25}$")  # "plans for joint commissioning"
CO_COMMISSION_WORDS = LOWER.add(("commission", "joint", "on behalf of", "partner with", "partners with", "runs with", "run with",
                                  "in collaboration with", "in partnership with", "in conjunction with", "together with"))
# In the decision's own sentences only: "the framework procured by the Royal Borough of …",
# "the contract that Lambeth Council have with KCH" name the body that holds the contract.
HELD_BY = caseless(r"\b(?:procured|commissioned|tendered)\s+by\b|\bcontracts?\s+(?:that|which)\s+[^.;]{0,60}?\bha(?:s|ve)\s+with\b")
CO_COMMISSION = caseless(r"\bco-?commission\w*|\bjointly\s+(?:commission|fund|procure)\w*|\bjoint\s+commissioners?\b|"
                         r"\bjoint\s+(?:tender|procurement)\b|\bpartners?\s+with\s+(?:the\s+council|fellow\s+(?:local\s+authorities|councils))\b|"
                         r"\b(?:that|which)\s+it\s+runs?\s+with\b|"
                         r"\bjoint\s+(?:\w+\s+){0,2}?(?:service|contract|procurement|commissioning|arrangement|venture)\s+(?:between|with)\b|"
                         r"\bon\s+behalf\s+of\b|\b(?:in\s+(?:collaboration|partnership|conjunction)|together|jointly)\s+with\b")


PARTNERSHIP_OF = re.compile(r"(?:The\s+)?(.+?)\s+(?:Health\s+and\s+Social\s+Care\s+Partnership|Integration\s+Joint\s+Board)$")


def _co_buyers(ctx: Context, ev: Event, s: Sentence) -> None:
    """The public bodies a sentence names, as further buyers (four at most)."""
    for o in _orgs_in(ctx, s):
        if o.public and len(ev.buyers) < 4:
            _add_org(ctx, ev, "buyers", o)


# Passive only: "… Trust (CHFT) has been awarded the deal" names the winner; "… Trust has awarded a
# contract to Step One Charity" names the buyer.
WAS_CHOSEN = caseless(r"\s*(?:\([^)]{1,20}\)\s*)?(?:(?:has|have|had)\s+(?:now\s+)?been|(?:was|were|is|are)(?:\s+now)?(?:\s+being)?)\s+(?:awarded|chosen|selected|appointed|commissioned)\b")
THE_TRUST = caseless(r"\b(?:the|its)\s+trust(?:['’]s)?\b(?!\s+(?:to|for|which|that)\b)")


def _trust_moving_its_own_services(ctx: Context, ev: Event, kind: str, zone: list[Sentence]) -> None:
    """"Nottingham University Hospitals Trust will terminate its estates contract with Carillion",
    "Airedale NHS Foundation Trust … partial outsource option approved by the board": a trust
    that opens a sentence of the story's top and ends, extends or moves its own services
    (cleaning, laundry, estates) is their buyer, when no council or commissioner is named."""
    firm_named = any(o.type == "company" for o in ctx.orgs[:12])
    if not firm_named and kind not in ("insource", "outsource"):
        return
    for s in ctx.sentences[:6]:
        for o in _orgs_in(ctx, s):
            # "After comparing its services …, North Tees and Hartlepool NHS Trust decided to …"
            if o.type == "nhs_trust" and (o.start - s.start < 3 or ctx.text[s.start:o.start].rstrip().endswith(",")):
                _add_org(ctx, ev, "buyers", o)
                return


def _fill_orgs(ctx: Context, ev: Event, kind: str, zone: list[Sentence], main: bool) -> None:
    zone_orgs = [o for s in zone for o in _orgs_in(ctx, s)]
    public = [o for o in zone_orgs if o.public]
    # Buyers: a council page's buyer is its council; otherwise public bodies in the event's sentences.
    if ctx.host_council and ctx.meta.moderngov:
        ev.buyers.append(ctx.host_council)
        _host_evidence(ctx, ev)
        for o in public:
            if o.type == "nhs_commissioner" and any(JOINT.search(s.text) for s in zone):
                _add_org(ctx, ev, "buyers", o)
    else:
        for o in public:
            _add_org(ctx, ev, "buyers", o)
        for s in zone[:2]:
            _plural_councils(ctx, ev, s)  # "its contracts with both Liverpool City and Wirral councils"
        if not ev.buyers:
            trusts = [o for o in zone_orgs if o.type == "nhs_trust" and kind in ("tender", "award")]
            for o in trusts[:1]:
                s = next(s for s in zone if s.start <= o.start < s.end)
                after = ctx.text[o.end:s.end]
                if re.search(r"\b(?:award|tender|procure|commission|chosen|select|appoint)\w*", after, re.I) \
                        and not WAS_CHOSEN.match(after):  # "… Trust (CHFT) has been awarded the £3.5m deal": the winner
                    _add_org(ctx, ev, "buyers", o)
        if not ev.buyers and any(THE_TRUST.search(s.low) for s in zone):
            # "whether to outsource the trust's procurement department": the trust the story opens on buys.
            for o in [o for o in ctx.orgs if o.type == "nhs_trust" and o.start < 600][:1]:
                _add_org(ctx, ev, "buyers", o)
        if not ev.buyers and kind not in ("tender", "award"):
            _trust_moving_its_own_services(ctx, ev, kind, zone)
        if not ev.buyers and ctx.doc_type == "news":
            # "a contract for 13 Powys care homes": the area the decision names, before a body
            # named elsewhere in the story (another council held up as an example).
            _council_of_story(ctx, ev, zone, within=zone[:2])
        if not ev.buyers:
            doc_public = [o for o in ctx.orgs if o.public]
            if doc_public:
                head = [o for o in doc_public if o.start < 600] or doc_public
                _add_org(ctx, ev, "buyers", head[0])
            elif ctx.host_council:
                ev.buyers.append(ctx.host_council)
                _host_evidence(ctx, ev)
            else:
                _council_by_place(ctx, ev)
        if not ev.buyers:
            _coordinated_commissioners(ctx, ev, zone)
        if not ev.buyers:
            _council_of_story(ctx, ev, zone)
    if main and ev.buyers:
        # "The CCG and Bath and North East Somerset Council currently co-commission Sirona":
        # the partners in joint commissioning buy the service together.
        for i in sorted(ctx.word_hits(CO_COMMISSION_WORDS)):
            s = ctx.sentences[i]
            m = CO_COMMISSION.search(s.low)
            if m and not PLANNED.search(s.low, max(0, m.start() - 30), m.start()) and not CONDITION.search(s.low, 0, m.start()):
                _co_buyers(ctx, ev, s)
                _plural_councils(ctx, ev, s)
        for s in zone[:3]:
            if HELD_BY.search(s.low):
                _co_buyers(ctx, ev, s)
        # Scotland: a council's health and social care partnership commissions its care with it.
        for o in ctx.orgs:
            area = PARTNERSHIP_OF.match(o.name)
            if area and len(ev.buyers) < 4 and any(area.group(1) in b for b in ev.buyers):
                _add_org(ctx, ev, "buyers", o)
    # Providers: the winner of an award, the incumbent of an extension, ending or in-sourcing.
    if kind == "tender":
        return
    firms = [o for o in zone_orgs if not o.public]
    if kind == "award":
        # Only rivals named by the decision: the winner is the firm the page says was chosen,
        # not the one it displaces.
        firms = [o for o in firms if not _outgoing(ctx, o) and not _holder_mention(ctx, o)]
        firms = ([o for o in firms if not _is_bidder_mention(ctx, o)]
                 or [o for o in ctx.orgs if not o.public and _chosen(ctx, o) and not _outgoing(ctx, o)] or firms)
        if firms and zone and not any(_chosen(ctx, o) for o in firms):
            # "… announced Central London Community Healthcare Trust would provide": the firm named
            # as chosen beside the decision, not the one the headline names (often the loser).
            near = {id(x): x for z in zone[:2] for x in _near_sentences_of(ctx, z, 4)}.values()
            named = [o for s in near for o in _orgs_in(ctx, s) if not o.public and _chosen(ctx, o)]
            firms = named or firms
    elif main:
        incumbents = _incumbents(ctx, strict=True)
        in_zone = [o for o in firms if any(_same_org(o.name, i.name) for i in incumbents)]
        firms = in_zone or incumbents or firms
    if not firms and main:
        firms = [o for o in _incumbents(ctx) if kind != "award" or not (_outgoing(ctx, o) or _holder_mention(ctx, o))]
    if kind == "award" and firms:
        winner = _winner(ctx, firms)
        _add_org(ctx, ev, "providers", winner)
        if main:
            # Lots and frameworks: every firm named as appointed beside the winner, and the
            # firms on the list lines under the decision ("Lot 1 (North) – Acme Care Ltd").
            leads = zone[:3] + _list_leads(ctx, zone[0])
            # "the following providers … be appointed as the Reserve Supplier:" lists runners-up.
            reserve_leads = [z for z in leads if RESERVE_CUE.search(z.low)]
            leads = [z for z in leads if z not in reserve_leads]
            listed = [o for o in ctx.orgs if not o.public and any(_in_list_after(ctx, z, o) for z in leads)]
            reserves = [o for o in ctx.orgs if not o.public and any(_in_list_after(ctx, z, o) for z in reserve_leads)]
            listed += _counted_providers(ctx, zone[0])
            listed += [o for z in zone[:3] for o in _lot_line_firms(ctx, z)]
            for o in [f for f in firms if not _is_bidder_mention(ctx, f)] + listed:
                if len(ev.providers) >= 12:
                    break
                if _outgoing(ctx, o) or _holder_mention(ctx, o):
                    continue
                s_of = _sentence_of(ctx, o.start)
                if s_of is None or (s_of not in zone[:1] and o not in listed and not (s_of in zone and _chosen(ctx, o))):
                    continue  # beyond the decision's own sentence, only firms the text names as chosen
                if PARTNER_CUE.search(s_of.text) and not _chosen(ctx, o) and o not in listed:
                    continue  # a partner in the winning bid, not a provider in its own right
                _add_org(ctx, ev, "providers", o)
            _rest_of_lists(ctx, ev, zone, limit=15)
            for o in ctx.orgs:
                if not o.public and not _same_org(_canonical(ctx, o).name, _canonical(ctx, winner).name) and (
                        _is_bidder_mention(ctx, o) or o in reserves):
                    if not any(_same_org(_canonical(ctx, o).name, p) for p in ev.providers):
                        _add_org(ctx, ev, "bidders", o)
        return
    for o in [o for o in firms if o.name not in ev.buyers][:2]:  # a trust that buys its own services does not provide them
        _add_org(ctx, ev, "providers", o)
    if main and not ev.providers and kind in ("extend", "end", "insource"):
        # "services currently delivered by 1st Homecare, TLC Scotland and Delight Supported Living":
        # the holders of the contracts, listed whatever their names hold.
        around = zone[:2] + _near_sentences_of(ctx, zone[0], 3)[1:] if zone else []
        for z in around:
            listed = _cued_list_firms(ctx, z, HOLDERS_LIST)
            if len(listed) >= 2:
                for o in listed[:8]:
                    _add_org(ctx, ev, "providers", o)
                break
    if main and ev.providers:
        _rest_of_lists(ctx, ev, zone, limit=8)
    if main and zone:
        # "extend the contracts with the following providers:" and the list lines under it.
        for z in zone[:3] + _list_leads(ctx, zone[0]):
            if FOLLOWING.search(z.text) or z.text.rstrip().endswith(":"):
                for o in [o for o in ctx.orgs if not o.public and _in_list_after(ctx, z, o)] + _lot_line_firms(ctx, z):
                    if len(ev.providers) < 30:
                        _add_org(ctx, ev, "providers", o)


# "Key suppliers include A, B and C": a list that names who was chosen, in or beside the decision.
CHOSEN_LIST = caseless(r"\b(?:providers|suppliers|organisations|businesses|companies|firms|bidders|charities)\s+"
                       r"(?:(?:awarded|appointed|chosen|selected)\s+(?:(?:to|on|onto)\s+(?:the\s+|its\s+|a\s+)?(?:[\w'’-]+\s+){0,4}?)?)?(?:include|including|are|were)\b|\bsuccessful\s+(?:bidders|tenderers|providers)\b|"
                       r"\bcontracts?\s+(?:were\s+|have\s+been\s+)?awarded\s+to\b")


def _rest_of_lists(ctx: Context, ev: Event, zone: list[Sentence], limit: int) -> None:
    """"contracts with Bristol Changes, Bristol Mind and HOPE": the rest of a list a provider
    stands in, and every firm of a list that says it names the chosen."""
    if not zone:
        return
    near = zone[:2] + _near_sentences_of(ctx, zone[0], 2)[1:]
    for s in zone[:2] + _near_sentences_of(ctx, zone[0], 5)[1:]:
        for o in _cued_list_firms(ctx, s):
            if len(ev.providers) < limit and not o.public and not _is_bidder_mention(ctx, o):
                _add_org(ctx, ev, "providers", o)
    for chain in _org_lists(ctx, near):
        cs = _sentence_of(ctx, chain[0].start)
        cued = cs is not None and bool(CHOSEN_LIST.search(cs.low, 0, max(0, chain[0].start - cs.start)))
        if cued or any(_same_org(_canonical(ctx, o).name, p) for o in chain for p in ev.providers):
            for o in chain:
                if not o.public and len(ev.providers) < limit and not re.fullmatch(r"[A-Z&]{2,7}", o.name) \
                        and not _is_bidder_mention(ctx, o):
                    _add_org(ctx, ev, "providers", o)


HOLDERS_LIST = caseless(r"\b(?:currently\s+)?(?:delivered|provided|run|operated)\s+by\s+(?=[^.;]*,)|\bcontracts\s+(?:in\s+place\s+)?with\s+(?=[^.;]*,)")
LIST_ITEM_SEP = re.compile(r",\s+(?:and\s+|&\s+)?|\s+and\s+|\s*;\s*")
TRAILING_NOTE = re.compile(r"\s*\([^()]{1,60}\)$")


def _cued_list_firms(ctx: Context, s: Sentence, cue: re.Pattern = CHOSEN_LIST) -> list[Org]:
    """"Key suppliers include A, B (Ltd) and C, among others": each capitalised item of a list the
    sentence says names the chosen, with or without an organisation word."""
    m = cue.search(s.low)
    if m is None:
        return []
    out: list[Org] = []
    cuts = [m.end(), *(x for sep in LIST_ITEM_SEP.finditer(s.text, m.end()) for x in sep.span()), len(s.text)]
    for a, b in zip(cuts[::2], cuts[1::2]):
        item = s.text[a:b]
        name = re.sub(r"^(?:the|The)\s+", "", TRAILING_NOTE.sub("", item.strip(" :,.")).strip())
        if not name:
            continue
        at = s.start + a + item.find(name)
        known = any(o.start == at and o.end == at + len(name) for o in ctx.orgs)  # "Brightwell Supported Living"
        service_words = NOT_ORG.search(name) and not LEGAL_END.search(name) \
            and (NOT_ORG.match(name) or name.split()[0].lower() in GENERIC_WORDS)  # "Delight Supported Living" is a firm
        if not known and (not LOT_NAME.fullmatch(name) or len(name) > 60 or service_words):
            if out:
                break  # the list has ended ("… and C, among others")
            continue
        out.append(Org(name, at, at + len(name), org_type(name)))
    return out


LOT_SPLIT = re.compile(r"[ \t]+[–—-][ \t]+")
LOT_NAME = re.compile(r"(?:[A-Z]|\d+(?:st|nd|rd|th)\s)[\w'’&.()]*(?:[ \t]+(?:\(?[A-Z&][\w'’&.()]*|of|and|for|the|de|at|in)){0,7}")


def _lot_line_firms(ctx: Context, lead: Sentence) -> list[Org]:
    """"Elmfield Way – Yarrow": on the list lines under a lead that ends in a colon, the name after
    the last dash is the firm given that lot, whether or not it has an organisation word."""
    if not (lead.text.rstrip().endswith(":") or FOLLOWING.search(lead.text)):
        return []
    out: list[Org] = []
    pos = ctx.text.find("\n", lead.end)
    for _ in range(30):
        if pos < 0:
            break
        nxt = ctx.text.find("\n", pos + 1)
        end = len(ctx.text) if nxt < 0 else nxt
        line = ctx.text[pos + 1:end]
        pos = nxt
        t = line.strip()
        if not t:
            continue
        parts = LOT_SPLIT.split(t)
        if len(parts) < 2 and not LIST_LINE.match(t):
            break  # prose resumed
        if len(parts) < 2:
            continue
        last = parts[-1].split(" / ")[0].rstrip(" .;,")
        m = LOT_NAME.fullmatch(last)
        if not m or len(last) > 60 or NOT_ORG.search(last):
            continue
        start = line.rfind(last) + (end - len(line))
        out.append(Org(last, start, start + len(last), "company"))
    return out


COUNTED_FIRMS = re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:new\s+|lead\s+|local\s+)?"
                           r"(?:providers|organisations|companies|firms|suppliers|operators|charities)\b", re.I)


UNNAMED_FIRMS = re.compile(r"\b(?:the|new)\s+(?:organisations|providers|companies|firms|suppliers|operators|charities)\s+"
                           r"(?:who\s+(?:have\s+)?(?:won|been\s+awarded)|awarded|chosen|selected|appointed)\b|"
                           r"^\s*(?:contract\s+)?awarded\s+to\s*:?\s*$", re.I)  # a notice's "Awarded To" over its list


def _org_lists(ctx: Context, sentences: list[Sentence]) -> list[list[Org]]:
    """Runs of two or more organisations written as a list ("A, B and C") in these sentences."""
    out = []
    for s in sentences:
        orgs = _orgs_in(ctx, s)
        chain: list[Org] = []
        for o in orgs:
            if chain and LIST_GAP_ORGS.fullmatch(ctx.text, chain[-1].end, o.start):
                chain.append(o)
                continue
            if len(chain) >= 2:
                out.append(chain)
            chain = [o]
        if len(chain) >= 2:
            out.append(chain)
    return out


def _counted_providers(ctx: Context, s: Sentence) -> list[Org]:
    """"awarded contracts to four providers" — the firms the next sentences name; "the
    organisations awarded contracts … have been revealed" — the firms the next sentence lists."""
    m = COUNTED_FIRMS.search(s.text)
    if m:
        n = int(to_number(m.group("n")) or 0)
    elif UNNAMED_FIRMS.search(s.text) and not any(not o.public for o in _orgs_in(ctx, s)):
        n = 12
    else:
        return []
    i = next((k for k, x in enumerate(ctx.sentences) if x is s), None)
    if i is None or n < 2:
        return []
    out: list[Org] = []
    for nxt in ctx.sentences[i:i + 4]:
        firms = [o for o in _orgs_in(ctx, nxt) if not o.public and not _is_bidder_mention(ctx, o)]
        if len(firms) >= 2 or (out and firms):
            out.extend(firms)
        if len(out) >= n:
            break
    return out[:n]


LIST_LINE = re.compile(r"^(?:[•·▪\-*–]|\(?[a-z0-9]{1,3}[.)]|(?:Lot|Area|Zone|Neighbourhood|Locality|Patch)\s*\d+|\d+\.)", re.I)
RESERVE_CUE = caseless(r"\b(?:reserve\s+(?:suppliers?|providers?|bidders?|list)|second[\s-]highest|runners?[\s-]up)\b")
FOLLOWING = re.compile(r"\b(?:the\s+following|these)\s+(?:\w+\s+){0,2}(?:providers?|organisations?|suppliers?|companies|"
                       r"contractors?|operators?|charities|bidders)\b", re.I)


def _list_leads(ctx: Context, top: Sentence) -> list[Sentence]:
    """Sentences shortly after the decision that introduce a list of organisations."""
    i = next((k for k, x in enumerate(ctx.sentences) if x is top), None)
    if i is None:
        return []
    return [x for x in ctx.sentences[i + 1:i + 8] if FOLLOWING.search(x.text)]


def _in_list_after(ctx: Context, s: Sentence, o: Org) -> bool:
    """Whether an organisation sits on the bullet or lot lines that follow a sentence."""
    if o.start < s.end:
        return False
    gap = ctx.text[s.end:o.start]
    lines = gap.split("\n")
    if len(lines) > 30:
        return False
    for line in lines[1:]:
        t = line.strip()
        if t and (not LIST_LINE.match(t) or (len(t) > 60 and t.endswith(":")) or len(t) > 160):
            return False  # the list has ended, a new one begins under its own lead, or prose resumed
    line_start = ctx.text.rfind("\n", 0, o.start) + 1
    head = ctx.text[line_start:o.start].strip()
    return (bool(LIST_LINE.match(head)) and len(head) <= 90) or not head


PLACE_COUNCIL = guarded(r"\b(?P<place>[A-Z][\w'’-]+(?:\s+(?:and\s+|upon\s+|on\s+)?[A-Z][\w'’-]+){0,3})(?:['’]s)?\s+"
                           r"(?:council|cabinet|county\s+council|borough\s+council|city\s+council|(?:county\s+|borough\s+|city\s+)?councillors)\b"
                           r"|\bcouncil[\s-](?:run|owned)\s+(?:\w+\s+){0,3}in\s+(?P<place2>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})")


PLURAL_NHS = re.compile(r"(?P<list>[A-Z][\w'’-]*(?:(?:,\s+(?:and\s+)?|\s+(?:and|&)\s+|\s+)[A-Z][\w'’-]*){0,12})\s+"
                        r"(?P<head>clinical\s+commissioning\s+groups|CCGs|integrated\s+care\s+boards|ICBs)\b")


PLURAL_COUNCILS = re.compile(r"(?P<list>[A-Z][\w'’-]*(?:(?:,\s+(?:and\s+)?|\s+(?:and|&)\s+|\s+)[A-Z][\w'’-]*){1,8})\s+[Cc]ouncils\b")


def _plural_councils(ctx: Context, ev: Event, s: Sentence) -> None:
    """"with fellow local authorities (Salford and Trafford Councils)": each council of the list."""
    if ctx.council_lookup is None or ("Councils" not in s.text and "councils" not in s.text):
        return
    for m in PLURAL_COUNCILS.finditer(s.text):
        base, words = s.start + m.start("list"), m.group("list")
        pieces, last = [], 0
        for sep in LIST_SEP.finditer(words):
            pieces.append((last, sep.start()))
            last = sep.end()
        pieces.append((last, len(words)))
        names = [ctx.council_lookup(words[a:b]) for a, b in pieces]
        if len(pieces) >= 2 and all(names):
            for (a, b), name in zip(pieces, names):
                if name not in ev.buyers and len(ev.buyers) < 4:
                    ev.buyers.append(name)
                    ev.evidence.append(Evidence.at("buyers", ctx.text, base + a, base + b))


def _coordinated_commissioners(ctx: Context, ev: Event, zone: list[Sentence]) -> None:
    """"Greater Huddersfield and North Kirklees clinical commissioning groups": two buyers.
    "and" also sits inside names ("Ipswich and East Suffolk"), so a split is kept only when
    every piece is a known body."""
    if ctx.nhs_lookup is None:
        return
    for s in zone + ctx.sentences:
        for m in PLURAL_NHS.finditer(s.text):
            suffix = "ICB" if "care" in m.group("head").lower() or "ICB" in m.group("head") else "CCG"
            words = m.group("list")
            base = s.start + m.start("list")
            seps = list(LIST_SEP.finditer(words))
            if len(seps) > 6:
                continue  # a run-on list, not names
            best: list[tuple[int, int, str]] | None = None
            for mask in range(1 << len(seps)):
                pieces, last = [], 0
                for i, sep in enumerate(seps):
                    if mask >> i & 1:
                        pieces.append((last, sep.start()))
                        last = sep.end()
                pieces.append((last, len(words)))
                names = [ctx.nhs_lookup(f"{words[a:b]} {suffix}") for a, b in pieces]
                if len(pieces) >= 2 and all(names):
                    best = [(a, b, n) for (a, b), n in zip(pieces, names)]
                    break
            if best:
                for a, b, name in best:
                    if name not in ev.buyers:
                        ev.buyers.append(name)
                        ev.evidence.append(Evidence.at("buyers", ctx.text, base + a, base + b))
                return


def _council_by_place(ctx: Context, ev: Event) -> None:
    """"Rhondda Cynon Taf cabinet", "council-run homes in Wakefield": the council by its place."""
    if ctx.council_lookup is None:
        return
    for m in PLACE_COUNCIL.finditer(ctx.text):
        group = "place" if m.group("place") else "place2"
        place = m.group(group)
        words = place.split()
        while words and words[0] in ("The", "A", "In", "At", "On", "But", "And", "Plans", "Labour", "Conservative"):
            words = words[1:]
        if not words:
            continue
        place = " ".join(words)
        name = ctx.council_lookup(place)
        if name:
            a = m.start(group) + m.group(group).index(place)
            ev.buyers.append(name)
            ev.evidence.append(Evidence.at("buyers", ctx.text, a, a + len(place)))
            return


PROVIDER_AFTER = re.compile(r"(?:-based)?\s+(?:charity|firm|company|provider|operator|organisation|social\s+enterprise|care\s+provider|care\s+firm)\b", re.I)
THE_COUNCIL = caseless(r"\b(?:the|county|city|borough|district)\s+(?:council|local\s+authority|authority)\b|"
                       # "Bury's cabinet agreed", "councillors in Wirral": a place's own decision makers
                       r"['’]s\s+(?:cabinet|executive|full\s+council|councillors|council\s+leader|leader|mayor)\b|\bcouncillors\s+in\s+|"
                       r"\bcouncil\s+(?:chiefs|bosses|officers|officials|leaders?|spokes(?:man|woman|person))\b|"
                       r"\b(?:county|city|borough|district|senior)\s+councillors?\b|"
                       # "A council contract … is set to be ripped up", "Camden's health chief": the story's council, unnamed
                       r"^\W*a\s+council\b|['’]s\s+(?:[\w-]+\s+){0,2}?(?:chief|boss|cabinet\s+member|lead\s+member|portfolio\s+holder)\b")
PLACE_RUN = guarded(r"\b[A-Z][a-z][\w'’-]*(?:\s+(?:and\s+|upon\s+|on\s+)?[A-Z][a-z][\w'’-]*){0,3}")


ORIGIN_BEFORE = re.compile(r"\b(?:from|based\s+in|headquartered\s+in)\s+(?:the\s+)?$")


def _council_of_story(ctx: Context, ev: Event, zone: list[Sentence], within: list[Sentence] | None = None) -> None:
    """A story that says only "the council" and names its area ("Suffolk: care homes to be
    transferred", "staff in Brighton and Hove"): the council of the first area it names
    (``within`` those sentences only, when given)."""
    if ctx.council_lookup is None or ctx.doc_type not in ("news", "other"):
        return
    if not any(THE_COUNCIL.search(s.low) for s in zone[:2] + ctx.sentences[:5]):
        return
    spans = [(s.start, s.end) for s in within] if within is not None else [(0, min(len(ctx.text), 4000))]
    for m in (m for a, b in spans for m in PLACE_RUN.finditer(ctx.text, a, b)):
        if ORIGIN_BEFORE.search(ctx.text, max(0, m.start() - 20), m.start()) or PROVIDER_AFTER.match(ctx.text, m.end()):
            continue  # "a charity from Greater Manchester", "Surrey charity Cranstoun": where a provider comes from
        if any(o.start <= m.start() < o.end and not o.public for o in ctx.orgs):
            continue  # "Calderdale and Huddersfield NHS Foundation Trust": a provider's name, not the story's area
        words = [re.sub(r"['’]s?$", "", w) for w in m.group(0).split()]  # "Edinburgh's most vulnerable people"
        # The longest run of its words that names a council ("Brighton and Hove", not "Brighton").
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                place = " ".join(words[i:i + n])
                if words[i] in ("The", "A", "An", "In", "At", "On", "But", "And", "For") or words[i + n - 1] in ("and", "upon", "on"):
                    continue
                name = ctx.council_lookup(place)
                if name:
                    a = m.start() + m.group(0).index(place)
                    ev.buyers.append(name)
                    ev.evidence.append(Evidence.at("buyers", ctx.text, a, a + len(place)))
                    return


def _host_evidence(ctx: Context, ev: Event) -> None:
    # The council is named by the page's address, not its text: point at the text's own
    # reference to it where there is one ("the Council"), else leave an empty span.
    m = re.search(r"\b(?:the\s+)?(?:Council|Local\s+Authority|Authority)\b", ctx.text)
    if m:
        ev.evidence.append(Evidence.at("buyers", ctx.text, m.start(), m.end()))


CHOSEN_BEFORE = re.compile(r"(?:chosen|selected|named|appointed|picked|announced|confirmed|award(?:s|ed)?\s+(?:[\w’'£.,&-]+\s+){0,10}?to|won\s+by|let\s+to)\s+(?:the\s+)?"
                           r"(?:(?:leading|local|national|specialist|independent|private|voluntary|health|social|and|care|charity|provider|company|"
                           r"firm|organisation|operator|enterprise|sector|housing|association|trust|community|interest|not-for-profit|"
                           r"an?|called|named)\s+){0,8}$")
LIST_GAP_ORGS = re.compile(r",?\s+(?:and|&)\s+|,\s+")
# (after any apposition: "Pennine Minds Partnership, a joint venture of local charities, beat two other bids")
WON_AFTER = re.compile(r"^(?:,\s+(?:a|an|the)\s+[^,.;\n]{3,100}?,)?\s+(?:has\s+)?(?:wins?|won|secured|beat|been\s+awarded|was\s+awarded|"
                       r"(?:will|would|are\s+to|is\s+to)\s+(?:now\s+|also\s+|together\s+|\w+ly\s+)?(?:be\s+)?(?:deliver|provid|run|doing|carry|take\s+over)\w*|(?:takes?|took)\s+over\b|"
                       r"(?:was|were|has\s+been|have\s+been)\s+(?:\w+\s+){0,3}?(?:named|chosen|selected|appointed|confirmed)\b)")


# "The selected provider is PHL Group", "The successful bidder, Ross Care, was selected": a notice's slot.
CHOSEN_SLOT = re.compile(r"\b(?:selected|awarded|successful|preferred|winning|chosen|appointed|new)\s+(?:provider|bidder|supplier|tenderer|"
                         r"contractor|operator|organisation)s?(?:\s+(?:is|was|are|were|will\s+be|has\s+been|have\s+been))?[\s:,]*$", re.I)


def _chosen(ctx: Context, o: Org, depth: int = 0) -> bool:
    """Whether the text names this organisation as the one chosen ("awarded to X", "X has won",
    "X, Y and Z have been confirmed as the preferred bidder")."""
    before = ctx.text[max(0, o.start - 110):o.start]
    if CHOSEN_BEFORE.search(before) or CHOSEN_SLOT.search(before) or WON_AFTER.match(ctx.text[o.end:o.end + 140]):
        return True
    nxt = next((n for n in ctx.orgs if o.end <= n.start <= o.end + 8), None)
    return bool(depth < 6 and nxt is not None and LIST_GAP_ORGS.fullmatch(ctx.text, o.end, nxt.start) and _chosen(ctx, nxt, depth + 1))


PARTNER_CUE = re.compile(r"\b(?:bid|consortium|partnership|bid\s+team)\b.{0,40}\b(?:involv|includ|alongside|with|partner)\w*", re.I)


# "handed a contract to Sussex Community NHS Trust – over existing providers East Sussex Healthcare Trust",
# "ahead of rival bidder Acme", "beating off competition from Acme": the firm the winner beat.
RIVAL_BEFORE = caseless(r"(?:\bover|\bahead\s+of|\bcompetition\s+from|\bbeat(?:ing)?\s+off\s+(?:competition\s+from\s+)?)\s+"
                        r"(?:the\s+)?(?:existing\s+|incumbent\s+|current\s+|rival\s+|other\s+)?(?:providers?|bidders?|rivals?|competitors?)?[\s,–-]*$")


def _is_bidder_mention(ctx: Context, o: Org) -> bool:
    s = _sentence_of(ctx, o.start)
    if s is None:
        return False
    if RIVAL_BEFORE.search(ctx.lower(), max(0, o.start - 60), o.start) and not _chosen(ctx, o):
        return True
    if PARTNER_CUE.search(s.text) and not re.search(r"\b(?:rival|unsuccessful|lost|other\s+bidders?|losing)\b", s.text, re.I):
        return False  # a partner in a bid, not a rival bidder
    return bool(BIDDER_CUE.search(s.text)) and not _chosen(ctx, o) and not _in_chosen_list(ctx, s, o)


# "to take over community services from outsourcing giant Serco", "replacing Acme Care": the
# firm an award displaces.
OUTGOING = caseless(r"(?:\b(?:take|takes|taking|took|taken)\s+over\b[^.;]{0,80}?\bfrom\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?|"
                    r"\b(?:replac(?:e|es|ed|ing)|succeed(?:s|ed|ing)?)\s+(?:the\s+)?(?:current\s+|existing\s+|incumbent\s+)?"
                    r"(?:provider|operator|contractor|firm|company)?,?\s*|\b(?:currently|previously)\s+(?:run|provided|delivered|operated|held)\s+by\s+|"
                    # "following the liquidation of the previous provider NRS Healthcare Limited"
                    r"\b(?:previous|former|outgoing|collapsed|failed)\s+(?:provider|operator|contractor|supplier|firm|company),?\s+(?:the\s+)?|"
                    # "the running of the 0-19 service will be transferred from Berkshire Healthcare …"; a challenger
                    r"\b(?:transfer(?:red|ring|s)?|mov(?:e|es|ed|ing)|switch(?:es|ed|ing)?)\s+(?:away\s+)?from\s+(?:the\s+)?|"
                    r"\b(?:legal\s+)?challenge\s+(?:by|from)\s+(?:the\s+)?|"
                    # "awarded a contract to Y after terminating its deal with X"
                    r"\b(?:after|following)\s+(?:terminating|ending|ditching|scrapping|cancelling|axing)\s+(?:its|their|the)\s+(?:[\w£.,'’-]+\s+){0,3}?(?:contract|deal|agreement)\s+with\s+(?:the\s+)?)$")
# One mention of a firm as the holder of the contract an award replaces: "the current contract
# with Allied Healthcare", "after the contract with Mears comes to an end". The same firm may
# win again, so these mark the mention, not the firm.
HOLDER_BEFORE = caseless(r"\b(?:current|existing|previous|old|former|outgoing|incumbent)\s+(?:[\w£.,-]+\s+){0,4}?(?:contract|deal|agreement)s?\s+"
                         r"(?:with|held\s+by|run\s+by|delivered\s+by|provided\s+by)\s+(?:the\s+)?$|"
                         # "The current provider, Hartwell Care Ltd, has agreed to carry on" (but not "awarded … to the current provider, X")
                         r"(?<!\bto\s)(?<!\bto\sthe\s)\b(?:current|existing|previous|outgoing|incumbent)\s+(?:provider|supplier|operator|contractor),?\s+$")
HOLDER_AFTER = caseless(r"(?:['’]s\s+(?:[\w-]+\s+){0,3}?(?:contract|deal)s?\s+|\s+(?:contract|deal)s?\s+)?(?:\s*for\s+(?:[\w'’-]+\s+){1,4}?)?\s*(?:(?:which|that)\s+)?"
                          r"(?:ends|ended|expires|expired|runs\s+out|ran\s+out|came\s+to\s+an\s+end|comes\s+to\s+an\s+end|"
                          r"(?:is|was)\s+due\s+to\s+(?:end|expire|come\s+to\s+an\s+end))\b")


def _outgoing(ctx: Context, o: Org) -> bool:
    """Whether the page names ``o`` anywhere as the firm displaced (its other mentions may recount
    the contract it won years ago)."""
    key = ("outgoing", o.name)
    hit = ctx.cache.get(key)
    if hit is None:
        hit = False
        at = ctx.text.find(o.name)
        while at >= 0 and not hit:
            s = _sentence_of(ctx, at)
            hit = s is not None and bool(OUTGOING.search(ctx.lower(), max(s.start, at - 120), at))
            at = ctx.text.find(o.name, at + 1)
        ctx.cache[key] = hit
    return hit


def _holder_mention(ctx: Context, o: Org) -> bool:
    """Whether this mention of ``o`` names it as the holder of the contract being replaced."""
    s = _sentence_of(ctx, o.start)
    low = ctx.lower()
    return s is not None and bool(HOLDER_BEFORE.search(low, max(s.start, o.start - 80), o.start)
                                  or HOLDER_AFTER.match(low, o.end, s.end))


def _in_chosen_list(ctx: Context, s: Sentence, o: Org) -> bool:
    """"The successful bidders, British Red Cross, Independent Living Services and Crossroads
    Caring Scotland, will …": every item of a list a cue says names the chosen, not only the first."""
    cue = CHOSEN_LIST.search(s.low, 0, max(0, o.start - s.start))
    if cue is None:
        return False
    between = ctx.text[s.start + cue.end():o.start]
    return all(w in LIST_WORDS or w[:1].isupper() or not w[:1].isalpha() for w in between.replace(",", " ").split())


LIST_WORDS = {"and", "&", "the", "of", "for", "in", "on", "at", "include", "including", "are", "were", ":", "-", "–"}


def _winner(ctx: Context, firms: list[Org]) -> Org:
    return next((o for o in firms if _chosen(ctx, o)), firms[0])


WON_IT = re.compile(r"\s*(?:\([^)]{1,20}\)\s*)?(?:won|had\s+won|has\s+won|was\s+awarded|had\s+been\s+awarded|secured)\s+(?:a\s+|an\s+|the\s+)?(?:[\w£.,'’-]+\s+){0,3}?(?:tender|contract|deal|bid)\b")


def _incumbents(ctx: Context, strict: bool = False) -> list[Org]:
    firms = [o for o in ctx.orgs if not o.public]
    scored = []
    for o in firms:
        before = ctx.text[max(0, o.start - 60):o.start].lower()
        after = ctx.text[o.end:o.end + 40].lower()
        score = 0
        if re.search(r"(?:delivered|provided|run|operated|managed)\s+by\s*$|(?:with|current\s+provider,?|incumbent,?|(?:current|existing)\s+(?:owners?|operators?),?)\s*$", before):
            score += 3
        if re.search(r"^\s*(?:\(previously|\(formerly|contract|care\s+group\s+contract)", after):
            score += 2
        if re.search(r"^\s*contract\b", after):
            score += 2
        if WON_IT.match(after):
            score += 3  # "UnitingCare won a competitive tender to run the contract": who holds what ends
        scored.append((score, -o.start, o))
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    best = [o for sc, _, o in scored if sc > 0][:1]
    return best if strict else best or firms[:1]


# -- numbers: value, term, dates, staff ----------------------------------------------------
def _nearest(items, zone: list[Sentence], ctx: Context, max_dist: int = 1500):
    if not items:
        return None
    anchors = [((s.start + s.end) // 2) for s in zone] or [0]

    def dist(m):
        inside = any(s.start <= m.start < s.end for s in zone)
        if inside:
            return 0
        # Measured from the mention's sentence, so that within one sentence the first
        # figure wins ("initial five years from 7 April 2025 until 6 April 2030, then …").
        sent = _sentence_of(ctx, m.start)
        pos = sent.start if sent is not None else m.start
        return min(abs(pos - a) for a in anchors)

    best = min(items, key=lambda m: (dist(m), m.start))
    return best if dist(best) <= max_dist else None


def _sentence_of(ctx: Context, pos: int) -> Sentence | None:
    starts = ctx.sentence_starts()
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and ctx.sentences[i].start <= pos < ctx.sentences[i].end:
        return ctx.sentences[i]
    return None


def _fill_numbers(ctx: Context, ev: Event, kind: str, zone: list[Sentence], main: bool) -> None:
    text = ctx.text
    low = ctx.lower()  # the cue rules here are caseless: they read the lower-cased text
    # Value: the figure the text gives as the contract's worth, not savings, deficits or extras.
    best, best_score = None, 0.0
    anchor_ids = {id(z) for z in zone}
    for m in ctx.money:
        if m.kind == "rate" or m.value < 10_000:
            continue
        sent = _sentence_of(ctx, m.start)
        if sent is None or sent.block in ("rejected", "options"):
            continue
        before = low[max(sent.start, m.start - 70):m.start]
        label = " ".join(low[max(0, m.start - 90):m.start].split())
        after = low[m.end:min(sent.end, m.end + 40)]
        score = 0.0
        if VALUE_LABEL.search(label):
            score += 7  # "Total contract value: £570,899,013" states it; a headline rounds it
        elif VALUE_CUE_BEFORE.search(before) or VALUE_CUE_AFTER.match(after):
            score += 3
            if sent.line <= 2 and ctx.doc_type == "news":
                score += 1.5  # a headline's "worth £1.7bn" is the contract's value
        elif VALUE_WORDS.search(before[-40:] + after[:25]):
            score += 1
        # Only the figure's own clause: "with an option to extend for up to three further years, at an annual
        # cost of £1.35m" is the cost, whatever "further" said before the comma.
        clause = re.split(r"[,;:()]", before[-45:])[-1]
        if (NOT_VALUE.search(clause) and not CONTRACT_AFTER.match(after)) or NOT_VALUE_AFTER.match(after):
            score -= 4  # but "set to lose a £23.8m a year contract" still names the contract's worth
        if THRESHOLD.search(before[-30:]) or (main and OLD_VALUE.search(before[-70:]) and kind in ("tender", "award")) \
                or (main and kind == "extend" and ORIGINAL_VALUE.search(before[-40:])):
            score -= 4  # a key-decision threshold or the old contract's value
        if re.search(r"(?:19|20)\d\d\s*/\s*\d\d\s*(?:\([a-z]+\))?\s*$", text[max(sent.start, m.start - 70):m.start]):
            score -= 2  # a row of a spending table
        if id(sent) in anchor_ids:
            score += 2
        else:
            dist = min(abs(m.start - z.start) for z in zone) if zone else 0
            score -= min(2.0, dist / 1500)
        if not main and id(sent) not in anchor_ids:
            continue
        if score > best_score:
            best, best_score = m, score
    if best is not None and best.kind == "annual":
        # "an annual cost of £12.7m and … a total maximum cost of £89.2m": the total is the value.
        totals = [m for m in ctx.money if m.kind == "total" and m.value > best.value and _sentence_of(ctx, m.start) is _sentence_of(ctx, best.start)
                  and VALUE_CUE_BEFORE.search(low[max(0, m.start - 70):m.start])]
        best = totals[0] if totals else best
    basis = "annual" if best is not None and best.kind == "annual" else "total"
    if best is not None and basis == "total" and any(m.kind == "annual" and abs(m.value - best.value) <= 0.01 * best.value for m in ctx.money):
        basis = "annual"  # "£2m social care contract" is the "£2 million a year" the story explains
    if best is not None:
        ev.value = Value(best.value, "GBP", basis)
        ev.evidence.append(Evidence.at("value", text, best.start, best.end))
    # Term and extension.
    terms, exts = [], []
    for d in ctx.durations:
        s = _sentence_of(ctx, d.start)
        if s is None or s.block in ("rejected", "options"):
            continue
        if PAST_DURATION.search(low, max(s.start, d.start - 70), d.start) or REMAINING.match(low, d.end) or PROCESS_AFTER.match(low, d.end):
            continue
        if not TERM_CONTEXT.search(s.low):
            continue
        if d.kind == "term" and 1 <= d.value <= 300:
            terms.append(d)
        elif d.kind == "extension" and 1 <= d.value <= 180:
            exts.append(d)
    if kind in ("tender", "award"):
        # "The council has had a contract with X for 10 years": the new contract's term is sought.
        fresh = [d for d in terms if not OLD_CONTRACT.search(_sentence_of(ctx, d.start).low)]
        terms = fresh or terms
    if kind in ("end", "insource"):
        # The old contract's length is history here: keep only a term stated with the decision.
        in_zone = {id(z) for z in zone}
        terms = [d for d in terms if id(_sentence_of(ctx, d.start)) in in_zone]
        exts = [d for d in exts if id(_sentence_of(ctx, d.start)) in in_zone]
    if kind == "extend":
        by_terms = [d for d in terms + exts if EXTEND_BY.search(low[max(0, d.start - 90):d.start])
                    and not OPTION_WORDING.search(low[max(0, d.start - 60):d.start])]
        if by_terms:
            terms = by_terms  # "extend the contract by a year" names the extension decided
        # The extension decided is the term; only an option on top counts as extension_months.
        # "approve the use of an optional final 12-month extension": an option taken up is the extension decided.
        taken_up = [d for d in exts if OPTION_TAKEN.search(low, max(0, d.start - 60), d.start)]
        extension_terms = [d for d in exts if not OPTION_WORDING.search(low[max(0, d.start - 70):d.start]) or d in taken_up]
        exts = [d for d in exts if OPTION_WORDING.search(low[max(0, d.start - 70):d.start]) and d not in taken_up]
        if not terms:
            terms = extension_terms
    cued = [d for d in terms if TERM_CUE.search(low[max(0, d.start - 45):d.start]) or TERM_AFTER.match(low[d.end:d.end + 15])]
    term = _nearest(cued, zone, ctx, max_dist=4000 if main else 0) or _nearest(terms, zone, ctx, max_dist=600 if main else 0)
    if term is None and kind == "extend":
        plain = [d for d in exts if not re.search(r"option|up\s+to|further|possible", text[max(0, d.start - 40):d.start], re.I)]
        term = _nearest(plain, zone, ctx, max_dist=600)
        if term is not None:
            exts = [d for d in exts if d is not term]
    if term is not None:
        ev.term_months = int(term.value)
        ev.evidence.append(Evidence.at("term_months", text, term.start, term.end))
        term_sent = _sentence_of(ctx, term.start)
        near_ext = [d for d in exts if _sentence_of(ctx, d.start) is term_sent and d.start > term.start]
        ext = near_ext[0] if near_ext else _nearest(exts, zone, ctx, max_dist=0)
        if ext is None and main:
            # "a new five-year contract … The new service will run …, with options for three
            # one-year extensions": the options follow the term within a sentence or two.
            ext = next((d for d in exts if term_sent.start - 300 <= d.start <= term_sent.end + 400), None)
    else:
        ext = _nearest(exts, zone, ctx, max_dist=300 if main else 0)
    if ext is not None:
        ev.extension_months = int(ext.value)
        ev.evidence.append(Evidence.at("extension_months", text, ext.start, ext.end))
    # Start and end dates.
    starts, ends = [], []
    ranged: dict[int, str] = {}
    for a, b in zip(ctx.dates, ctx.dates[1:]):
        # "1 April 2026 to 31 March 2031": a period, start then end.
        if ((a.kind in ("day", "month") and b.kind in ("day", "month")) or a.kind == b.kind == "year") \
                and re.fullmatch(r"\s*(?:to|until|till|-|–|—|and)\s*", text[a.end:b.start]):
            ranged[a.start], ranged[b.start] = "start", "end"
    for d in ctx.dates:
        if d.kind == "fy":
            continue
        if ctx.meta.decision_date_span and d.start <= ctx.meta.decision_date_span[0] < d.end + 1:
            continue
        s = _sentence_of(ctx, d.start)
        if s is None or s.block in ("rejected", "options"):
            continue
        before = low[max(s.start, d.start - 45):d.start]
        if NOT_CONTRACT_DATE.search(before):
            continue  # ModernGov's call-in and publishing dates, not the contract's
        line_at = low.rfind("\n", 0, d.start) + 1
        if NOTICE_LINE.search(low, line_at, max(line_at, low.find("\n", d.end) if "\n" in low[d.end:] else len(low))):
            continue  # "General Exception Notice - … (07/02/2019 to 15/02/2019, Key Decision - Notice)": the notice's period
        role = ranged.get(d.start)
        if role is None and START_NEAR.search(before) and not END_NEAR.search(before) \
                and not PROCESS_DATE.search(before) and not NOT_CONTRACT_START.search(before):
            role = "start"  # "award the contract to Acme Support from 1 April 2025": the word just before decides
        if role is None and ENDS_AT.search(low, max(s.start, d.start - 110), d.start):
            role = "end"  # "extend the carers contract with Acme Carers to 30 June 2026", "end its contract with X in December"
        if role == "end" or (role is None and (END_CUE.search(before) or END_CUE_AT.search(before))):
            if not OLD_END.search(before):
                ends.append(d)
        elif role == "start" or (START_CUE.search(before) and not PROCESS_DATE.search(before) and not NOT_CONTRACT_START.search(before)):
            starts.append(d)
    if kind in ("extend", "tender", "award"):
        # "The contracts are due to expire in March 2022 … a direct award … until December 2023":
        # the date extended to is the decision's; the expiry it replaces is the old contract's.
        ends = [d for d in ends if not CURRENT_END.search(low[max(0, d.start - 80):d.start])]
    # An ending or a move in house ends the old contract, before any new arrangement starts.
    ends_old = kind in ("end", "insource")
    if ends_old:
        starts = [d for d in starts if id(_sentence_of(ctx, d.start)) in {id(z) for z in zone}]
    if kind == "end" and starts and not any(id(_sentence_of(ctx, d.start)) in {id(z) for z in zone} for d in ends):
        # "remove the funding for the contract from April 2024": when an ending takes effect is its end.
        ends, starts = starts, []
    start = _nearest(starts, zone, ctx, max_dist=3000 if main else 0)
    if start is not None:
        ev.start_date = start.value
        ev.evidence.append(Evidence.at("start_date", text, start.start, start.end))
    if start is not None:
        paired = [d for d in ends if ranged.get(d.start) == "end" and ranged.get(start.start) == "start"
                  and d.start > start.end and re.fullmatch(r"\s*(?:to|until|till|-|–|—|and)\s*", text[start.end:d.start])]
        # "will run from April 2026 to March 2031": the period's end goes with its start.
        ends = paired or [d for d in ends if d.value > start.value or ends_old]
    end = _nearest(ends, zone, ctx, max_dist=3000 if main else 0)
    if end is not None and (start is None or end.value > start.value or ends_old):
        ev.end_date = end.value
        ev.evidence.append(Evidence.at("end_date", text, end.start, end.end))
    if ev.term_months is None and start is not None and ev.end_date and kind in ("tender", "award", "extend") \
            and start.kind == end.kind == "day" and (ranged.get(start.start) == "start" or (
                # a notice's "Contract start date: 1 January 2026" over "Contract end date: 31 December 2028"
                START_LABEL.search(low, max(0, start.start - 30), start.start) and END_LABEL.search(low, max(0, end.start - 30), end.start))):
        months = months_of_period(start.value, end.value)
        if months and months <= 300:
            # "from 27 October 2025 to 26 October 2030": the term is the period written out.
            ev.term_months = months
            ev.evidence.append(Evidence.at("term_months", text, start.start, end.end))
    _fill_staff(ctx, ev, kind, zone, main)


def _fill_staff(ctx: Context, ev: Event, kind: str, zone: list[Sentence], main: bool) -> None:
    """Staff transferred (TUPE)."""
    text = ctx.text
    low = ctx.lower()
    staff = []
    for m in _staff_mentions(ctx):
        s = _sentence_of(ctx, m.start())
        if s is None or not STAFF_CUE.search(s.low):
            continue
        if not main and s not in zone:
            continue
        if main and s not in zone and _recounts(ctx, s) and not NOW.search(s.low) and kind not in ("outsource",):
            continue  # staff moved in an earlier transfer the page recounts
        n = to_number(m.group("num"))
        if SERVED_BEFORE.search(ctx.lower(), max(0, m.start() - 25), m.start()) and re.search(r"people|carers", m.group(0)):
            continue  # "the care of 500 people": people served, not staff
        if re.search(r"people|carers", m.group(0)) and CLIENTS_AFTER.match(low, m.end()):
            continue  # "the 275 people who move over to new providers": the service's users
        if COUNTERFACTUAL.search(low, max(0, m.start() - 40), m.start()):
            continue  # "would have transferred 2,000 council staff": a deal that did not happen
        if n and 2 <= n <= 20000:
            staff.append((bool(APPROX_BEFORE.search(low, max(0, m.start() - 20), m.start())), int(n), m))
    if staff:
        # "NEARLY 200 nursing staff … the 196 staff": the exact count the story gives later.
        approx, n, m = staff[0]
        if approx:
            exact = next(((x, y) for a, x, y in staff[1:] if not a and abs(x - n) <= 0.25 * n), None)
            if exact:
                n, m = exact
        ev.staff_transferred = n
        ev.evidence.append(Evidence.at("staff_transferred", text, m.start("num"), m.end("num")))
    if ev.staff_transferred and kind not in ("insource", "outsource", "award", "end") and main:
        ev.staff_transferred = None
        ev.evidence = [e for e in ev.evidence if e.field != "staff_transferred"]


APPROX_BEFORE = caseless(r"\b(?:nearly|almost|around|about|approximately|approx\.?|over|more\s+than|up\s+to|some|roughly|circa|c\.)\s*$")
# "The contract was due to run until 2029", "was previously extended in 2015": the end the old plan had, not the decision's.
OLD_END = caseless(r"\b(?:was|were|had\s+been)\s+(?:due|set|scheduled|meant)\s+to\b[^.;]{0,30}$|\b(?:originally|previously)\b[^.;]{0,30}$")
CURRENT_END = caseless(r"\b(?:due\s+to\s+(?:expire|end|finish|conclude|terminate)|(?:currently|presently)\s+(?:\w+\s+){0,3}?"
                      # "The current contract with Beta Care ends on 31 March 2025": the old contract's end
                      r"(?:ends?|expires?|runs?\s+(?:until|to))|(?:current|existing|present)\s+(?:contracts?|arrangements?|agreements?)\b[^.;\n]{0,40}?\b(?:ends?|expires?)\s+(?:on|in)?|"
                      r"(?:currently|presently)\s+(?:\w+\s+){0,3}?"
                      r"(?:ends?|expires?|runs?\s+(?:until|to))|expir(?:e|es|y|ing)|comes?\s+to\s+an\s+end|coming\s+to\s+an\s+end|came\s+to\s+an\s+end)\b[^.;\n]{0,25}$")
NOTICE_LINE = caseless(r"\b(?:exception|urgency|general)\s+notice\b|\bdecision\s*[-–]\s*notice\b|\bnotice\s+of\s+(?:a\s+)?(?:proposed\s+)?(?:key\s+)?decision\b")
# Dates of the process around a contract (a consultation starting, a procurement beginning).
ENDS_AT = caseless(r"\bextend(?:s|ed|ing)?\b[^.;,\n]{0,80}\b(?:to|until)\s+$|\bend\s+(?:its|the|their)\b[^.;,\n]{0,80}\b(?:in|on)\s+$")
START_LABEL = caseless(r"\b(?:contract\s+)?start\s+date\s*:?\s*$")
END_LABEL = caseless(r"\b(?:contract\s+)?end\s+date\s*:?\s*$")
START_NEAR = caseless(r"\b(?:from|starting|commencing|beginning|with\s+effect\s+from)\s+(?:the\s+)?(?:on\s+)?$")
END_NEAR = caseless(r"\b(?:until|till|to|through|ending|ends?|expir\w+|between)\b[^.;\n]{0,12}\bfrom\s+(?:the\s+)?$")
PROCESS_DATE = caseless(r"\b(?:consultation|engagement|evaluation|mobilisation|review)\b[^.;\n]{0,30}$")
NOT_CONTRACT_DATE = caseless(r"(?:effective\s+from|publication\s+date|date\s+published|call[\s-]in\s+expir\w*|standstill\s+period\s+\w+\s+(?:on)?|"
                              r"period\s+(?:ends?|expires?)(?:\s+(?:on|at))?|decisions?\s+will\s+conclude\s+by|inspections?\s+(?:\w+\s+){0,4}(?:in|on)|"
                              # "A consultation on the new model ends on 5 May", "The tender will close on 30 June", "Bids closed on"
                              r"(?:consultation|engagement|tender|bids?|bidding|procurement|evaluation)\b[^.;\n]{0,30}?\b(?:ends?|ended|closes?|closed|close)\s+(?:on|at|by)?)\s*:?\s*$")
def _staff_mentions(ctx: Context):
    """STAFF matches, sought only in the stretches before a word for staff."""
    low = ctx.lower()
    # One past the word, so that the rule's closing \b sees the next character.
    for lo, hi in stretches(find_words(ctx.words(), STAFF_WORDS, bounded=False), 100, 1, len(low)):
        yield from STAFF.finditer(low, lo, hi)


DECIDING = caseless(r"\b(?:agreed|approved|approves|voted|decided|resolved|signed\s+off|endorsed|backed|rejected|deferred|"
                      r"met|meeting|considered|chose|selected|awarded|confirmed|took\s+the\s+decision|decision)\b")


def _near_indices(ctx: Context, top: Candidate, spread: int = 2) -> list[int]:
    return _near_indices_of(ctx, top.sentence, spread)


def _near_indices_of(ctx: Context, sentence: Sentence, spread: int = 2) -> list[int]:
    i = bisect.bisect_right(ctx.sentence_starts(), sentence.start) - 1
    if i < 0 or ctx.sentences[i] is not sentence:
        i = next((k for k, s in enumerate(ctx.sentences) if s is sentence), 0)
    order = [i] + [j for d in range(1, spread + 1) for j in (i - d, i + d)]
    return [j for j in order if 0 <= j < len(ctx.sentences)]


def _near_sentences(ctx: Context, top: Candidate, spread: int = 2) -> list[Sentence]:
    return _near_sentences_of(ctx, top.sentence, spread)


def _near_sentences_of(ctx: Context, sentence: Sentence, spread: int = 2) -> list[Sentence]:
    return [ctx.sentences[j] for j in _near_indices_of(ctx, sentence, spread)]


ON_BEFORE = re.compile(r"\b(?:on|at\s+(?:a|its|the)\s+(?:\w+\s+){0,4}meeting\s+on|dated|taken\s+on|meeting\s+(?:held\s+)?on)\s*"
                       r"(?:\w+day,?\s+\(?)?$|^\s*(?:On\s+)?$", re.I)  # ("on Tuesday (12 September 2023)")


# "commencing on 1 April 2024", "starting on 1st April": when a contract runs, not when it was decided
RUNS_ON = re.compile(r"\b(?:commenc\w*|start\w*|begin\w*|began|effective|expir\w*|end|ends|ending|ended|terminat\w*|go(?:es|ing)?\s+live|"
                     r"went\s+live|mobilis\w*|transfer\w*|until|till|from)\s+(?:on\s+)?(?:or\s+(?:before|after)\s+)?(?:\w+day,?\s+)?(?:the\s+)?$", re.I)
MEETING_IN = re.compile(r"\bmeeting\s+(?:held\s+)?in\s*$|\b(?:decided|agreed|approved)\s+in\s*$", re.I)  # "a cabinet meeting in November 2022"


def _decision_date_from_text(ctx: Context, ev: Event, top: Candidate) -> None:
    near = {id(s): rank for rank, s in enumerate(_near_sentences(ctx, top, 3))}
    found = []
    for d in ctx.dates:
        if d.kind not in ("day", "month"):
            continue
        s = _sentence_of(ctx, d.start)
        if s is None or not DECIDING.search(s.low):
            continue
        before = ctx.text[max(s.start, d.start - 45):d.start]
        if RUNS_ON.search(before):
            continue
        if (ON_BEFORE.search(before) if d.kind == "day" else MEETING_IN.search(before)):
            found.append((near.get(id(s), 99) + (0 if d.kind == "day" else 50), d.start, d))
    if found:
        d = min(found)[2]
        ev.decision_date = d.value
        ev.evidence.append(Evidence.at("decision_date", ctx.text, d.start, d.end))


# Where a body named with its remit ("director of adult social care") ends.
BODY_END = r"(?=,|\s+(?:on|has|have|at|approved|approves|agreed|agrees|signed|decided|decides|which|who)\b|\.|$)"
BODY_WORDS = (r"(?:full\s+council|cabinet\s+member\s+for\s+[a-z][\w ,&'’-]{3,60}?(?=,|\s+(?:on|has|have|at|approved|agreed|signed|decided|which|who|and\s+the)\b|\.|$)|"
              r"(?:executive|portfolio)\s+(?:member|holder)\s+for\s+[a-z][\w ,&'’-]{3,60}?" + BODY_END + r"|"
              r"(?:corporate|executive|strategic|service)\s+director(?:\s+(?:of|for)\s+[a-z][\w ,&'’-]{3,50}?" + BODY_END + r")?|"
              r"(?:assistant\s+|deputy\s+)?director\s+(?:of|for)\s+[a-z][\w ,&'’-]{3,50}?" + BODY_END + r"|"
              r"executive\s+councillor(?:\s*\([^)\n]{3,40}\)|\s+for\s+[a-z][\w ,&'’-]{3,60}?(?=,|\s+(?:has|have|approved|agreed|decided)\b))?|"
              r"cabinet\s+member|portfolio\s+holder|executive\s+board|cabinet|executive|(?:(?-i:[A-Z])[\w&'-]*\s+(?:and\s+)?){0,6}(?:committee|sub-committee)|(?:trust\s+|icb\s+|governing\s+)?board|governing\s+body|"
              r"health\s+and\s+wellbeing\s+board|council)")
BODY_SUBJECT = re.compile(rf"\b(?:the\s+)?(?:council['’]?s\s+|authority['’]?s\s+|icb['’]?s\s+|ccg['’]?s\s+|trust['’]?s\s+|[A-Z]\w+['’]s\s+|(?:next|last|this)\s+(?:week|month)['’]s\s+)?"
                          rf"(?:(?:county|city|borough|district)\s+council\s+)?(?P<body>{BODY_WORDS})(?:\s+members)?\s+"
                          r"(?:has\s+|have\s+|had\s+|was\s+|were\s+|will\s+be\s+|is\s+|are\s+)?"
                          r"(?:now\s+|unanimously\s+|formally\s+|yesterday\s+|today\s+|last\s+(?:week|month|night)\s+|on\s+\w+day(?:\s*\([^)\n]{4,30}\))?,?\s+)?"
                          r"(?:approved|approves|agreed|agrees|resolved|decided|voted|endorsed|backed|rejected|deferred|asked|considered|signed|"
                          r"chose|selected|awarded|accepted|supported|noted|threw|turned|refused|gave|paused|postponed|met|meets|welcomed|ratified|"
                          r"due\s+to|set\s+to|expected\s+to|recommends?|will\s+meet|will\s+decide|will\s+consider|will\s+vote|is\s+to\s+vote|"
                          r"will\s+be\s+asked|is\s+being\s+asked|(?:is|are|will\s+be)\s+(?:being\s+)?recommended\s+to|prepares\s+to|is\s+preparing\s+to)\b", re.I)
# "The report sought Cabinet Member approval to novate the contract"
BODY_APPROVAL = re.compile(r"\b(?:sought|seeks?|seeking|requests?|requested|requesting|for|with|requires?|subject\s+to)\s+(?:the\s+)?(?P<body>cabinet\s+member|portfolio\s+holder|"
                           r"cabinet|executive|committee|full\s+council)\s+(?:approval|agreement|endorsement|decision)\b", re.I)
BODY_REPORT = re.compile(rf"\b(?:report|papers?|recommendations?)\s+(?:to|for|before)\s+(?:the\s+|next\s+\w+'s\s+)?(?:meeting\s+of\s+(?:the\s+)?)?"
                         rf"(?:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*'s\s+)?(?P<body>{BODY_WORDS})\b", re.I)
BODY_AGENT = re.compile(rf"\b(?:signed\s+off|approved|agreed|taken|made|endorsed|considered|rejected|deferred|decided|discussed|debated)\s+by\s+(?:the\s+)?"
                        rf"(?:council['’]?s\s+|(?:[A-Z]\w+\s+){{0,2}}[A-Z]\w+['’]s\s+|(?:next|last|this)\s+(?:week|month)['’]s\s+)?(?:(?:county|city|borough|district)\s+council\s+)?(?P<body>{BODY_WORDS})", re.I)


BODY_AT = re.compile(rf"\b(?:at|during)\s+(?:a|its|the|their)\s+(?:\w+\s+){{0,2}}?(?P<body>cabinet|executive|full\s+council|board|(?:[A-Z][\w&'-]*\s+){{0,4}}committee)\s+meeting\b", re.I)
THAT_BODY = re.compile(r"\bThat\s+(?P<body>Cabinet|the\s+Executive|Council)\b")
BODY_LEVEL = re.compile(r"\b(?:at|by)\s+(?:the\s+)?(?P<body>cabinet|executive|full\s+council|board|committee)\s+level\b", re.I)
# "Amanda Jupp, cabinet member for adults and health, announced …": the member who decided.
BODY_APPOSITIVE = re.compile(r",\s+(?:the\s+(?:council['’]s\s+)?)?(?P<body>(?:cabinet|executive(?:\s+board)?|portfolio)\s+(?:member|holder)\s+for\s+[a-z][\w ,&'’-]{3,60}?),\s+"
                             r"(?:has\s+|have\s+)?(?:announced|approved|agreed|decided|signed\s+off|confirmed|authorised)\b", re.I)
BODY_MEETING = re.compile(rf"\bmeeting\s+of\s+(?:the\s+)?(?:(?:council|authority|county\s+council|city\s+council|borough\s+council)['’]s\s+)?(?P<body>{BODY_WORDS})\b", re.I)
# Words each body rule needs (lower-case substrings): a sentence without them is not tried.
BODY_GATES = [
    (BODY_AGENT, (" by ",)),
    (BODY_APPROVAL, ("approval", "agreement", "endorsement")),
    (BODY_SUBJECT, ("approv", "agree", "resolv", "decid", "vote", "endors", "back", "reject", "defer", "ask", "consider",
                    "sign", "chose", "select", "award", "accept", "support", "noted", "threw", "turned", "refus", "gave",
                    "pause", "postpon", "met", "meet", "due to", "set to", "expected to", "recommend", "will ", "welcom", "ratif", "prepar")),
    (BODY_REPORT, ("report", "paper", "recommendation")),
    (BODY_AT, ("meeting",)),
    (BODY_MEETING, ("meeting of",)),
    (BODY_LEVEL, (" level",)),
    (BODY_APPOSITIVE, ("member for", "holder for")),
]
BODY_HINTS = LOWER.add(("cabinet", "executive", "board", "committee", "council", "member", "holder", "mayor", "leader", "director", "governing body"))


def _decision_body_from_text(ctx: Context, ev: Event, top: Candidate) -> None:
    hinted = ctx.word_hits(BODY_HINTS)
    # Near the decision first, then the page from the top: a body named nowhere in its first
    # 30 such sentences is not one the page means.
    for i in _near_indices(ctx, top, 3) + sorted(hinted)[:30]:
        if i not in hinted:
            continue
        s = ctx.sentences[i]
        m = None
        for rx, words in BODY_GATES:
            m = any(w in s.low for w in words) and rx.search(s.text)
            if m:
                break
        m = m or ("That" in s.text and THAT_BODY.search(s.text))
        if not m:
            continue
        a, b = m.span("body")
        if s.text[a:b].lower().startswith("the "):
            a += 4
        body = s.text[a:b].strip()
        named = re.search(r",\s+(?:Cllr|Councillor|Coun\.?)\s[^,]*,?$", body)
        if named:  # "cabinet member for adult social care, Cllr Jo Bloggs,": the post, not its holder
            body = body[:named.start()]
        if re.fullmatch(r"(?i)council", body) and not re.search(r"(?i)full\s+council|council\s+(?:meeting|voted)|meeting\s+of\s+(?:the\s+)?council", s.text):
            continue
        ev.decision_body = body
        ev.evidence.append(Evidence.at("decision_body", ctx.text, s.start + a, s.start + a + len(body)))
        return
