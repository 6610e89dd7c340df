"""Forms of the health check pages: the date to judge as at, and the partnership page's filters."""

from django import forms

from partnerships.models import BodyKind

from .selectors import validate_as_at


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
