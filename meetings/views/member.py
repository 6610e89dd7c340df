"""Meetings: member pages. A member's own meetings, the apologies (or deputy) they send for a
coming meeting, and marking their own actions done. Each write acts on the user's own seat or
action only: anyone else's is the same 404 as a missing one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.policy import meeting_get_for_user
from partnerships.access import object_policy, signed_in
from partnerships.forms import add_service_errors
from partnerships.policy import body_policy

from .. import attendance, selectors, services
from ..forms import ApologiesForm, OwnActionForm
from ..models import ActionStatus, Meeting


def _schedulable_seats(user, seats):
    """Body ids of the seats whose body the user may schedule meetings of (standing bodies)."""
    managed = body_policy.managed_body_ids(user)
    today = timezone.localdate()
    return {
        m.body_id for m in seats if (managed is None or m.body_id in managed) and m.body.exists_on(today)
    }


@signed_in
def my_meetings(request):
    user = request.user
    seats = list(selectors.my_bodies(user))
    upcoming = selectors.my_upcoming_meetings(user)
    sent = selectors.my_apologies(user, upcoming)
    for meeting in upcoming:
        meeting.my_seat, meeting.my_sent = sent.get(meeting.pk, (None, None))
    return render(request, "meetings/member/my_meetings.html", {
        "seats": seats,
        "schedulable": _schedulable_seats(user, seats),
        "upcoming": upcoming,
        "minutes_to_read": selectors.my_minutes_to_read(user),
        "actions": list(selectors.my_actions(user)),
        "attendance": selectors.my_attendance(user),
    })


def _my_seat(request, pk):
    """The meeting and the user's seat on its body; 404 unless they hold one."""
    meeting = meeting_get_for_user(request.user, pk, Meeting.objects.select_related("body"))
    membership = selectors.my_seat_at(request.user, meeting)
    if membership is None:
        raise Http404("No such meeting.")
    return meeting, membership


def _back_to_my_meetings(meeting):
    return redirect(reverse("meetings:my-meetings") + f"#meeting-{meeting.pk}")


@object_policy
def apologies(request, pk):
    meeting, membership = _my_seat(request, pk)
    form = ApologiesForm(
        request.POST or None, membership=membership, candidates=attendance.deputy_candidates(meeting, [membership])
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.send_apologies(
                meeting=meeting, membership=membership, deputy=form.cleaned_data["deputy"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            deputy = form.cleaned_data["deputy"]
            messages.success(
                request,
                f"{deputy} will attend the meeting in your place." if deputy
                else "Your apologies are sent: the clerk will record them.",
            )
            return _back_to_my_meetings(meeting)
    sent = meeting.attendances.filter(membership=membership).select_related("deputy").first()
    return render(request, "meetings/member/apologies.html", {
        "meeting": meeting,
        "membership": membership,
        "sent": sent,
        "form": form,
        "open": selectors.takes_apologies(meeting),
    })


@object_policy
@require_POST
def apologies_withdraw(request, pk):
    meeting, membership = _my_seat(request, pk)
    try:
        services.withdraw_apologies(meeting=meeting, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your apologies are withdrawn: you are expected at the meeting.")
    return _back_to_my_meetings(meeting)


@object_policy
@require_POST
def own_action_status(request, pk):
    action = selectors.my_actions(request.user).select_related("owner").filter(pk=pk).first()
    if action is None:
        raise Http404("No such action.")
    form = OwnActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["status"]))
    else:
        try:
            services.update_own_action(action, action.owner, form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = action.status == ActionStatus.DONE
            messages.success(request, f"“{action.text[:60]}” is {'done' if done else 'open again'}.")
    return redirect(reverse("meetings:my-meetings") + "#actions")


urlpatterns = [
    path("accounts/meetings/", my_meetings, name="my-meetings"),
    path("accounts/meetings/actions/<int:pk>/status/", own_action_status, name="own-action-status"),
    path("meetings/<int:pk>/apologies/", apologies, name="apologies"),
    path("meetings/<int:pk>/apologies/withdraw/", apologies_withdraw, name="apologies-withdraw"),
]
