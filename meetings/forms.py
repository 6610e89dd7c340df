"""Forms for the meeting cycle. They parse and say what is wrong in words; the rules
themselves live in services.py, whose ValidationErrors the views attach to these forms."""

from django import forms
from django.utils import timezone

from partnerships.forms import ModelMultipleChoiceField
from partnerships.models import Body, Person
from partnerships.policy import body_policy

from .models import (
    ActionStatus,
    AgendaItem,
    DeclarationNature,
    Meeting,
    MeetingStatus,
    RegisteredInterest,
)


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
        return cleaned

    def service_fields(self):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        fields["joint_with"] = [*fields["joint_with"], *self.kept_joint_with]
        return fields


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "purpose", "description", "confidential"]
        labels = {"confidential": "Confidential: the body's members only, never the public"}
        help_texts = {"confidential": "", "presenter": "Who introduces the item, e.g. “Chair of the Funding task group”."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": "Enter the item's title."}}


class PaperForm(forms.Form):
    file = forms.FileField(
        label="Paper", error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."}
    )
    title = forms.CharField(
        label="Title", max_length=300, required=False, help_text="Leave empty to use the file's name."
    )


class PublishForm(forms.Form):
    """Publish now, or at a chosen time (the scheduled publication task does it then)."""

    WHEN = [("now", "Now"), ("later", "At a chosen time")]
    when = forms.ChoiceField(choices=WHEN, initial="now", widget=forms.RadioSelect, label="Publish")
    publish_at = forms.DateTimeField(
        required=False, label="Publish at", widget=DateTimeInput(), error_messages=DATE_TIME_ERRORS,
    )

    def __init__(self, *args, before=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.before = before

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            at = cleaned.get("publish_at")
            if at is None and "publish_at" not in self.errors:
                self.add_error("publish_at", "Choose the date and time to publish at.")
            elif at is not None and at <= timezone.now():
                self.add_error("publish_at", "That time has passed: choose a time in the future, or publish now.")
            elif at is not None and self.before is not None and at >= self.before:
                self.add_error("publish_at", "Choose a time before the meeting starts: an agenda is published beforehand.")
        return cleaned

    @property
    def at(self):
        return self.cleaned_data["publish_at"] if self.cleaned_data.get("when") == "later" else None


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return f"{item.position}. {item.title}"


def _item_field(meeting, required=False):
    return ItemChoiceField(
        queryset=meeting.items.order_by("position"), required=required, label="Agenda item",
        empty_label=None if required else "General (no particular item)",
    )


class MinutesTextForm(forms.Form):
    """The minute for each agenda item, and a general one (no item), as text areas."""

    def __init__(self, *args, items, entries, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {entry.item_id: entry.text for entry in entries}
        self.items = {None: None, **{item.pk: item for item in items}}
        for key, item in self.items.items():
            label = f"{item.position}. {item.title}" if item else "General"
            self.fields[self.field_name(item)] = forms.CharField(
                label=label, required=False, initial=texts.get(key, ""), strip=True,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    @staticmethod
    def field_name(item):
        return f"entry-{item.pk}" if item else "entry-general"

    def texts(self):
        """{agenda item (None: general): text} for the entries the form carries."""
        return {item: self.cleaned_data[self.field_name(item)] for item in self.items.values()}


class DecisionForm(forms.Form):
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Write the decision."})

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"item": _item_field(meeting), **self.fields}


class ActionForm(forms.Form):
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Say what is to be done."})
    owner = forms.ModelChoiceField(queryset=Person.objects.order_by("name"), required=False, label="Owner")
    due = forms.DateField(required=False, label="Due by", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages=DATE_ERRORS)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"item": _item_field(meeting), **self.fields}


class DeclarationForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.order_by("name"), label="Who declared it",
                                    error_messages={"required": "Choose who declared the interest."})
    nature = forms.ChoiceField(choices=DeclarationNature.choices, label="Nature of the interest")
    interest = forms.ModelChoiceField(
        queryset=RegisteredInterest.objects.select_related("person").order_by("person__name", "-registered_on"),
        required=False, label="Registered interest", help_text="If it is on the register.",
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave empty to use the registered interest's description.",
    )
    left_the_room = forms.BooleanField(required=False, label="Left the room for this item")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"item": _item_field(meeting, required=True), **self.fields}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("description") and not cleaned.get("interest"):
            self.add_error("description", "Describe the interest, or choose it from the register.")
        return cleaned


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), label="Approved at",
        error_messages={"required": "Choose the meeting that approved these minutes.",
                        "invalid_choice": "Choose one of the later meetings listed."},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = meetings
        self.fields["at_meeting"].label_from_instance = lambda m: f"{m.body} – {m.display_title}, {timezone.localtime(m.starts_at):%-d %B %Y}"


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Why are the minutes being corrected?", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the corrected version, e.g. “Item 3: the decision recorded the wrong amount.”",
        error_messages={"required": "Say why the minutes are being corrected: the reason is kept with them."},
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status")
