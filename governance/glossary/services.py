"""The jargon buster (seed 002, proposal 4: a user guide that "should attempt to address jargon
and acronym barriers"): a glossary staff edit in the admin, and `abbreviate`, which marks the
known acronyms in a text with an accessible expansion (`<abbr title="...">`).

The terms come from the seed documents, each cited by its published name (partnerships/sources.py).
Where a seed uses initials without spelling them out, the source says so: staff should confirm those expansions.
"""

import functools
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from partnerships.sources import CARLISLE_PAPER, CUMBRIA_FRAMEWORK, HORSHAM_REVIEW, WYCHAVON_REVIEW

from .models import GlossaryTerm

# (term, expansion, explanation, source)
SEED_TERMS = [
    ("4NW", "The Regional Leaders Board for the North West",
     "The board of council leaders for England's North West region; Cumbria's leaders sought to engage with it "
     "effectively.", CUMBRIA_FRAMEWORK),
    ("CAA", "Comprehensive Area Assessment",
     "The Audit Commission's assessment (from 2009) of how well councils and their partners deliver locally agreed "
     "outcomes for an area.", CARLISLE_PAPER),
    ("CALC", "Cumbria Association of Local Councils",
     "The association of Cumbria's parish and town councils; it has a seat on the Strategic Partnership Forum.",
     CUMBRIA_FRAMEWORK),
    ("CE", "Chief Executive", "The most senior officer of a council or other organisation.", CUMBRIA_FRAMEWORK),
    ("CEDP", "Cumbria Economic Development Partnership",
     "Listed among the task and project partnerships of the Cumbria Strategic Partnership. The framework does not "
     "spell the initials out.", f"{CUMBRIA_FRAMEWORK}, initials not expanded there"),
    ("CEG", "Chief Executives Group",
     "The Cumbria Chief Executives Group: chief executives of the councils and main partners, who lead strategy "
     "alignment and advise the Cumbria Leadership Forum.", CUMBRIA_FRAMEWORK),
    ("CIEP", "Cumbria Improvement and Efficiency Partnership",
     "A partnership on improvement and efficiency whose board is the Chief Executives Group. The framework does not "
     "spell the initials out.", f"{CUMBRIA_FRAMEWORK}, initials not expanded there"),
    ("CLF", "Cumbria Leadership Forum",
     "The county's leadership body from November 2009: it agrees and drives the delivery of priorities.",
     CUMBRIA_FRAMEWORK),
    ("CLSP", "Carlisle Local Strategic Partnership",
     "The Carlisle Partnership's formal name in its terms of reference.", CARLISLE_PAPER),
    ("CP", "Carlisle Partnership",
     "Carlisle's Local Strategic Partnership, created in March 2006: an Executive, the Conveners and four priority "
     "groups.", CARLISLE_PAPER),
    ("CSP", "Cumbria Strategic Partnership",
     "The county-wide partnership of councils, health, police, business and the voluntary and community sectors.",
     f"{CUMBRIA_FRAMEWORK}; {CARLISLE_PAPER}"),
    ("CVS", "Council for Voluntary Service",
     "A local umbrella body that supports and represents voluntary and community groups.", HORSHAM_REVIEW),
    ("CYP", "Children and Young People",
     "The thematic partnership (and Carlisle priority group) for children and young people.",
     f"{CUMBRIA_FRAMEWORK}; {CARLISLE_PAPER}"),
    ("DWP", "Department for Work and Pensions", "The government department responsible for welfare and pensions.",
     HORSHAM_REVIEW),
    ("HCOP", "Healthy Communities and Older People",
     "The thematic partnership (and Carlisle priority group) for health and older people.",
     f"{CUMBRIA_FRAMEWORK}; {CARLISLE_PAPER}"),
    ("IDeA", "Improvement and Development Agency",
     "The local government improvement agency that published guidance on partnership working, including in two- "
     "and three-tier areas.", f"{CARLISLE_PAPER}; {HORSHAM_REVIEW}"),
    ("LA", "Local Authority", "A council: county, district, unitary, or parish and town.", CUMBRIA_FRAMEWORK),
    ("LAA", "Local Area Agreement",
     "A three-year agreement between central government and an area's partners on priorities and targets, drawn "
     "from the national indicators.", CARLISLE_PAPER),
    ("LSP", "Local Strategic Partnership",
     "A non-statutory, multi-agency body matching a local authority's boundaries that brings together the public, "
     "private, community and voluntary sectors.", f"{CARLISLE_PAPER}, section 1.2"),
    ("MSP", "Mid Sussex Partnership",
     "The Local Strategic Partnership for Mid Sussex, whose red, amber and green risk rating of strategy objectives "
     "is a worked example.", HORSHAM_REVIEW),
    ("NHS", "National Health Service", "The public health service in England.", CUMBRIA_FRAMEWORK),
    ("NI", "National Indicator",
     "One of the 198 national indicators of local performance from 2008, e.g. NI185, the council's own CO2 "
     "emissions.", CARLISLE_PAPER),
    ("PACT", "Partners and Communities Together",
     "Neighbourhood meetings where residents, police and partners agree local priorities.", WYCHAVON_REVIEW),
    ("PCT", "Primary Care Trust", "The NHS body that commissioned local health services until 2013.", HORSHAM_REVIEW),
    ("PRG", "Performance Reward Grant",
     "Money paid to an area for meeting its Local Area Agreement stretch targets.", CUMBRIA_FRAMEWORK),
    ("PtP", "Progress through Partnership",
     "A national support programme for Local Strategic Partnerships that funded reviews and guides.",
     HORSHAM_REVIEW),
    ("RAG", "Red, Amber, Green",
     "A rating of progress or risk: red is off track, amber at risk, green on track.", HORSHAM_REVIEW),
    ("SCS", "Sustainable Community Strategy",
     "The long-term vision and priorities for an area, which the council prepares with its partners.", HORSHAM_REVIEW),
    ("TP", "Thematic Partnership",
     "A partnership for one theme of the community strategy, such as children and young people.", CUMBRIA_FRAMEWORK),
    ("ToR", "Terms of Reference",
     "What a body is for, who sits on it, how often it meets and how it reports.",
     f"{CARLISLE_PAPER}, appendices one to four"),
]


def ensure_glossary(model=None):
    """Add the seed terms that are missing; staff edits to existing terms are kept. The data
    migration passes its historical model. Returns how many terms were added."""
    model = model or GlossaryTerm
    have = set(model.objects.values_list("term", flat=True))
    missing = [
        model(term=term, expansion=expansion, explanation=explanation, source=source)
        for term, expansion, explanation, source in SEED_TERMS
        if term not in have
    ]
    model.objects.bulk_create(missing)
    if missing:
        forget_terms()
    return len(missing)


# The term list, cached ------------------------------------------------------------------------

logger = logging.getLogger(__name__)

CACHE_KEY = "governance:glossary:terms"


def glossary_terms():
    """{term: expansion}: from the cache, or one query when the cache is cold. Saving or
    deleting a term empties the cache (governance/signals.py); a process with its own
    local-memory cache sees another process's edit within GLOSSARY_CACHE_SECONDS."""
    try:
        terms = cache.get(CACHE_KEY)
    except Exception as error:  # noqa: BLE001 - the cache (Redis) being down must not fail a page
        logger.warning("Glossary cache unreadable, reading the terms from the database: %s", error)
        terms, cache_up = None, False
    else:
        cache_up = True
    if terms is None:
        terms = dict(GlossaryTerm.objects.values_list("term", "expansion"))
        if cache_up:
            cache.set(CACHE_KEY, terms, settings.GLOSSARY_CACHE_SECONDS)
    return terms


def forget_terms():
    try:
        cache.delete(CACHE_KEY)
    except Exception as error:  # noqa: BLE001 - runs after the term's save committed: never fail it
        # Other processes see the edit within GLOSSARY_CACHE_SECONDS of the cache's return.
        logger.warning("Glossary cache unreachable, the term list is not emptied: %s", error)


# Marking acronyms -------------------------------------------------------------------------------

TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")


@functools.lru_cache(maxsize=8)
def _pattern(terms):
    """Entities (left alone), or a known term as a whole word. A term may be followed by digits
    (NI185) or a plural s (LSPs), which stay outside the word the term must not be part of."""
    alternatives = "|".join(re.escape(escape(term)) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(&#?\w+;)|(?<!\w)({alternatives})(\d*)(?=s?(?!\w))")


def _mark_text(text, pattern, expansions):
    def replace(match):
        entity, term, digits = match.groups()
        if entity:
            return entity
        title = expansions[term] + (f" {digits}" if digits else "")
        return f'<abbr title="{escape(title)}">{term}{digits}</abbr>'

    return pattern.sub(replace, text)


def abbreviate(value):
    """`value` as HTML with each known acronym in an `<abbr title="expansion">`. Plain text is
    escaped first; HTML that is already safe keeps its tags, and nothing inside an existing
    `<abbr>` or a tag's attributes is touched, so marking twice changes nothing."""
    if value is None:
        return mark_safe("")
    html = str(value) if isinstance(value, SafeData) else escape(str(value))
    if not html.strip():
        return mark_safe(html)
    terms = glossary_terms()
    if not terms:
        return mark_safe(html)
    expansions = {escape(term): expansion for term, expansion in terms.items()}
    pattern = _pattern(tuple(sorted(terms)))
    out, inside_abbr = [], 0
    for part in TAG.split(html):
        if part.startswith("<"):
            name = TAG_NAME.match(part)
            if name and name.group(2).lower() == "abbr":
                inside_abbr = max(0, inside_abbr + (-1 if name.group(1) else 1))
            out.append(part)
        elif part and not inside_abbr:
            out.append(_mark_text(part, pattern, expansions))
        else:
            out.append(part)
    return mark_safe("".join(out))


def glossary_by_letter(terms):
    """[(letter, [terms])] in A-Z order, digits under "0-9"."""
    groups = {}
    for term in terms:
        first = term.term[:1].upper()
        letter = first if first.isalpha() else "0-9"
        groups.setdefault(letter, []).append(term)
    return [
        (letter, sorted(groups[letter], key=lambda t: t.term.lower()))
        for letter in sorted(groups, key=lambda letter: (letter != "0-9", letter))
    ]
