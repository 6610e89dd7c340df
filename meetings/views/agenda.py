"""The agenda as staff and the body's officers edit it: one page whose forms say what to do in
`action` (add, edit, move, remove an item; upload or remove a paper; the standard items; a copy
of the last agenda), confirming what cannot be undone and recording revisions once published;
and publishing it, now or at a time. Every write is a service call."""


from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings.policy import meeting_get_for_manager
from partnerships.access import object_policy
from partnerships.forms import add_service_errors

from .. import pdf, services
from ..forms import (
    AgendaItemForm,
    PaperForm,
    PublishForm,
    RevisionFields,
)
from ..models import EXEMPT_REASONS, Paper
from .shared import report_service_errors, row_of, show_error


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
    item = row_of(meeting.items.all(), request.POST.get("item"))
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
    item = row_of(meeting.items.all(), request.POST.get("item"))
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
        show_error(request, error)
    if request.htmx:
        return render(request, "meetings/staff/_agenda_items.html", _agenda_context(request, meeting))
    return _back_to_agenda(meeting, f"#item-{item.pk}")


def _agenda_delete(request, meeting):
    item = row_of(meeting.items.all(), request.POST.get("item"))
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
        show_error(request, error)
    else:
        messages.success(request, f"Removed “{item.title}” and its papers from the agenda.")
    return _back_to_agenda(meeting)


def _agenda_upload(request, meeting):
    item = row_of(meeting.items.all(), request.POST.get("item"))
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
    paper = row_of(Paper.objects.filter(item__meeting=meeting).select_related("item"), request.POST.get("paper"))
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
        show_error(request, error)
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
        show_error(request, error)
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
    editing = row_of(meeting.items.all(), request.GET["item"]) if request.GET.get("item") else None
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


urlpatterns = [
    path("meetings/<int:pk>/agenda/edit/", agenda_edit, name="agenda-edit"),
    path("meetings/<int:pk>/agenda/publish/", agenda_publish, name="agenda-publish"),
]
