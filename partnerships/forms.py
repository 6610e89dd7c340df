from django import forms

from .models import Membership, Person


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
