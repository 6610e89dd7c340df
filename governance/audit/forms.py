"""The audit trail's filters."""

from django import forms

from partnerships.models import Body

from .selectors import KINDS


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Everything"), *KINDS], required=False, label="What changed")
    body = forms.ModelChoiceField(
        queryset=Body.objects.order_by("name"), required=False, to_field_name="slug", empty_label="All bodies",
    )
