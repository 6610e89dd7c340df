from django import forms
from django.core.exceptions import ValidationError

from .models import Membership, Person

# The range of a 64-bit integer column: no row has an id outside it.
_ID_RANGE = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing ids no integer column can hold before the database is asked: SQLite
    raises OverflowError on `pk__in=[10**40]` (a 500 from a hand-made POST), where PostgreSQL
    simply finds nothing. Use it wherever a form chooses several objects."""

    def _check_values(self, value):
        if self.to_field_name is None and isinstance(value, (list, tuple)):
            for choice in value:
                try:
                    number = int(str(choice).strip())
                except ValueError:
                    continue  # Django's own check says it is not an id
                if number not in _ID_RANGE:
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": choice})
        return super()._check_values(value)


class AsAtDateForm(forms.Form):
    on = forms.DateField(
        required=False, label="Show the structure as it stood on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2009-11-05."},
    )


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "organisation", "role", "seat", "voting", "start", "end", "designated_deputy"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["person"].queryset = Person.objects.order_by("name")
        self.fields["designated_deputy"].queryset = Person.objects.order_by("name")
