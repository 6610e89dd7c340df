"""Meetings: public pages. Anyone may ask; the selectors show each visitor what the policy lets
them see (members see their bodies' drafts, the public published minutes of public meetings)."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from meetings.policy import meeting_get_for_user
from partnerships.access import public
from partnerships.page_cache import anonymous_page, public_data
from partnerships.policy import body_get_for_user

from .. import feeds, pdf, selectors, todo
from ..filters import CalendarFilterForm, DecisionFilterForm, MinutesFilterForm, SearchForm
from ..models import Meeting

MEETINGS_PER_PAGE = 50
MINUTES_PER_PAGE = 25
DECISIONS_PER_PAGE = 50
RESULTS_PER_PAGE = 20


def _page(request, rows, per_page):
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def _query(**params):
    """A query string of the non-empty parameters."""
    return "?" + urlencode({key: value for key, value in params.items() if value not in (None, "")})


def _other_months(month, body):
    shown = month or timezone.localdate().replace(day=1)
    previous = (shown - datetime.timedelta(days=1)).replace(day=1)
    following = (shown + datetime.timedelta(days=32)).replace(day=1)
    slug = body.slug if body else None
    return {
        "previous": (previous, _query(month=f"{previous:%Y-%m}", body=slug)),
        "next": (following, _query(month=f"{following:%Y-%m}", body=slug)),
        "this": (shown, _query(month=f"{shown:%Y-%m}", body=slug)),
        "upcoming": _query(body=slug),
    }


HOME_MEETINGS = 5
HOME_MINUTES = 5


@public
@anonymous_page
def home(request):
    """The portal's front page, with the next meetings and the newest published minutes the
    visitor may see. Named partnerships:home (config/urls.py): it is the structure's front page
    too, but its lists come from meetings, a layer above partnerships."""
    return render(request, "partnerships/home.html", {
        "next_meetings": list(selectors.upcoming_meetings(request.user)[:HOME_MEETINGS]),
        "latest_minutes": list(selectors.published_minutes(request.user)[:HOME_MINUTES]),
    })


@public
@anonymous_page
def calendar(request):
    form = CalendarFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    month, body = filters.get("month"), filters.get("body")
    meetings = selectors.calendar(request.user, month=month, body=body)
    return render(request, "meetings/public/calendar.html", {
        "form": form,
        "month": month,
        "body": body,
        "months": _other_months(month, body),
        "page": _page(request, meetings, MEETINGS_PER_PAGE),
        "schedulable": todo.schedulable_bodies(request.user, body=body),
    })


@public
@anonymous_page
def body_meetings(request, slug):
    body = body_get_for_user(request.user, slug)
    return render(request, "meetings/public/body_meetings.html", {
        "body": body,
        "upcoming": list(selectors.upcoming_meetings(request.user, body=body)[:MEETINGS_PER_PAGE]),
        "page": _page(request, selectors.past_meetings(request.user, body=body), MEETINGS_PER_PAGE),
        "schedulable": todo.schedulable_bodies(request.user, body=body),
    })


def _version(request):
    try:
        return int(request.GET["version"])
    except (KeyError, ValueError):
        return None


def _minutes_reading(request, pk):
    meeting = meeting_get_for_user(request.user, pk, Meeting.objects.select_related("body"))
    reading = selectors.minutes_for_meeting(request.user, meeting, version=_version(request))
    if reading is None:
        raise Http404("No minutes of this meeting are available.")
    return meeting, reading


@public
@anonymous_page
def minutes(request, pk):
    meeting, reading = _minutes_reading(request, pk)
    return render(request, "meetings/minutes.html", {"meeting": meeting, "reading": reading})


@public
def minutes_document(request, pk):
    """The minutes page's record as a tagged PDF, as the reader may read it."""
    meeting, reading = _minutes_reading(request, pk)
    response = HttpResponse(pdf.minutes_pdf(meeting, reading), content_type="application/pdf")
    filename = f"minutes-{meeting.body.slug}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-v{reading.minutes.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if request.user.is_authenticated or reading.minutes.published_at is None:
        # A signed-in reader's copy may hold drafts or confidential items: never cache it.
        response["Cache-Control"] = "private, no-store"
    return response


@public
@anonymous_page
def minutes_list(request):
    form = MinutesFilterForm(request.GET or None, user=request.user)
    body = form.filters().get("body") if form.is_bound else None
    return render(request, "meetings/public/minutes_list.html", {
        "form": form,
        "body": body,
        "page": _page(request, selectors.published_minutes(request.user, body=body), MINUTES_PER_PAGE),
    })


@public
@anonymous_page
def decisions(request):
    form = DecisionFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    rows = selectors.decisions_register(request.user, **filters)
    return render(request, "meetings/public/decisions.html", {
        "form": form,
        "filtered": bool(filters),
        "page": _page(request, rows, DECISIONS_PER_PAGE),
    })


@public
@anonymous_page
def search(request):
    form = SearchForm(request.GET or None, user=request.user)
    q, filters = form.query() if form.is_bound else ("", {})
    page = None
    if q:
        page = _page(request, selectors.search_minutes(request.user, q, **filters), RESULTS_PER_PAGE)
        page.object_list = selectors.with_snippets(page.object_list, q)
    return render(request, "meetings/public/search.html", {
        "form": form, "q": q, "page": page, "filtered": bool(filters),
    })


@public
@public_data
def ical(request):
    return feeds.ical_response(request, name=f"{settings.PORTAL_NAME}: meetings")


@public
@public_data
def body_ical(request, slug):
    body = body_get_for_user(selectors.PUBLIC, slug)
    return feeds.ical_response(request, name=f"{body.name}: meetings", body=body)


urlpatterns = [
    path("meetings/", calendar, name="calendar"),
    path("meetings.ics", ical, name="ical"),
    path("meetings/<int:pk>/minutes/", minutes, name="minutes"),
    path("meetings/<int:pk>/minutes.pdf", minutes_document, name="minutes-pdf"),
    path("minutes/", minutes_list, name="minutes-list"),
    path("minutes/search/", search, name="search"),
    path("minutes/feed/", public(public_data(feeds.MinutesFeed())), name="minutes-feed"),
    path("minutes/feed/atom/", public(public_data(feeds.MinutesAtomFeed())), name="minutes-atom"),
    path("decisions/", decisions, name="decisions"),
    path("structure/bodies/<slug:slug>/meetings/", body_meetings, name="body-meetings"),
    path("structure/bodies/<slug:slug>/meetings.ics", body_ical, name="body-ical"),
]
