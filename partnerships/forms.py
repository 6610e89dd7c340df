from django import forms

from .models import Membership, Person


class DateBox(forms.DateInput):
    """A browser date box: it reads and writes ISO dates only, whatever the site's locale
    (a date box given 01/03/2006 shows nothing, and the form then loses the date)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AsAtDateForm(forms.Form):
    on = forms.DateField(
        required=False, label="Show the structure as it stood on",
        widget=DateBox(),
        error_messages={"invalid": "Enter a real date, for example 2009-11-05."},
    )


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "organisation", "role", "seat", "voting", "start", "end", "designated_deputy"]
        widgets = {
            "start": DateBox(),
            "end": DateBox(),
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["person"].queryset = Person.objects.order_by("name")
        self.fields["designated_deputy"].queryset = Person.objects.order_by("name")
