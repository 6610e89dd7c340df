"""Forms for terms of reference: editing a draft, approving it, and choosing two versions to
compare. They check what a person can get wrong; the rules of versions live in governance/terms/services.py."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from .models import TEXT_FIELDS, TermsOfReference

# Long enough for any real document (seed 002's longest appendix is about 3,000 characters);
# a paste of a whole report into one box is a mistake worth a message.
MAX_FIELD_LENGTH = 20_000
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermsForm(forms.ModelForm):
    """A draft's text. The kind is offered only at a root body, where a constitution may live."""

    class Meta:
        model = TermsOfReference
        fields = ["kind", *TEXT_FIELDS, "review_due", "change_note"]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 6}) for name in TEXT_FIELDS},
            "concept": forms.Textarea(attrs={"rows": 3}),
            "quorum": forms.Textarea(attrs={"rows": 2}),
            "meeting_frequency": forms.Textarea(attrs={"rows": 2}),
            "change_note": forms.Textarea(attrs={"rows": 3}),
            "review_due": DATE_INPUT,
        }
        error_messages = {
            "concept": {"required": "Give the concept: say in a sentence or two what the body is for."},
            "review_due": {"invalid": "Enter the review date as a real date, e.g. 2010-11-05."},
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["concept"].required = True
        for name in (*TEXT_FIELDS, "change_note"):
            self.fields[name].validators.append(MaxLengthValidator(MAX_FIELD_LENGTH))
        if body.parent_id is not None:
            del self.fields["kind"]
        else:
            self.fields["kind"].help_text = "The partnership's root body may keep its constitution here."

    def _post_clean(self):
        # The model's rules (one draft at a time, immutability) are the service's to check.
        pass

    def clean_review_due(self):
        due = self.cleaned_data.get("review_due")
        if due and due <= timezone.localdate():
            raise forms.ValidationError("The review date is in the past: give a date still to come.")
        return due

    def fields_for_service(self):
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label="Approved on", widget=DATE_INPUT,
        error_messages={"required": "Give the date the version was approved.",
                        "invalid": "Enter the approval date as a real date, e.g. 2006-08-16."},
    )
    approved_by_body = forms.ModelChoiceField(
        label="Approved by", queryset=None, required=False, to_field_name="slug", empty_label="Not recorded",
    )
    approved_at_meeting = forms.ModelChoiceField(
        label="At the meeting", queryset=None, required=False, empty_label="Not at a meeting",
        help_text="The approving body is the meeting's body unless you choose another.",
    )
    review_due = forms.DateField(
        label="Review due", required=False, widget=DATE_INPUT,
        help_text="When these terms should next be reviewed; an overdue review is flagged.",
        error_messages={"invalid": "Enter the review date as a real date, e.g. 2010-11-05."},
    )

    def __init__(self, *args, body, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        # The body itself, or a body above it, approves its terms (seed 002: the Executive
        # considered the Conveners' draft).
        self.fields["approved_by_body"].queryset = body.get_ancestors(include_self=True).order_by("-level")
        self.fields["approved_at_meeting"].queryset = meetings
        self.fields["approved_at_meeting"].label_from_instance = lambda m: (
            f"{m.body.name} – {m.display_title} – {timezone.localtime(m.starts_at):%-d %B %Y}"
        )

    def clean_approved_on(self):
        on = self.cleaned_data["approved_on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The approval date is in the future: approve it on the day.")
        return on

    def clean_review_due(self):
        due = self.cleaned_data.get("review_due")
        if due and due <= timezone.localdate():
            raise forms.ValidationError("The review date is in the past: give a date still to come.")
        return due


def approval_meetings(body, visible_meetings):
    """Meetings at which the body's terms may be approved: its own and those of bodies above it."""
    return (
        visible_meetings.filter(body__in=body.get_ancestors(include_self=True))
        .select_related("body")
        .order_by("-starts_at")
    )


class DiffForm(forms.Form):
    """Two versions to compare; the field names are the URL's (?from=1&to=3)."""

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(v.version), f"Version {v.version} ({v.get_status_display().lower()})") for v in versions]
        for name, label in (("from", "Compare version"), ("to", "with version")):
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int,
                error_messages={"invalid_choice": "Choose one of this body's versions.",
                                "required": "Choose a version."},
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            raise forms.ValidationError("These are the same version: choose two different versions to compare.")
        return cleaned
