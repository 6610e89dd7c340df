"""Forms for the meeting cycle. They parse and say what is wrong in words; the rules
themselves live in services.py, whose ValidationErrors the views attach to these forms."""

import copy

from django import forms
from django.utils import timezone

from partnerships.forms import ModelMultipleChoiceField
from partnerships.models import Body, Person
from partnerships.policy import body_policy

from .attendance import people_at_meeting
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


REVISION_REASON = dict(
    label="Why is the published agenda changing?", max_length=300,
    help_text="Readers of the agenda see it as “Revised on …: your reason”, e.g. “Item 4 added at the Chair's request”.",
    error_messages={"required": "The agenda is published: say briefly why you are changing it. Readers of the agenda "
                                "see the reason."},
)


class RevisionFields(forms.Form):
    """The reason a published agenda changes (services.check_revision says when it is needed)."""

    revision_reason = forms.CharField(**REVISION_REASON)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "purpose", "description", "confidential", "exempt_reason"]
        labels = {"confidential": "Confidential: the body's members only, never the public",
                  "exempt_reason": "Why the public is excluded"}
        help_texts = {
            "confidential": "", "presenter": "Who introduces the item, e.g. “Chair of the Funding task group”.",
            "exempt_reason": "For confidential items: shown to the public in the item's place (“Item 5: exempt”), "
                             "usually a paragraph of Schedule 12A to the Local Government Act 1972. Choose one or type your own.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "exempt_reason": forms.TextInput(attrs={"list": "exempt-reasons"})}
        error_messages = {"title": {"required": "Enter the item's title."}}

    def __init__(self, *args, published=False, **kwargs):
        super().__init__(*args, **kwargs)
        if published:
            self.fields["revision_reason"] = forms.CharField(**REVISION_REASON)

    def item_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PaperForm(forms.Form):
    file = forms.FileField(
        label="Paper", error_messages={"required": "Choose a file to upload.", "empty": "The file is empty."}
    )
    title = forms.CharField(
        label="Title", max_length=300, required=False, help_text="Leave empty to use the file's name."
    )

    def __init__(self, *args, published=False, **kwargs):
        super().__init__(*args, **kwargs)
        if published:
            self.fields["revision_reason"] = forms.CharField(**REVISION_REASON)


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

    def posted_texts(self):
        """texts() for the entries the post holds: a post without an entry (a page drawn before
        its item was added, or one that only adds a decision) leaves that entry as it is."""
        return {item: text for item, text in self.texts().items() if self.add_prefix(self.field_name(item)) in self.data}


# The draft minutes page is one HTML form (this id): the minute texts and the forms adding a
# decision, a declaration or an action post together, so adding one never loses text typed and
# not yet saved (issue 11). Fields standing outside the form element join it by the HTML form
# attribute; each part has its prefix, since several have an item and a text.
DRAFT_FORM_ID = "minutes-draft"


class DraftPart(forms.Form):
    """A form adding something to the draft minutes, as a part of the page's one form."""

    # The fields that say something was typed into the part (a preselected item or nature does not).
    typed_fields = ()

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("prefix", self.part)
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields = {"item": _item_field(meeting, required=self.item_required), **self.fields}
        for field in self.fields.values():
            field.widget.attrs["form"] = DRAFT_FORM_ID

    item_required = False

    def typed(self):
        """Whether the posted part holds something typed (e.g. a decision written, not yet added)."""
        return any(self[name].data not in (None, "", [], False) for name in self.typed_fields)

    def kept(self):
        """An unbound copy showing what was posted, for a page that did not add this part."""
        return type(self)(meeting=self.meeting, initial={name: self[name].data for name in self.fields})


def _people_at_the_meeting_first(field, meeting):
    """Offer the people the register puts at the meeting first, then everyone else (issue 11:
    a list of every person, ~160, to find the one who declared an interest)."""
    at_meeting = people_at_meeting(meeting)
    groups = {True: [], False: []}
    for person in field.queryset.only("pk", "name"):
        groups[person.pk in at_meeting].append((person.pk, field.label_from_instance(person)))
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    if groups[True]:
        choices.append(("At the meeting", groups[True]))
    if groups[False]:
        choices.append(("Everyone else" if groups[True] else "Everyone", groups[False]))
    field.choices = choices


class DecisionForm(DraftPart):
    part = "decision"
    typed_fields = ("text",)
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Write the decision."})


class ActionForm(DraftPart):
    part = "action"
    typed_fields = ("text", "owner", "due")
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Say what is to be done."})
    owner = forms.ModelChoiceField(queryset=Person.objects.order_by("name"), required=False, label="Owner")
    due = forms.DateField(required=False, label="Due by", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages=DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _people_at_the_meeting_first(self.fields["owner"], self.meeting)


class DeclarationForm(DraftPart):
    part = "declaration"
    item_required = True
    typed_fields = ("person", "interest", "description")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _people_at_the_meeting_first(self.fields["person"], self.meeting)

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
    """An action's status as the clerk sets it on the minutes page. Each action's select has a
    name of its own (the prefix, "action-<pk>-status"): on a draft every one of them belongs to
    the page's one form (DRAFT_FORM_ID), whose Update buttons say which action they set."""

    CHOOSE = "Choose one of the statuses listed."
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status",
                               error_messages={"required": CHOOSE, "invalid_choice": CHOOSE})

    def __init__(self, *args, action_pk, **kwargs):
        super().__init__(*args, prefix=f"action-{action_pk}", **kwargs)


class OwnActionForm(forms.Form):
    """An action's owner marks it done, or open again; dropping one is the clerk's call."""

    status = forms.ChoiceField(
        choices=[(ActionStatus.DONE, "Done"), (ActionStatus.OPEN, "Open")], label="Status",
        error_messages={"invalid_choice": "Mark the action done, or open again."},
    )


class ApologiesForm(forms.Form):
    """A member's apologies for a coming meeting, or the deputy they send in their place."""

    SEND_APOLOGIES, SEND_DEPUTY = "apologies", "deputy"
    sending = forms.ChoiceField(
        choices=[(SEND_APOLOGIES, "I send my apologies"), (SEND_DEPUTY, "A deputy will attend in my place")],
        widget=forms.RadioSelect, initial=SEND_APOLOGIES, label="What do you send?",
        error_messages={"required": "Say whether you send apologies or a deputy.",
                        "invalid_choice": "Say whether you send apologies or a deputy."},
    )
    deputy = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Your deputy, if one attends", empty_label="Choose your deputy",
        help_text="Your designated deputy is chosen for you; the clerk sees who is coming.",
        error_messages={"invalid_choice": "Choose your deputy from the list."},
    )
    note = forms.CharField(max_length=300, required=False, label="A note for the clerk")

    def __init__(self, *args, membership, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Person.objects.filter(pk__in=[p.pk for p in candidates]).order_by("name", "pk")
        if membership.designated_deputy_id and not self.is_bound:
            self.initial.setdefault("deputy", membership.designated_deputy_id)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sending") == self.SEND_DEPUTY and not cleaned.get("deputy") and "deputy" not in self.errors:
            self.add_error("deputy", "Choose the deputy who will attend in your place.")
        if cleaned.get("sending") == self.SEND_APOLOGIES:
            cleaned["deputy"] = None
        return cleaned
