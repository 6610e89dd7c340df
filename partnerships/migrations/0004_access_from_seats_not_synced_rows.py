"""Body access is read from the seats themselves (partnerships/policy.py). Every guardian row for
the two body permissions was written by the old sync from a seat, which also deleted any other,
so none is a grant without a seat: they go, or a seat that ended would keep its access."""

from django.db import migrations

CODENAMES = ["view_private_body", "manage_body"]


def drop_synced_rows(apps, schema_editor):
    BodyUserObjectPermission = apps.get_model("partnerships", "BodyUserObjectPermission")
    BodyUserObjectPermission.objects.filter(permission__codename__in=CODENAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_body_placement")]

    operations = [migrations.RunPython(drop_synced_rows, migrations.RunPython.noop)]
