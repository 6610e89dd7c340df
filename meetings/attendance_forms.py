"""Forms of the attendance register: one small form per member, prefixed with the membership
id, so the whole register posts as one form without JavaScript and each row posts alone with
htmx."""

from django import forms

from .attendance import deputy_warning
from .models import AttendanceStatus, Guest


class AttendanceRowForm(forms.Form):
    # show_hidden_initial: each row posts the values it was drawn with, so a whole-register save
    # writes only the rows this officer changed, never the stale rest over another's edits.
    status = forms.ChoiceField(
        label="Attendance", choices=AttendanceStatus.choices, widget=forms.RadioSelect, required=False,
        show_hidden_initial=True,
    )
    deputy = forms.TypedChoiceField(
        label="Deputy who attended", coerce=int, required=False, empty_value=None, show_hidden_initial=True
    )
    note = forms.CharField(label="Note", max_length=300, required=False, show_hidden_initial=True)

    def __init__(self, data=None, *, row, candidates):
        membership, attendance = row.membership, row.attendance
        self.membership, self.attendance = membership, attendance
        self.warning = deputy_warning(membership, attendance.deputy) if attendance and attendance.deputy_id else ""
        # The recorded deputy, else the designated one, so "represented by deputy" is one keypress.
        deputy = attendance.deputy if attendance and attendance.deputy_id else membership.designated_deputy
        super().__init__(
            data,
            prefix=f"m{membership.pk}",
            initial={
                "status": attendance.status if attendance else "",
                "deputy": deputy.pk if deputy else None,
                "note": attendance.note if attendance else "",
            },
        )
        people = {person.pk: person for person in candidates}
        for person in (membership.designated_deputy, attendance and attendance.deputy):
            if person is not None:
                people.setdefault(person.pk, person)
        self.people = people
        designated = membership.designated_deputy_id
        ordered = sorted(people.values(), key=lambda p: (p.pk != designated, p.name, p.pk))
        self.fields["deputy"].choices = [("", "Choose who attended")] + [
            (p.pk, f"{p.name} (designated deputy)" if p.pk == designated else p.name) for p in ordered
        ]

    def entry(self):
        """The cleaned row as record_attendance's arguments; the deputy only with that status."""
        status = self.cleaned_data["status"]
        deputy_id = self.cleaned_data["deputy"] if status == AttendanceStatus.DEPUTY else None
        return {
            "membership": self.membership,
            "status": status,
            "deputy": self.people.get(deputy_id),
            "note": self.cleaned_data["note"].strip(),
        }


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "organisation", "role"]
        labels = {"name": "Guest's name", "role": "Why they attended"}
