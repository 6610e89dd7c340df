"""The minutes as staff and the body's officers write them: one page for the newest version,
where the draft is edited as one form (nothing typed is lost) and a locked one is shown;
approving at a later meeting, publishing, correcting, and action statuses. Every write is a
service call."""

from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.policy import meeting_get_for_manager, meeting_policy
from partnerships.access import object_policy
from partnerships.forms import add_service_errors

from .. import services
from ..forms import (
    DRAFT_FORM_ID,
    ActionForm,
    ActionStatusForm,
    ApproveMinutesForm,
    CorrectionForm,
    DecisionForm,
    DeclarationForm,
    MinutesTextForm,
    PublishForm,
)
from ..models import Declaration, MinutesStatus
from ..quorum import quorum_status
from .shared import report_service_errors, row_of, row_or_none, show_error


def _minutes_page(request, meeting, minutes, *, text_form=None, forms=None, approve_form=None,
                  publish_form=None, status=200, unsaved=False, posted=None):
    """`unsaved`: the page shows typing its post did not save, so leaving it warns at once;
    `posted`: that post, whose action statuses the page shows chosen again."""
    items = list(meeting.items.order_by("position"))
    context = {"meeting": meeting, "minutes": minutes, "items": items, "unsaved": unsaved}
    if minutes is not None:
        entries = list(minutes.entries.select_related("item"))
        decisions = list(minutes.decisions.select_related("item"))
        actions = list(meeting.actions.select_related("item", "owner").order_by("item__position", "due", "pk"))
        for action in actions if posted is not None else ():
            action.chosen_status = posted.get(f"action-{action.pk}-status", action.status)
        declarations = list(
            Declaration.objects.filter(item__meeting=meeting).select_related("person", "interest", "item")
        )
        by_item = {item.pk: {"item": item, "decisions": [], "actions": [], "declarations": []} for item in items}
        general = {"item": None, "decisions": [], "actions": [], "declarations": []}
        for kind, rows in (("decisions", decisions), ("actions", actions), ("declarations", declarations)):
            for row in rows:
                by_item.get(row.item_id, general)[kind].append(row)
        text_form = text_form or MinutesTextForm(items=items, entries=entries)
        records = [general] + [by_item[item.pk] for item in items]
        texts = {entry.item_id: entry.text for entry in entries}
        for record in records:
            record["entry"] = text_form[text_form.field_name(record["item"])]
            record["text"] = texts.get(record["item"].pk if record["item"] else None, "")
        forms = forms or {}
        context.update({
            "records": records,
            "text_form": text_form,
            "draft_form_id": DRAFT_FORM_ID,
            "decision_form": forms.get("decision") or DecisionForm(meeting=meeting),
            "action_form": forms.get("action") or ActionForm(meeting=meeting),
            "declaration_form": forms.get("declaration") or DeclarationForm(meeting=meeting),
            "status_choices": ActionStatusForm.base_fields["status"].choices,
            "all_actions": actions,
            "versions": list(meeting.minutes_versions.order_by("-version")),
        })
        if minutes.status == MinutesStatus.DRAFT:
            # What the register says now: shown while the minutes record nothing, and when it
            # differs from what they record (attendance corrected after the quorum was recorded).
            if meeting.attendances.exists():
                context["register_quorum"] = quorum_status(meeting)
            context["approve_form"] = approve_form or ApproveMinutesForm(meetings=_approval_meetings(request.user, minutes))
        elif minutes.status == MinutesStatus.APPROVED:
            context["publish_form"] = publish_form or PublishForm(auto_id="id_minutes_%s")
    return render(request, "meetings/staff/minutes_edit.html", context, status=status)


def _approval_meetings(user, minutes):
    """The meetings the form offers, and accepts, for approving `minutes`: those the rule allows
    (services.approval_meetings) that the user may see. A joint meeting's other body may hold
    private meetings whose titles and dates the officer must not read, nor choose by posting."""
    return meeting_policy.visible(user, services.approval_meetings(minutes))


def _minutes_or_404(meeting):
    minutes = services.newest_minutes(meeting)
    if minutes is None:
        raise Http404("This meeting has no minutes yet.")
    return minutes


def _back_to_minutes(meeting, anchor=""):
    return redirect(reverse("meetings:minutes-edit", kwargs={"pk": meeting.pk}) + anchor)


# The draft page is one form (forms.DRAFT_FORM_ID): each of its buttons saves the minute texts
# it posts and does one more thing, in the same transaction. A step takes (minutes, its part's
# form or None, the button's target id, the whole post) and returns the message to show; `part`
# names the form it adds through, `anchor` where the page returns.
class DraftStep(NamedTuple):
    run: Callable
    part: str | None = None
    anchor: str = ""


def _named_row(kind, queryset, target):
    """The row a button of the draft names, or why the post cannot act on it."""
    row = row_or_none(queryset, target)
    if row is None:
        raise ValidationError(f"That {kind} is no longer in the minutes: the page may be out of date.")
    return row


def _remove_step(kind, queryset_for, remove):
    def run(minutes, form, target, post):
        remove(_named_row(kind, queryset_for(minutes), target))
        return f"Removed the {kind}; the draft is saved."

    return DraftStep(run)


def _status_news(action):
    return f"“{action.text[:60]}” is now {action.get_status_display().lower()}."


def _set_action_status(minutes, form, target, post):
    """The Update button of an action: its status is that action's own select in the post."""
    action = _named_row("action", minutes.meeting.actions.all(), target)
    status_form = ActionStatusForm(post, action_pk=action.pk)
    if not status_form.is_valid():
        raise ValidationError(ActionStatusForm.CHOOSE)
    services.update_action_status(action, status_form.cleaned_data["status"])
    return f"{_status_news(action)} The draft is saved."


def _record_quorum(minutes, form, target, post):
    status = services.record_quorum(minutes)
    return (
        f"Recorded that the meeting was {'quorate' if status.quorate else 'not quorate'}: "
        f"{status.counted} counted, {status.required} needed."
    )


def _add_decision(minutes, form, target, post):
    services.add_decision(minutes, form.cleaned_data["item"], form.cleaned_data["text"])
    return "Recorded the decision; the draft is saved."


def _add_action(minutes, form, target, post):
    services.add_action(minutes, **form.cleaned_data)
    return "Recorded the action; the draft is saved."


def _declare(minutes, form, target, post):
    services.declare_interest(**form.cleaned_data)
    return "Recorded the declaration; the draft is saved."


DRAFT_PARTS = (DecisionForm, DeclarationForm, ActionForm)
MINUTES_ACTIONS = {
    "save": DraftStep(lambda minutes, form, target, post: "Saved the draft minutes."),
    "quorum": DraftStep(_record_quorum),
    "add-decision": DraftStep(_add_decision, "decision", "#decisions"),
    "add-action": DraftStep(_add_action, "action", "#actions"),
    "declare": DraftStep(_declare, "declaration", "#declarations"),
    "remove-decision": _remove_step("decision", lambda minutes: minutes.decisions.all(), services.remove_decision),
    "remove-action": _remove_step("action", lambda minutes: minutes.meeting.actions.all(), services.remove_action),
    "remove-declaration": _remove_step(
        "declaration", lambda minutes: Declaration.objects.filter(item__meeting=minutes.meeting),
        services.remove_declaration,
    ),
    "action-status": DraftStep(_set_action_status, anchor="#actions"),
}


def _minutes_draft_post(request, meeting, minutes, step, target):
    """Save the texts the post carries and take `step`; on success back to the page, keeping
    (unsaved, unbound) what was typed into the other parts; else the page again with the
    errors and everything posted."""
    items = list(meeting.items.order_by("position"))
    text_form = MinutesTextForm(request.POST, items=items, entries=list(minutes.entries.all()))
    parts = {form_class.part: form_class(request.POST, meeting=meeting) for form_class in DRAFT_PARTS}
    part = parts.get(step.part)
    kept = {key: form.kept() for key, form in parts.items() if form is not part and form.typed()}
    if text_form.is_valid() and (part is None or part.is_valid()):
        def statuses_then_step():
            changed = ActionStatusForm.changes(request.POST, meeting.actions.all())
            for action, status in changed:
                services.update_action_status(action, status)
            message = step.run(minutes, part, target, request.POST)
            news = (_status_news(action) for action, _ in changed)
            return " ".join([message, *(line for line in news if line not in message)])

        try:
            message = services.save_draft(minutes, text_form.posted_texts(), then=statuses_then_step)
        except ValidationError as error:
            minutes.refresh_from_db()  # rolled back, with the quorum it may have recorded
            add_service_errors(part or text_form, error)
        else:
            messages.success(request, message)
            if not kept:
                return _back_to_minutes(meeting, step.anchor)
            messages.info(request, "What you typed in the other forms below is not added yet: it is kept for you.")
            return _minutes_page(request, meeting, minutes, forms=kept, unsaved=True)
    if part is not None:
        kept[step.part] = part
    return _minutes_page(request, meeting, minutes, text_form=text_form, forms=kept, unsaved=True,
                         posted=request.POST)


@object_policy
def minutes_edit(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    minutes = services.newest_minutes(meeting)
    if request.method != "POST":
        return _minutes_page(request, meeting, minutes)
    # A button says what to do and, for a remove button, to what: "remove-decision:12".
    action, _, target = (request.POST.get("do") or "save").partition(":")
    if action == "start":
        try:
            services.start_minutes(meeting, request.user)
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, "Started the draft minutes.")
        return _back_to_minutes(meeting)
    step = MINUTES_ACTIONS.get(action)
    if step is None:
        return HttpResponse("Unknown action.", status=400)
    if minutes is None:
        messages.error(request, "Start the minutes first.")
        return _back_to_minutes(meeting)
    if minutes.is_locked:
        # Approved text is immutable: refuse here too, and say how to change it.
        messages.error(
            request,
            f"Version {minutes.version} of these minutes is {minutes.get_status_display().lower()}: its text "
            "cannot change. Make a correction instead, giving the reason.",
        )
        return _minutes_page(request, meeting, minutes, status=409)
    if action.startswith("remove-"):
        target = target or request.POST.get(action.removeprefix("remove-"), "")
    return _minutes_draft_post(request, meeting, minutes, step, target)


@object_policy
@require_POST
def minutes_approve(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    minutes = _minutes_or_404(meeting)
    form = ApproveMinutesForm(request.POST, meetings=_approval_meetings(request.user, minutes))
    if form.is_valid():
        try:
            services.approve_minutes(minutes, form.cleaned_data["at_meeting"])
        except ValidationError as error:
            report_service_errors(request, form, error)
        else:
            messages.success(request, f"Version {minutes.version} of the minutes is approved; its text is now locked.")
            return _back_to_minutes(meeting)
    return _minutes_page(request, meeting, minutes, approve_form=form)


@object_policy
@require_POST
def minutes_publish(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    minutes = _minutes_or_404(meeting)
    try:
        services.check_minutes_publishable(minutes)  # as for the agenda: the form may be gone
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_minutes(meeting)
    form = PublishForm(request.POST, auto_id="id_minutes_%s")
    if form.is_valid():
        try:
            services.publish_minutes(minutes, at=form.at)
        except ValidationError as error:
            report_service_errors(request, form, error)
        else:
            if minutes.status == MinutesStatus.PUBLISHED:
                messages.success(request, "The minutes are published.")
            else:
                messages.success(
                    request, f"The minutes will be published on {timezone.localtime(minutes.publish_at):%-d %B %Y at %H:%M}."
                )
            return _back_to_minutes(meeting)
    return _minutes_page(request, meeting, minutes, publish_form=form)


@object_policy
def minutes_correct(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    minutes = _minutes_or_404(meeting)
    if not minutes.is_locked:
        messages.info(request, "The minutes are a draft: change them directly.")
        return _back_to_minutes(meeting)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.correct_minutes(minutes, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Started version {correction.version}, a correction of version {minutes.version}."
            )
            return _back_to_minutes(meeting)
    return render(request, "meetings/staff/minutes_correct.html", {"meeting": meeting, "minutes": minutes, "form": form})


@object_policy
@require_POST
def action_status(request, pk, action_pk):
    meeting = meeting_get_for_manager(request.user, pk)
    action = row_of(meeting.actions.select_related("owner"), action_pk)
    form = ActionStatusForm(request.POST, action_pk=action.pk)
    if form.is_valid():
        services.update_action_status(action, form.cleaned_data["status"])
        saved, status = True, 200
    else:
        saved, status = False, 400
    if request.htmx:
        # Drawn again as the page drew it: on a draft, a part of the draft form.
        return render(request, "meetings/staff/_action_status.html", {
            "meeting": meeting, "action": action, "saved": saved,
            "minutes": services.newest_minutes(meeting), "draft_form_id": DRAFT_FORM_ID,
            "status_choices": ActionStatusForm.base_fields["status"].choices,
        }, status=status)
    if saved:
        messages.success(request, _status_news(action))
    else:
        messages.error(request, ActionStatusForm.CHOOSE)
    return _back_to_minutes(meeting, "#actions")


urlpatterns = [
    path("meetings/<int:pk>/minutes/edit/", minutes_edit, name="minutes-edit"),
    path("meetings/<int:pk>/minutes/approve/", minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/publish/", minutes_publish, name="minutes-publish"),
    path("meetings/<int:pk>/minutes/correct/", minutes_correct, name="minutes-correct"),
    path("meetings/<int:pk>/actions/<int:action_pk>/status/", action_status, name="action-status"),
]
