"""Governance models, one module per subject."""

from .reviews import MembershipReview, ReviewOutcome, ReviewReason  # noqa: F401
from .health import KindStandard  # noqa: F401
from .terms import TermsKind, TermsOfReference, TermsStatus  # noqa: F401
from .engagement import Assessment, AssessmentStatus, Criterion, Evidence, GlossaryTerm, ImprovementProposal, ProposalStatus, Question, Scale, Score, Subscription  # noqa: F401,E501
