"""The jargon buster's terms. Seed 002's proposal 4 asks for a user guide that "should attempt
to address jargon and acronym barriers"."""

from django.db import models


class GlossaryTerm(models.Model):
    """An acronym or piece of jargon and what it stands for (seed 002, proposal 4)."""

    term = models.CharField(max_length=30, unique=True, help_text="As it is written, e.g. LSP or IDeA (case matters).")
    expansion = models.CharField(max_length=200, help_text="What it stands for.")
    explanation = models.TextField(blank=True, help_text="One or two sentences for a newcomer.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the term comes from, e.g. the review that uses it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} – {self.expansion}"
