"""Terms of reference pages: a body's terms and constitution, each version, the difference between
two versions, drafting and approving.

Who sees what (partnerships/policy.py): approved and superseded versions of a visible body are
public; drafts only to the body's readers (body_policy.can_see_private_material); drafting and
approving to those who manage the body (body_policy.can_manage).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from meetings.policy import meeting_policy
from partnerships.access import object_policy, public
from partnerships.forms import add_service_errors
from partnerships.policy import body_get_for_manager, body_get_for_user, body_policy

from .forms import ApproveForm, DiffForm, TermsForm, approval_meetings
from .models import TermsKind, TermsStatus
from .services import approve, body_versions, diff_versions, in_force, save_draft, start_draft


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
        "approve_form": approve_form or ApproveForm(
            body=body, meetings=meetings, initial={"approved_by_body": body.slug, "review_due": tor.review_due}
        ),
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
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved the draft, version {tor.version}.")
            return redirect("terms:terms-edit", slug=body.slug, version=tor.version)
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
                "terms:terms", slug=body.slug
            )
        fields = form.fields_for_service()
    try:
        draft = start_draft(body, user=request.user, from_version=source, **fields)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        existing = next((v for v in versions if v.is_draft), None)
        if existing:
            return redirect("terms:terms-edit", slug=body.slug, version=existing.version)
        return redirect("terms:terms", slug=body.slug)
    messages.success(request, f"Started a draft, version {draft.version}.")
    return redirect("terms:terms-edit", slug=body.slug, version=draft.version)


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
            add_service_errors(form, error)
        else:
            messages.success(request, f"Approved version {tor.version}; it is now in force.")
            return redirect(tor.get_absolute_url())
    return _edit_page(request, body, tor, approve_form=form)
