"""Seed 002's evaluation framework (seven criteria and their sub-headings) and the glossary's
terms from the seed documents. Both seeding functions are idempotent and keep what exists, so
running them again (governance.assessment.services.open_assessment does, for the framework) is harmless."""

from django.db import migrations


def seed(apps, schema_editor):
    from governance.assessment.framework import ensure_framework
    from governance.glossary.services import ensure_glossary

    ensure_framework(apps.get_model("governance", "Criterion"), apps.get_model("governance", "Question"))
    ensure_glossary(apps.get_model("governance", "GlossaryTerm"))


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0005_engagement"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
