"""Engagement pages: self-assessment against seed 002's evaluation framework, improvement
proposals, the glossary (jargon buster), and following a body by email (seed 003).

Who may do what is governance/policy.py's assessment_policy and partnerships/policy.py's body_policy; the rules of each
write are in governance/assessment.py, glossary.py and following.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from meetings.pdf import render_pdf
from partnerships.models import Body

from . import assessment as assessments
from . import following, proposals
from partnerships.access import object_policy, public, staff_only
from .forms_engagement import (
    EvidenceForm,
    FollowForm,
    OpenAssessmentForm,
    ProposalFilterForm,
    ProposalForm,
    ProposalStatusForm,
    ScoreForm,
)
from .glossary import glossary_by_letter
from .models import GlossaryTerm, Scale
from .policy import assessment_policy
from partnerships.policy import body_get_for_user

NOT_PUBLIC = "private, no-store"


def _posted(request):
    """The form data of a POST, even an empty one (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _add_errors(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, field_messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, field_messages)


# Self-assessment -------------------------------------------------------------------------------


@object_policy
def self_assessment(request):
    """Where a member finds the rounds they can score, and readers each body's rounds."""
    return render(request, "governance/engagement/index.html", {
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
    return render(request, "governance/engagement/assessments.html", {
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
    return render(request, "governance/engagement/assessment.html", context)


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
    form = ScoreForm(_posted(request), criteria=criteria, existing=assessments.member_scores(assessment, member))
    if request.method == "POST" and form.is_valid():
        try:
            count = assessments.record_scores(assessment=assessment, member=member, answers=form.answers())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved your scores: you have scored {count} of {len(form.answers())} statements.")
            return redirect(assessment)
    return render(request, "governance/engagement/score.html", {
        "assessment": assessment, "form": form, "member": member, "scale": Scale.choices,
    })


@staff_only
def assessment_evidence(request, pk):
    assessment = assessments.assessment_get_for_user(request.user, pk)
    form = EvidenceForm(_posted(request), initial={"criterion": request.GET.get("criterion")})
    if request.method == "POST" and form.is_valid():
        try:
            assessments.add_evidence(assessment=assessment, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Added evidence for {form.cleaned_data['criterion']}.")
            return redirect(reverse("gov:assessment-evidence", kwargs={"pk": assessment.pk}))
    evidence = assessment.evidence.select_related("criterion", "added_by").order_by("criterion__number", "pk")
    return render(request, "governance/engagement/evidence.html", {
        "assessment": assessment, "form": form, "evidence": evidence,
    })


@object_policy
def assessment_pdf(request, pk):
    assessment = assessments.assessment_get_for_user(request.user, pk)
    context = _results_context(request, assessment)
    context.update(portal_name=settings.PORTAL_NAME, printed_at=timezone.now())
    response = HttpResponse(
        render_pdf(render_to_string("governance/engagement/assessment_pdf.html", context)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="self-assessment-{assessment.body.slug}-{assessment.opened_on:%Y-%m-%d}.pdf"'
    # Members' scores are for the body's readers only: never cached on the way.
    response["Cache-Control"] = NOT_PUBLIC
    return response


@staff_only
def assessment_open(request):
    form = OpenAssessmentForm(_posted(request), initial={"body": request.GET.get("body")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = assessments.open_assessment(
                body=data["body"], title=data["title"] or assessments.default_title(data["body"], data["opened_on"]),
                opened_on=data["opened_on"], closes_on=data["closes_on"], user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Opened “{opened.title}”: members of {opened.body} can score it now.")
            return redirect(opened)
    return render(request, "governance/engagement/open.html", {"form": form})


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
    return render(request, "governance/engagement/proposals.html", {
        "filters": filters, "proposals": listed, "can_manage": can_manage,
    })


def _proposal_form_page(request, proposal=None):
    initial = proposals.form_initial(proposal, body_slug=request.GET.get("body"))
    form = ProposalForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        criteria = data.pop("criteria")
        try:
            saved = proposals.save_proposal(proposal, criteria=criteria, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved proposal {saved.number}{f' of {saved.body}' if saved.body else ''}.")
            return redirect(f"{reverse('gov:proposals')}{f'?body={saved.body.slug}' if saved.body else ''}")
    return render(request, "governance/engagement/proposal_form.html", {"form": form, "proposal": proposal})


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
    return HttpResponseRedirect(_local_path(request, request.POST.get("next", "")) or reverse("gov:proposals"))


def _local_path(request, url):
    """`url` if it is a path on this site ("/..."), else "". A bare word ("foo") would make
    redirect() look it up as a view name (a 500 after the change was saved); another host or
    scheme would be an open redirect."""
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return url


# Glossary --------------------------------------------------------------------------------------


@public
def glossary(request):
    terms = list(GlossaryTerm.objects.all())
    return render(request, "governance/glossary.html", {
        "letters": glossary_by_letter(terms), "count": len(terms),
    })


# Following a body by email ---------------------------------------------------------------------


@public
def follow(request, slug):
    body = body_get_for_user(request.user, slug, Body.objects.filter(public=True))
    if not following.can_follow(body):
        raise Http404("This body cannot be followed.")
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = FollowForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            following.follow(email=form.cleaned_data["email"], body=body, base_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            _add_errors(form, error)
        except OSError:  # the mail server refused (smtplib's errors are OSErrors): say so
            form.add_error(None, "We could not send the email just now. Please try again in a few minutes.")
        else:
            # The same answer whether the address was new, pending or already following.
            return render(request, "governance/engagement/follow_sent.html", {"body": body})
    return render(request, "governance/engagement/follow.html", {"body": body, "form": form})


def _token_problem(request, message, status):
    return render(request, "governance/engagement/link_problem.html", {"message": message}, status=status)


@public
def follow_confirm(request, token):
    try:
        subscription = following.subscription_to_confirm(token)
    except following.BadToken as problem:
        return _token_problem(request, problem.message, 400)
    except following.UnknownSubscription:
        return _token_problem(request, "This subscription no longer exists. Follow the body again to start afresh.", 404)
    done = None
    if request.method == "POST":
        try:
            following.confirm(subscription)
        except ValidationError as error:
            return _token_problem(request, " ".join(error.messages), 400)
        done = True
        subscription.refresh_from_db()
    return render(request, "governance/engagement/follow_confirm.html", {
        "subscription": subscription, "body": subscription.body, "done": done,
    })


# Mail clients send RFC 8058's one-click POST without a CSRF token; the signed token in the URL
# is what authorises it, and all it can do is stop emails to that address.
@public
@csrf_exempt
def unsubscribe(request, token):
    try:
        subscription = following.subscription_to_cancel(token)
    except following.BadToken as problem:
        return _token_problem(request, problem.message, 400)
    except following.UnknownSubscription:
        return _token_problem(request, "This subscription no longer exists: no more emails will be sent for it.", 404)
    if request.method == "POST":
        following.unsubscribe(subscription)
        subscription.refresh_from_db()
    return render(request, "governance/engagement/unsubscribe.html", {
        "subscription": subscription, "body": subscription.body,
    })


urlpatterns = [
    path("self-assessment/", self_assessment, name="self-assessment"),
    path("self-assessment/open/", assessment_open, name="assessment-open"),
    path("self-assessment/bodies/<slug:slug>/", assessment_list, name="assessments"),
    path("self-assessment/<int:pk>/", assessment_detail, name="assessment"),
    path("self-assessment/<int:pk>/score/", assessment_score, name="assessment-score"),
    path("self-assessment/<int:pk>/evidence/", assessment_evidence, name="assessment-evidence"),
    path("self-assessment/<int:pk>/close/", assessment_close, name="assessment-close"),
    path("self-assessment/<int:pk>/self-assessment.pdf", assessment_pdf, name="assessment-pdf"),
    path("self-assessment/proposals/", proposal_list, name="proposals"),
    path("self-assessment/proposals/add/", proposal_add, name="proposal-add"),
    path("self-assessment/proposals/<int:pk>/", proposal_edit, name="proposal-edit"),
    path("self-assessment/proposals/<int:pk>/status/", proposal_status, name="proposal-status"),
    path("glossary/", glossary, name="glossary"),
    path("structure/bodies/<slug:slug>/follow/", follow, name="follow"),
    path("follow/confirm/<str:token>/", follow_confirm, name="follow-confirm"),
    path("follow/unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
