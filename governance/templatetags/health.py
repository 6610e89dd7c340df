"""Template helpers of the governance health pages: whether to offer a body's health link (the
rule lives in partnerships/policy.py, body_policy.can_see_health), severity tags, articles."""

from django import template

from governance.health.rules import with_article
from partnerships.policy import body_policy, sees_everything

register = template.Library()


@register.simple_tag
def offers_health_link(body, user, memberships):
    """Whether the body page offers the body's governance health link: to those the policy lets
    see it (body_policy.can_see_health), known here without another query on that page.
    Executives and staff (their roles are cached on the user); anyone on a private body's page
    (only its readers see it); on a public body, someone holding one of its seats among
    `memberships` (the page's, loaded with their people). The health page asks the policy."""
    if not user.is_authenticated:
        return False
    if sees_everything(user) or not body.public:
        return True
    return any(membership.person.user_id == user.pk for membership in memberships)


_TAG_CLASSES = {"problem": "tag--red", "warning": "tag--yellow", "good": "tag--green"}


@register.filter
def severity_tag(severity):
    """The tag class of a finding's severity (templates/governance/health)."""
    return _TAG_CLASSES.get(severity, "tag--grey")


@register.filter(name="with_article")
def with_article_filter(noun):
    """ "an executive", "a board": `{{ body.get_kind_display|lower|with_article }}`."""
    return with_article(str(noun))


@register.filter
def sees_partnership_health(user):
    """`{% if user|sees_partnership_health %}`: executives and staff."""
    return body_policy.can_see_partnership_health(user)
