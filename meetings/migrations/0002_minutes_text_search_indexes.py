"""GIN indexes for searching minutes on PostgreSQL. The expressions match what
`SearchVector("text", config="english")` generates, so the planner uses them; SQLite searches
with LIKE and gets no index."""

from django.db import migrations

TABLES = ["meetings_minuteentry", "meetings_decision"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_text_search ON {table} "
            f"USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_text_search")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
