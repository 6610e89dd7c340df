"""On PostgreSQL the database itself refuses two overlapping holders of one seat, so that
concurrent writers cannot both pass Membership.clean(). SQLite relies on clean() alone."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE partnerships_membership ADD CONSTRAINT membership_seat_held_once
    EXCLUDE USING gist (
        body_id WITH =,
        lower(seat) WITH =,
        daterange(start, "end", '[]') WITH &&
    ) WHERE (seat <> '');
"""
DROP = "ALTER TABLE partnerships_membership DROP CONSTRAINT IF EXISTS membership_seat_held_once;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
