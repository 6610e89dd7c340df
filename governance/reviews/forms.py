"""Forms of the membership review pages."""

from django import forms

from partnerships.models import Body, Person

from .models import ReviewOutcome, ReviewReason


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
    new_deputy = forms.ModelChoiceField(
        queryset=Person.objects.order_by("name"), required=False, label="New designated deputy",
        empty_label="Choose a person", help_text="Needed when the deputy changed: the seat's deputy becomes this person.",
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
