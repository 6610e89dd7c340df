"""Load the Cumbria demo partnership (partnerships/demo/cumbria.yaml) and the demo logins.

Safe to run again: the structure importer matches records by name, and the logins are only
created or corrected, never duplicated.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from governance.roles import EXECUTIVES_GROUP, STAFF_GROUP
from governance.services import ensure_role_groups, sync_body_permissions
from partnerships.models import Body, BodyLink, Membership, Organisation, Person

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "cumbria.yaml"
DEMO_PASSWORD = "demo-partnership"

# Each login and what it demonstrates. `person` names someone in cumbria.yaml:
#  - Rachel Armstrong sits on the Carlisle Partnership Executive, convenes the Healthy
#    Communities and Older People priority group and so sits on The Conveners (a private body);
#  - Laura Bell is the officer (support) of the Carlisle Partnership Executive;
#  - Michael Graham sits on the Cumbria Leadership Forum as Leader of Carlisle City Council.
DEMO_LOGINS = [
    dict(username="member@example.org", person="Rachel Armstrong",
         role="Member of bodies (Carlisle Partnership Executive, a priority group, The Conveners)"),
    dict(username="officer@example.org", person="Laura Bell",
         role="Body officer (manages the Carlisle Partnership Executive)"),
    dict(username="executive@example.org", person="Michael Graham", groups=[EXECUTIVES_GROUP],
         role="Executive (Cumbria Leadership Forum; sees every body)"),
    dict(username="staff@example.org", is_staff=True, groups=[STAFF_GROUP],
         role="Partnership staff (administers the structure)"),
    dict(username="admin@example.org", is_staff=True, is_superuser=True,
         role="Administrator (superuser)"),
]


class Command(BaseCommand):
    help = (
        "Load the Cumbria Strategic Partnership demo data set and create the demo logins "
        f"(password {DEMO_PASSWORD!r}). Running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            from partnerships.structure_io import (
                StructureImportError,
                import_structure,
                load_structure_file,
            )
        except ImportError as error:  # the importer is a separate piece of work
            raise CommandError(f"The structure importer is not available: {error}") from error

        try:
            with transaction.atomic():
                import_structure(load_structure_file(DEMO_FILE))
                ensure_role_groups()
                logins = [ensure_login(**login) for login in DEMO_LOGINS]
        except StructureImportError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.errors)
            raise CommandError(f"{DEMO_FILE.name} could not be imported:\n{problems}") from error
        sync_body_permissions()

        self.stdout.write(self.style.SUCCESS(
            f"Demo partnership loaded: {Body.objects.count()} bodies, "
            f"{Organisation.objects.count()} organisations, {Person.objects.count()} people, "
            f"{Membership.objects.count()} memberships, {BodyLink.objects.count()} links."
        ))
        self.stdout.write(login_table(logins))


def ensure_login(*, username, role, person=None, groups=(), is_staff=False, is_superuser=False):
    """Create or correct one demo login; a login already as described is left untouched."""
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": username})
    changed = False
    for field, value in (("email", username), ("is_active", True), ("is_staff", is_staff),
                         ("is_superuser", is_superuser)):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed = True
    # check_password first: set_password salts afresh, so it would change the row every run.
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed = True
    if changed:
        user.save()
    for name in groups:
        group = Group.objects.get(name=name)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)

    person_name = ""
    if person:
        linked = Person.objects.filter(name=person).first()
        if linked is None:
            raise CommandError(f"{DEMO_FILE.name} has no person called {person} for {username}.")
        if linked.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=linked.pk).update(user=None)
            linked.user = user
            linked.save(update_fields=["user"])
        person_name = linked.name
    return dict(username=username, role=role, person=person_name)


def login_table(logins):
    rows = [("Login", "Person", "Role")] + [
        (login["username"], login["person"] or "-", login["role"]) for login in logins
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    lines = ["", f"Demo logins (password for all: {DEMO_PASSWORD})"]
    for index, (username, person, role) in enumerate(rows):
        lines.append(f"  {username:<{widths[0]}}  {person:<{widths[1]}}  {role}")
        if index == 0:
            lines.append(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * len(role)}")
    return "\n".join(lines)
