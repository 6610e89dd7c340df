"""Permission matrix rows for engagement: self-assessment (the private body's readers read its
rounds; its members and officer score; staff open, close and add evidence), improvement proposals
(signed in; staff edit), the glossary (public), and following a public body by email (public,
through signed links)."""

from .conftest import EVERYONE as ANYONE
from .conftest import STAFF as STAFF_MAY
from .conftest import Write

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405
ROLES = ["anonymous", "member", "officer", "executive", "staff", "admin", "outsider"]

EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}
# The private body's rounds: its readers, signed in; not the outsider, who sits on another body.
READERS = {**SIGNED_IN, "outsider": HIDDEN}
STAFF = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN}
STAFF_POST = {**STAFF, "staff": POST_ONLY, "admin": POST_ONLY}
# Members score as themselves: member@ and officer@ sit on the private body; the executive,
# staff and admin logins do not.
SCORERS = {"anonymous": LOGIN, "member": OK, "officer": OK, "executive": HIDDEN, "staff": HIDDEN, "admin": HIDDEN, "outsider": HIDDEN}


def extend_world(world):
    from governance.assessment.proposals import save_proposal
    from governance.assessment.services import add_evidence, open_assessment
    from governance.following import services as following
    from governance.models import Criterion, Subscription

    world.assessment = open_assessment(body=world.private_body, title="Funding task group self-assessment")
    add_evidence(assessment=world.assessment, criterion=Criterion.objects.get(number=1), text="A clear purpose.")
    world.proposal = save_proposal(body=world.private_body, number=1, text="Review membership", target_group="Task group")
    world.subscription = Subscription.objects.create(email="follower@example.org", body=world.public_body)
    world.confirm_token = following.confirm_token(world.subscription)
    world.unsubscribe_token = following.unsubscribe_token(world.subscription)


def assessment(world):
    return {"pk": world.assessment.pk}


ROWS = {
    "assessment:self-assessment": (None, SIGNED_IN),
    "assessment:assessment-open": (None, STAFF),
    "assessment:assessments": (lambda w: {"slug": w.private_body.slug}, READERS),
    "assessment:assessment": (assessment, READERS),
    "assessment:assessment-score": (assessment, SCORERS),
    "assessment:assessment-evidence": (assessment, STAFF),
    "assessment:assessment-close": (assessment, STAFF_POST),
    "assessment:assessment-pdf": (assessment, READERS),
    "assessment:proposals": (None, SIGNED_IN),
    "assessment:proposal-add": (None, STAFF),
    "assessment:proposal-edit": (lambda w: {"pk": w.proposal.pk}, STAFF),
    "assessment:proposal-status": (lambda w: {"pk": w.proposal.pk}, STAFF_POST),
    "glossary:glossary": (None, EVERYONE),
    "following:follow": (lambda w: {"slug": w.public_body.slug}, EVERYONE),
    "following:follow-confirm": (lambda w: {"token": w.confirm_token}, EVERYONE),
    "following:unsubscribe": (lambda w: {"token": w.unsubscribe_token}, EVERYONE),
}


def _assessments(world):
    from governance.models import Assessment

    return list(Assessment.objects.order_by("pk").values_list("body", "title", "status"))


def _scores_and_evidence(world):
    return list(world.assessment.scores.values_list("question", "score")), list(world.assessment.evidence.values_list("text", flat=True))


def _proposals(world):
    from governance.models import ImprovementProposal as Proposal

    return list(Proposal.objects.order_by("pk").values_list("number", "text", "status"))


def _subscriptions(world):
    from governance.models import Subscription

    return list(Subscription.objects.order_by("pk").values_list("email", "confirmed_at", "unsubscribed_at"))


def _first_question(world):
    from governance.models import Criterion

    return Criterion.objects.get(number=1).questions.order_by("pk").first()


def _proposal_form(world, **fields):
    return {"body": world.private_body.pk, "number": 1, "text": "Review membership", "target_group": "Task group",
            "status": "proposed", **fields}


WRITES = {
    "assessment:assessment-open": Write(
        None, lambda w: {"body": w.other_body.slug, "title": "", "opened_on": "2010-01-04", "closes_on": "2010-02-26"},
        _assessments, STAFF_MAY,
    ),
    "assessment:assessment-score": Write(
        assessment, lambda w: {f"q{_first_question(w).pk}": "4", f"c{_first_question(w).pk}": "Mostly clear."},
        _scores_and_evidence, frozenset({"member", "officer"}),
    ),
    "assessment:assessment-evidence": Write(
        assessment, lambda w: {"criterion": 2, "text": "The terms of reference say who sits on it.", "link": ""},
        _scores_and_evidence, STAFF_MAY,
    ),
    "assessment:assessment-close": Write(assessment, lambda w: {}, _assessments, STAFF_MAY),
    "assessment:proposal-add": Write(
        None, lambda w: _proposal_form(w, number=2, text="Publish the minutes within a month"), _proposals, STAFF_MAY,
    ),
    "assessment:proposal-edit": Write(
        lambda w: {"pk": w.proposal.pk}, lambda w: _proposal_form(w, text="Review membership every year"), _proposals,
        STAFF_MAY,
    ),
    "assessment:proposal-status": Write(
        lambda w: {"pk": w.proposal.pk}, lambda w: {f"p{w.proposal.pk}-status": "agreed"}, _proposals, STAFF_MAY,
    ),
    # Following is for anyone with an e-mail address or a signed link: the answer is a page.
    "following:follow": Write(
        lambda w: {"slug": w.public_body.slug}, lambda w: {"email": "new.follower@example.org"}, _subscriptions, ANYONE, ok=OK,
    ),
    "following:follow-confirm": Write(
        lambda w: {"token": w.confirm_token}, lambda w: {}, _subscriptions, ANYONE, ok=OK,
    ),
    "following:unsubscribe": Write(
        lambda w: {"token": w.unsubscribe_token}, lambda w: {}, _subscriptions, ANYONE, ok=OK,
    ),
}
