"""Search of the minutes: words in the minuted text and in meeting and item titles, narrowed by
body and dates, with snippets that mark the words found. PostgreSQL's full-text search where it
runs, a plain match elsewhere.

What a user may see comes from meetings/policy.py (meeting_policy); these functions only
shape it. Each list costs a fixed number of queries, whatever the number of meetings."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import (
    AgendaItem,
    Decision,
    MinuteEntry,
    Minutes,
)
from ..policy import meeting_policy
from .scope import current_minutes, of_meetings

# Marks around matched words in snippets; private-use characters, so they survive any text
# and are swapped for <mark> only after the snippet has been escaped.
START, STOP = "\ue000", "\ue001"
SNIPPET_CHARS = 240
MAX_TERMS = 10


def search_terms(q):
    """The words of a query, for the SQLite fallback and for highlighting."""
    return re.findall(r"\w+", q or "")[:MAX_TERMS]


def _full_text():
    return connection.vendor == "postgresql"


def search_minutes(user, q, *, body=None, date_from=None, date_to=None):
    """Meeting titles, agenda item titles, minute entries and decisions matching `q` in the
    minutes the user reads (published ones for the public; readers also search their bodies'
    drafts), optionally of one body's meetings between two dates, best match first, as dicts
    (kind, pk, rank, meeting_pk and the meeting's details); with_snippets adds the text to show.
    PostgreSQL's full-text search where available, else every word must appear."""
    terms = search_terms(q)
    if not terms:
        return []
    versions = current_minutes(user)
    versions = of_meetings(versions, "meeting", body=body, date_from=date_from, date_to=date_to)
    # An item is found in the version of the minutes its meeting's reader reads.
    version_of_item = versions.filter(meeting=OuterRef("meeting"))
    items = meeting_policy.visible_agenda_items(user, AgendaItem.objects.filter(meeting__in=versions.values("meeting")))
    no_item = {
        "item_title": Value(None, output_field=CharField()),
        "item_position": Value(None, output_field=IntegerField()),
        "item_confidential": Value(False, output_field=BooleanField()),
    }
    # kind, rows, the searched field, the path to the meeting, to the minutes' status, the
    # item's columns, and the SQLite fallback's rank (a title match outranks the text).
    sources = [
        ("meeting", versions, "meeting__title", "meeting", F("status"), no_item, 1.0),
        ("item", items, "title", "meeting", Subquery(version_of_item.values("status")[:1]), {
            "item_title": F("title"), "item_position": F("position"), "item_confidential": F("confidential"),
        }, 0.5),
    ] + [
        (kind, meeting_policy.without_confidential(user, model.objects.filter(minutes__in=versions)), "text",
         "minutes__meeting", F("minutes__status"), {
             "item_title": F("item__title"), "item_position": F("item__position"),
             "item_confidential": F("item__confidential"),
         }, 0.0)
        for kind, model in (("entry", MinuteEntry), ("decision", Decision))
    ]
    matched = []
    for kind, rows, searched, meeting, status, item, weight in sources:
        if _full_text():
            query = SearchQuery(q, search_type="websearch", config="english")
            vector = SearchVector(searched, config="english")
            rows = rows.annotate(document=vector).filter(document=query).annotate(rank=SearchRank(vector, query))
        else:
            for word in terms:
                rows = rows.filter(**{f"{searched}__icontains": word})
            rows = rows.annotate(rank=Value(weight, output_field=FloatField()))
        matched.append(rows.annotate(
            kind=Value(kind),
            meeting_pk=F(f"{meeting}_id"),
            starts_at=F(f"{meeting}__starts_at"),
            body_name=F(f"{meeting}__body__name"),
            minutes_status=status,
            **item,
        ).values(
            "kind", "pk", "rank", "meeting_pk", "starts_at", "body_name", "minutes_status", "item_title",
            "item_position", "item_confidential",
        ).order_by())
    first, *others = matched
    return first.union(*others, all=True).order_by("-rank", "-starts_at", "kind", "pk")


def with_snippets(results, q):
    """One page of search_minutes' results, each with `snippet_html`: PostgreSQL's headline
    (costly, so for this page's rows only) or, on SQLite, a window around the first match.
    One query."""
    results = list(results)
    if not results:
        return results
    terms = search_terms(q)

    def texts(model, kind, searched):
        rows = model.objects.filter(pk__in=[r["pk"] for r in results if r["kind"] == kind])
        if _full_text():
            snippet = SearchHeadline(
                searched, SearchQuery(q, search_type="websearch", config="english"), config="english",
                start_sel=START, stop_sel=STOP, max_words=40, min_words=15, max_fragments=2,
            )
        else:
            snippet = F(searched)
        return rows.annotate(kind=Value(kind), snippet=snippet).values("kind", "pk", "snippet").order_by()

    first, *others = [
        texts(Minutes, "meeting", "meeting__title"), texts(AgendaItem, "item", "title"),
        texts(MinuteEntry, "entry", "text"), texts(Decision, "decision", "text"),
    ]
    found = {(row["kind"], row["pk"]): row["snippet"] for row in first.union(*others, all=True)}
    for result in results:
        result["snippet_html"] = snippet_html(found.get((result["kind"], result["pk"]), ""), terms)
    return results


def snippet_html(snippet, terms):
    """A result's snippet as safe HTML with the matched words in <mark>: PostgreSQL's
    headline carries its own marks; the SQLite fallback cuts a window around the first match."""
    if START not in snippet:
        snippet = _window(snippet, terms)
    html = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def _window(text, terms):
    lowered = text.lower()
    hits = [lowered.find(t.lower()) for t in terms if lowered.find(t.lower()) >= 0]
    first = min(hits) if hits else 0
    start = max(0, first - SNIPPET_CHARS // 3)
    window = text[start:start + SNIPPET_CHARS]
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
        window = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", window)
    return ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(text) else "")
