"""Self-assessment pages (seed 002's evaluation framework: rounds, scoring, results, evidence,
the PDF) and improvement proposals.

Who may do what is assessment_policy's (policy.py, built on partnerships/policy.py's
body_policy); the rules of each write are in services.py and proposals.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from meetings.pdf import render_pdf
from partnerships.access import object_policy, staff_only
from partnerships.forms import add_service_errors, posted
from partnerships.policy import body_get_for_user

from . import proposals
from . import services as assessments
from .forms import EvidenceForm, OpenAssessmentForm, ProposalFilterForm, ProposalForm, ProposalStatusForm, ScoreForm
from .models import Scale
from .policy import assessment_policy

NOT_PUBLIC = "private, no-store"


# Self-assessment -------------------------------------------------------------------------------


@object_policy
def self_assessment(request):
    """Where a member finds the rounds they can score, and readers each body's rounds."""
    return render(request, "governance/assessment/index.html", {
        "to_score": assessments.open_assessments_for(request.user),
        "bodies": assessments.bodies_with_assessments(request.user),
        "can_manage": assessment_policy.can_manage(request.user),
    })


def _readable_body(user, slug):
    body = body_get_for_user(user, slug)
    if not assessment_policy.can_read(user, body):
        raise Http404("No such body.")
    return body


@object_policy
def assessment_list(request, slug):
    body = _readable_body(request.user, slug)
    rounds = list(assessments.body_assessments(request.user, body))
    trends, respondents = assessments.results_over_time(rounds)
    return render(request, "governance/assessment/assessments.html", {
        "body": body,
        "trends": trends,
        "columns": respondents,
        "rounds": rounds,
        "can_manage": assessment_policy.can_manage(request.user),
    })


def _results_context(request, assessment):
    results = assessments.assessment_results(assessment)
    return {
        "assessment": assessment,
        "results": results,
        "chart": assessments.results_chart(results),
        "scale": Scale.choices,
        "can_manage": assessment_policy.can_manage(request.user),
    }


@object_policy
def assessment_detail(request, pk):
    assessment = assessments.assessment_get_for_user(request.user, pk)
    context = _results_context(request, assessment)
    scorer = assessment_policy.scorer(request.user, assessment)
    context["can_score"] = scorer is not None
    context["my_scores"] = len(assessments.member_scores(assessment, scorer)) if scorer else 0
    context["questions"] = sum(len(c.questions) for c in context["results"].criteria)
    return render(request, "governance/assessment/assessment.html", context)


@object_policy
def assessment_score(request, pk):
    assessment = assessments.assessment_get_for_user(request.user, pk)
    if not assessment.is_open:
        messages.info(request, "This self-assessment is closed: its scores can no longer be changed.")
        return redirect(assessment)
    member = assessment_policy.scorer(request.user, assessment)
    if member is None:
        raise Http404("Only the body's members score its self-assessment.")
    criteria = assessments.framework()
    form = ScoreForm(posted(request), criteria=criteria, existing=assessments.member_scores(assessment, member))
    if request.method == "POST" and form.is_valid():
        try:
            count = assessments.record_scores(assessment=assessment, member=member, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved your scores: you have scored {count} of {len(form.answers())} statements.")
            return redirect(assessment)
    return render(request, "governance/assessment/score.html", {
        "assessment": assessment, "form": form, "member": member, "scale": Scale.choices,
    })


@staff_only
def assessment_evidence(request, pk):
    assessment = assessments.assessment_get_for_user(request.user, pk)
    form = EvidenceForm(posted(request), initial={"criterion": request.GET.get("criterion")})
    if request.method == "POST" and form.is_valid():
        try:
            assessments.add_evidence(assessment=assessment, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Added evidence for {form.cleaned_data['criterion']}.")
            return redirect(reverse("assessment:assessment-evidence", kwargs={"pk": assessment.pk}))
    evidence = assessment.evidence.select_related("criterion", "added_by").order_by("criterion__number", "pk")
    return render(request, "governance/assessment/evidence.html", {
        "assessment": assessment, "form": form, "evidence": evidence,
    })


@object_policy
def assessment_pdf(request, pk):
    assessment = assessments.assessment_get_for_user(request.user, pk)
    context = _results_context(request, assessment)
    context.update(portal_name=settings.PORTAL_NAME, printed_at=timezone.now())
    response = HttpResponse(
        render_pdf(render_to_string("governance/assessment/assessment_pdf.html", context)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="self-assessment-{assessment.body.slug}-{assessment.opened_on:%Y-%m-%d}.pdf"'
    # Members' scores are for the body's readers only: never cached on the way.
    response["Cache-Control"] = NOT_PUBLIC
    return response


@staff_only
def assessment_open(request):
    form = OpenAssessmentForm(posted(request), initial={"body": request.GET.get("body")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = assessments.open_assessment(
                body=data["body"], title=data["title"] or assessments.default_title(data["body"], data["opened_on"]),
                opened_on=data["opened_on"], closes_on=data["closes_on"], user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Opened “{opened.title}”: members of {opened.body} can score it now.")
            return redirect(opened)
    return render(request, "governance/assessment/open.html", {"form": form})


@staff_only
@require_POST
def assessment_close(request, pk):
    assessment = assessments.assessment_get_for_user(request.user, pk)
    try:
        assessments.close_assessment(assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Closed “{assessment.title}”.")
    return redirect(assessment)


# Improvement proposals -------------------------------------------------------------------------


@object_policy
def proposal_list(request):
    filters = ProposalFilterForm(request.GET or None, bodies=proposals.bodies_with_proposals(request.user))
    chosen = filters.cleaned_data if filters.is_valid() else {}
    listed = list(proposals.visible_proposals(request.user, body=chosen.get("body"), status=chosen.get("status")))
    can_manage = assessment_policy.can_manage(request.user)
    for proposal in listed:
        proposal.status_form = ProposalStatusForm(initial={"status": proposal.status}, prefix=f"p{proposal.pk}") if can_manage else None
    return render(request, "governance/assessment/proposals.html", {
        "filters": filters, "proposals": listed, "can_manage": can_manage,
    })


def _proposal_form_page(request, proposal=None):
    initial = proposals.form_initial(proposal, body_slug=request.GET.get("body"))
    form = ProposalForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        criteria = data.pop("criteria")
        try:
            saved = proposals.save_proposal(proposal, criteria=criteria, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved proposal {saved.number}{f' of {saved.body}' if saved.body else ''}.")
            return redirect(f"{reverse('assessment:proposals')}{f'?body={saved.body.slug}' if saved.body else ''}")
    return render(request, "governance/assessment/proposal_form.html", {"form": form, "proposal": proposal})


@staff_only
def proposal_add(request):
    return _proposal_form_page(request)


@staff_only
def proposal_edit(request, pk):
    return _proposal_form_page(request, proposals.proposal_get(pk))


@staff_only
@require_POST
def proposal_status(request, pk):
    proposal = proposals.proposal_get(pk)
    form = ProposalStatusForm(request.POST, prefix=f"p{proposal.pk}")
    if form.is_valid():
        proposals.set_proposal_status(proposal, form.cleaned_data["status"])
        messages.success(request, f"Proposal {proposal.number} is now “{proposal.get_status_display().lower()}”.")
    else:
        messages.error(request, "Choose a status for the proposal.")
    return HttpResponseRedirect(_local_path(request, request.POST.get("next", "")) or reverse("assessment:proposals"))


def _local_path(request, url):
    """`url` if it is a path on this site ("/..."), else "". A bare word ("foo") would make
    redirect() look it up as a view name (a 500 after the change was saved); another host or
    scheme would be an open redirect."""
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return url


