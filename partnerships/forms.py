from django import forms

from .models import Membership, Person


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
