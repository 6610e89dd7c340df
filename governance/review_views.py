"""Membership reviews for partnership staff: the open reviews body by body with each round's
progress ("80% complete", seed 002), closing a review with its outcome, and opening a body's
periodic review."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnerships.models import Body

from partnerships.access import staff_only
from .models import ReviewOutcome, ReviewReason
from .reviews import close_review, open_periodic_review, review_get, review_list, review_progress


class ReviewFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], required=False, label="Reviews"
    )
    body = forms.ModelChoiceField(
        queryset=Body.objects.filter(memberships__reviews__isnull=False).distinct().order_by("name"),
        required=False, to_field_name="slug", empty_label="All bodies",
    )
    reason = forms.ChoiceField(choices=[("", "Any reason"), *ReviewReason.choices], required=False)


class ReviewCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect(attrs={"style": "width: 24px; height: 24px; vertical-align: middle; margin: 0 8px 0 0"}),
    )
    leaving_reason = forms.CharField(
        label="Why the member left", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the member left: the partnership keeps a record of why members leave.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodicReviewForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.filter(dissolved__isnull=True).order_by("name"), to_field_name="slug",
        empty_label="Choose a body",
    )

    def __init__(self, *args, **kwargs):
        # The page's filter form has a body field too: its own ids (id_periodic_body), same name.
        kwargs.setdefault("auto_id", "id_periodic_%s")
        super().__init__(*args, **kwargs)


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
    return render(request, "governance/reviews.html", context)


@staff_only
def review_close(request, pk):
    review = review_get(pk)
    form = ReviewCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            close_review(review, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Closed the review of {review.membership.person}'s seat on {review.membership.body}.")
            return redirect("governance:reviews")
    return render(request, "governance/reviews_close.html", {"review": review, "form": form})


def _add_errors(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@staff_only
@require_POST
def review_open_periodic(request):
    form = PeriodicReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the body whose membership to review.")
        return redirect("governance:reviews")
    body = form.cleaned_data["body"]
    opened = open_periodic_review(body, request.user)
    count = len(opened)
    messages.success(
        request,
        f"Opened a periodic review of {count} seat{'s' if count != 1 else ''} on {body}." if count
        else f"Every seat on {body} is already under a periodic review.",
    )
    return redirect("governance:reviews")
