"""Forms of the performance pages: the dashboard's filters, the data-entry grid, the CSV upload,
publishing a quarter and requesting a quarterly report. Values are read with services.parse_value, the same rule as the file."""

from django import forms
from django.utils import timezone

from .models import CommunityStrategy
from .periods import Quarter, quarters_between
from .rag import RAG
from .services import HEADER, parse_value

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class DashboardFilterForm(forms.Form):
    """GET filters; an unknown choice is ignored rather than an error (links get stale)."""

    period = forms.ChoiceField(label="Quarter", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    body = forms.ChoiceField(label="Lead body", required=False)
    rag = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *RAG.choices])

    def __init__(self, data=None, *, periods, themes, bodies):
        super().__init__(data)
        self.fields["period"].choices = [
            (str(q), f"{q} ({q.label()}){'' if published else ' – unpublished'}") for q, published in periods
        ]
        self.fields["theme"].choices = [("", "All themes"), *themes]
        self.fields["body"].choices = [("", "All lead bodies"), *bodies]

    def choice(self, name):
        """The field's value if valid, else "" (the other fields still apply)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name, "")


class EntryChooserForm(forms.Form):
    theme = forms.ChoiceField(label="Theme", required=False)
    period = forms.ChoiceField(label="Quarter")

    def __init__(self, data=None, *, themes, quarters, initial=None):
        super().__init__(data, initial=initial)
        self.fields["theme"].choices = [("", "All my indicators"), *((t.slug, t.name) for t in themes)]
        self.fields["period"].choices = [(str(q), f"{q} ({q.label()})") for q in reversed(quarters)]


class MeasurementGridForm(forms.Form):
    """One value and note per indicator of the grid. A blank value with no measurement yet is
    "no data" and writes nothing; a recorded value can be corrected here but not removed."""

    def __init__(self, data=None, *, rows):
        super().__init__(data)
        self.rows = rows
        for indicator, measurement in rows:
            self.fields[f"value_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.code} value", required=False, max_length=40,
                widget=forms.TextInput(attrs={"class": "input--value", "inputmode": "decimal", "autocomplete": "off"}),
                initial=format(measurement.value.normalize(), "f") if measurement else "",
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.code} note", required=False, widget=forms.TextInput(attrs={"class": "input--note"}),
                initial=measurement.note if measurement else "",
            )

    def clean(self):
        data = super().clean()
        self.entries = []
        for indicator, measurement in self.rows:
            text = data.get(f"value_{indicator.pk}", "").strip()
            note = data.get(f"note_{indicator.pk}", "").strip()
            if not text:
                if measurement is not None:
                    self.add_error(f"value_{indicator.pk}", "A recorded value can be corrected but not removed: enter the corrected value.")
                elif note:
                    self.add_error(f"value_{indicator.pk}", "Enter a value for this note, or clear the note.")
                continue
            try:
                value = parse_value(text)
            except ValueError as error:
                message = str(error)
                self.add_error(f"value_{indicator.pk}", message[:1].upper() + message[1:])
                continue
            self.entries.append((indicator, value, note))
        return data

    def grid(self):
        """[(indicator, measurement, value field, note field)] for the template."""
        return [(i, m, self[f"value_{i.pk}"], self[f"note_{i.pk}"]) for i, m in self.rows]


class MeasurementUploadForm(forms.Form):
    file = forms.FileField(
        label="Measurements file (CSV)",
        help_text=f"A CSV file with the header {HEADER}, one row per indicator and quarter, e.g. NI185,2009Q3,4.2,Fleet figures.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB: split it into several files.")
        return upload


class PublishForm(forms.Form):
    strategy = forms.SlugField()
    period = forms.CharField(max_length=6)

    def clean_period(self):
        try:
            return Quarter.parse(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class ReportRequestForm(forms.Form):
    strategy = forms.ModelChoiceField(queryset=CommunityStrategy.objects.none(), empty_label=None)
    period = forms.ChoiceField(label="Quarter", help_text="The report covers this quarter, with two years of history.")

    def __init__(self, *args, strategies, initial_period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = strategies
        strategies = list(strategies)
        # Choices from the list already fetched, so the select costs no further query.
        self.fields["strategy"].choices = [(strategy.pk, strategy.name) for strategy in strategies]
        today = Quarter.containing(timezone.localdate())
        covered = set()
        for strategy in strategies:
            last = min(Quarter.containing(strategy.period_end), today)
            covered.update(quarters_between(Quarter.containing(strategy.period_start), last))
        self.fields["period"].choices = [(str(q), f"{q} ({q.label()})") for q in sorted(covered, reverse=True)]
        if initial_period:
            self.fields["period"].initial = str(initial_period)
        if len(strategies) == 1:
            self.fields["strategy"].widget = forms.HiddenInput()
            self.fields["strategy"].initial = strategies[0].pk
