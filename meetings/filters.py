"""Filter forms of the public meetings pages (GET forms: bad input becomes a message on the
page, never an error page)."""

import datetime

from django import forms

from partnerships.policy import body_policy

from .dates import meeting_date_range


def dates_in_order(form, cleaned, start, end):
    """A form's period: its end may not come before its start (an error on the end)."""
    if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
        form.add_error(end, "The end date is before the start date.")
    return cleaned

class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, body):
        return body.name


class VisibleBodyFilterForm(forms.Form):
    """A form whose `body` choice lists only the bodies the user may see."""

    body = BodyChoiceField(
        queryset=None, to_field_name="slug", required=False, empty_label="All bodies",
        error_messages={"invalid_choice": "There is no such body to filter by."},
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["body"].queryset = body_policy.visible(user).order_by("name")

    def filters(self):
        """The valid filters; an invalid field is left out (its error shows on the form)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class CalendarFilterForm(VisibleBodyFilterForm):
    month = forms.CharField(
        required=False, max_length=7, label="Month",
        help_text="For example 2009-06. Leave empty for upcoming meetings.",
        widget=forms.TextInput(attrs={"size": 8, "inputmode": "numeric", "autocomplete": "off"}),
    )

    field_order = ["month", "body"]

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            month = datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(f"“{value}” is not a month in the form YYYY-MM.") from None
        first, last = meeting_date_range()
        if not first <= month <= last:
            raise forms.ValidationError(
                f"There are no meetings in {value}: choose a month from {first:%Y-%m} to {last:%Y-%m}."
            )
        return month


class MinutesFilterForm(VisibleBodyFilterForm):
    pass


class DecisionFilterForm(VisibleBodyFilterForm):
    text = forms.CharField(
        required=False, max_length=200, label="Containing the words",
        error_messages={"max_length": "Give %(limit_value)d characters or fewer (you gave %(show_value)d)."},
    )
    date_from = forms.DateField(
        required=False, label="Meetings from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        required=False, label="Meetings to", widget=forms.DateInput(attrs={"type": "date"}),
    )

    field_order = ["text", "body", "date_from", "date_to"]

    def clean(self):
        return dates_in_order(self, super().clean(), "date_from", "date_to")


def _search_date(label):
    return forms.DateField(
        required=False, label=label, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the date as YYYY-MM-DD, for example 2010-06-17."},
    )


class SearchForm(VisibleBodyFilterForm):
    """The search of the minutes: ?q=, ?body=<slug>, ?from= and ?to= (YYYY-MM-DD)."""

    # Django's CharField refuses null characters, which PostgreSQL cannot take in a query.
    q = forms.CharField(
        required=False, max_length=200, label="Search the minutes for",
        widget=forms.TextInput(attrs={"size": 40}),
        error_messages={"max_length": "Search for %(limit_value)d characters or fewer (you gave %(show_value)d)."},
    )

    field_order = ["q", "body", "from", "to"]

    def clean(self):
        return dates_in_order(self, super().clean(), "from", "to")

    def query(self):
        """The words and the filters to search with; no words while any field is wrong (its
        error shows on the page), so a search is never silently wider than asked."""
        if not self.is_valid():
            return "", {}
        filters = {"body": self.cleaned_data.get("body"), "date_from": self.cleaned_data.get("from"),
                   "date_to": self.cleaned_data.get("to")}
        return self.cleaned_data.get("q", ""), {key: value for key, value in filters.items() if value is not None}


# "from" and "to" are the parameters' names in the URL, and "from" is a Python keyword, so the
# two date fields are added by name.
SearchForm.base_fields.update({"from": _search_date("Meetings from"), "to": _search_date("Meetings to")})
