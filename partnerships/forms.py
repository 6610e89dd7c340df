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


class DateBox(forms.DateInput):
    """A browser date box: it reads and writes ISO dates only, whatever the site's locale
    (a date box given 01/03/2006 shows nothing, and the form then loses the date)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")



def posted(request):
    """The form data of a POST, even an empty one (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form, error):
    """Attach a service's ValidationError to the form: to its fields where the form has them,
    the rest to the form as a whole. Every app's views use it (the services raise, the forms
    show)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
