"""The health check as the pages, the digest and the guide use it (see __init__.py)."""


from .reading import body_health, current_bodies, is_two_tier_area, kind_standards, partnership_health, validate_as_at
from .records import (
    GOOD,
    PROBLEM,
    SEVERITIES,
    SEVERITY_LABELS,
    WARNING,
    BodyHealth,
    Finding,
    Standard,
    Summary,
    standard_for,
    summarise,
    worst_first,
)

__all__ = [
    "GOOD", "PROBLEM", "SEVERITIES", "SEVERITY_LABELS", "WARNING", "BodyHealth", "Finding", "Standard", "Summary",
    "body_health", "current_bodies", "is_two_tier_area", "kind_standards", "partnership_health", "standard_for",
    "summarise", "validate_as_at", "worst_first",
]
