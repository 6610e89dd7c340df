"""The meeting page, the agenda pack and the paper download, each showing what the policy lets
the visitor see; and scheduling and editing meetings, for staff and the body's officers.

Management pages fetch the meeting through meeting_get_for_manager (staff and the body's
officers; others get the same 404 as for a missing meeting). Every write is a service call.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from meetings.policy import meeting_get_for_manager, meeting_get_for_user, meeting_policy, paper_get_for_user
from partnerships.access import object_policy, public
from partnerships.forms import add_service_errors
from partnerships.page_cache import anonymous_page
from partnerships.policy import body_get_for_manager, body_policy

from .. import pdf, selectors, services
from ..forms import (
    MeetingForm,
    NewMeetingForm,
)
from ..models import Meeting
from .shared import NOT_PUBLIC

logger = logging.getLogger(__name__)


@public
@anonymous_page
def meeting_detail(request, pk):
    user = request.user
    meeting = meeting_get_for_user(user, pk, Meeting.objects.select_related("body"))
    can_manage = meeting_policy.can_manage(user, meeting)
    items = pdf.agenda_items(user, meeting)
    return render(request, "meetings/meeting.html", {
        "meeting": meeting,
        "items": items,
        "can_see_agenda": meeting_policy.can_see_agenda(user, meeting),
        "is_reader": meeting_policy.is_reader(user, meeting),
        "can_manage": can_manage,
        "joint_bodies": list(body_policy.visible(user, meeting.joint_with.all()).order_by("name")),
        "has_minutes": meeting_policy.visible_minutes(user, meeting.minutes_versions.all()).exists(),
        # A member's way to the apologies form from the page their calendar or email links to.
        "apologies_seat": selectors.apologies_seat(user, meeting),
        "papers_due_days": settings.PAPERS_DUE_DAYS,
        # Only a published agenda has revisions: a draft's page costs no query for them.
        "revisions": list(meeting.agenda_revisions.all()) if meeting.agenda_is_published else [],
    })


@public
def agenda_pdf(request, pk):
    meeting = meeting_get_for_user(request.user, pk, Meeting.objects.select_related("body"))
    if not meeting_policy.can_see_agenda(request.user, meeting):
        raise Http404("This agenda is not published yet.")
    response = HttpResponse(pdf.agenda_pack(request.user, meeting), content_type="application/pdf")
    filename = f"agenda-{meeting.body.slug}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if request.user.is_authenticated:
        # A signed-in reader's pack may hold drafts or confidential items: never cache it.
        response["Cache-Control"] = NOT_PUBLIC
    return response


@public
def paper_download(request, pk):
    paper = paper_get_for_user(request.user, pk)
    try:
        handle = paper.file.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("Paper %s has lost its file %s", paper.pk, paper.file.name)
        raise Http404("This paper's file is missing: please tell the partnership's staff.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=paper.original_name, content_type=paper.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not meeting_policy.can_see_paper(AnonymousUser(), paper):
        response["Cache-Control"] = NOT_PUBLIC
    return response




def _meeting_form(request, body, meeting=None):
    form_class = NewMeetingForm if meeting is None else MeetingForm
    form = form_class(request.POST or None, instance=meeting, body=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        series = form.series() if meeting is None else None
        try:
            if series:
                meetings = services.create_meeting_series(body, **series, **form.service_fields())
            elif meeting is None:
                meeting = services.create_meeting(body, **form.service_fields())
            else:
                services.update_meeting(meeting, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if series:
                first, last = (timezone.localtime(m.starts_at) for m in (meetings[0], meetings[-1]))
                messages.success(
                    request, f"Scheduled {len(meetings)} meetings of {body}, from {first:%-d %B %Y} to {last:%-d %B %Y}."
                )
                return redirect("meetings:body-meetings", slug=body.slug)
            messages.success(request, f"Saved the meeting of {body} on {timezone.localtime(meeting.starts_at):%-d %B %Y}.")
            return redirect(meeting)
    return render(request, "meetings/staff/meeting_form.html", {"form": form, "body": body, "meeting": meeting})


@object_policy
def meeting_add(request, slug):
    return _meeting_form(request, body_get_for_manager(request.user, slug))


@object_policy
def meeting_edit(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    return _meeting_form(request, meeting.body, meeting)


urlpatterns = [
    path("meetings/<int:pk>/", meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda.pdf", agenda_pdf, name="agenda-pdf"),
    path("papers/<int:pk>/", paper_download, name="paper"),
    path("structure/bodies/<slug:slug>/meetings/add/", meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/edit/", meeting_edit, name="meeting-edit"),
]
