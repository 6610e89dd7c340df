"""Improvement proposals: numbered proposals that answer a self-assessment (seed 002, section
7.0: each with the group that carries it out, linked to the criteria it serves), for a body or,
with no body, for the whole partnership."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from partnerships.models import Body
from partnerships.policy import body_policy

from .models import ImprovementProposal, ProposalStatus
from .policy import assessment_policy


def proposals_for_body(body):
    """The proposals of `body` and the partnership-wide ones, with their criteria."""
    return list(
        ImprovementProposal.objects.filter(Q(body=body) | Q(body__isnull=True))
        .select_related("owner", "target_body", "body").prefetch_related("criteria")
        .order_by("body__name", "number")
    )


def visible_proposals(user, *, body=None, status=None):
    """Proposals the user may read (assessment_policy.visible_proposals), numbered in order;
    `target_body_visible` says whether the user may see the body a proposal is carried out by
    (a proposal the user reads may name a private body, whose name stays private)."""
    proposals = assessment_policy.visible_proposals(user)
    if body is not None:
        proposals = proposals.filter(body=body)
    if status:
        proposals = proposals.filter(status=status)
    return (
        proposals.select_related("owner", "target_body", "body").prefetch_related("criteria")
        .annotate(target_body_visible=Exists(body_policy.visible(user, Body.objects.filter(pk=OuterRef("target_body_id")))))
        .order_by("body__name", "number")
    )


PROPOSAL_FIELDS = ("body", "number", "text", "target_group", "target_body", "owner", "status", "due", "notes")


def save_proposal(proposal=None, *, criteria=(), **fields):
    """Create a proposal, or change one (`proposal`), with the criteria it serves."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"Not proposal fields: {sorted(unknown)}")
    proposal = proposal or ImprovementProposal()
    for name, value in fields.items():
        setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    if not proposal.status:
        proposal.status = ProposalStatus.PROPOSED
    proposal.full_clean()
    try:
        with transaction.atomic():
            proposal.save()
            proposal.criteria.set(criteria)
    except IntegrityError:
        raise ValidationError({"number": "Another proposal took this number at the same moment: choose another."}) from None
    return proposal


def set_proposal_status(proposal, status):
    """Move a proposal on (agreed, in progress, done) or drop it."""
    if status not in ProposalStatus.values:
        raise ValidationError("Choose a status for the proposal.")
    proposal.status = status
    proposal.full_clean()
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


def next_proposal_number(body):
    numbers = ImprovementProposal.objects.filter(body=body) if body else ImprovementProposal.objects.filter(body__isnull=True)
    return max(numbers.values_list("number", flat=True), default=0) + 1


def bodies_with_proposals(user):
    """The bodies whose proposals the user reads, for the filter: a private body's name stays
    private."""
    readable = assessment_policy.visible_proposals(user).filter(body__isnull=False)
    return Body.objects.filter(pk__in=readable.values("body_id")).order_by("name")


def proposal_get(pk):
    """A proposal for the staff pages (which are staff-only); 404 when there is none."""
    proposal = ImprovementProposal.objects.select_related("body").filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def form_initial(proposal=None, *, body_slug=None):
    """What the proposal form starts with: the proposal's fields, or for a new one the body
    named in the link and the body's next number."""
    if proposal is not None:
        return {**{name: getattr(proposal, name) for name in PROPOSAL_FIELDS}, "criteria": list(proposal.criteria.all())}
    body = Body.objects.filter(slug=body_slug).first() if body_slug else None
    return {"body": body, "number": next_proposal_number(body)}
