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
    from governance import following
    from governance.assessment import add_evidence, open_assessment
    from governance.proposals import save_proposal
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
    "gov:self-assessment": (None, SIGNED_IN),
    "gov:assessment-open": (None, STAFF),
    "gov:assessments": (lambda w: {"slug": w.private_body.slug}, SIGNED_IN),
    "gov:assessment": (assessment, SIGNED_IN),
    "gov:assessment-score": (assessment, SCORERS),
    "gov:assessment-evidence": (assessment, STAFF),
    "gov:assessment-close": (assessment, STAFF_POST),
    "gov:assessment-pdf": (assessment, SIGNED_IN),
    "gov:proposals": (None, SIGNED_IN),
    "gov:proposal-add": (None, STAFF),
    "gov:proposal-edit": (lambda w: {"pk": w.proposal.pk}, STAFF),
    "gov:proposal-status": (lambda w: {"pk": w.proposal.pk}, STAFF_POST),
    "gov:glossary": (None, EVERYONE),
    "gov:follow": (lambda w: {"slug": w.public_body.slug}, EVERYONE),
    "gov:follow-confirm": (lambda w: {"token": w.confirm_token}, EVERYONE),
    "gov:unsubscribe": (lambda w: {"token": w.unsubscribe_token}, EVERYONE),
}
