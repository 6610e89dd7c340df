"""The follow-by-email form."""

from django import forms


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="We will email you a link to confirm. Nothing else is sent until you confirm.",
    )
