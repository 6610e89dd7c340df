"""Permission matrix rows for engagement: self-assessment (the private body's readers read its
rounds; its members and officer score; staff open, close and add evidence), improvement proposals
(signed in; staff edit), the glossary (public), and following a public body by email (public,
through signed links)."""

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405
ROLES = ["anonymous", "member", "officer", "executive", "staff", "admin"]

EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}
STAFF = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": OK, "admin": OK}
STAFF_POST = {**STAFF, "staff": POST_ONLY, "admin": POST_ONLY}
# Members score as themselves: member@ and officer@ sit on the private body; the executive,
# staff and admin logins do not.
SCORERS = {"anonymous": LOGIN, "member": OK, "officer": OK, "executive": HIDDEN, "staff": HIDDEN, "admin": HIDDEN}


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
    "assessment:assessments": (lambda w: {"slug": w.private_body.slug}, SIGNED_IN),
    "assessment:assessment": (assessment, SIGNED_IN),
    "assessment:assessment-score": (assessment, SCORERS),
    "assessment:assessment-evidence": (assessment, STAFF),
    "assessment:assessment-close": (assessment, STAFF_POST),
    "assessment:assessment-pdf": (assessment, SIGNED_IN),
    "assessment:proposals": (None, SIGNED_IN),
    "assessment:proposal-add": (None, STAFF),
    "assessment:proposal-edit": (lambda w: {"pk": w.proposal.pk}, STAFF),
    "assessment:proposal-status": (lambda w: {"pk": w.proposal.pk}, STAFF_POST),
    "glossary:glossary": (None, EVERYONE),
    "following:follow": (lambda w: {"slug": w.public_body.slug}, EVERYONE),
    "following:follow-confirm": (lambda w: {"token": w.confirm_token}, EVERYONE),
    "following:unsubscribe": (lambda w: {"token": w.unsubscribe_token}, EVERYONE),
}
