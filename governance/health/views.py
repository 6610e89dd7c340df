"""The governance health check pages: the whole partnership for executives and staff, one body
for its readers too."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from partnerships.access import object_policy, signed_in
from partnerships.policy import body_get_for_user, body_policy
from partnerships.roles import is_staff

from .forms import AsAtForm, HealthFilterForm
from .rules import without_unusable_fixes
from .selectors import body_health, partnership_health, summarise, worst_first

BODIES_PER_PAGE = 50


@signed_in
def partnership_health_page(request):
    if not body_policy.can_see_partnership_health(request.user):
        raise Http404("Not found.")
    filters = HealthFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    on = chosen.get("on") or timezone.localdate()
    healths = without_unusable_fixes(partnership_health(on=on), request.user)
    severity, kind = chosen.get("severity"), chosen.get("kind")
    shown = [
        h for h in worst_first(healths) if (not severity or h.severity == severity) and (not kind or h.body.kind == kind)
    ]
    page = Paginator(shown, BODIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "on": on,
        "summary": summarise(healths),
        "page": page,
        "shown_count": len(shown),
        "standards_url": _standards_admin_url(request.user),
    }
    return render(request, "governance/health/partnership.html", context)


def _standards_admin_url(user):
    """Where staff change the norms of each kind of body: the admin, when it lists them."""
    if not is_staff(user):
        return ""
    try:
        return reverse("admin:governance_kindstandard_changelist")
    except NoReverseMatch:
        return ""


@object_policy
def body_health_page(request, slug):
    body = body_get_for_user(request.user, slug)
    if not body_policy.can_see_health(request.user, body):
        raise Http404("No such body.")
    form = AsAtForm(request.GET or None)
    on = (form.cleaned_data.get("on") if form.is_valid() else None) or timezone.localdate()
    health = body_health(body, on=on)
    if health is not None:
        without_unusable_fixes([health], request.user)
    context = {
        "body": body,
        "on": on,
        "form": form,
        "health": health,
        "sees_partnership": body_policy.can_see_partnership_health(request.user),
    }
    return render(request, "governance/health/body.html", context)
