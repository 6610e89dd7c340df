"""Forms for scheduling and editing meetings, one or a series, with date and time fields that say
what is wrong in words. The rules themselves live in meetings/services/, whose ValidationErrors
the views attach to these forms."""

import copy

from django import forms

from partnerships.forms import ModelMultipleChoiceField
from partnerships.models import Body
from partnerships.policy import body_policy

from ..models import Meeting, MeetingStatus


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


DATE_TIME_ERRORS = {"invalid": "Enter a real date and time, for example 2009-11-05 18:00."}
DATE_ERRORS = {"invalid": "Enter a real date, for example 2009-11-05."}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "starts_at", "ends_at", "venue", "public", "joint_with", "status"]
        labels = {
            "kind": "Kind of meeting",
            "title": "Title",
            "starts_at": "Starts",
            "ends_at": "Ends",
            "public": "Public meeting",
            "joint_with": "Meeting jointly with",
        }
        help_texts = {
            "title": "Leave empty to call it by its kind, e.g. “Business meeting”.",
            "public": "The published agenda, public papers and published minutes appear on the public site.",
            "joint_with": "For joint meetings only: the other bodies taking part. Only bodies whose records "
                          "you manage are listed; partnership staff can add another.",
        }
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput(), "joint_with": forms.CheckboxSelectMultiple}
        field_classes = {"joint_with": ModelMultipleChoiceField}
        error_messages = {"starts_at": {**DATE_TIME_ERRORS, "required": "Enter when the meeting starts."},
                          "ends_at": DATE_TIME_ERRORS}

    def __init__(self, *args, body, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        # A joint meeting appears on each joint body's calendar, so only the bodies the user
        # manages are offered (and accepted); bodies already joined stay offered if the user may
        # see them, and are kept unseen if not.
        others = Body.objects.exclude(pk=body.pk)
        joined = self.instance.joint_with.all() if self.instance.pk else Body.objects.none()
        offered = body_policy.managed(user, others) | body_policy.visible(user, joined)
        self.fields["joint_with"].queryset = offered.distinct().order_by("name")
        self.kept_joint_with = list(joined.exclude(pk__in=offered.values("pk")))
        if not self.instance.pk:
            # A new meeting is scheduled; it is marked held or cancelled later.
            del self.fields["status"]
        else:
            self.fields["status"].choices = MeetingStatus.choices

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The meeting must end after it starts: check the finishing time and date.")
        if cleaned.get("repeat"):
            if cleaned["repeat"] == "weeks" and not cleaned.get("every") and "every" not in self.errors:
                self.add_error("every", "Say every how many weeks the meeting repeats, e.g. 6.")
            if not cleaned.get("repeat_until") and "repeat_until" not in self.errors:
                self.add_error("repeat_until", "Choose the date of the last meeting of the series.")
        return cleaned

    def service_fields(self):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        fields["joint_with"] = [*fields["joint_with"], *self.kept_joint_with]
        return fields

    def series(self):
        """{repeat, every, until} for services.create_meeting_series, or None for one meeting."""
        if not self.cleaned_data.get("repeat"):
            return None
        return {"repeat": self.cleaned_data["repeat"], "every": self.cleaned_data.get("every") or 1,
                "until": self.cleaned_data["repeat_until"]}


# A new meeting may be the first of a series (services.series_starts: at most a year).
SERIES_FIELDS = {
    "repeat": forms.ChoiceField(
        required=False, label="Repeat", widget=forms.RadioSelect,
        choices=[("", "Just this meeting"), ("weeks", "Every few weeks"), ("monthly", "Every month, on the same date")],
        help_text="Schedule a year's meetings at once: each is a separate meeting with its own agenda.",
    ),
    "every": forms.IntegerField(
        required=False, min_value=1, max_value=26, label="Every how many weeks",
        help_text="For “every few weeks”, e.g. 6 for every six weeks.",
        error_messages={"min_value": "Choose from 1 to 26 weeks.", "max_value": "Choose from 1 to 26 weeks.",
                        "invalid": "Enter a whole number of weeks, e.g. 6."},
    ),
    "repeat_until": forms.DateField(
        required=False, label="Until", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last date a meeting of the series may fall on; at most a year after the first.",
        error_messages={"invalid": "Enter a real date, for example 2010-07-01."},
    ),
}


class NewMeetingForm(MeetingForm):
    """Schedule a meeting, or a series of them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in SERIES_FIELDS.items():
            self.fields[name] = copy.deepcopy(field)
