"""Forms of the self-assessment and improvement proposal pages."""

from django import forms
from django.utils import timezone

from partnerships.forms import ModelMultipleChoiceField
from partnerships.models import Body, Person

from .models import Criterion, ProposalStatus, Scale

DONT_KNOW = ""


class OpenAssessmentForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.filter(dissolved__isnull=True).order_by("name"), to_field_name="slug",
        empty_label="Choose a body",
    )
    title = forms.CharField(max_length=200, required=False, help_text="Leave empty for “<body> self-assessment <year>”.")
    opened_on = forms.DateField(label="Opens on", initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(
        label="Closes on", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The last day members can score.",
    )


class ScoreForm(forms.Form):
    """One radio group (1 to 5, or don't know) and an optional comment per question."""

    def __init__(self, *args, criteria, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.criteria = criteria
        choices = [(str(value), f"{value} – {label}") for value, label in Scale.choices] + [(DONT_KNOW, "Don't know")]
        for criterion in criteria:
            for question in criterion.questions.all():
                score = existing.get(question.pk)
                self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                    label=question.heading, help_text=question.text, choices=choices, coerce=int,
                    empty_value=None, required=False, widget=forms.RadioSelect,
                    initial=str(score.score) if score else DONT_KNOW,
                )
                self.fields[f"c{question.pk}"] = forms.CharField(
                    label=f"Comment on “{question.heading}”", required=False, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}), initial=score.comment if score else "",
                )

    def sections(self):
        """[(criterion, [(question, score field, comment field)])] for the template."""
        return [
            (criterion, [(q, self[f"q{q.pk}"], self[f"c{q.pk}"]) for q in criterion.questions.all()])
            for criterion in self.criteria
        ]

    def answers(self):
        return {
            int(name[1:]): (value, self.cleaned_data.get(f"c{name[1:]}", ""))
            for name, value in self.cleaned_data.items()
            if name.startswith("q")
        }


class EvidenceForm(forms.Form):
    criterion = forms.ModelChoiceField(queryset=Criterion.objects.order_by("number"), empty_label="Choose a criterion")
    text = forms.CharField(label="Evidence", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    link = forms.URLField(
        required=False, max_length=500, assume_scheme="https",
        help_text="A web page or document that shows it, if there is one.",
    )


class ProposalForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.order_by("name"), required=False, empty_label="The whole partnership",
        help_text="The body the proposal belongs to.",
    )
    number = forms.IntegerField(min_value=1, max_value=999)
    text = forms.CharField(label="Proposal", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    target_group = forms.CharField(
        max_length=200, label="Group", help_text="Who carries it out, e.g. “Conveners and Partnership Staff”.",
    )
    target_body = forms.ModelChoiceField(
        queryset=Body.objects.filter(dissolved__isnull=True).order_by("name"), required=False,
        label="Group's body", empty_label="No single body",
    )
    owner = forms.ModelChoiceField(queryset=Person.objects.order_by("name"), required=False, empty_label="No owner yet")
    status = forms.ChoiceField(choices=ProposalStatus.choices, initial=ProposalStatus.PROPOSED)
    criteria = ModelMultipleChoiceField(
        queryset=Criterion.objects.order_by("number"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="The criteria of the evaluation framework this proposal serves.",
    )
    due = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ProposalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ProposalStatus.choices)


class ProposalFilterForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), to_field_name="slug", required=False, empty_label="All bodies")
    status = forms.ChoiceField(choices=[("", "Any status"), *ProposalStatus.choices], required=False)

    def __init__(self, *args, bodies, **kwargs):
        # Only bodies whose proposals the user reads: a private body's name stays private.
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
