from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Body, Membership, Organisation, Person

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


# Structure administration (staff) ------------------------------------------------------------


INDENT = "\u2003"  # an em space per level: a select's options cannot be styled


class BodyChoiceField(forms.ModelChoiceField):
    """Bodies in tree order, indented, with dissolved ones marked (the admin's list was not)."""

    def label_from_instance(self, body):
        dissolved = f" (dissolved {body.dissolved:%-d %b %Y})" if body.dissolved else ""
        return f"{INDENT * body.level}{body.name}{dissolved}"


class BodyMultipleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = BodyChoiceField.label_from_instance


def _standing(exclude=None):
    """Bodies not dissolved, outside `exclude`'s own branch, in tree order."""
    bodies = Body.objects.filter(dissolved__isnull=True).order_by("tree_id", "lft")
    if exclude is not None and exclude.pk:
        bodies = bodies.exclude(tree_id=exclude.tree_id, lft__gte=exclude.lft, rght__lte=exclude.rght)
    return bodies


class BodyForm(forms.ModelForm):
    """A body's details; its place is set once here (when it is created) and then by moving it."""

    parent = BodyChoiceField(
        queryset=Body.objects.none(), required=False, empty_label="None: at the top of the structure",
        label="Part of", help_text="The body it reports into in the structure.",
    )

    class Meta:
        model = Body
        fields = ["name", "kind", "layer", "parent", "public", "purpose", "roles", "size_min", "size_max",
                  "meets_every_months", "established"]
        widgets = {"established": DateBox(), "purpose": forms.Textarea(attrs={"rows": 4}),
                   "roles": forms.Textarea(attrs={"rows": 4})}
        labels = {"public": "Listed on the public structure chart"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]  # moving is its own, dated, step
        else:
            self.fields["parent"].queryset = _standing()


class MoveBodyForm(forms.Form):
    target = BodyChoiceField(
        queryset=Body.objects.none(), required=False, label="New place: part of",
        empty_label="None: at the top of the structure",
    )
    on = forms.DateField(
        label="From", widget=DateBox(), initial=timezone.localdate,
        help_text="The first day in its new place. Give an earlier date to record a restructure that has already happened.",
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = _standing(exclude=body)
        self.fields["target"].initial = body.parent_id


class DissolveBodyForm(forms.Form):
    on = forms.DateField(
        label="Dissolved from", widget=DateBox(), initial=timezone.localdate,
        help_text="The first day the body no longer exists: its seats end the day before.",
    )
    successors = BodyMultipleChoiceField(
        queryset=Body.objects.none(), required=False, label="Bodies that take over its work",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    move_children_to = BodyChoiceField(
        queryset=Body.objects.none(), required=False, label="Where the bodies under it go",
        empty_label="Nowhere: they are dissolved already",
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successors"].queryset = Body.objects.exclude(pk=body.pk).order_by("tree_id", "lft")
        self.fields["move_children_to"].queryset = _standing(exclude=body)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "tier"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email"]
        help_texts = {"email": "Needed to invite the person to sign in."}
