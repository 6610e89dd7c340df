"""Forms for a member's own part: marking their actions done, and apologies or a deputy for a
coming meeting. The rules themselves live in meetings/services/, whose ValidationErrors the
views attach to these forms."""


from django import forms

from partnerships.models import Person

from ..models import ActionStatus


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
