"""Membership reviews for partnership staff: the open reviews body by body with each round's
progress ("80% complete", seed 002), closing a review with its outcome, and opening a body's
periodic review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnerships.access import staff_only
from partnerships.forms import add_service_errors

from .forms import PeriodicReviewForm, ReviewCloseForm, ReviewFilterForm
from .services import close_review, open_periodic_review, review_get, review_list, review_progress


@staff_only
def reviews(request):
    filters = ReviewFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    listed = list(review_list(state=chosen.get("state") or "open", body=chosen.get("body"), reason=chosen.get("reason")))
    progress = review_progress()
    groups = {}
    for review in listed:
        body = review.membership.body
        groups.setdefault(body.pk, {"body": body, "progress": progress.get(body.pk), "reviews": []})["reviews"].append(review)
    context = {
        "filters": filters,
        "groups": list(groups.values()),
        "count": len(listed),
        "periodic_form": PeriodicReviewForm(),
    }
    return render(request, "governance/reviews/reviews.html", context)


@staff_only
def review_close(request, pk):
    review = review_get(pk)
    form = ReviewCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            close_review(review, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Closed the review of {review.membership.person}'s seat on {review.membership.body}.")
            return redirect("reviews:reviews")
    return render(request, "governance/reviews/close.html", {"review": review, "form": form})


@staff_only
@require_POST
def review_open_periodic(request):
    form = PeriodicReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the body whose membership to review.")
        return redirect("reviews:reviews")
    body = form.cleaned_data["body"]
    opened = open_periodic_review(body, request.user)
    count = len(opened)
    messages.success(
        request,
        f"Opened a periodic review of {count} seat{'s' if count != 1 else ''} on {body}." if count
        else f"Every seat on {body} is already under a periodic review.",
    )
    return redirect("reviews:reviews")
