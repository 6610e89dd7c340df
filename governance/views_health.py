"""The governance health check pages (the whole partnership for executives and staff; one body
for its readers too) and the public "How this partnership works" guide."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from partnerships.models import BodyKind

from partnerships.access import object_policy, public, signed_in
from .guide import partnership_guide
from .health import body_health, partnership_health, summarise, validate_as_at, worst_first
from partnerships.policy import body_get_for_user, body_policy
from partnerships.roles import is_staff

BODIES_PER_PAGE = 50


class AsAtForm(forms.Form):
    on = forms.DateField(
        label="As at", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date in the form YYYY-MM-DD."}, validators=[validate_as_at],
    )


class HealthFilterForm(AsAtForm):
    severity = forms.ChoiceField(
        label="Show", required=False,
        choices=[("", "All bodies"), ("problem", "Bodies with problems"), ("warning", "Bodies with warnings only"),
                 ("good", "Healthy bodies")],
    )
    kind = forms.ChoiceField(label="Kind of body", required=False, choices=[("", "All kinds"), *BodyKind.choices])

    field_order = ["severity", "kind", "on"]


@signed_in
def partnership_health_page(request):
    if not body_policy.can_see_partnership_health(request.user):
        raise Http404("Not found.")
    filters = HealthFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    on = chosen.get("on") or timezone.localdate()
    healths = partnership_health(on=on)
    severity, kind = chosen.get("severity"), chosen.get("kind")
    shown = [
        h for h in worst_first(healths) if (not severity or h.severity == severity) and (not kind or h.body.kind == kind)
    ]
    page = Paginator(shown, BODIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "on": on,
        "summary": summarise(healths),
        "page": page,
        "shown_count": len(shown),
        "query": query.urlencode(),
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
    context = {
        "body": body,
        "on": on,
        "form": form,
        "health": body_health(body, on=on),
        "sees_partnership": body_policy.can_see_partnership_health(request.user),
    }
    return render(request, "governance/health/body.html", context)


@public
def guide(request):
    return render(request, "governance/guide.html", partnership_guide(user=request.user))


urlpatterns = [
    path("governance/health/", partnership_health_page, name="health"),
    path("structure/bodies/<slug:slug>/health/", body_health_page, name="body-health"),
    path("how-it-works/", guide, name="guide"),
]
