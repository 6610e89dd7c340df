"""Template filters for links to the performance pages, so that a page offers the quarterly
reports only to those performance_policy lets download them (executives and staff)."""

from django import template

from performance.policy import performance_policy

register = template.Library()


@register.filter
def may_download_reports(user):
    """True for the users who may list and download the quarterly reports. The roles behind it
    are cached on the user, and the page's context has already asked: no query is added."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and performance_policy.can_download_reports(user))
