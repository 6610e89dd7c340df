"""Forms for the draft minutes page, which is one HTML form (DRAFT_FORM_ID): the minute texts and
the parts adding a decision, a declaration or an action; approving, correcting, and action
statuses. The rules themselves live in meetings/services/, whose ValidationErrors the views
attach to these forms."""


from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.models import Person

from ..attendance import people_at_meeting
from ..models import (
    ActionStatus,
    DeclarationNature,
    Meeting,
    RegisteredInterest,
)
from .meetings import DATE_ERRORS


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

    @classmethod
    def changes(cls, data, actions):
        """The (action, status) pairs where the draft's post chooses a status other than the one
        its page showed (the hidden "action-<pk>-shown"), so that Save the draft keeps a status
        changed without its Update button, and a stale page does not undo what another clerk set.
        An action the page did not show is left alone; a status not on the list is refused."""
        changes = []
        for action in actions:
            shown = data.get(f"action-{action.pk}-shown")
            if shown is None:
                continue
            form = cls(data, action_pk=action.pk)
            if not form.is_valid():
                raise ValidationError(cls.CHOOSE)
            if form.cleaned_data["status"] != shown:
                changes.append((action, form.cleaned_data["status"]))
        return changes
