"""Meetings: the meeting cycle as staff and the body's officers run it (meetings, agendas and
papers, publication, minutes), and the pages everyone reads it through: the meeting page, the
agenda pack and the paper download, each showing what the policy lets the visitor see.

Management pages fetch the meeting through meeting_get_for_manager (staff and the body's
officers; others get the same 404 as for a missing meeting). Every write is a service call.
"""

import logging
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.policy import meeting_get_for_manager, meeting_get_for_user, meeting_policy, paper_get_for_user
from partnerships.access import object_policy, public
from partnerships.forms import add_service_errors
from partnerships.page_cache import anonymous_page
from partnerships.policy import body_get_for_manager, body_policy

from .. import pdf, selectors, services
from ..forms import (
    DRAFT_FORM_ID,
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    ApproveMinutesForm,
    CorrectionForm,
    DecisionForm,
    DeclarationForm,
    MeetingForm,
    MinutesTextForm,
    NewMeetingForm,
    PaperForm,
    PublishForm,
    RevisionFields,
)
from ..models import EXEMPT_REASONS, Declaration, Meeting, MinutesStatus, Paper
from ..quorum import quorum_status

logger = logging.getLogger(__name__)

NOT_PUBLIC = "private, no-store"


def report_service_errors(request, form, error):
    """For forms whose page may not show them (a publish form once the agenda is published):
    field errors on the form, the rest as a message at the top of the page."""
    if hasattr(error, "error_dict"):
        add_service_errors(form, error)
    else:
        _fail(request, error)


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _one(queryset, pk):
    """A row of an already scoped queryset (a meeting's items, papers...), or 404."""
    found = queryset.filter(pk=_pk(pk)).first() if _pk(pk) is not None else None
    if found is None:
        raise Http404("Not found.")
    return found


def _fail(request, error):
    messages.error(request, " ".join(error.messages))


# ---------------------------------------------------------------------------------------------
# What everyone reads


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


# ---------------------------------------------------------------------------------------------
# Meetings


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


# ---------------------------------------------------------------------------------------------
# The agenda: one page, whose forms say what to do in `action`.


def _agenda_context(request, meeting):
    # Managers are the body's officers or staff, so the policy shows them every item and paper.
    items = pdf.agenda_items(request.user, meeting)
    previous = services.previous_meeting(meeting)
    return {
        "meeting": meeting,
        "items": items,
        "papers_due_days": settings.PAPERS_DUE_DAYS,
        "due_by": services.papers_due_by(meeting),
        "max_bytes": settings.PAPER_MAX_BYTES,
        "previous": previous,
        "revisions": list(meeting.agenda_revisions.select_related("made_by")),
        "exempt_reasons": EXEMPT_REASONS,
    }


def _agenda_page(request, meeting, *, item_form=None, editing=None, paper_form=None, paper_item=None,
                 publish_form=None):
    return render(request, "meetings/staff/agenda_edit.html", {
        **_agenda_context(request, meeting),
        "item_form": item_form or AgendaItemForm(instance=editing, published=meeting.agenda_is_published),
        "editing": editing,
        "paper_form": paper_form,
        "paper_item": paper_item,
        "publish_form": publish_form or PublishForm(),
    })


def _back_to_agenda(meeting, anchor=""):
    return redirect(reverse("meetings:agenda-edit", kwargs={"pk": meeting.pk}) + anchor)


def _revision(request, reason=None):
    reason = request.POST.get("revision_reason", "") if reason is None else reason
    return services.Revision(by=request.user, reason=reason)


def _confirm(request, meeting, *, question, detail="", button, action=None, error=None, warning=False):
    """The step that asks before a change is made, and (the agenda being published) why: the
    same POST again, with `confirmed` and the reason. Works without JavaScript."""
    carried = [
        (key, value) for key, value in request.POST.items()
        if key not in ("csrfmiddlewaretoken", "confirmed", "revision_reason")
    ]
    form = RevisionFields(request.POST if error else None)
    if error and form.is_valid():
        form.add_error("revision_reason", error)
    return render(request, "meetings/staff/agenda_confirm.html", {
        "meeting": meeting,
        "question": question,
        "detail": detail,
        "button": button,
        "warning": warning,
        "action": action or reverse("meetings:agenda-edit", kwargs={"pk": meeting.pk}),
        "carried": carried,
        "reason_form": form if meeting.agenda_is_published else None,
    }, status=400 if error else 200)


def _confirmed(request, meeting, *, needs_confirming=True, **question):
    """None when the officer has confirmed (and given the reason a published agenda needs);
    otherwise the confirmation step to show."""
    if needs_confirming and request.POST.get("confirmed") != "yes":
        return _confirm(request, meeting, **question)
    if not needs_confirming and request.POST.get("confirmed") != "yes" and meeting.agenda_is_published:
        return _confirm(request, meeting, **question)
    try:
        services.check_revision(meeting, _revision(request))
    except ValidationError as error:
        return _confirm(request, meeting, error=" ".join(error.messages), **question)
    return None


def _agenda_add(request, meeting):
    form = AgendaItemForm(request.POST, published=meeting.agenda_is_published)
    if form.is_valid():
        try:
            item = services.add_agenda_item(meeting, **form.item_fields(), revision=_revision(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added item {item.position}, “{item.title}”.")
            return _back_to_agenda(meeting, f"#item-{item.pk}")
    return _agenda_page(request, meeting, item_form=form)


def _agenda_edit_item(request, meeting):
    item = _one(meeting.items.all(), request.POST.get("item"))
    form = AgendaItemForm(request.POST, instance=item, published=meeting.agenda_is_published)
    if form.is_valid():
        try:
            services.update_agenda_item(item, **form.item_fields(), revision=_revision(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved item {item.position}, “{item.title}”.")
            return _back_to_agenda(meeting, f"#item-{item.pk}")
    return _agenda_page(request, meeting, item_form=form, editing=item)


def _agenda_move(request, meeting):
    item = _one(meeting.items.all(), request.POST.get("item"))
    # A published agenda's order changes only with a reason: the move asks for it first.
    step = _confirmed(
        request, meeting, needs_confirming=False,
        question=f"Move item {item.position}, “{item.title}”, {request.POST.get('direction')}?",
        button="Move it",
    )
    if step is not None:
        return step
    try:
        services.move_agenda_item(item, request.POST.get("direction"), revision=_revision(request))
    except ValidationError as error:
        _fail(request, error)
    if request.htmx:
        return render(request, "meetings/staff/_agenda_items.html", _agenda_context(request, meeting))
    return _back_to_agenda(meeting, f"#item-{item.pk}")


def _agenda_delete(request, meeting):
    item = _one(meeting.items.all(), request.POST.get("item"))
    papers = item.papers.count()
    step = _confirmed(
        request, meeting, warning=True,
        question=f"Remove item {item.position}, “{item.title}”, from the agenda?",
        detail=(f"Its {papers} paper{'s' if papers != 1 else ''} will be deleted too. " if papers else "")
        + "The items after it move up. This cannot be undone.",
        button="Yes, remove the item",
    )
    if step is not None:
        return step
    try:
        services.remove_agenda_item(item, revision=_revision(request))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, f"Removed “{item.title}” and its papers from the agenda.")
    return _back_to_agenda(meeting)


def _agenda_upload(request, meeting):
    item = _one(meeting.items.all(), request.POST.get("item"))
    form = PaperForm(request.POST, request.FILES, auto_id=f"id_paper_{item.pk}_%s", published=meeting.agenda_is_published)
    if form.is_valid():
        try:
            paper = services.upload_paper(
                item, form.cleaned_data["file"], form.cleaned_data["title"], revision=_revision(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Uploaded “{paper.title}” to item {item.position}.")
            return _back_to_agenda(meeting, f"#item-{item.pk}")
    return _agenda_page(request, meeting, paper_form=form, paper_item=item)


def _agenda_remove_paper(request, meeting):
    paper = _one(Paper.objects.filter(item__meeting=meeting).select_related("item"), request.POST.get("paper"))
    step = _confirmed(
        request, meeting, warning=True,
        question=f"Remove the paper “{paper.title}” from item {paper.item.position}?",
        detail="The file is deleted. This cannot be undone.",
        button="Yes, remove the paper",
    )
    if step is not None:
        return step
    services.remove_paper(paper, revision=_revision(request))
    messages.success(request, f"Removed the paper “{paper.title}”.")
    return _back_to_agenda(meeting, f"#item-{paper.item_id}")


def _agenda_standard(request, meeting):
    step = _confirmed(
        request, meeting, needs_confirming=False,
        question="Add the standard items?", button="Add them",
        detail="Apologies for absence, declarations of interest and the minutes of the last meeting at the "
               "top, any other business at the end: those the agenda lacks.",
    )
    if step is not None:
        return step
    try:
        added = services.add_standard_items(meeting, revision=_revision(request))
    except ValidationError as error:
        _fail(request, error)
    else:
        if added:
            messages.success(request, "Added " + ", ".join(f"“{item.title}”" for item in added) + ".")
        else:
            messages.info(request, "The agenda already has the standard items.")
    return _back_to_agenda(meeting)


def _agenda_copy(request, meeting):
    step = _confirmed(
        request, meeting, needs_confirming=False, question="Copy the last meeting's agenda?", button="Copy it",
    )
    if step is not None:
        return step
    try:
        copies = services.copy_previous_agenda(meeting, revision=_revision(request))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, f"Copied {len(copies)} items from the last meeting's agenda: add this meeting's papers.")
    return _back_to_agenda(meeting)


AGENDA_ACTIONS = {
    "add": _agenda_add,
    "edit": _agenda_edit_item,
    "move": _agenda_move,
    "delete": _agenda_delete,
    "upload": _agenda_upload,
    "remove-paper": _agenda_remove_paper,
    "standard-items": _agenda_standard,
    "copy-previous": _agenda_copy,
}


@object_policy
def agenda_edit(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    if request.method == "POST":
        handler = AGENDA_ACTIONS.get(request.POST.get("do") or "add")
        if handler is None:
            return HttpResponse("Unknown action.", status=400)
        return handler(request, meeting)
    editing = _one(meeting.items.all(), request.GET["item"]) if request.GET.get("item") else None
    return _agenda_page(request, meeting, editing=editing)


@object_policy
@require_POST
def agenda_publish(request, pk):
    meeting = meeting_get_for_manager(request.user, pk)
    if request.POST.get("do") == "unschedule":
        services.unschedule_agenda(meeting)
        messages.success(request, "The agenda will not be published automatically; it stays a draft.")
        return _back_to_agenda(meeting)
    try:
        # Published (or cancelled) since the page was drawn, the publish form is gone from it:
        # say so rather than check the form.
        services.check_agenda_publishable(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_agenda(meeting)
    form = PublishForm(request.POST, before=meeting.starts_at)
    if form.is_valid():
        if request.POST.get("confirmed") != "yes":
            items = meeting.items.count()
            when = "now" if form.at is None else f"on {timezone.localtime(form.at):%-d %B %Y at %H:%M}"
            audience = "the public" if meeting.public else "everyone who may see the body's private material"
            return _confirm(
                request, meeting, action=reverse("meetings:agenda-publish", kwargs={"pk": pk}),
                question=f"Publish the agenda {when}?",
                detail=f"Its {items} item{'s' if items != 1 else ''} and papers become readable by {audience} "
                       "(confidential items stay with the body's members). Any change after that is recorded "
                       "on the agenda with its reason.",
                button="Yes, publish the agenda",
            )
        try:
            services.publish_agenda(meeting, at=form.at)
        except ValidationError as error:
            report_service_errors(request, form, error)
        else:
            if meeting.agenda_is_published:
                messages.success(request, "The agenda and its papers are published.")
            else:
                when = timezone.localtime(meeting.agenda_publish_at)
                messages.success(request, f"The agenda and its papers will be published on {when:%-d %B %Y at %H:%M}.")
            return _back_to_agenda(meeting)
    return _agenda_page(request, meeting, publish_form=form)


# ---------------------------------------------------------------------------------------------
# Minutes: one page for the newest version; the draft is edited there, a locked one is shown.


def _minutes_page(request, meeting, minutes, *, text_form=None, forms=None, approve_form=None,
                  publish_form=None, status=200, unsaved=False):
    """`unsaved`: the page shows typing its post did not save, so leaving it warns at once."""
    items = list(meeting.items.order_by("position"))
    context = {"meeting": meeting, "minutes": minutes, "items": items, "unsaved": unsaved}
    if minutes is not None:
        entries = list(minutes.entries.select_related("item"))
        decisions = list(minutes.decisions.select_related("item"))
        actions = list(meeting.actions.select_related("item", "owner").order_by("item__position", "due", "pk"))
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
# form or None, the button's target id) and returns the message to show; `part` names the
# form it adds through, `anchor` where the page returns.
class DraftStep(NamedTuple):
    run: Callable
    part: str | None = None
    anchor: str = ""


def _remove_step(kind, queryset_for, remove):
    def run(minutes, form, target):
        row = queryset_for(minutes).filter(pk=_pk(target)).first() if _pk(target) is not None else None
        if row is None:
            raise ValidationError(f"That {kind} is no longer in the minutes: the page may be out of date.")
        remove(row)
        return f"Removed the {kind}; the draft is saved."

    return DraftStep(run)


def _record_quorum(minutes, form, target):
    status = services.record_quorum(minutes)
    return (
        f"Recorded that the meeting was {'quorate' if status.quorate else 'not quorate'}: "
        f"{status.counted} counted, {status.required} needed."
    )


def _add_decision(minutes, form, target):
    services.add_decision(minutes, form.cleaned_data["item"], form.cleaned_data["text"])
    return "Recorded the decision; the draft is saved."


def _add_action(minutes, form, target):
    services.add_action(minutes, **form.cleaned_data)
    return "Recorded the action; the draft is saved."


def _declare(minutes, form, target):
    services.declare_interest(**form.cleaned_data)
    return "Recorded the declaration; the draft is saved."


DRAFT_PARTS = (DecisionForm, DeclarationForm, ActionForm)
MINUTES_ACTIONS = {
    "save": DraftStep(lambda minutes, form, target: "Saved the draft minutes."),
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
        try:
            message = services.save_draft(
                minutes, text_form.posted_texts(), then=lambda: step.run(minutes, part, target)
            )
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
    return _minutes_page(request, meeting, minutes, text_form=text_form, forms=kept, unsaved=True)


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
            _fail(request, error)
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
    action = _one(meeting.actions.select_related("owner"), action_pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.update_action_status(action, form.cleaned_data["status"])
        saved, status = True, 200
    else:
        saved, status = False, 400
    if request.htmx:
        return render(request, "meetings/staff/_action_status.html", {
            "meeting": meeting, "action": action, "saved": saved,
            "status_choices": ActionStatusForm.base_fields["status"].choices,
        }, status=status)
    if saved:
        messages.success(request, f"“{action.text[:60]}” is now {action.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose one of the statuses listed.")
    return _back_to_minutes(meeting, "#actions")


urlpatterns = [
    path("meetings/<int:pk>/", meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda.pdf", agenda_pdf, name="agenda-pdf"),
    path("papers/<int:pk>/", paper_download, name="paper"),
    path("structure/bodies/<slug:slug>/meetings/add/", meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/edit/", meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/agenda/edit/", agenda_edit, name="agenda-edit"),
    path("meetings/<int:pk>/agenda/publish/", agenda_publish, name="agenda-publish"),
    path("meetings/<int:pk>/minutes/edit/", minutes_edit, name="minutes-edit"),
    path("meetings/<int:pk>/minutes/approve/", minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/publish/", minutes_publish, name="minutes-publish"),
    path("meetings/<int:pk>/minutes/correct/", minutes_correct, name="minutes-correct"),
    path("meetings/<int:pk>/actions/<int:action_pk>/status/", action_status, name="action-status"),
]
