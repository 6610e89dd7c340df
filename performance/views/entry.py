"""Performance: data entry. Staff and the officers of an indicator's lead body (or its theme's)
enter a quarter's values in a grid per theme, or upload a measurements CSV file (the same
service as `manage.py import_measurements`). Both are all or nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from partnerships.access import object_policy

from ..forms import EntryChooserForm, MeasurementGridForm, MeasurementUploadForm
from ..periods import Quarter
from ..selectors import (
    enterable_strategies,
    enterable_themes,
    entry_grid,
    entry_quarters,
    latest_period,
    published_periods,
    strategy_get,
)
from ..services import import_measurements, record_measurements


def _default_quarter(strategy, quarters):
    """The quarter after the latest with data (the next return due), or the latest open one."""
    latest = latest_period(strategy)
    if latest and latest.next() in quarters:
        return latest.next()
    return latest if latest in quarters else quarters[-1]


@object_policy
def entry(request):
    strategy = strategy_get(request.GET.get("strategy") or None, among=enterable_strategies(request.user))
    themes = enterable_themes(user=request.user, strategy=strategy)
    quarters = entry_quarters(strategy)
    if not themes or not quarters:
        # Not found rather than forbidden: only those who may enter measurements learn the page exists.
        raise Http404("Not found.")
    chooser = EntryChooserForm(request.GET or None, themes=themes, quarters=quarters)
    # An unknown theme or quarter in the query string falls back to the defaults.
    cleaned = {}
    if chooser.is_bound:
        chooser.is_valid()
        cleaned = chooser.cleaned_data
    period = Quarter.parse(cleaned["period"]) if cleaned.get("period") else _default_quarter(strategy, quarters)
    theme = next((t for t in themes if t.slug == cleaned.get("theme")), None)
    if not chooser.is_bound:
        chooser = EntryChooserForm(initial={"period": str(period)}, themes=themes, quarters=quarters)
    rows = entry_grid(user=request.user, strategy=strategy, period=period, theme=theme)

    grid = MeasurementGridForm(rows=rows)
    upload = MeasurementUploadForm()
    upload_errors = []
    if request.method == "POST":
        if request.POST.get("action") == "upload" or request.FILES:
            upload = MeasurementUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                try:
                    result = import_measurements(upload.cleaned_data["file"], user=request.user)
                except ValidationError as error:
                    upload_errors = error.messages
                else:
                    messages.success(request, f"{upload.cleaned_data['file'].name} imported: {result.summary()}.")
                    return redirect(request.get_full_path())
        else:
            grid = MeasurementGridForm(request.POST, rows=rows)
            if grid.is_valid():
                try:
                    result = record_measurements(
                        [(indicator, period, value, note) for indicator, value, note in grid.entries], user=request.user
                    )
                except ValidationError as error:
                    for message in error.messages:
                        grid.add_error(None, message)
                else:
                    messages.success(request, f"Saved {period}: {result.summary()}.")
                    return redirect(request.get_full_path())

    return render(request, "performance/entry.html", {
        "strategy": strategy,
        "chooser": chooser,
        "theme": theme,
        "period": period,
        "published": period in published_periods(strategy),
        "grid": grid,
        "upload": upload,
        "upload_errors": upload_errors,
    })


urlpatterns = [
    path("entry/", entry, name="entry"),
]
