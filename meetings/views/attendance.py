"""Meetings: attendance pages. The register (staff and the body's officers) records who came,
row by row with htmx or all at once without JavaScript; the statistics page is public in
aggregate and names members only to the body's readers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.policy import meeting_get_for_manager, meeting_policy
from partnerships.access import object_policy, public
from partnerships.page_cache import anonymous_page
from partnerships.policy import body_get_for_user, body_policy

from .. import attendance
from ..attendance_forms import AttendanceRowForm, GuestForm
from ..models import Meeting
from ..quorum import describe_quorum, quorum_rule_for, quorum_status


def _row_forms(meeting, data=None):
    rows = attendance.register(meeting)
    candidates = attendance.deputy_candidates(meeting, [row.membership for row in rows])
    return rows, candidates, [AttendanceRowForm(data, row=row, candidates=candidates) for row in rows]


def _page(request, meeting, forms, *, guest_form=None):
    context = {
        "meeting": meeting,
        "forms": forms,
        "guests": attendance.guests(meeting),
        "guest_form": guest_form or GuestForm(),
        **_quorum(meeting),
        "on": attendance.meeting_date(meeting),
        "started": meeting.starts_at <= timezone.now(),
        "errors": [(form, error) for form in forms for error in _row_errors(form)],
    }
    return render(request, "meetings/attendance/register.html", context)


def _quorum(meeting):
    rule = quorum_rule_for(meeting.body_id)
    return {"quorum": quorum_status(meeting, rule=rule), "quorum_rule": describe_quorum(rule)}


def _row_errors(form):
    if not form.is_bound:
        return []
    return [error for errors in form.errors.values() for error in errors]


def _apply_errors(forms, error):
    by_membership = getattr(error, "by_membership", {})
    for form in forms:
        for message in by_membership.get(form.membership.pk, []):
            form.add_error(None, message)


@object_policy
def register(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    if request.method != "POST":
        _, _, forms = _row_forms(meeting)
        return _page(request, meeting, forms)
    _, _, forms = _row_forms(meeting, request.POST)
    valid = all([form.is_valid() for form in forms])
    if valid:
        entries = [form.entry() for form in forms if form.cleaned_data["status"] and form.has_changed()]
        try:
            recorded = attendance.record_register(meeting=meeting, entries=entries)
        except attendance.RegisterError as error:
            _apply_errors(forms, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("meetings:attendance", pk=meeting.pk)
        else:
            count = len(recorded)
            messages.success(
                request, f"Saved the attendance of {count} member{'s' if count != 1 else ''}." if count else "No changes to save."
            )
            for row in recorded:
                if row.warning:
                    messages.warning(request, row.warning)
            return redirect("meetings:attendance", pk=meeting.pk)
    return _page(request, meeting, forms)


@object_policy
@require_POST
def register_row(request, pk, membership_pk):
    """One member's row, saved on change with htmx; answers with the row re-drawn (and the
    quorum panel out of band)."""
    meeting = meeting_get_for_manager(request.user, pk)
    rows, candidates, _ = _row_forms(meeting)
    row = next((r for r in rows if r.membership.pk == membership_pk), None)
    if row is None:
        # A member of the body, but not on the meeting date: the service says so plainly.
        membership = attendance.register_membership(meeting, membership_pk)
        if membership is None:
            raise Http404("No such member.")
        row = attendance.RegisterRow(membership, None)
    form = AttendanceRowForm(request.POST, row=row, candidates=candidates)
    saved = False
    if form.is_valid():
        if not form.cleaned_data["status"]:
            form.add_error("status", "Choose present, apologies, absent or represented by deputy.")
        else:
            try:
                recorded = attendance.record_attendance(meeting=meeting, **form.entry())
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                saved = True
                row = attendance.RegisterRow(row.membership, recorded.attendance)
                form = AttendanceRowForm(row=row, candidates=candidates)
    if not request.htmx:
        for error in _row_errors(form):
            messages.error(request, f"{row.membership.person}: {error}")
        if saved and form.warning:
            messages.warning(request, form.warning)
        return redirect("meetings:attendance", pk=meeting.pk)
    context = {
        "meeting": meeting, "form": form, "saved": saved,
        **_quorum(meeting),
    }
    return render(request, "meetings/attendance/_row_response.html", context)


@object_policy
@require_POST
def guest_add(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            guest = attendance.add_guest(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added {guest.name} as a guest.")
            return redirect(reverse("meetings:attendance", kwargs={"pk": meeting.pk}) + "#guests")
    _, _, forms = _row_forms(meeting)
    return _page(request, meeting, forms, guest_form=form)


@object_policy
@require_POST
def guest_remove(request, pk, guest_pk):
    meeting = meeting_get_for_manager(request.user, pk)
    guest = meeting.guests.filter(pk=guest_pk).first()
    if guest is None:
        raise Http404("No such guest.")
    attendance.remove_guest(guest)
    messages.success(request, f"Removed {guest.name} from the guests.")
    return redirect(reverse("meetings:attendance", kwargs={"pk": meeting.pk}) + "#guests")


RECENT_MEETINGS = 12


@public
@anonymous_page
def statistics(request, slug):
    body = body_get_for_user(request.user, slug)
    readers = body_policy.can_see_private_material(request.user, body)
    stats = attendance.attendance_statistics(
        body=body, meetings=meeting_policy.visible(request.user, Meeting.objects.all()), with_members=readers
    )
    context = {
        "body": body,
        "stats": stats,
        "rule_text": attendance.describe_rule(stats.rule),
        "recent": stats.meetings[::-1][:RECENT_MEETINGS],
    }
    return render(request, "meetings/attendance/statistics.html", context)


urlpatterns = [
    path("meetings/<int:pk>/attendance/", register, name="attendance"),
    path("meetings/<int:pk>/attendance/<int:membership_pk>/", register_row, name="attendance-row"),
    path("meetings/<int:pk>/attendance/guests/", guest_add, name="attendance-guest-add"),
    path("meetings/<int:pk>/attendance/guests/<int:guest_pk>/remove/", guest_remove, name="attendance-guest-remove"),
    path("structure/bodies/<slug:slug>/attendance/", statistics, name="attendance-stats"),
]
