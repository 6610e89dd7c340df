"""Forms for the agenda: items, papers, publication now or at a time, and the reason recorded when
a published agenda changes. The rules themselves live in meetings/services/, whose
ValidationErrors the views attach to these forms."""

from django import forms
from django.utils import timezone

from ..models import AgendaItem
from .meetings import DATE_TIME_ERRORS, DateTimeInput

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
