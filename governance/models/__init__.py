"""Governance models, one module per subject."""

from .reviews import MembershipReview, ReviewOutcome, ReviewReason  # noqa: F401
