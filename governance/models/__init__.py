"""Governance models, each defined in the sub-package of what it governs; imported here so that
Django finds them (app_label "governance", as before the split)."""

from governance.assessment.models import (  # noqa: F401
    Assessment,
    AssessmentStatus,
    Criterion,
    Evidence,
    ImprovementProposal,
    ProposalStatus,
    Question,
    Scale,
    Score,
)
from governance.following.models import Subscription  # noqa: F401
from governance.glossary.models import GlossaryTerm  # noqa: F401
from governance.health.models import KindStandard  # noqa: F401
from governance.reviews.models import MembershipReview, ReviewOutcome, ReviewReason  # noqa: F401
from governance.terms.models import TermsKind, TermsOfReference, TermsStatus  # noqa: F401
