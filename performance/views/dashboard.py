"""Performance: the dashboard (themes, outcomes and indicators with their status, trends,
exceptions and top risks for a quarter), an indicator's page, and publishing a quarter.

The public sees published quarters only; members of the partnership's bodies, executives and
staff see every quarter, unpublished ones marked (performance_policy)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from partnerships.access import public, staff_only
from partnerships.page_cache import anonymous_page
from performance.policy import performance_policy

from ..forms import DashboardFilterForm, PublishForm
from ..periods import Quarter
from ..rag import RAG, risk_matrix
from ..scorecard import scorecard
from ..selectors import (
    PeriodNotVisible,
    filter_choices,
    indicator_detail,
    latest_period,
    period_choices,
    strategy_get,
)
from ..services import publish_quarter


def _requested_period(raw):
    """The quarter asked for in the query string if it parses, else None."""
    try:
        return Quarter.parse(raw) if raw else None
    except ValueError:
        return None


@public
@anonymous_page
def dashboard(request):
    strategy = strategy_get(request.GET.get("strategy") or None)
    user = request.user
    latest = latest_period(strategy, user)
    periods = period_choices(strategy, user, latest=latest)
    themes, bodies = filter_choices(strategy, user)
    form = DashboardFilterForm(request.GET or None, periods=periods, themes=themes, bodies=bodies)
    asked = _requested_period(request.GET.get("period"))
    period = Quarter.parse(form.choice("period")) if form.choice("period") else latest
    notice = None
    if asked and asked != period:
        notice = (
            f"The figures for {asked} have not been published yet. Showing {period}, the latest published quarter."
            if period and not performance_policy.sees_unpublished(user)
            else f"There are no figures for {asked}." + (f" Showing {period}." if period else "")
        )
    card = None
    if period is not None:
        try:
            card = scorecard(
                strategy=strategy, period=period, user=user,
                theme=form.choice("theme"), body=form.choice("body"), rag=form.choice("rag") or None,
            )
        except PeriodNotVisible as refused:  # Only if the choices and the policy disagree.
            notice = str(refused)
            card = None
    context = {
        "strategy": strategy,
        "card": card,
        "period": period,
        "periods": periods,
        "form": form,
        "notice": notice,
        "public_view": not performance_policy.sees_unpublished(user),
        "can_publish": performance_policy.can_publish_quarters(user),
        "filtered": any(form.choice(name) for name in ("theme", "body", "rag")),
        "rags": [RAG.GREEN, RAG.AMBER, RAG.RED, RAG.NO_DATA],
        "risk_matrix": risk_matrix(amber_from=strategy.risk_amber_from, red_from=strategy.risk_red_from),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "performance/_dashboard_results.html", context)
    return render(request, "performance/dashboard.html", context)


@public
@anonymous_page
def indicator(request, code):
    detail = indicator_detail(code=code, user=request.user)
    return render(request, "performance/indicator.html", {
        "detail": detail,
        "indicator": detail.indicator,
        "rows": list(reversed(detail.rows)),
        "can_enter": request.user.is_authenticated and performance_policy.can_enter_measurements(request.user, detail.indicator),
    })


@staff_only
@require_POST
def publish(request):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a quarter to publish.")
        return redirect("performance:dashboard")
    strategy = strategy_get(form.cleaned_data["strategy"])
    period = form.cleaned_data["period"]
    if not performance_policy.can_publish_quarters(request.user):
        raise Http404("Not found.")
    try:
        publish_quarter(strategy, period, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{period} ({period.label()}) is published: the public can now see its figures.")
    return redirect(f"{reverse('performance:dashboard')}?period={period}")


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("indicators/<str:code>/", indicator, name="indicator"),
    path("publish/", publish, name="publish"),
]
