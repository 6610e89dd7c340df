"""Terms of reference pages (a body's terms and constitution, each version, the difference between
two versions, drafting and approving) and the staff audit trail.

Who sees what (partnerships/policy.py): approved and superseded versions of a visible body are
public; drafts only to the body's readers (body_policy.can_see_private_material); drafting and
approving to those who manage the body (body_policy.can_manage). The audit trail is for staff.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from partnerships.models import Body

from partnerships.access import object_policy, public, staff_only
from .audit import KINDS, audit_entries, audit_feed
from .forms_terms import ApproveForm, DiffForm, TermsForm, approval_meetings
from .models import TermsKind, TermsStatus
from meetings.policy import meeting_policy
from partnerships.policy import body_get_for_manager, body_get_for_user, body_policy
from .terms import approve, body_versions, diff_versions, in_force, save_draft, start_draft

AUDIT_PAGE_SIZE = 50


def _versions_for(user, body):
    """The versions the user may read, newest first, each with `older`: the one before it."""
    versions = list(body_versions(body, include_drafts=body_policy.can_see_private_material(user, body)))
    for newer, older in zip(versions, versions[1:] + [None]):
        newer.older = older
    return versions


def _title(versions):
    """What the body's documents are called: a root body may keep a constitution."""
    kinds = {v.kind for v in versions}
    if kinds == {TermsKind.CONSTITUTION}:
        return "Constitution"
    return "Constitution and terms of reference" if TermsKind.CONSTITUTION in kinds else "Terms of reference"


def _version_or_404(versions, number):
    for version in versions:
        if version.version == number:
            return version
    raise Http404("No such version.")


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@public
def terms(request, slug):
    body = body_get_for_user(request.user, slug)
    versions = _versions_for(request.user, body)
    context = {
        "body": body,
        "title": _title(versions),
        "versions": versions,
        "current": in_force(versions),
        "draft": next((v for v in versions if v.is_draft), None),
        "can_manage": body_policy.can_manage(request.user, body),
    }
    return render(request, "governance/terms/terms.html", context)


@public
def terms_version(request, slug, version):
    body = body_get_for_user(request.user, slug)
    versions = _versions_for(request.user, body)
    tor = _version_or_404(versions, version)
    context = {
        "body": body,
        "title": _title(versions),
        "tor": tor,
        "can_manage": body_policy.can_manage(request.user, body),
    }
    return render(request, "governance/terms/version.html", context)


@public
def terms_diff(request, slug):
    body = body_get_for_user(request.user, slug)
    versions = _versions_for(request.user, body)
    data = request.GET if ("from" in request.GET or "to" in request.GET) else None
    if data is None and len(versions) >= 2:
        data = {"from": versions[1].version, "to": versions[0].version}
    form = DiffForm(data, versions=versions)
    older = newer = diffs = None
    if data is not None and form.is_valid():
        older = _version_or_404(versions, form.cleaned_data["from"])
        newer = _version_or_404(versions, form.cleaned_data["to"])
        diffs = diff_versions(older, newer)
    context = {
        "body": body, "title": _title(versions), "versions": versions, "form": form, "older": older, "newer": newer, "diffs": diffs,
        "changed": [d for d in diffs or () if d.changed],
    }
    return render(request, "governance/terms/diff.html", context)


def _edit_page(request, body, tor, *, form=None, approve_form=None, status=200):
    meetings = approval_meetings(body, meeting_policy.visible(request.user))
    context = {
        "body": body,
        "title": tor.get_kind_display(),
        "tor": tor,
        "form": form or TermsForm(instance=tor, body=body),
        "approve_form": approve_form or ApproveForm(body=body, meetings=meetings, initial={"approved_by_body": body.slug, "review_due": tor.review_due}),
    }
    return render(request, "governance/terms/edit.html", context, status=status)


def _locked_page(request, body, tor, form=None, status=409):
    """409: approved text is immutable. A submitted edit is shown again, to be saved as (or into)
    the body's draft, so nothing typed is lost."""
    draft = body.terms_of_reference.filter(kind=tor.kind, status=TermsStatus.DRAFT).first()
    context = {"body": body, "title": tor.get_kind_display(), "tor": tor, "draft": draft, "form": form}
    return render(request, "governance/terms/locked.html", context, status=status)


@object_policy
def terms_edit(request, slug, version):
    body = body_get_for_manager(request.user, slug)
    tor = _version_or_404(body_versions(body, include_drafts=True).filter(version=version), version)
    form = TermsForm(request.POST or None, instance=tor, body=body)
    if not tor.is_draft:
        return _locked_page(request, body, tor, form if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save_draft(tor, user=request.user, **form.fields_for_service())
        except ValidationError as error:
            if getattr(error, "code", None) == "immutable":
                return _locked_page(request, body, tor, form)
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved the draft, version {tor.version}.")
            return redirect("gov:terms-edit", slug=body.slug, version=tor.version)
    return _edit_page(request, body, tor, form=form)


@object_policy
@require_POST
def terms_new(request, slug):
    """Start a draft from the version in force, or from version `from`; with text (the locked
    page's form), the draft takes that text."""
    body = body_get_for_manager(request.user, slug)
    versions = list(body_versions(body, include_drafts=True))
    source = None
    if request.POST.get("from"):
        try:
            source = _version_or_404(versions, int(request.POST["from"]))
        except ValueError:
            raise Http404("No such version.") from None
    fields = {}
    if "concept" in request.POST:
        form = TermsForm(request.POST, body=body)
        if not form.is_valid():
            return _locked_page(request, body, source or versions[0], form, status=200) if versions else redirect(
                "gov:terms", slug=body.slug
            )
        fields = form.fields_for_service()
    try:
        draft = start_draft(body, user=request.user, from_version=source, **fields)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        existing = next((v for v in versions if v.is_draft), None)
        if existing:
            return redirect("gov:terms-edit", slug=body.slug, version=existing.version)
        return redirect("gov:terms", slug=body.slug)
    messages.success(request, f"Started a draft, version {draft.version}.")
    return redirect("gov:terms-edit", slug=body.slug, version=draft.version)


@object_policy
@require_POST
def terms_approve(request, slug, version):
    body = body_get_for_manager(request.user, slug)
    tor = _version_or_404(body_versions(body, include_drafts=True).filter(version=version), version)
    if not tor.is_draft:
        return _locked_page(request, body, tor)
    meetings = approval_meetings(body, meeting_policy.visible(request.user))
    form = ApproveForm(request.POST, body=body, meetings=meetings)
    if form.is_valid():
        data = form.cleaned_data
        try:
            approve(tor, on=data["approved_on"], by_body=data["approved_by_body"], at_meeting=data["approved_at_meeting"],
                    review_due=data["review_due"], user=request.user)
        except ValidationError as error:
            if getattr(error, "code", None) == "immutable":
                return _locked_page(request, body, tor)
            _add_errors(form, error)
        else:
            messages.success(request, f"Approved version {tor.version}; it is now in force.")
            return redirect(tor.get_absolute_url())
    return _edit_page(request, body, tor, approve_form=form)


# The audit trail -------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Everything"), *KINDS], required=False, label="What changed")
    body = forms.ModelChoiceField(
        queryset=Body.objects.order_by("name"), required=False, to_field_name="slug", empty_label="All bodies",
    )


@staff_only
def audit(request):
    filters = AuditFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(audit_feed(kind=chosen.get("kind"), body=chosen.get("body")), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "entries": audit_entries(page.object_list), "query": query.urlencode()}
    return render(request, "governance/audit.html", context)


urlpatterns = [
    path("structure/bodies/<slug:slug>/terms/", terms, name="terms"),
    path("structure/bodies/<slug:slug>/terms/diff/", terms_diff, name="terms-diff"),
    path("structure/bodies/<slug:slug>/terms/new/", terms_new, name="terms-new"),
    path("structure/bodies/<slug:slug>/terms/v<int:version>/", terms_version, name="terms-version"),
    path("structure/bodies/<slug:slug>/terms/v<int:version>/edit/", terms_edit, name="terms-edit"),
    path("structure/bodies/<slug:slug>/terms/v<int:version>/approve/", terms_approve, name="terms-approve"),
    path("governance/audit/", audit, name="audit"),
]
